from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

from rostra import plugins
from rostra.sitesettings.models import BrandSettings, PluginSettings


def forget_brand(sender, instance, **kwargs):
    key = f"rostra:brand:{instance.site_id}"
    cache.delete(key)
    # Again once committed: a page rendered meanwhile cached the old branding.
    transaction.on_commit(lambda: cache.delete(key))


def forget_plugins(sender, instance, **kwargs):
    plugins.forget_site(instance.site_id)
    transaction.on_commit(lambda: plugins.forget_site(instance.site_id))


def connect():
    for signal in (post_save, post_delete):
        signal.connect(forget_brand, sender=BrandSettings, dispatch_uid="rostra-forget-brand")
        signal.connect(forget_plugins, sender=PluginSettings, dispatch_uid="rostra-forget-plugins")
