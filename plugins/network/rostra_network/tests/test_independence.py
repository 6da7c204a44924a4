"""The network plugin knows no other plugin: what other plugins bring to a
candidate site comes through the core's blueprint hook (rostra.blueprint)."""

import re
from pathlib import Path

import pytest
from rostra import plugins
from rostra.blueprint import parts
from rostra.pages.models import NewsArticlePage

import rostra_network
from rostra_network import access, pagetree
from rostra_network.syndication_admin import _pushable_types

PACKAGE = Path(rostra_network.__file__).parent


def shipped_files():
    """The package's code and templates; not its tests, nor the migrations'
    frozen history (the blueprint once had petition and donation fields)."""
    for path in sorted(PACKAGE.rglob("*")):
        skipped = {"tests", "migrations"} & set(path.relative_to(PACKAGE).parts)
        if path.suffix in {".py", ".html", ".txt"} and not skipped:
            yield path


def test_the_network_package_names_no_other_plugin():
    others = [config for config in plugins.installed() if config.label != "network"]
    assert others, "the test needs other plugins installed"
    # A package name anywhere; an app label as a string ("api" is also the
    # core's rostra.people.api, "petitions" a word of the network's own text).
    names = [re.escape(config.name) for config in others]
    labels = [f"[\"']{re.escape(config.label)}[\"'.]" for config in others]
    pattern = re.compile(r"\b(" + "|".join(sorted(names)) + r")\b|" + "|".join(sorted(labels)))
    found = [
        f"{path.relative_to(PACKAGE)}:{number}: {line.strip()}"
        for path in shipped_files()
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []


@pytest.mark.django_db
def test_other_plugins_pages_permissions_and_pushes_come_from_their_parts(national_site):
    labels = {part.plugin.label for part in parts()}
    assert {"petitions", "donations"} <= labels
    pushable = {model._meta.label for model in _pushable_types()}
    assert pushable == {"pages.NewsArticlePage", "petitions.PetitionPage"}
    assert NewsArticlePage in _pushable_types()
    assert not hasattr(pagetree, "PLUGIN_PAGES")
    assert all(app != "petitions" for app, _codename in access.GLOBAL_PERMISSIONS)
