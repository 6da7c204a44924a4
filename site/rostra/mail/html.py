"""Every email's HTML part, in the look of the site that sends it.

A message with its own ``body.html`` fills the layout's content block (it
extends ``mail/includes/layout.html``); one with a text body only is shown as
that text, its links clickable and its lines kept. The layout takes the site's
branding: its name or logo on a band of its main colour, links in a shade of
that colour readable on white (rostra.sitesettings.colours). Styles are inline:
mail readers drop stylesheets.
"""

import functools

from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils.html import linebreaks, urlize
from django.utils.safestring import mark_safe

from rostra.sitesettings.colours import readable_text_colour, text_safe


def branding(site, base_url):
    """The layout's colours and logo for the site (the defaults without one)."""
    from rostra.sitesettings.models import BrandSettings

    brand = BrandSettings.cached_for_site(site) if site is not None else BrandSettings()
    logo_url = ""
    if brand.logo_id:
        try:
            logo_url = base_url + brand.logo.get_rendition("height-48").url
        except Exception:  # noqa: BLE001 - a missing image file: the name instead
            logo_url = ""
    text_colour, link_colour = _colours(brand.primary_colour)
    return {
        "brand_colour": brand.primary_colour,
        "brand_text_colour": text_colour,
        "link_colour": link_colour,
        "logo_url": logo_url,
    }


@functools.lru_cache(maxsize=64)
def _colours(primary):
    """Worked out once per colour, not for each message of a batch."""
    return readable_text_colour(primary), text_safe(primary)


def render_html(template, context, text_body):
    """The HTML part: ``mail/<template>/body.html`` if the message has one,
    else its text body (``text_body()``, the text without its footer: the
    layout has its own) shown as HTML."""
    try:
        return render_to_string(f"mail/{template}/body.html", context)
    except TemplateDoesNotExist:
        pass
    # urlize escapes the text; its paragraphs and line breaks stay as written.
    body = mark_safe(linebreaks(urlize(text_body().strip(), autoescape=True)))  # noqa: S308
    return render_to_string("mail/includes/text_as_html.html", dict(context, text_as_html=body))
