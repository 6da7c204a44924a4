"""What a candidate's team may do, granted on their own objects only: pages of
their tree, images and documents of their collection, their site's profile
settings, the supporter list (narrowed to their territory by rostra.scoping)
and what each plugin's blueprint part grants them (rostra.blueprint)."""

from django.contrib.auth.models import Group, Permission
from rostra import blueprint
from wagtail.models import GroupCollectionPermission, GroupPagePermission, GroupSitePermission

PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")
COLLECTION_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
)
SITE_PERMISSIONS = (("network", "change_candidateprofile"),)
GLOBAL_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("people", "view_person"),
)


def _permissions(pairs):
    found = {}
    for permission in Permission.objects.filter(
        content_type__app_label__in={app for app, _codename in pairs},
        codename__in=[codename for _app, codename in pairs],
    ).select_related("content_type"):
        found[(permission.content_type.app_label, permission.codename)] = permission
    # An uninstalled plugin's permission is simply not granted.
    return [found[pair] for pair in pairs if pair in found]


def create_team(name, slug, home, collection, site):
    group = Group.objects.create(name=_group_name(name, slug))
    GroupPagePermission.objects.bulk_create(
        GroupPagePermission(group=group, page=home, permission=permission)
        for permission in _permissions([("wagtailcore", c) for c in PAGE_PERMISSIONS])
    )
    GroupCollectionPermission.objects.bulk_create(
        GroupCollectionPermission(group=group, collection=collection, permission=permission)
        for permission in _permissions(COLLECTION_PERMISSIONS)
    )
    GroupSitePermission.objects.bulk_create(
        GroupSitePermission(group=group, site=site, permission=permission)
        for permission in _permissions(SITE_PERMISSIONS)
    )
    granted = [*GLOBAL_PERMISSIONS]
    for part in blueprint.parts():
        granted.extend(part.team_permissions)
    group.permissions.add(*_permissions(granted))
    return group


def _group_name(name, slug):
    # Group names are unique; the slug is too, so "name (slug)" never collides.
    return f"{name[:100]} ({slug})"[:150]
