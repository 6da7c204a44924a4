"""Locked elements: the blueprint's values written into candidate sites' settings.

One UPDATE per settings model covers every candidate site, so a blueprint
change reaches 577 sites in a few statements; only the locked fields are
written, never a candidate's pages or their own profile.
"""

from django.core.cache import cache

from rostra_network.models import LOCKED_FIELDS, Blueprint, CandidateSite


def apply_to_site(site, blueprint=None):
    """Create or update one site's locked settings from the blueprint."""
    blueprint = blueprint or Blueprint.load()
    for model in LOCKED_FIELDS:
        values = blueprint.locked_values(model)
        row = model.objects.filter(site=site).first() or model(site=site)
        for name, value in values.items():
            setattr(row, model._meta.get_field(name).attname, value)
        row.save()
    cache.delete(_brand_key(site.pk))


def propagate(blueprint=None):
    """Write the blueprint's locked values into every candidate site; returns
    the number of sites reached."""
    blueprint = blueprint or Blueprint.load()
    site_ids = list(CandidateSite.objects.values_list("site_id", flat=True))
    for model in LOCKED_FIELDS:
        values = {
            model._meta.get_field(name).attname: value
            for name, value in blueprint.locked_values(model).items()
        }
        missing = set(site_ids) - set(
            model.objects.filter(site_id__in=site_ids).values_list("site_id", flat=True)
        )
        model.objects.bulk_create([model(site_id=pk) for pk in missing])
        model.objects.filter(site_id__in=site_ids).update(**values)
    cache.delete_many([_brand_key(pk) for pk in site_ids])
    return len(site_ids)


def _brand_key(site_id):
    # The key rostra.sitesettings caches branding under (cleared on save there;
    # a bulk UPDATE sends no post_save, so it is cleared here).
    return f"rostra:brand:{site_id}"


def identity(site, brand):
    """A candidate site's header names the candidate (their profile's name),
    with the party under it; other sites keep the organisation's name."""
    from rostra.sitesettings.identity import Identity

    from rostra_network.models import CandidateProfile

    key = _identity_key(site.pk)
    found = cache.get(key)
    if found is None:
        row = (
            CandidateProfile.objects.filter(site=site, site__candidate__isnull=False)
            .values_list("display_name", "site__candidate__name")
            .first()
        )
        found = (row[0] or row[1]) if row else ""
        cache.set(key, found, 300)
    if not found:
        return None
    return Identity(found, brand.organisation_name)


def forget_identity(site_id):
    cache.delete(_identity_key(site_id))


def _identity_key(site_id):
    return f"rostra:network:identity:{site_id}"
