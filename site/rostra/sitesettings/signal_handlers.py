from django.core.cache import cache
from django.db.models.signals import post_delete, post_save

from rostra import plugins
from rostra.sitesettings.models import BrandSettings, PluginSettings


def forget_brand(sender, instance, **kwargs):
    cache.delete(f"rostra:brand:{instance.site_id}")


def forget_plugins(sender, instance, **kwargs):
    plugins.forget_site(instance.site_id)


def connect():
    for signal in (post_save, post_delete):
        signal.connect(forget_brand, sender=BrandSettings, dispatch_uid="rostra-forget-brand")
        signal.connect(forget_plugins, sender=PluginSettings, dispatch_uid="rostra-forget-plugins")
