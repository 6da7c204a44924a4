"""Consent purposes: the core declares its own, each plugin declares those it
asks consent for, and the ledger, the unsubscribe page (with its choices) and
retention read them all from there."""

import datetime
import re
from html import unescape
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from rostra import checks, plugins
from rostra.people import api, purposes, retention, unsubscribe
from rostra.people.models import Consent
from rostra.people.purposes import Purpose

CORE = Path(purposes.__file__).resolve().parents[1]


def plugin_purposes():
    return {
        purpose.code: config.label
        for config in plugins.installed()
        for purpose in config.consent_purposes
    }


def test_each_plugin_declares_the_purposes_it_asks_consent_for():
    assert plugin_purposes() == {
        "petition_updates": "petitions",
        "donation_receipts": "donations",
        "events": "sampleplugin",
        "event_updates": "organising",
        "volunteering": "organising",
        "group_news": "organising",
        "canvassing_news": "targeting",
    }
    assert list(purposes.all_purposes()) == [
        "newsletter",
        *(code for code in purposes.declared() if code != "newsletter"),
    ]
    assert purposes.declared()["donation_receipts"].retention_months == 72


def test_the_core_hard_codes_none_of_the_plugins_purposes():
    sources = [
        path
        for path in [*CORE.rglob("*.py"), *CORE.rglob("*.html"), *CORE.rglob("*.txt")]
        if "tests" not in path.relative_to(CORE).parts
    ]
    # The sample plugin lives in the core's tests (its "events" is a common word).
    for code in set(plugin_purposes()) - {"events"}:
        pattern = re.compile(rf"\b{code}\b")
        found = [
            str(path.relative_to(CORE)) for path in sources if pattern.search(path.read_text())
        ]
        assert found == [], f"the core names the plugins' purpose {code!r}"


@pytest.mark.django_db
def test_consent_is_given_only_for_a_declared_purpose_and_withdrawn_for_any(national_site):
    person, _ = api.find_or_create(email="purposes@example.org")
    with pytest.raises(ValueError, match="no installed plugin declares the consent purpose"):
        api.record_consent(person, purpose="volunteer_contact", granted=True)
    assert not Consent.objects.filter(person=person).exists()
    api.record_consent(person, purpose="volunteer_contact", granted=False)  # a plugin gone
    api.record_consent(person, purpose="events", granted=True)  # the sample plugin's
    assert api.can_contact(person, "events")


def test_start_up_refuses_a_purpose_declared_twice_or_malformed(monkeypatch):
    config = plugins.get("sampleplugin")
    monkeypatch.setattr(
        config,
        "consent_purposes",
        (Purpose("newsletter", "Mine"), Purpose("Bad code", "x"), "events"),
    )
    errors = checks.consent_purposes()
    assert [(error.id, error.msg) for error in errors] == [
        (
            "rostra.E004",
            "the consent purpose 'newsletter' of the plugin 'sampleplugin' is already "
            "declared by the core.",
        ),
        (
            "rostra.E003",
            "the plugin 'sampleplugin' declares the consent purpose "
            "Purpose(code='Bad code', label='x', retention_months=36), which is not a valid "
            "Purpose.",
        ),
        (
            "rostra.E003",
            "the plugin 'sampleplugin' declares the consent purpose 'events', which is not "
            "a valid Purpose.",
        ),
    ]
    monkeypatch.undo()
    assert checks.consent_purposes() == []


def ago(months):
    return timezone.now() - datetime.timedelta(days=round(months * 30.44) + 1)


@pytest.mark.django_db
def test_retention_follows_each_purposes_months_and_ends_those_of_removed_plugins(
    monkeypatch,
):
    person, _ = api.find_or_create(email="retained@example.org")
    api.record_consent(person, purpose="events", granted=True, when=ago(25))
    api.record_consent(person, purpose="newsletter", granted=True, when=ago(25))
    monkeypatch.setattr(purposes, "CORE_PURPOSES", (*purposes.CORE_PURPOSES, Purpose("gone", "")))
    api.record_consent(person, purpose="gone", granted=True, when=ago(37))
    monkeypatch.undo()  # the plugin that declared "gone" is uninstalled
    person.timeline.update(occurred_at=ago(40))

    done = retention.apply()

    assert done["consent expired: events"] == 1  # 24 months, the sample plugin says
    assert done["consent expired: newsletter"] == 0  # 36 months, the core says
    assert done["consent expired: gone"] == 1  # the general default
    assert not api.can_contact(person, "events") and not api.can_contact(person, "gone")
    assert api.can_contact(person, "newsletter")


@pytest.fixture
def subscriber(national_site):
    person, _ = api.find_or_create(email="abonne@example.org", site=national_site)
    for purpose in ("petition_updates", "newsletter", "donation_receipts"):
        api.record_consent(person, purpose=purpose, granted=True)
    api.record_consent(person, purpose="events", channel="sms", granted=True)
    return person


def choices(html):
    return re.findall(r'name="keep" value="(\w+)" checked> ([^<]+)</label>', html)


@pytest.mark.django_db
def test_the_unsubscribe_page_lists_every_email_the_person_receives(client, subscriber):
    html = client.get(unsubscribe.path(subscriber.pk)).content.decode()
    # The core's purpose, then the plugins' (in their order), by their French labels.
    assert choices(html) == [
        ("newsletter", "Nouvelles de la campagne"),
        ("donation_receipts", "Accusés de réception et reçus des dons"),
        ("petition_updates", "Suites des pétitions signées"),
    ]
    html = client.get(unsubscribe.path(subscriber.pk, "petition_updates")).content.decode()
    assert "Ne plus recevoir d'e-mails concernant « Suites des pétitions signées » ?" in (
        unescape(html)
    )


@pytest.mark.django_db
def test_unticked_choices_stop_and_the_others_stay(client, subscriber):
    url = unsubscribe.path(subscriber.pk, "newsletter")
    response = client.post(url, {"choose": "1", "keep": ["newsletter", "donation_receipts"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Vos choix sont enregistrés." in html
    assert [code for code, _label in choices(html)] == ["newsletter", "donation_receipts"]
    assert not api.can_contact(subscriber, "petition_updates")
    assert api.can_contact(subscriber, "newsletter")
    assert api.can_contact(subscriber, "donation_receipts")
    assert api.can_contact(subscriber, "events", "sms")  # other channels are not on this page
    withdrawal = Consent.objects.filter(person=subscriber, granted=False).get()
    assert (withdrawal.purpose, withdrawal.where, withdrawal.wording) == (
        "petition_updates",
        Consent.Where.UNSUBSCRIBE,
        "Décoché sur la page des choix d'e-mails.",
    )


@pytest.mark.django_db
def test_the_purpose_of_a_removed_plugin_is_listed_and_can_be_left(client, subscriber, monkeypatch):
    monkeypatch.setattr(
        purposes, "CORE_PURPOSES", (*purposes.CORE_PURPOSES, Purpose("old_plugin", ""))
    )
    api.record_consent(subscriber, purpose="old_plugin", granted=True)
    monkeypatch.undo()  # the plugin that declared it is uninstalled
    url = unsubscribe.path(subscriber.pk)
    assert ("old_plugin", "old_plugin") in choices(client.get(url).content.decode())
    client.post(url, {"choose": "1", "keep": ["newsletter", "petition_updates"]})
    assert not api.can_contact(subscriber, "old_plugin")


@pytest.mark.django_db
def test_the_persons_page_shows_plugin_purposes_by_their_label(client, admin_user, subscriber):
    client.force_login(admin_user)
    url = reverse("wagtailsnippets_people_person:inspect", args=[subscriber.pk])
    html = client.get(url).content.decode()
    assert "Suites des pétitions signées" in html
    assert "Accusés de réception et reçus des dons" in html
