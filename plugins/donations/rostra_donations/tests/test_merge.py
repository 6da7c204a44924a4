"""Merging two records of one person: their gifts and monthly gifts follow the
record kept, and the cap is checked on what they gave together."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from rostra.people import api as people
from rostra.people.merging import merge

from rostra_donations import caps
from rostra_donations.models import Donation, Frequency, RecurringGift
from rostra_donations.tests.test_caps import paid_gift

pytestmark = pytest.mark.django_db


def merged(django_capture_on_commit_callbacks, kept, duplicate):
    with django_capture_on_commit_callbacks(execute=True):
        return merge(kept, duplicate)


def party_check(person, keys):
    return caps.check(
        person=person,
        key=keys,
        amount=0,
        frequency=Frequency.ONE_OFF,
        recipient_kind="party",
        jurisdiction="fr",
    )


def test_gifts_and_monthly_gifts_follow_the_person_kept(
    national_site, payment_settings, django_capture_on_commit_callbacks
):
    now = timezone.now()
    kept_gift = paid_gift(national_site, 10_000, now)
    # The same person, giving under another address and a married name.
    other = paid_gift(
        national_site,
        5_000,
        now,
        email="j.martin@example.net",
        last="Martin",
        postcode="75011",
    )
    monthly = RecurringGift.objects.create(
        site=national_site, person=other.person, amount=1000, provider="stripe", state="active"
    )
    Donation.objects.filter(pk=other.pk).update(recurring=monthly)
    kept, duplicate = kept_gift.person, other.person
    merged(django_capture_on_commit_callbacks, kept, duplicate)
    assert not Donation.objects.filter(person=duplicate).exists()
    assert not RecurringGift.objects.filter(person=duplicate).exists()
    assert set(kept.donations.values_list("pk", flat=True)) == {kept_gift.pk, other.pk}
    assert kept.recurring_gifts.get() == monthly
    assert not mail.outbox  # under the cap: no alert
    assert not Donation.objects.filter(over_cap=True).exists()


def test_merged_total_over_the_cap_flags_the_excess_and_alerts_the_treasurer(
    give, national_site, payment_settings, django_capture_on_commit_callbacks
):
    now = timezone.now()
    first = paid_gift(national_site, 500_000, now - datetime.timedelta(days=20))
    second = paid_gift(
        national_site,
        400_000,
        now - datetime.timedelta(days=2),
        email="j.martin@example.net",
        last="Martin",
        postcode="75011",
    )
    keys = [first.donor_key, second.donor_key]
    # Apart, each record is under the €7,500 cap.
    assert party_check(first.person, first.donor_key).allowed
    assert party_check(second.person, second.donor_key).allowed
    mail.outbox.clear()

    merged(django_capture_on_commit_callbacks, first.person, second.person)

    kept = people.find("jeanne.dupont@example.org")
    assert party_check(kept, keys).committed == 900_000
    second.refresh_from_db()
    first.refresh_from_db()
    assert second.over_cap and not first.over_cap  # the gift that crossed it
    (alert,) = [m for m in mail.outbox if m.to == ["tresorerie@example.org"]]
    assert "plafond" in alert.subject
    assert "9\u202f000" in alert.body and "7\u202f500" in alert.body
    assert f"{second.pk}" in alert.body and "over_cap=1" in alert.body
    # The donor's next gift is checked on the merged total: refused.
    response = give(amount_choice="10")
    assert response.status_code == 200
    assert "plafond légal" in response.content.decode()
    assert Donation.objects.count() == 2
