from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "rostra.pages"
    label = "pages"
    verbose_name = _("Campaign pages")

    def ready(self):
        from wagtail.models import Page
        from wagtail.permissions import register_permission_policy

        from rostra.pages import signal_handlers
        from rostra.pages.models import JoinRequest
        from rostra.pages.permission_policy import CampaignPagePermissionPolicy
        from rostra.people import retention

        signal_handlers.connect()
        retention.register("sign-ups never confirmed deleted", JoinRequest.purge_unconfirmed)
        register_permission_policy(Page, CampaignPagePermissionPolicy(Page), exact_class=True)
