"""Erasure keeps what the law requires under a legal obligation; export lists the gifts."""

import datetime
import io

import pytest
from django.core.management import call_command
from rostra.people import api as people

from rostra_donations import signal_handlers
from rostra_donations.models import Donation
from rostra_donations.tests.test_giving import session_id

pytestmark = pytest.mark.django_db


def test_erasure_keeps_settled_gifts_under_legal_obligation(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give(refcode="mail-1"))))
    give(email="jeanne.dupont@example.org", amount_choice="20")  # abandoned, never paid
    paid, pending = Donation.objects.order_by("pk")
    report = people.erase(paid.person)
    assert any("legal obligation" in line for line in report.done)
    paid.refresh_from_db()
    pending.refresh_from_db()
    assert paid.legal_hold_until.year == paid.paid_at.year + 6
    assert paid.last_name == "Dupont" and paid.postcode == "69003"  # the receipt needs them
    assert paid.email == "" and paid.refcode == "" and paid.ip_hash == ""
    assert pending.last_name == "" and pending.email == "" and pending.attestations == {}


def test_purge_after_retention(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give())))
    gift = Donation.objects.get()
    people.erase(gift.person)
    later = datetime.date(gift.paid_at.year + 7, 1, 1)
    assert signal_handlers.purge_expired(today=later) == 1
    gift.refresh_from_db()
    assert gift.last_name == "" and gift.legal_hold_until is None


def test_daily_retention_run_purges_expired_gifts(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give())))
    gift = Donation.objects.get()
    people.erase(gift.person)
    Donation.objects.filter(pk=gift.pk).update(legal_hold_until=datetime.date(2020, 12, 31))

    out = io.StringIO()
    call_command("purge_donations", "--dry-run", stdout=out)
    assert "donations past their legal retention: 1 (dry run)" in out.getvalue()
    gift.refresh_from_db()
    assert gift.last_name == "Dupont"  # a dry run changes nothing

    out = io.StringIO()
    call_command("apply_retention", stdout=out)  # what the systemd timer runs
    assert "donations past their legal retention: 1" in out.getvalue()
    gift.refresh_from_db()
    assert gift.last_name == "" and gift.postcode == "" and gift.legal_hold_until is None
    out = io.StringIO()
    call_command("purge_donations", stdout=out)
    assert "donations past their legal retention: 0" in out.getvalue()


def test_data_export_lists_the_gifts(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give())))
    person = Donation.objects.get().person
    rows = people.export_data(person)["plugins"]["Dons"]["Dons"]
    assert rows[0]["amount_eur"] == "50.00" and rows[0]["status"] == "paid"


def test_the_erasure_report_says_why_gifts_are_kept(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give())))
    gift = Donation.objects.get()
    people.erase(gift.person)
    erasure = gift.person.timeline.get()
    [kept] = erasure.data["kept_for_legal_obligation"]
    assert kept["until"] == f"{gift.paid_at.year + 6}-12-31"
    assert kept["reason"].startswith("Droit français du financement politique")
