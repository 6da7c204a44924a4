"""Every user-facing string exists in French and English: each catalogue is
complete, and the French site speaks French."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[3]
CATALOGUES = sorted(
    [
        *ROOT.glob("site/rostra/locale/*/LC_MESSAGES/django.po"),
        *ROOT.glob("plugins/*/*/locale/*/LC_MESSAGES/django.po"),
    ]
)


def test_there_is_a_french_catalogue_for_the_core_and_each_plugin():
    owners = {path.parts[len(ROOT.parts) : -4] for path in CATALOGUES}
    assert ("site", "rostra") in owners
    for plugin in ("petitions", "donations", "network", "targeting"):
        assert ("plugins", plugin, f"rostra_{plugin}") in owners


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: str(path.relative_to(ROOT)))
def test_catalogue_is_complete(path):
    catalogue = polib.pofile(str(path))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {path.name}: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy (needs review) in {path.name}: {fuzzy[:10]}"


@pytest.mark.django_db
def test_french_is_the_default_and_english_is_there(client, national_site):
    french = client.get("/").content.decode()
    assert "Aller au contenu" in french
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Aller au contenu" in english  # the root is French whatever the browser says
