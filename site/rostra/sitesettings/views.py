from django.http import HttpResponse, HttpResponseRedirect
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET
from wagtail.models import Site

from rostra.sitesettings.colours import readable_text_colour, text_safe
from rostra.sitesettings.models import BrandSettings


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
        # The brand colours as text on light backgrounds (links, headings).
        f"  --brand-primary-text: {text_safe(brand.primary_colour)};\n"
        f"  --brand-accent-text: {text_safe(brand.accent_colour)};\n"
        "}\n"
    )
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    # The URL carries the colours' version, so it can be kept for long.
    if request.GET.get("v") == brand.version:
        patch_cache_control(response, public=True, max_age=86400)
    else:
        patch_cache_control(response, public=True, max_age=60)
    return response


@require_GET
def favicon(request):
    """``/favicon.ico``, which browsers ask for whatever the page links: the
    site's theme's icon (or the core's), sent on to its static file."""
    from django.templatetags.static import static

    from rostra.themes import choice

    theme = choice.for_site(Site.find_for_request(request))
    if theme.has_static("icons/favicon.ico"):
        url = static(f"themes/{theme.name}/icons/favicon.ico")
    else:
        url = static("rostra/icons/favicon.ico")
    response = HttpResponseRedirect(url)
    patch_cache_control(response, public=True, max_age=86400)
    return response
