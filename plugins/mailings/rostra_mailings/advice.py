"""What the sender is warned about before sending: images without alternative
text, a message of images only, links to our own pages that lead nowhere, a
subject too long for an inbox, personal fields we do not know."""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.test import RequestFactory
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext as _
from wagtail.models import Site

from rostra_mailings.models import SUBJECT_ADVISED_LENGTH
from rostra_mailings.personalise import unknown_fields

URL = re.compile(r"https?://[^\s<>\"')]+")


def warnings(mailing):
    found = []
    if len(mailing.subject) > SUBJECT_ADVISED_LENGTH:
        found.append(
            _("The subject is %(n)s characters long: inboxes cut it after about %(max)s.")
            % {"n": len(mailing.subject), "max": SUBJECT_ADVISED_LENGTH}
        )
    texts, links = [], []
    images = 0
    for block in mailing.body:
        value = block.value
        if block.block_type == "text":
            texts.append(value)
            links += URL.findall(value)
        elif block.block_type == "image":
            images += 1
            if not (value["alt"] or "").strip():
                found.append(
                    _("An image has no alternative text: “%(title)s”.")
                    % {"title": value["image"].title}
                )
            if value["link"]:
                links.append(value["link"])
        elif block.block_type == "button":
            texts.append(value["label"])
            links.append(value["url"])
        elif block.block_type in ("card", "donation", "event"):
            texts.append(value["page"].title)
    if not mailing.body:
        found.append(_("The message is empty."))
    elif images and not any(text.strip() for text in texts):
        found.append(
            _(
                "The message is images only: many readers show no images, "
                "and spam filters distrust it."
            )
        )
    for name in unknown_fields(" ".join(texts)):
        found.append(_("Unknown personal field: %(names)s.") % {"names": name})
    for link in dict.fromkeys(links):
        if is_broken(link):
            found.append(_("This link to our own site leads nowhere: %(url)s") % {"url": link})
    return found


def is_broken(url):
    """True for a link to one of our sites that answers 404 (a page that was
    moved, unpublished or mistyped). Other sites' links are not fetched."""
    parts = urlsplit(url)
    site = _our_site(parts.hostname or "", parts.port)
    if site is None:
        return False
    path = parts.path or "/"
    first = path.strip("/").split("/")[0]
    # Pages answer in French at the root, in other languages under /<code>/.
    language = first if first in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(path)
    except Resolver404:
        return True
    if match.url_name != "wagtail_serve":
        return False  # an endpoint of ours, not a page
    request = RequestFactory().get(path, HTTP_HOST=parts.netloc)
    components = [component for component in path.split("/") if component]
    root = site.root_page
    if components and components[0] in dict(settings.LANGUAGES):
        from wagtail.models import Locale

        locale = Locale.objects.filter(language_code=components.pop(0)).first()
        root = root.get_translation_or_none(locale) or root if locale else root
    try:
        root.specific.route(request, components)
    except Http404:
        return True
    return False


def _our_site(hostname, port):
    for site in Site.objects.select_related("root_page"):
        if site.hostname == hostname and (port is None or site.port == port or port in (80, 443)):
            return site
    return None
