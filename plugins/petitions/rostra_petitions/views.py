"""The petition page's views (called from PetitionPage's routes) and the
plugin's machine endpoints (urls.py, mounted at /_petitions/).

Caching: the petition page itself never uses a CSRF token or a cookie, so the
shared page cache (rostra.http_cache) keeps it under load. The form gets its
token and a proof-of-work challenge from ``form_token`` (never cached) through
the core's static/rostra/js/antibot.js. See docs/petitions.md, "Caching".
"""

import json

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from rostra_petitions import (
    conf,
    confirm_page,
    confirmations,
    counting,
    pow,
    recording,
    signing,
)
from rostra_petitions import geography as geo


def _organisation(page):
    from rostra.sitesettings.models import BrandSettings

    return BrandSettings.cached_for_site(page.get_site()).organisation_name


def petition(page, request):
    if request.method == "POST":
        return _sign(page, request)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    form = page.get_form(organisation=_organisation(page))
    return page.render(request, context_overrides={"form": form})


def _sign(page, request, organisation=None):
    # CSRF is checked by the middleware before Wagtail's serve view runs.
    if organisation is None:
        organisation = _organisation(page)
    form = page.get_form(request.POST, organisation=organisation)
    form.request = request
    if not page.is_open:
        response = page.render(request, context_overrides={"form": form})
        response.status_code = 409
        return response
    if form.is_robot or form.is_valid():
        page.process_form_submission(form)
        return redirect(route_url(page, request, "thanks"), permanent=False)
    response = page.render(request, context_overrides={"form": form})
    response.status_code = 400
    return response


def confirm(page, request, signature_id, token, snapshot=None):
    """A GET shows a button; only the POST confirms (mail scanners follow links).
    A confirmed link, at the first click or any later one, leads to the page's
    ``confirmed/`` page: the same for every signer, so the shared page cache
    serves it, and the POST itself renders nothing."""
    signature, problem = signing.find_for_link(page, signature_id, token)
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD, POST"})
    if problem is None and request.method == "POST":
        signing.confirm(page, signature, request)
        return _to_confirmed(page, request)
    if problem is None and signature.validated_at is not None:
        return _to_confirmed(page, request)  # already done: say so, change nothing

    def render_page(signature_id, token, csrf_token):
        overrides = {"problem": problem, "signature_id": signature_id, "token": token}
        if csrf_token is not None:
            overrides["csrf_token"] = csrf_token
        return page.render(
            request, template="petitions/petition_confirm.html", context_overrides=overrides
        )

    if problem is None and snapshot is not None:
        # The button's page, kept rendered per petition and language (confirm_page.py).
        response = confirm_page.render(page, request, snapshot, signature_id, token, render_page)
    else:
        response = render_page(signature_id, token, None)
    # The page holds a CSRF token for its button: private, and never in a shared cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


def _to_confirmed(page, request):
    response = redirect(route_url(page, request, "confirmed"))
    response.status_code = 303  # See Other: the browser GETs the thank-you page
    patch_cache_control(response, private=True, no_store=True)
    return response


def route_url(page, request, route):
    """The URL of one of the page's routes in the active language: where the
    signing form and the confirmation link lead on. ``page.get_url`` gives the
    page's own language, and a page is also served under another language's
    prefix where its site has no tree in that language (a French petition at
    /en/…): its English signers went on to French pages."""
    from django.urls import reverse
    from wagtail.models import Site

    site = page.get_site()
    roots = page._get_relevant_site_root_paths(request)
    root = next((root for root in roots if site and root.site_id == site.pk), None)
    if root is None:
        return page.get_url(request) + page.reverse_subpage(route).lstrip("/")
    path = reverse("wagtail_serve", args=(page.url_path[len(root.root_path) :],))
    path += page.reverse_subpage(route).lstrip("/")
    current = Site.find_for_request(request)
    return path if current is not None and current.pk == root.site_id else root.root_url + path


def confirmed(page, request):
    """The thank-you page after confirming: the same for every signer, so the
    shared page cache keeps it."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    return page.render(
        request, template="petitions/petition_confirm.html", context_overrides={"confirmed": True}
    )


def _public_json(data, *, interval):
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder), content_type="application/json"
    )
    # Shared caches keep it one counting interval, may serve it stale while they
    # refresh it, and keep serving it if the application is down.
    patch_cache_control(
        response,
        public=True,
        max_age=interval,
        stale_while_revalidate=interval * 6,
        stale_if_error=86400,
    )
    response["Access-Control-Allow-Origin"] = "*"  # public figures, readable by any embed
    return response


def count_json(page, request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    count = counting.public_count(page)
    interval = conf.count_interval()
    counting.heal(page, count)
    confirmations.heal()  # emails a lost task left waiting (at most once a minute)
    recording.heal()  # and confirmations not yet recorded for the supporter database
    return _public_json(
        {
            "petition": page.title,
            "url": page.get_full_url(),
            "signatures": count["total"],
            "online": count["online"],
            "paper": count["paper"],
            "goal": page.goal,
            "updated_at": count["updated_at"],
            "counting_interval": interval,
            "open": page.is_open,
        },
        interval=interval,
    )


def geography_json(page, request):
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    return _public_json(geo.breakdown(page), interval=conf.count_interval())


def geography(page, request):
    return page.render(
        request,
        template="petitions/petition_geography.html",
        context_overrides={"geography": geo.breakdown(page)},
    )


def embed(page, request):
    """The counter and a link to sign, for an iframe on any other site."""
    response = TemplateResponse(
        request,
        "petitions/embed.html",
        {"page": page, "count": counting.public_count(page), "interval": conf.count_interval()},
    )
    # This view alone may be framed, by any site; the rest of the policy stays.
    response._csp_config = {**settings.SECURE_CSP, "frame-ancestors": ["*"]}
    response.xframe_options_exempt = True
    return response


# -- machine endpoints (/_petitions/) -------------------------------------


@require_POST
def sign(request, petition_id):
    """Where the page's form posts (``/_petitions/<id>/sign/``): the same signing
    as a POST to the page, without Wagtail's page routing (site, locale, each
    page of the path, aliases), which cost about as much as the signing itself."""
    return _as_page(
        request,
        petition_id,
        lambda page, request, snapshot: _sign(page, request, organisation=snapshot.organisation),
    )


@require_http_methods(["GET", "HEAD", "POST"])
def confirm_link(request, petition_id, signature_id, token):
    """Where confirmation emails link to
    (``/_petitions/<id>/confirm/<signature id>/<token>/``): the page's
    ``confirm/`` route without Wagtail's page routing."""
    return _as_page(
        request,
        petition_id,
        lambda page, request, snapshot: confirm(page, request, signature_id, token, snapshot),
    )


def _as_page(request, petition_id, view):
    """Answer ``view(page, request, snapshot)`` for a live petition found by id,
    checking what serving its page checks: live, the plugin on for its site,
    Wagtail's serve hooks (view restrictions), with the site's theme."""
    from wagtail import hooks

    from rostra_petitions import snapshots

    # The page with its switches, site, view restrictions, plugin switch and
    # branding, kept in the process until any of them changes (snapshots.py).
    snapshot, page = snapshots.for_signing(petition_id, request)
    if page is None or snapshot.site is None or not snapshot.enabled:
        raise Http404
    request.site_plugins = snapshot.plugins  # for the signals signing sends

    def serve(page, request, args, kwargs):
        return page._with_site_theme(
            lambda request: view(page, request, snapshot),
            request,
            site=snapshot.site,
            theme=snapshot.theme,
        )

    # Outside the language prefixes: the link or the form says which language
    # the page was in (the signer's emails and any page shown are in it).
    language = request.GET.get("lang", "")
    if language not in dict(settings.LANGUAGES):
        language = get_language()
    with translation.override(language):
        for wrap in reversed(hooks.get_hooks("on_serve_page")):
            serve = wrap(serve)
        for hook in hooks.get_hooks("before_serve_page"):
            result = hook(page, request, (), {})
            if isinstance(result, HttpResponse):
                return result
        return serve(page, request, (), {})


@never_cache
@require_GET
def form_token(request):
    """A CSRF token (and its cookie) and a fresh proof-of-work challenge for one
    signing form. Never cached: each visitor gets their own."""
    return JsonResponse({"csrf": get_token(request), "challenge": pow.new_challenge()})


@require_GET
def embed_script(request):
    """A small script other sites paste: it replaces each
    ``<div data-rostra-petition="<petition URL>">`` with an iframe of the counter."""
    response = HttpResponse(_EMBED_SCRIPT, content_type="text/javascript; charset=utf-8")
    patch_cache_control(response, public=True, max_age=3600)
    response["Access-Control-Allow-Origin"] = "*"
    return response


_EMBED_SCRIPT = """(function () {
  "use strict";
  var nodes = document.querySelectorAll("[data-rostra-petition]");
  for (var i = 0; i < nodes.length; i++) {
    var node = nodes[i];
    if (node.getAttribute("data-rostra-done")) continue;
    var url = node.getAttribute("data-rostra-petition");
    if (!/^https?:\\/\\//.test(url)) continue;
    var frame = document.createElement("iframe");
    frame.src = url.replace(/\\/?$/, "/") + "embed/";
    frame.title = node.getAttribute("data-rostra-title") || "Petition";
    frame.width = "100%";
    frame.height = node.getAttribute("data-rostra-height") || "220";
    frame.setAttribute("loading", "lazy");
    frame.setAttribute("frameborder", "0");
    node.setAttribute("data-rostra-done", "1");
    node.appendChild(frame);
  }
})();
"""
