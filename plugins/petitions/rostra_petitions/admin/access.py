"""Who sees which petitions in the admin: a superuser sees all; anyone else only
the petitions whose pages they may edit (a candidate site's team sees its own)."""

from django.core.exceptions import PermissionDenied
from wagtail.permission_policies.pages import PagePermissionPolicy

from rostra_petitions.models import PetitionPage


def petitions_for(user):
    if user.is_superuser:
        return PetitionPage.objects.all()
    pages = PagePermissionPolicy().instances_user_has_permission_for(user, "change")
    return PetitionPage.objects.filter(pk__in=pages.values("pk"))


def petition_or_403(user, petition_id):
    petition = petitions_for(user).filter(pk=petition_id).first()
    if petition is None:
        raise PermissionDenied
    return petition


def can_manage_abuse(user):
    return user.is_superuser or user.has_perm("petitions.change_abuserule")
