"""What the shared page cache (nginx) may keep, as Django marks it: pages with
forms, messages, logged-in editors and previews are never shared, so no visitor
ever gets someone else's CSRF token, message or draft."""

import pytest
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.urls import path

from rostra import urls as rostra_urls
from rostra.cache_purge import generation
from rostra.pages.models import NewsArticlePage, NewsIndexPage, StandardPage

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def form_page(request):
    template = engines["django"].from_string(
        '<form method="post">{% csrf_token %}<button>Signer</button></form>'
    )
    return HttpResponse(template.render({}, request))


def leave_a_message(request):
    messages.success(request, "Merci, c'est enregistré.")
    return redirect("/")


def render_while_a_change_commits(request):
    generation.bump()  # a publish commits while this page is rendered
    return HttpResponse("ancienne version")


urlpatterns = [
    path("_test/form/", form_page),
    path("_test/message/", leave_a_message),
    path("_test/slow/", render_while_a_change_commits),
    *rostra_urls.urlpatterns,
]


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.ROSTRA_PAGE_CACHE_SECONDS = 300


def is_shared(response):
    return "s-maxage" in response.get("Cache-Control", "") and "public" in response["Cache-Control"]


def is_private(response):
    return "private" in response["Cache-Control"] and not is_shared(response)


def test_an_anonymous_page_is_shared_without_vary_or_cookie(client, national_site):
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "public" in response["Cache-Control"] and "s-maxage=300" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]  # browsers always ask again
    assert not response.has_header("Vary")
    assert not response.cookies


def test_a_page_with_a_csrf_token_is_never_shared(client, national_site):
    response = client.get("/_test/form/", HTTP_HOST="localhost")
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()
    assert is_private(response)
    assert "csrftoken" in response.cookies


def test_a_page_showing_a_message_is_never_shared(client, national_site):
    client.get("/_test/message/", HTTP_HOST="localhost")
    response = client.get("/", HTTP_HOST="localhost")
    assert "Merci, c&#x27;est enregistré." in response.content.decode()
    assert is_private(response)
    # The next page, without the message, is shared again.
    assert is_shared(client.get("/", HTTP_HOST="localhost"))


def test_a_logged_in_editor_is_never_shared_a_page(client, national_site, admin_user):
    client.force_login(admin_user)
    response = client.get("/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert is_private(response)


def test_a_preview_is_never_shared(client, national_site, admin_user):
    page = national_site.root_page.add_child(instance=StandardPage(title="Brouillon", slug="b"))
    page.title = "Brouillon pas encore publié"
    page.save_revision()
    client.force_login(admin_user)
    response = client.get(f"/admin/pages/{page.pk}/view_draft/", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert "Brouillon pas encore publié" in response.content.decode()
    assert not is_shared(response)


def test_a_tracking_parameter_reaches_the_server(client, national_site):
    response = client.get("/?utm_source=tract", HTTP_HOST="localhost")
    assert response.status_code == 200
    assert is_private(response)


def test_later_pages_of_the_news_are_shared_only_under_their_one_address(client, national_site):
    index = national_site.root_page.add_child(instance=NewsIndexPage(title="Actus", slug="actus"))
    for number in range(NewsIndexPage.articles_per_page + 1):
        index.add_child(instance=NewsArticlePage(title=f"Article {number}", slug=f"a{number}"))
    second = client.get("/actus/?page=2", HTTP_HOST="localhost")
    assert is_shared(second)
    # Its link back to the first page is the list's own address, which is shared.
    assert 'rel="prev" href="/actus/"' in second.content.decode()
    # Same content under other keys, which a purge would not name.
    assert is_private(client.get("/actus/?page=1", HTTP_HOST="localhost"))
    assert is_private(client.get("/actus/?page=02", HTTP_HOST="localhost"))


def test_a_page_reached_under_another_host_name_is_not_shared(client, national_site):
    """Purges name the site's own host: a copy kept under an alias never would be."""
    response = client.get("/", HTTP_HOST="127.0.0.1")
    assert response.status_code == 200
    assert is_private(response)


def test_a_render_that_began_before_a_change_is_not_shared(client, national_site, settings):
    settings.ROSTRA_PURGE_URLS = ["http://127.0.0.1:9"]
    assert is_private(client.get("/_test/slow/", HTTP_HOST="localhost"))


def test_the_not_found_page_is_shared_briefly(client, national_site):
    response = client.get("/nulle-part/", HTTP_HOST="localhost")
    assert response.status_code == 404
    assert "s-maxage=60" in response["Cache-Control"]


def test_nothing_is_shared_when_the_page_cache_is_off(client, national_site, settings):
    settings.ROSTRA_PAGE_CACHE_SECONDS = 0
    assert is_private(client.get("/", HTTP_HOST="localhost"))
