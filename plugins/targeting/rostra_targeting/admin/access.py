"""Who may do what in the targeting screens (Django permissions of this app)."""

from django.core.exceptions import PermissionDenied


def can_import(user):
    return user.has_perm("targeting.add_resultsimport")


def can_see_scores(user):
    return user.has_perm("targeting.view_pollingstation")


def require(check, request):
    """Wagtail shows its own permission-denied page for PermissionDenied."""
    if not check(request.user):
        raise PermissionDenied
