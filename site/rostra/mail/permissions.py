from django.conf import settings
from wagtail.permission_policies import ModelPermissionPolicy


def outbox_in_use():
    """Messages are kept in the outbox (development, the demo), not sent."""
    return settings.MAILERS["default"].get("BACKEND") == "rostra.mail.backends.OutboxBackend"


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """Only superusers read the outbox, and nobody edits it. Where mail is
    really sent there is no outbox: nobody sees its menu item or its pages."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser and outbox_in_use()

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
