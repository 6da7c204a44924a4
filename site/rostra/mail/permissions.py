from wagtail.permission_policies import ModelPermissionPolicy


class OutboxPermissionPolicy(ModelPermissionPolicy):
    """Only superusers read the outbox, and nobody edits it."""

    def user_has_permission(self, user, action):
        return action == "view" and user.is_active and user.is_superuser

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)
