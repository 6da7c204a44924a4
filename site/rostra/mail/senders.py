"""The sender of a site's emails (``SenderSettings``), with sensible defaults:
the site's own name, the platform's address."""

from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings

from rostra.sitesettings.names import site_name


def sender_of(site):
    """(From, Reply-To list) for the site's emails."""
    default_name, default_address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    if site is None:
        return settings.DEFAULT_FROM_EMAIL, []
    sender = _settings(site)
    name = sender.from_name or site_name(site) or default_name
    address = sender.from_address or default_address
    # As people read it ("Élan commun <…>"): the message encodes it when built.
    return str(Address(display_name=name, addr_spec=address)), (
        [sender.reply_to] if sender.reply_to else []
    )


def _key(site_id):
    return f"rostra:mail-sender:{site_id}"


def _settings(site):
    """The site's SenderSettings, cached (a batch of confirmations asks once)."""
    from django.core.cache import cache

    from rostra.mail.models import SenderSettings

    sender = cache.get(_key(site.pk))
    if sender is None:
        sender = SenderSettings.objects.filter(site=site).first() or SenderSettings(site=site)
        cache.set(_key(site.pk), sender, 300)
    return sender


def forget(sender, instance, **kwargs):
    """Connected to SenderSettings' saves and deletes (MailConfig.ready)."""
    from django.core.cache import cache

    cache.delete(_key(instance.site_id))
