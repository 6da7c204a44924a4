"""Who may see and do what with people: the admin's permission policy, and
the people and segments a user may see (narrowed by the scoping hooks)."""

from wagtail.permission_policies import ModelPermissionPolicy

from rostra import scoping
from rostra.people import listing
from rostra.people.models import SavedSegment


def scoped_people(user, queryset=None):
    """The people a user may see: every ``people_queryset_for_user`` hook (the
    network plugin limits a candidate to their territory) narrows the queryset."""
    queryset = listing.base_queryset() if queryset is None else queryset
    return scoping.narrow("people_queryset_for_user", user, queryset)


def scoped_segments(user, queryset=None):
    """The saved segments a user may see (``saved_segments_for_user`` hooks)."""
    queryset = SavedSegment.objects.all() if queryset is None else queryset
    return scoping.narrow("saved_segments_for_user", user, queryset)


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
        return (
            self.user_has_permission(user, action)
            and scoped_people(user, type(instance).objects.all()).filter(pk=instance.pk).exists()
        )
