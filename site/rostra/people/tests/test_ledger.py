"""Several consent choices at once (api.record_consents): the same ledger rows,
states, timeline entries and signals as one record_consent per choice."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import RequestFactory
from django.utils import timezone

from rostra import signals
from rostra.people import api
from rostra.people.ledger import Choice
from rostra.people.models import Consent, ConsentState, TimelineEntry


def _state(person, purpose, channel="email"):
    return ConsentState.objects.get(person=person, purpose=purpose, channel=channel)


@pytest.mark.django_db
def test_the_same_rows_as_one_record_consent_per_choice(national_site):
    one, _ = api.find_or_create(email="one@example.org")
    many, _ = api.find_or_create(email="many@example.org")
    request = RequestFactory().post("/", REMOTE_ADDR="192.0.2.5", HTTP_USER_AGENT="Firefox")
    when = timezone.now() - datetime.timedelta(minutes=5)
    choices = [
        Choice("petition_updates", True, wording="Des nouvelles de la pétition"),
        Choice("newsletter", True, wording="La lettre", channel="email"),
    ]
    where = {"where_detail": "https://example.org/p/", "site": national_site, "when": when}
    for choice in choices:
        api.record_consent(
            one,
            purpose=choice.purpose,
            granted=choice.granted,
            wording=choice.wording,
            channel=choice.channel,
            request=request,
            **where,
        )
    rows = api.record_consents(many, choices, request=request, **where)

    def ledger(person):
        fields = ["purpose", "channel", "granted", "wording", "where", "where_detail"]
        fields += ["site", "ip_hash", "user_agent", "recorded_at"]
        return list(Consent.objects.filter(person=person).order_by("pk").values_list(*fields))

    assert ledger(many) == ledger(one)
    assert [row.pk for row in rows] == list(
        Consent.objects.filter(person=many).order_by("pk").values_list("pk", flat=True)
    )
    assert ledger(many)[0][-3] == api.hash_ip("192.0.2.5") and ledger(many)[0][-2] == "Firefox"

    def states(person):
        return sorted(
            ConsentState.objects.filter(person=person).values_list(
                "purpose", "channel", "granted", "recorded_at"
            )
        )

    assert states(many) == states(one)
    assert api.can_contact(many, "newsletter") and api.can_contact(many, "petition_updates")

    def consent_entries(person):
        entries = TimelineEntry.objects.filter(person=person, kind=TimelineEntry.Kind.CONSENT)
        return sorted(entries.values_list("summary", "message", "params", "data", "occurred_at"))

    assert consent_entries(many) == consent_entries(one) and len(consent_entries(many)) == 2


@pytest.mark.django_db
def test_the_state_keeps_the_latest_choice(national_site):
    person, _ = api.find_or_create(email="a@example.org")
    api.record_consents(person, [Choice("newsletter", True)])
    # A back-dated row (an old export) does not override a newer choice...
    old = timezone.now() - datetime.timedelta(days=30)
    api.record_consents(person, [Choice("newsletter", False)], when=old)
    assert api.can_contact(person, "newsletter")
    # ...a newer one does, and within one call the last choice for a purpose wins.
    api.record_consents(person, [Choice("newsletter", True), Choice("newsletter", False)])
    assert not api.can_contact(person, "newsletter")
    latest = Consent.objects.filter(person=person).order_by("-pk").first()
    assert _state(person, "newsletter").consent_id == latest.pk
    assert Consent.objects.filter(person=person).count() == 4  # the ledger keeps every row
    assert api.record_consents(person, []) == []


@pytest.mark.django_db
def test_plugins_hear_of_each_choice(national_site):
    person, _ = api.find_or_create(email="a@example.org")
    heard = []

    def receiver(sender, consent, **kwargs):
        heard.append((consent.pk, consent.purpose))

    signals.consent_changed.connect(receiver, dispatch_uid="test-ledger-heard")
    try:
        rows = api.record_consents(
            person, [Choice("newsletter", True), Choice("events", False)], site=national_site
        )
    finally:
        signals.consent_changed.disconnect(dispatch_uid="test-ledger-heard")
    assert heard == [(rows[0].pk, "newsletter"), (rows[1].pk, "events")]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_choices_leave_one_state_on_the_latest_row():
    person, _ = api.find_or_create(email="a@example.org")
    start = threading.Barrier(4)
    errors = []

    def choose(granted):
        try:
            start.wait()
            api.record_consents(person, [Choice("newsletter", granted)])
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=choose, args=(n % 2 == 0,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    rows = list(Consent.objects.filter(person=person).order_by("recorded_at", "pk"))
    assert len(rows) == 4
    state = _state(person, "newsletter")
    assert state.consent_id == rows[-1].pk and state.granted == rows[-1].granted
