"""The demo loads from code and loading it twice changes nothing."""

import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from rostra.pages.models import HomePage, NewsArticlePage

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def counts():
    return {
        "pages": Page.objects.count(),
        "sites": Site.objects.count(),
        "homes": HomePage.objects.count(),
        "articles": NewsArticlePage.objects.count(),
    }


def test_demo_loads_twice_without_duplicates(client, capsys):
    call_command("load_demo")
    first = counts()
    call_command("load_demo")
    assert counts() == first
    assert first["homes"] == 2  # French and English
    assert first["articles"] >= 6
    output = capsys.readouterr().out
    assert "login: admin  password: rostra-demo" in output

    assert client.get("/").status_code == 200
    assert client.get("/en/").status_code == 200
    assert client.get("/actualites/").status_code == 200
    assert client.get("/mentions-legales/").status_code == 200
    assert client.login(username="admin", password="rostra-demo")
