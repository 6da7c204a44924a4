from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site

from rostra.sitesettings.models import BrandSettings


def _relative_luminance(hex_colour):
    channels = []
    for index in (1, 3, 5):
        value = int(hex_colour[index : index + 2], 16) / 255
        channels.append(value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4)
    red, green, blue = channels
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def readable_text_colour(hex_colour):
    """Black or white, whichever contrasts more with the background (WCAG)."""
    luminance = _relative_luminance(hex_colour)
    contrast_with_white = 1.05 / (luminance + 0.05)
    contrast_with_black = (luminance + 0.05) / 0.05
    return "#ffffff" if contrast_with_white >= contrast_with_black else "#000000"


@require_GET
def brand_css(request):
    """The site's colours as CSS custom properties (a file, so no inline style)."""
    site = Site.find_for_request(request)
    brand = BrandSettings.cached_for_site(site) if site else BrandSettings()
    css = (
        ":root {\n"
        f"  --brand-primary: {brand.primary_colour};\n"
        f"  --brand-on-primary: {readable_text_colour(brand.primary_colour)};\n"
        f"  --brand-accent: {brand.accent_colour};\n"
        f"  --brand-on-accent: {readable_text_colour(brand.accent_colour)};\n"
        "}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    # The URL carries the colours' version, so it can be kept for long.
    if request.GET.get("v") == brand.version:
        patch_cache_control(response, public=True, max_age=86400)
    else:
        patch_cache_control(response, public=True, max_age=60)
    return response
