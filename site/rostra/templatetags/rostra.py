from django import template
from django.templatetags.static import static
from wagtail.models import Site

from rostra import themes
from rostra.pages.serving import localized
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


@register.filter
def site_name(site):
    """``{{ entry.site|site_name }}``: the site's name without Wagtail's "[default]"."""
    from rostra.sitesettings.names import site_name as name_of

    return name_of(site)


@register.simple_tag
def settings_lang_attribute():
    """` lang="fr"` on a page in another language, for text typed in the site's
    settings (the legal notice, payment instructions): it is in the site's own
    language, and says so to screen readers and to the two-language check."""
    from django.conf import settings
    from django.utils.html import format_html
    from django.utils.translation import get_language

    own = settings.LANGUAGE_CODE.split("-")[0]
    if (get_language() or own).split("-")[0] == own:
        return ""
    return format_html(' lang="{}"', own)


@register.simple_tag(takes_context=True)
def site_identity(context):
    """The name and tagline the header shows (rostra.sitesettings.identity)."""
    from rostra.sitesettings import identity

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    return identity.for_site(site, brand(context))


@register.simple_tag
def active_theme():
    return themes.active()


@register.simple_tag(takes_context=True)
def legal_notice_page(context):
    """The site's legal notice page in the current language (linked from every footer)."""
    from rostra.pages.models import LegalNoticePage
    from rostra.pages.serving import active_locale, translated_root

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    pages = LegalNoticePage.objects.live()
    locale = active_locale()
    if locale is not None:
        # Each language's pages live under that language's home page.
        localised = pages.descendant_of(translated_root(site, locale.pk)).filter(locale=locale)
        if (found := localised.first()) is not None:
            return found
    return pages.descendant_of(site.root_page).first()


@register.simple_tag(takes_context=True)
def home_page(context):
    """The site's home page in the current language (the brand links to it)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return None
    # Its own type (no query), for the campaign pages' fast URL building.
    return localized(site.root_page).specific_deferred


@register.simple_tag(takes_context=True)
def language_links(context):
    """Links to the current page in the site's other languages. A language the
    page is not translated into links to the home page in that language, so a
    visitor can always switch. Each link: code, name (in its own language), url,
    and whether it is this page's translation."""
    from django.conf import settings
    from django.utils.translation import get_language, get_language_info
    from wagtail.models import Page

    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if site is None:
        return []
    page = context.get("page")
    if isinstance(page, Page) and page.pk:
        current = page.locale.language_code
        translations = {
            translation.locale.language_code: translation
            for translation in page.get_translations().live().select_related("locale")
        }
    else:
        current, translations = get_language(), {}
    homes = {
        home.locale.language_code: home
        for home in site.root_page.get_translations(inclusive=True).live().select_related("locale")
    }
    links = []
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        target = translations.get(code) or homes.get(code)
        if code == current or target is None:
            continue
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": target.specific_deferred.get_url(request),
                "is_translation": code in translations,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def menu_state(context, href):
    """How a menu link relates to the page shown: "page" when it is that page,
    "section" when the page lies under it (an article under its news section).
    Views that are no page (unsubscribe, my data) have no ``page`` in their
    context: nothing is current there."""
    from wagtail.models import Page

    from rostra.pages.serving import page_url

    page = context.get("page")
    url = page_url(page) if isinstance(page, Page) else getattr(page, "url", None)
    if not href or not url:
        return ""
    if href == url:
        return "page"
    if href != "/" and href.endswith("/") and url.startswith(href):
        return "section"
    return ""
