"""What purges what, and when.

Page changes purge the page's own addresses (also the old ones after a move or
a new slug) and its parents' at once, from the web process, when the
transaction commits: that is what the editor looks at. The rest of the site
(menus, links and news lists on any other page may show the page) follows
through a background task. Settings of a site (branding, theme, menus, legal
notice, plugins) and redirects purge the whole site that way.

Every change also bumps the publication counter twice, while the transaction
is open and after it commits, so no render that read the old content can be
stored by nginx after the purge (rostra.cache_purge.generation).
"""

from django.apps import apps
from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
from wagtail.models import Page, Site
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from rostra.cache_purge import addresses, generation, tasks
from rostra.cache_purge.sender import is_enabled, purge


def schedule(urls=(), site_ids=()):
    """Purge ``urls`` at once and ``site_ids`` in the background, after commit."""
    if not is_enabled():
        return
    urls, site_ids = set(urls), set(site_ids)
    generation.bump()

    def purge_now():
        generation.bump()
        purge(urls)
        if site_ids:
            tasks.schedule_sites(site_ids)

    transaction.on_commit(purge_now)


def page_changed(sender, instance, **kwargs):
    """Published or unpublished."""
    if not is_enabled():
        return
    schedule(
        addresses.for_page_and_ancestors(instance),
        addresses.site_ids_for_url_path(instance.url_path),
    )


def slug_changed(sender, instance, instance_before, **kwargs):
    _moved(instance, instance_before.url_path, instance.url_path)


def page_moved(sender, instance, url_path_before, url_path_after, **kwargs):
    _moved(instance, url_path_before, url_path_after)


def _moved(page, old_url_path, new_url_path):
    """The page and every page under it had addresses under the old path."""
    if not is_enabled() or old_url_path == new_url_path:
        return
    urls = addresses.for_page_and_ancestors(page)
    for descendant in page.get_descendants(inclusive=True).specific(defer=True):
        old_path = old_url_path + descendant.url_path[len(new_url_path) :]
        urls |= addresses.for_url_path(old_path, descendant.get_cached_paths())
    schedule(
        urls,
        addresses.site_ids_for_url_path(old_url_path)
        | addresses.site_ids_for_url_path(new_url_path),
    )


def page_deleted(sender, instance, **kwargs):
    # Before the row goes: its addresses are still known.
    if not is_enabled() or not instance.live:
        return
    schedule(
        addresses.for_page_and_ancestors(instance),
        addresses.site_ids_for_url_path(instance.url_path),
    )


def site_setting_changed(sender, instance, **kwargs):
    schedule(site_ids={instance.site_id})


def generic_setting_changed(sender, instance, **kwargs):
    schedule(site_ids=Site.objects.values_list("pk", flat=True))


def site_changed(sender, instance, **kwargs):
    schedule(site_ids={instance.pk})


def redirect_changed(sender, instance, **kwargs):
    """A redirect answers where a page was not found: drop the cached 404."""
    sites = [instance.site] if instance.site_id else Site.objects.all()
    path = instance.old_path.rstrip("/") or "/"
    urls = {site.root_url + variant for site in sites for variant in {path, path + "/"}}
    schedule(urls)


def connect():
    page_published.connect(page_changed, dispatch_uid="rostra-purge-published")
    page_unpublished.connect(page_changed, dispatch_uid="rostra-purge-unpublished")
    page_slug_changed.connect(slug_changed, dispatch_uid="rostra-purge-slug")
    post_page_move.connect(page_moved, dispatch_uid="rostra-purge-move")
    # Deleting a page deletes its Page row whatever its type.
    pre_delete.connect(page_deleted, sender=Page, dispatch_uid="rostra-purge-delete")
    post_save.connect(site_changed, sender=Site, dispatch_uid="rostra-purge-site")
    for signal in (post_save, post_delete):
        for model in apps.get_models():
            if issubclass(model, BaseSiteSetting):
                handler = site_setting_changed
            elif issubclass(model, BaseGenericSetting):
                handler = generic_setting_changed
            else:
                continue
            signal.connect(handler, sender=model, dispatch_uid=f"rostra-purge-{model._meta.label}")
        signal.connect(redirect_changed, sender=Redirect, dispatch_uid="rostra-purge-redirect")
