from wagtail.permission_policies import ModelPermissionPolicy


class PersonPermissionPolicy(ModelPermissionPolicy):
    """People are never deleted from the admin: they are erased (GDPR) or
    merged, both of which keep the records the law or plugins need."""

    def user_has_permission(self, user, action):
        if action == "delete":
            return False
        if action in ("export", "erase", "import"):
            return user.is_active and (
                user.is_superuser or user.has_perm(f"people.{action}_person")
            )
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        # Someone outside the user's scope (another candidate's territory) is
        # not theirs to view, edit or see the history of.
        from rostra.people.admin_views import scoped_people

        return (
            self.user_has_permission(user, action)
            and scoped_people(user, type(instance).objects.all()).filter(pk=instance.pk).exists()
        )
