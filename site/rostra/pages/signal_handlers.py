"""Tell every process that the sites' root paths may have changed (site_roots).

Wagtail clears its cached list when a site changes or a site's root page is
saved; the processes' own copies follow any site or page change, at once and
again once the change is committed (with Wagtail's cached list), so that a
process that fetched the list in between (still seeing the old rows) fetches it
once more."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Site, get_page_models
from wagtail.signals import post_page_move

from rostra import generations
from rostra.pages import site_roots


def _changed(**kwargs):
    # Wagtail's own cached list too, once committed: a process may have filled it
    # between the change and its commit, from the old rows (registered first, so
    # that it is cleared before the token is replaced again).
    transaction.on_commit(Site.clear_site_root_paths_cache)
    generations.changed(site_roots.GENERATION_KEY)


def connect():
    post_save.connect(_changed, sender=Site, dispatch_uid="rostra_site_roots_site_saved")
    post_delete.connect(_changed, sender=Site, dispatch_uid="rostra_site_roots_site_deleted")
    # Per page model, not for every sender: a post_delete receiver for all models
    # would stop Django's fast bulk deletes everywhere (rows fetched to be signalled).
    for model in get_page_models():
        uid = model._meta.label_lower
        post_save.connect(_changed, sender=model, dispatch_uid=f"rostra_site_roots_saved_{uid}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"rostra_site_roots_deleted_{uid}")
    post_page_move.connect(_changed, dispatch_uid="rostra_site_roots_page_moved")
