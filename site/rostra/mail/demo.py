"""The demo's senders: the party writes from its address, each candidate from
theirs (the addresses their logins use)."""

from wagtail.models import Site

from rostra.mail.models import SenderSettings
from rostra.sitesettings.names import site_name


def finish(demo):
    # After every loader: the candidate sites exist by now.
    for site in Site.objects.all():
        if site.is_default_site:
            address = "contact@example.org"
        else:
            address = f"{site.hostname.split('.')[0]}@candidats.example.org"
        SenderSettings.objects.get_or_create(
            site=site, defaults={"from_name": site_name(site), "from_address": address}
        )
