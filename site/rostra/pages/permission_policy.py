"""Wagtail's page permission policy, with the admin's explorable root page
given in its own type.

Wagtail's admin asks for the site of the user's explorable root four times on
each dashboard (site summary, home, images and documents menus). Given as a
bare `Page`, that root scanned every site's root path each time, a cost that
grew with the number of candidate sites; in its own type (taken without a
query) it uses the campaign pages' lookup (CampaignPage)."""

from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


class CampaignPagePermissionPolicy(PagePermissionPolicy):
    def explorable_root_instance(self, user):
        root = super().explorable_root_instance(user)
        if root is not None and type(root) is Page:
            root = root.specific_deferred
            # Wagtail keeps it on the user for the request: later calls, through
            # this policy or Wagtail's own instance, get the same page.
            setattr(user, self._explorable_root_instance_cache_name, root)
        return root
