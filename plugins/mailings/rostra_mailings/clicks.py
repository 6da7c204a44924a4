"""Click counting, when a mailing asks for it and its site offers it: the
HTML part's links go through ``/_mailings/c/<token>/`` on our own domain,
which counts the click for the link and redirects. The token is signed and
holds the mailing and the address, so the redirect goes nowhere else (no open
redirect) and names no one; the recipient's département rides along (``?t=``),
for the figures per territory."""

import re

from django.core import signing
from django.db.models import Count
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.cache import never_cache

from rostra_mailings.models import LinkClick, MailingSettings

_SALT = "rostra_mailings.clicks"
HREF = re.compile(r'href="(https?://[^"]+)"')


def tracks(mailing):
    return mailing.track_clicks and MailingSettings.for_site(mailing.site).click_tracking


#: Filled per recipient with their département's code (personalise.Split).
TERRITORY_FIELD = "{{ _territory }}"
#: Filled per copy with its subject in an A/B test's sample ("a", "b").
VARIANT_FIELD = "{{ _variant }}"
TERRITORY = re.compile(r"[0-9][0-9AB]|[0-9]{3}")


def tracked_url(base_url, mailing_id, url):
    token = signing.dumps({"m": mailing_id, "u": url}, salt=_SALT, compress=True)
    path = reverse("mailings_links:click", args=[token])
    return f"{base_url}{path}?t={TERRITORY_FIELD}&v={VARIANT_FIELD}"


def rewrite(html, base_url, mailing_id, keep_prefix):
    """The HTML with each link (except ours under ``keep_prefix``) counted."""

    def replace(match):
        url = match.group(1).replace("&amp;", "&")
        if url.startswith(keep_prefix):
            return match.group(0)
        return f'href="{escape(tracked_url(base_url, mailing_id, url))}"'

    return HREF.sub(replace, html)


@never_cache
def click(request, token):
    try:
        data = signing.loads(token, salt=_SALT)
    except signing.BadSignature:
        raise Http404 from None
    url = data.get("u", "") if isinstance(data, dict) else ""
    if not url.startswith(("https://", "http://")):
        raise Http404
    # The département is not signed: a forged one moves a click between
    # territories, never to another mailing or address.
    territory = request.GET.get("t", "")
    territory = territory if TERRITORY.fullmatch(territory) else ""
    # Nor is the subject of an A/B test's copy: a forged one moves a click
    # between the two subjects of the same mailing.
    variant = request.GET.get("v", "")
    variant = variant if variant in ("a", "b") else ""
    LinkClick.objects.create(
        mailing_id=data["m"], url=url[:2000], territory=territory, variant=variant
    )
    return HttpResponseRedirect(url)


def per_link(mailing):
    """[(url, clicks)], most clicked first."""
    return list(
        LinkClick.objects.filter(mailing=mailing)
        .values_list("url")
        .annotate(n=Count("pk"))
        .order_by("-n", "url")
    )
