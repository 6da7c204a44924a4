"""Who may do what with a mailing: Django's model permissions, on the sites
the user may see only (a candidate's team: its own site); a mailing is edited
or deleted while it is a draft only."""

from wagtail.permission_policies import ModelPermissionPolicy

from rostra_mailings.audience import sites_for


def site_ids(user):
    if not getattr(user, "is_authenticated", False):
        return set()
    if not hasattr(user, "_mailings_site_ids"):
        user._mailings_site_ids = set(sites_for(user).values_list("pk", flat=True))
    return user._mailings_site_ids


def mailings_for(user, queryset):
    return queryset.filter(site__in=site_ids(user))


def can_send(user):
    return user.is_active and (user.is_superuser or user.has_perm("mailings.send"))


class MailingPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        if instance.site_id not in site_ids(user):
            return False
        if action in ("change", "delete") and instance.status != instance.Status.DRAFT:
            return False
        return self.user_has_permission(user, action)

    def instances_user_has_permission_for(self, user, action):
        return mailings_for(user, super().instances_user_has_permission_for(user, action))
