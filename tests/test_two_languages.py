"""The two-language check: no text of the other language on a demo page or in
an email, and each page's language switch leads to its translation.

The demo is loaded once for the run (``loaded_demo``, as `make run` loads it,
rolled back at the end). Every page of every site is read in its own language
(a French page in French, its English translation in English), and every
email template is rendered in French and in English, text and HTML parts.
Each text fails on a word of the other language; the words, the names that
are no language and the marked passages that are skipped are described in
tests/language_words.py.
"""

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from wagtail.models import Page, Site

from tests.language_words import words_of_the_other_language

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

LANGUAGES = ("fr", "en")
# Attributes people read or hear (screen readers) besides the text.
READ_ATTRIBUTES = ("alt", "aria-label", "placeholder", "title")


@pytest.fixture(scope="module")
def demo(loaded_demo):
    return loaded_demo


def readable_text(html, language):
    """What a reader of ``language`` reads on the page: the text and the read
    attributes, without scripts, styles and passages marked as another
    language (``lang="…"``: the language switcher, a quoted French text)."""
    soup = BeautifulSoup(html, "html.parser")
    for element in soup(["script", "style", "template", "noscript"]):
        element.decompose()
    for element in soup.select("[lang]"):
        if element.name == "html" or element.decomposed:
            continue
        if element["lang"].split("-")[0] != language:
            element.decompose()
    parts = [soup.get_text(" ")]
    for element in soup.find_all(True):
        parts.extend(str(element[name]) for name in READ_ATTRIBUTES if element.get(name))
    return " ".join(" ".join(parts).split())


def offences(text, language):
    """Each word of the other language, with the words around it."""
    found = []
    words = text.split()
    for index, word in enumerate(words):
        for bad in words_of_the_other_language(word, language):
            around = " ".join(words[max(0, index - 5) : index + 6])
            found.append(f"{bad!r} in “{around}”")
    return found


def test_the_check_sees_a_word_of_the_other_language():
    """The check itself: it fails on each leak issue 12 saw, passes names and
    marked passages."""
    assert offences("Mentions légales", "en") == ["'légales' in “Mentions légales”"]
    assert offences("Gave 20.00 EUR", "fr")
    assert offences("No news yet.", "fr")
    assert not offences("Élan commun — 12 rue de la République, 75011 Paris.", "en")
    page = '<html lang="en"><p>Latest news</p><a lang="fr" hreflang="fr">français</a></html>'
    assert readable_text(page, "en") == "Latest news"
    assert offences(readable_text('<img alt="Des militants">', "en"), "en")
    assert not offences(
        "ouvrez http://localhost/_people/unsubscribe/x/ ou contact@example.org", "fr"
    )


def test_every_demo_page_speaks_its_own_language_only(demo):
    client = Client()
    failures, pages = [], 0
    for site in Site.objects.order_by("pk"):
        for home in site.root_page.get_translations(inclusive=True):
            language = home.locale.language_code
            for page in Page.objects.descendant_of(home, inclusive=True).live().specific():
                parts = page.get_url_parts()
                if parts is None:
                    continue
                host = urlsplit(parts[1]).netloc
                response = client.get(
                    parts[2],
                    HTTP_HOST=host,
                    SERVER_PORT=host.partition(":")[2] or "80",
                    HTTP_ACCEPT_LANGUAGE=language,
                )
                if response.status_code != 200 or response.streaming:
                    continue
                pages += 1
                html = response.content.decode()
                failures.extend(_switch_misses_translations(page, html))
                text = readable_text(html, language)
                found = offences(text, language)
                if found:
                    failures.append(f"http://{host}{parts[2]} ({language}): " + "; ".join(found))
    assert pages > 30  # every site's pages, in both languages
    assert set(LANGUAGES) <= {
        home.locale.language_code
        for home in Site.objects.get(is_default_site=True).root_page.get_translations(
            inclusive=True
        )
    }
    assert not failures, f"{len(failures)} pages hold text of the other language:\n" + "\n".join(
        failures
    )


def _switch_misses_translations(page, html):
    """The language switch leads to the page's own translation, not the home page."""
    missed = []
    for other in page.get_translations().live().select_related("locale"):
        path = other.specific.get_url_parts()[2]
        if f'href="{path}" hreflang="{other.locale.language_code}"' not in html:
            missed.append(f"{page.url_path}: no switch to its translation {path}")
    return missed


def mail_templates():
    """Every email the core and the plugins send: mail/<name>/subject.txt."""
    from rostra.mail.tests.test_plain_text import mail_templates as folders

    return sorted(folders())


# Values for the templates' variables: names and figures, no language.
SAMPLE = {
    "first_name": "Camille",
    "petition_title": "Élan commun",
    "petition_url": "http://localhost:8000/petitions/x/",
    "confirm_url": "http://localhost:8000/petitions/x/confirm/",
    "url": "http://localhost:8000/x/",
    "site_url": "http://localhost:8000/",
    "path": "/x/",
    "threshold": 1000,
    "total": 1200,
    "amount": "50.00",
    "donor": "Camille Martin",
    "days": 2,
    "hours": 48,
    "reference": "EC-2026-00001",
    "period": "2026",
    "number": 1,
    "cap": 7500,
    "candidate": "Amina Diallo",
    "username": "lyon@candidats.example.org",
    "donation_id": 1,
    "person_id": 1,
}


def test_the_walk_sees_every_email_of_the_core_and_the_plugins():
    names = mail_templates()
    assert {"people_data_link", "petitions/confirm", "donations/acknowledgement"} <= set(names)
    assert "network_invitation" in names


@pytest.mark.parametrize("template", mail_templates())
@pytest.mark.parametrize("language", LANGUAGES)
def test_every_email_speaks_its_readers_language_only(demo, template, language):
    from rostra.mail.sending import render_message
    from rostra.people.models import Person

    site = Site.objects.get(is_default_site=True)
    person = Person.objects.filter(source_site=site).order_by("pk").first() or (
        Person.objects.order_by("pk").first()
    )
    message = render_message(
        template,
        to="camille@example.org",
        context=SAMPLE,
        language=language,
        site=site,
        person=person,
        purpose="newsletter",
    )
    parts = {"subject": message.subject, "text": message.body}
    for content, mimetype in message.alternatives:
        if mimetype == "text/html":
            parts["html"] = readable_text(content, language)
    failures = [
        f"{part}: " + "; ".join(found)
        for part, text in parts.items()
        if (found := offences(text, language))
    ]
    assert not failures, f"mail/{template} in {language}:\n" + "\n".join(failures)
