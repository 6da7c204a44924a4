"""Tell every process that the sites' root paths may have changed (site_roots).

Wagtail clears its cached list when a site changes or a site's root page is
saved; the processes' own copies follow any site or page change, at once and
again once the change is committed, so that a process that fetched the list
in between (still seeing the old rows) fetches it once more."""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, Site
from wagtail.signals import post_page_move

from rostra.pages import site_roots


def _changed(**kwargs):
    site_roots.changed()
    transaction.on_commit(site_roots.changed)


def _page_changed(sender, instance, **kwargs):
    if isinstance(instance, Page):
        _changed()


def connect():
    post_save.connect(_changed, sender=Site, dispatch_uid="rostra_site_roots_site_saved")
    post_delete.connect(_changed, sender=Site, dispatch_uid="rostra_site_roots_site_deleted")
    post_save.connect(_page_changed, dispatch_uid="rostra_site_roots_page_saved")
    post_delete.connect(_page_changed, dispatch_uid="rostra_site_roots_page_deleted")
    post_page_move.connect(_changed, dispatch_uid="rostra_site_roots_page_moved")
