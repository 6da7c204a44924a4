"""One address per site: another name of a site (an IP address, the bare
domain) is redirected to the site's own host name, the one every link, payment
return and email is built with. Sites are named as under `make run`."""

import re
from pathlib import Path

import pytest
from django.urls import reverse
from wagtail.models import Site

pytestmark = pytest.mark.django_db

REPO = Path(__file__).resolve().parents[3]


@pytest.fixture
def sites(national_site, other_site, settings):
    settings.ROSTRA_REDIRECT_TO_CANONICAL_HOST = True
    for site in Site.objects.all():
        site.port = 8000
        site.save()
    return national_site, other_site


def get(client, host, path, **extra):
    port = host.rpartition(":")[2] if ":" in host else "80"
    return client.get(path, HTTP_HOST=host, SERVER_PORT=port, **extra)


def test_another_name_of_the_national_site_is_redirected_to_its_own(client, sites):
    response = get(client, "127.0.0.1:8000", "/en/?page=2")
    assert response.status_code == 302
    assert response["Location"] == "http://localhost:8000/en/?page=2"


def test_the_sites_own_names_are_served(client, sites):
    assert get(client, "localhost:8000", "/").status_code == 200
    lyon = get(client, "lyon.localhost:8000", "/")
    assert lyon.status_code == 200 and "Lyon" in lyon.content.decode()


def test_the_redirect_keeps_the_port_the_visitor_reached(client, sites):
    """A server started on another port is still the one that answers."""
    response = get(client, "127.0.0.1:8001", "/")
    assert response["Location"] == "http://localhost:8001/"


def test_a_posted_form_is_answered_where_it_was_sent(client, sites):
    response = client.post(
        reverse("people:my_data_request"),
        {"email": "jean@example.org"},
        HTTP_HOST="127.0.0.1:8000",
        SERVER_PORT="8000",
    )
    assert response.status_code == 200


def test_the_health_probe_answers_under_any_name(client, sites):
    assert get(client, "10.0.0.5:8000", "/_health/").status_code == 200


def test_behind_https_the_bare_domain_goes_to_www(client, national_site, settings):
    settings.ROSTRA_REDIRECT_TO_CANONICAL_HOST = True
    national_site.hostname, national_site.port = "www.example.fr", 443
    national_site.save()
    response = client.get("/actualites/", HTTP_HOST="example.fr", secure=True)
    assert response["Location"] == "https://www.example.fr/actualites/"
    # The site's own name, whatever port the application server listens on.
    assert client.get("/", HTTP_HOST="www.example.fr", SERVER_PORT="8000").status_code == 200


def test_an_admin_on_a_name_of_its_own_stays_there(client, national_site, settings):
    settings.ROSTRA_REDIRECT_TO_CANONICAL_HOST = True
    settings.WAGTAILADMIN_BASE_URL = "https://admin.example.fr"
    national_site.hostname = "www.example.fr"
    national_site.save()
    assert client.get("/admin/login/", HTTP_HOST="admin.example.fr").status_code == 200
    public = client.get("/", HTTP_HOST="admin.example.fr")
    assert public["Location"] == "http://www.example.fr/"


def test_the_readme_and_make_run_print_the_national_sites_address():
    """The address a reader types is the site's own: nothing to redirect, and
    the demo's links lead back to it."""
    from rostra import demo

    readme = re.search(r"serves it on (http://\S+?)/? ", (REPO / "README.md").read_text())
    script = (REPO / "scripts/run-demo").read_text()
    run_demo = re.search(r"Serving the demo on (http://\S+?)/? ", script)
    # The script serves another port only when a test asks (ROSTRA_DEMO_PORT).
    default_port = re.search(r"port=\$\{ROSTRA_DEMO_PORT:-(\d+)\}", script).group(1)
    national = f"http://{demo.HOSTNAME}:{demo.PORT}"
    assert readme.group(1) == run_demo.group(1).replace("$port", default_port) == national


def test_the_redirect_never_leaves_the_site(client, sites, settings):
    """Only the port comes from the request (digits, checked by Django); the host
    name is the site's, so a crafted path cannot point the redirect elsewhere."""
    settings.ALLOWED_HOSTS = ["localhost", "127.0.0.1", ".localhost"]
    response = get(client, "127.0.0.1:8000", "//evil.example/%2F..")
    assert response["Location"].startswith("http://localhost:8000/")
    assert get(client, "evil.example:8000", "/").status_code == 400  # not an allowed host
    # Another name for any host falls back to the national site: sent to its name.
    assert get(client, "other.localhost:8000", "/")["Location"] == "http://localhost:8000/"
