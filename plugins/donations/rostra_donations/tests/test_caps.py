"""The legal cap, checked against the platform's own records."""

import datetime
import threading
from unittest import mock

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone
from rostra.people import api as people

from rostra_donations import caps
from rostra_donations.models import Donation, DonationStatus, PaymentAttempt, PaymentSettings

pytestmark = pytest.mark.django_db

PARIS = datetime.timezone(datetime.timedelta(hours=1))


def paid_gift(
    site,
    amount,
    when,
    *,
    email="jeanne.dupont@example.org",
    first="Jeanne",
    last="Dupont",
    postcode="69003",
    **fields,
):
    person, _ = people.find_or_create(email=email, site=site)
    donation = Donation.objects.create(
        site=site,
        person=person,
        amount=amount,
        first_name=first,
        last_name=last,
        address_line1="1 rue",
        postcode=postcode,
        town="Lyon",
        email=email,
        donor_key=caps.donor_key(first, last, postcode),
        status=DonationStatus.PAID,
        paid_at=when,
        created_at=when,
        **fields,
    )
    PaymentAttempt.objects.create(
        donation=donation, provider="offline", amount=amount, state="paid", paid_at=when
    )
    return donation


def test_gift_over_the_party_cap_is_refused_with_what_remains(give, national_site, fake_stripe):
    paid_gift(national_site, 740_000, timezone.now())
    response = give(amount_choice="200")
    assert response.status_code == 200
    html = response.content.decode()
    assert "100" in html and "7\u202f500" in html
    assert "Vous pouvez encore donner 100\u00a0€." in html
    assert Donation.objects.count() == 1  # nothing new stored
    assert not [r for r in fake_stripe.requests if r[1] == "/v1/checkout/sessions"]


def test_refusal_in_english(give, national_site):
    paid_gift(national_site, 750_000, timezone.now())
    html = give(language="en", amount_choice="10").content.decode()
    assert "You have reached the legal cap of €7\u202f500 this calendar year" in html


def test_a_second_email_address_is_still_the_same_donor(give, national_site):
    paid_gift(national_site, 745_000, timezone.now(), email="jeanne.perso@example.net")
    html = give(amount_choice="100").content.decode()
    assert "50" in html
    assert Donation.objects.count() == 1


def test_pending_gifts_count_until_they_expire(give, national_site, fake_stripe):
    assert give(amount_choice="other", other_amount="7000").status_code == 302
    # Started, not paid: it still holds €7,000 of the cap.
    assert give(amount_choice="other", other_amount="600").status_code == 200
    Donation.objects.filter(status=DonationStatus.PENDING).update(
        created_at=timezone.now() - datetime.timedelta(hours=4)
    )
    assert give(amount_choice="other", other_amount="600").status_code == 302


def test_refunded_gifts_do_not_count(give, national_site):
    gift = paid_gift(national_site, 750_000, timezone.now())
    gift.status = DonationStatus.REFUNDED
    gift.save()
    assert give(amount_choice="50").status_code == 302


def test_cap_across_the_calendar_year_boundary(national_site, donation_page):
    person, _ = people.find_or_create(email="jeanne.dupont@example.org", site=national_site)
    key = caps.donor_key("Jeanne", "Dupont", "69003")
    paid_gift(national_site, 750_000, datetime.datetime(2026, 12, 31, 23, 30, tzinfo=PARIS))
    args = {
        "person": person,
        "key": key,
        "amount": 5000,
        "frequency": "one_off",
        "recipient_kind": "party",
        "jurisdiction": "fr",
    }
    late_december = caps.check(**args, at=datetime.datetime(2026, 12, 31, 23, 50, tzinfo=PARIS))
    assert not late_december.allowed and late_december.remaining == 0
    new_year = caps.check(**args, at=datetime.datetime(2027, 1, 1, 0, 5, tzinfo=PARIS))
    assert new_year.allowed and new_year.remaining == 750_000


def test_monthly_gift_counts_the_rest_of_the_year(national_site, donation_page):
    person, _ = people.find_or_create(email="jeanne.dupont@example.org", site=national_site)
    key = caps.donor_key("Jeanne", "Dupont", "69003")
    args = {
        "person": person,
        "key": key,
        "frequency": "monthly",
        "recipient_kind": "party",
        "jurisdiction": "fr",
    }
    in_march = datetime.datetime(2026, 3, 10, tzinfo=PARIS)  # March to December: 10 months
    assert caps.check(**args, amount=75_000, at=in_march).allowed
    assert not caps.check(**args, amount=75_100, at=in_march).allowed


def test_candidate_cap_is_per_election_across_candidates(national_site, other_site):
    person, _ = people.find_or_create(email="jeanne.dupont@example.org", site=national_site)
    key = caps.donor_key("Jeanne", "Dupont", "69003")
    paid_gift(
        national_site,
        400_000,
        timezone.now(),
        recipient_kind="candidate",
        election="legislatives-2027",
    )
    paid_gift(
        other_site, 50_000, timezone.now(), recipient_kind="candidate", election="municipales-2026"
    )
    args = {
        "person": person,
        "key": key,
        "frequency": "one_off",
        "recipient_kind": "candidate",
        "jurisdiction": "fr",
    }
    same = caps.check(**args, amount=70_000, election="legislatives-2027")
    assert not same.allowed and same.remaining == 60_000
    assert caps.check(**args, amount=70_000, election="europeennes-2029").allowed


def test_permissive_default_has_no_cap(give, national_site):
    PaymentSettings.objects.filter(site=national_site).update(jurisdiction="default")
    paid_gift(national_site, 2_000_000, timezone.now())
    assert give(amount_choice="other", other_amount="9000", nationality=None).status_code == 302


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_concurrent_gifts_crossing_the_cap_at_most_one_is_accepted(
    donation_page, national_site
):
    from django.test import Client

    from rostra_donations.tests.conftest import DONOR

    paid_gift(national_site, 700_000, timezone.now())  # €500 left
    barrier = threading.Barrier(2)
    codes = []
    real_check = caps.check

    def slow_check(**kwargs):
        result = real_check(**kwargs)
        # Widen the race: both requests have read the records before either writes.
        threading.Event().wait(0.3)
        return result

    def give_400():
        try:
            barrier.wait()
            response = Client().post(
                donation_page.url, {**DONOR, "amount_choice": "other", "other_amount": "400"}
            )
            codes.append(response.status_code)
        finally:
            close_old_connections()
            connection.close()

    with mock.patch.object(caps, "check", side_effect=slow_check):
        threads = [threading.Thread(target=give_400) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert sorted(codes) == [200, 302]
    assert Donation.objects.filter(status=DonationStatus.PENDING).count() == 1
