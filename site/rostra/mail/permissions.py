from django.conf import settings
from wagtail.permission_policies import ModelPermissionPolicy


def outbox_in_use():
    """Messages are kept in the outbox (development, the demo), not sent."""
    return settings.MAILERS["default"].get("BACKEND") == "rostra.mail.backends.OutboxBackend"


def sites_of_outbox_reader(user):
    """The sites whose emails the user reads in the outbox: None for every site
    (a superuser), a set of site ids for a team narrowed to its sites (a
    candidate's, rostra.scoping's ``site_ids_for_user``), or an empty set."""
    from rostra.scoping import site_ids_for

    if not user.is_active:
        return set()
    if user.is_superuser:
        return None
    return site_ids_for(user) or set()


def outbox_for(user, queryset):
    sites = sites_of_outbox_reader(user)
    return queryset if sites is None else queryset.filter(site__in=sites)


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """Superusers read the whole outbox, a candidate's team its own site's emails;
    nobody edits it. Where mail is really sent there is no outbox: nobody sees
    its menu item or its pages."""

    def user_has_permission(self, user, action):
        return (
            action in ("view", "export")
            and outbox_in_use()
            and (sites_of_outbox_reader(user) != set())
        )

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        sites = sites_of_outbox_reader(user)
        return self.user_has_permission(user, action) and (
            sites is None or instance.site_id in sites
        )
