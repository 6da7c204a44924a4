"""What the signing endpoint needs of a petition and rarely changes, kept in each
process between requests (docs/petitions.md, "The signing endpoint").

Each signing looked up the page with its switches, its site, Wagtail's view
restrictions on it and its ancestors (three queries), the plugin switch, the
site's branding twice and its organisation name (cache round trips). Here they
stay in the process, checked on each request against a small token in the
shared cache; any change to a page, a site, a view restriction, the plugin or
branding settings, or a petition's switches replaces the token, so every
process looks them up again on its next signing (the way rostra.pages.site_roots
keeps the sites' root paths).

A page found is handed out as a copy, so that what a request notes on it never
reaches the next request. Pages not found are not kept (ids are free to guess).
"""

import contextlib
import copy
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save
from rostra import generations

GENERATION_KEY = "petitions:signing-snapshot-generation"

# {petition id: Snapshot}, only for the current token.
_kept = {}


@dataclass(frozen=True)
class Snapshot:
    token: str
    page: object
    site: object
    plugins: frozenset  # the labels of the plugins switched on for the site
    restrictions: list
    organisation: str
    theme: object

    @property
    def enabled(self):
        return "petitions" in self.plugins


def changed(**kwargs):
    """Something a signing relies on may have changed: every process looks again
    (generations.changed). Also a signal receiver."""
    generations.changed(GENERATION_KEY)


def _build(token, petition_id, request):
    from rostra import plugins
    from rostra.pages import serving
    from rostra.sitesettings.models import BrandSettings
    from rostra.themes import choice

    from rostra_petitions.models import PetitionPage, PetitionState

    # Its switches (signing paused, archived) in the same query.
    found = PetitionPage.objects.live().select_related("live_state").filter(pk=petition_id)
    page = found.first()
    if page is None:
        return None
    # PetitionPage.state (a cached_property) without a query (if it has none
    # yet, .state creates it).
    # A translation shows the state of its original (counted_petition_id, looked
    # up here once rather than on each signing).
    if page.counted_petition_id == page.pk:
        with contextlib.suppress(PetitionState.DoesNotExist):
            page.state = page.live_state
    else:
        page.state = PetitionState.for_petition(page)
    site = serving.site_of(page, request)
    page._site = site  # PetitionPage.get_site's cached_property: no lookup
    labels = frozenset(plugins.enabled_labels(site)) if site is not None else frozenset()
    restrictions = list(page.get_view_restrictions()) if site is not None else []
    brand = BrandSettings.cached_for_site(site) if site is not None else None
    return Snapshot(
        token=token,
        page=page,
        site=site,
        plugins=labels,
        restrictions=restrictions,
        organisation=brand.organisation_name if brand is not None else "",
        theme=choice.for_site(site),
    )


def for_signing(petition_id, request):
    """(Snapshot, a copy of its page for this request), or (None, None) when no
    live petition has this id."""
    from rostra.pages import site_roots

    # This token and the sites' root paths' one (the redirect's URL needs the
    # paths) in one round trip to the cache.
    tokens = generations.current_many([GENERATION_KEY, site_roots.GENERATION_KEY])
    site_roots.for_request(request, token=tokens[site_roots.GENERATION_KEY])
    token = tokens[GENERATION_KEY]
    # The abuse lists and limits are kept under the same token (abuse.judge).
    request.petitions_generation = token
    snapshot = _kept.get(petition_id)
    if snapshot is None or token is None or snapshot.token != token:
        snapshot = _build(token, petition_id, request)
        if snapshot is None:
            _kept.pop(petition_id, None)
            return None, None
        if token is not None:
            _kept[petition_id] = snapshot
    page = copy.copy(snapshot.page)
    page.signing_restrictions = snapshot.restrictions
    return snapshot, page


def connect():
    """Per model, never for every sender: a post_delete receiver for all models
    would stop Django's fast bulk deletes everywhere."""
    from rostra.sitesettings.models import BrandSettings, PluginSettings
    from wagtail.models import PageViewRestriction, Site, get_page_models
    from wagtail.signals import post_page_move

    from rostra_petitions.models import PetitionState

    models = [Site, PageViewRestriction, PluginSettings, BrandSettings, PetitionState]
    for model in [*models, *get_page_models()]:
        uid = model._meta.label_lower
        post_save.connect(changed, sender=model, dispatch_uid=f"petitions_snapshot_saved_{uid}")
        post_delete.connect(changed, sender=model, dispatch_uid=f"petitions_snapshot_deleted_{uid}")
    post_page_move.connect(changed, dispatch_uid="petitions_snapshot_page_moved")
