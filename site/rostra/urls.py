from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.http import HttpResponse
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls
from wagtail.views import serve as wagtail_serve

from rostra import plugins
from rostra.sitesettings.views import brand_css, favicon


def health(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("_brand.css", brand_css, name="rostra_brand_css"),
    path("favicon.ico", favicon, name="rostra_favicon"),
    path("_health/", health, name="rostra_health"),
    path("_people/", include("rostra.people.urls")),
    # Wagtail's view hands the request to its Sitemap: each site lists its own pages.
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": Sitemap}}),
]

# A plugin's machine endpoints (webhooks, embeds) live under /_<label>/, or
# where a standard puts them (urls_prefix).
for plugin in plugins.installed():
    if plugin.urls_module:
        prefix = plugin.urls_prefix or f"_{plugin.label}/"
        urlpatterns.append(path(prefix, include(plugin.urls_module)))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)


def page_json(request, path):
    """A page's JSON sub-route with its file suffix (a petition's ``count.json``):
    Wagtail's page URLs cannot hold a dot, so ``<page>/count.json`` is routed to the
    page's ``count.json/`` route (RoutablePageMixin)."""
    return wagtail_serve(request, path + "/")


# Pages: French at the root, other languages under /<code>/.
urlpatterns += i18n_patterns(
    re_path(r"^((?:[\w\-]+/)*[\w\-]+\.json)$", page_json),
    path("", include(wagtail_urls)),
    prefix_default_language=False,
)
