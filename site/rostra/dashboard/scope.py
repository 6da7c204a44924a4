"""Whose figures the home shows: the sites the scoping hooks leave the user
(a candidate's team: their own sites), or the whole organisation."""

from wagtail.models import Site

from rostra import scoping


def scope_name(user):
    """The sites' names, or the organisation's (national staff)."""
    allowed = scoping.site_ids_for(user)
    if allowed is not None:
        sites = Site.objects.filter(pk__in=allowed).order_by("site_name", "hostname")
        return ", ".join(site.site_name or site.hostname for site in sites)
    from rostra.sitesettings.models import BrandSettings

    national = Site.objects.filter(is_default_site=True).first()
    if national is None:
        return ""
    return BrandSettings.for_site(national).organisation_name or national.site_name
