from django import template
from django.templatetags.static import static
from wagtail.models import Site

from rostra import themes
from rostra.sitesettings.models import BrandSettings

register = template.Library()


@register.simple_tag
def theme_static(path):
    """A static file from the active theme, or the core's file of that name."""
    theme = themes.active()
    if theme.has_static(path):
        return static(f"themes/{theme.name}/{path}")
    return static(f"rostra/{path}")


@register.simple_tag
def theme_stylesheet():
    """The active theme's css/theme.css, loaded after the core styles, if it has one."""
    theme = themes.active()
    if theme.has_static("css/theme.css"):
        return static(f"themes/{theme.name}/css/theme.css")
    return ""


@register.simple_tag(takes_context=True)
def brand(context):
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return BrandSettings()
    return BrandSettings.cached_for_site(site)


@register.simple_tag
def active_theme():
    return themes.active()


@register.simple_tag(takes_context=True)
def legal_notice_page(context):
    """The site's legal notice page in the current language (linked from every footer)."""
    from wagtail.models import Locale

    from rostra.pages.models import LegalNoticePage

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    pages = LegalNoticePage.objects.live().descendant_of(site.root_page)
    try:
        localised = pages.filter(locale=Locale.get_active()).first()
    except Locale.DoesNotExist:
        localised = None
    return localised or pages.first()
