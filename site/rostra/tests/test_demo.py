"""The demo loads from code and loading it twice changes nothing."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def counts():
    """The rows of every model of the core and of every plugin."""
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def test_demo_loads_twice_without_duplicates(loaded_demo, client):
    first = counts()
    assert first["pages.HomePage"] == 2  # French and English
    assert first["pages.NewsArticlePage"] >= 6
    again = io.StringIO()
    call_command("load_demo", stdout=again)
    assert {label: n for label, n in counts().items() if n != first[label]} == {}
    for output in (loaded_demo, again.getvalue()):
        assert "login: admin  password: rostra-demo" in output

    assert client.get("/").status_code == 200
    assert client.get("/en/").status_code == 200
    assert client.get("/actualites/").status_code == 200
    assert client.get("/mentions-legales/").status_code == 200
    assert client.login(username="admin", password="rostra-demo")
