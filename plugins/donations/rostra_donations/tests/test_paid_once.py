"""A checkout already paid is never paid again: a donor who comes back (back
button, the same form posted again, the cancel link of a page already paid)
sees the receipt of their gift, never a second payment."""

import re

import pytest

from rostra_donations.models import Donation, DonationStatus, PaymentSettings
from rostra_donations.tests.conftest import DONOR

pytestmark = pytest.mark.django_db


def sessions_made(fake_stripe):
    return [r for r in fake_stripe.requests if r[:2] == ("post", "/v1/checkout/sessions")]


@pytest.fixture
def form(client, donation_page):
    """The donation form as the donor's browser holds it: its fields and its own key."""
    html = client.get(donation_page.url).content.decode()
    key = re.search(r'name="checkout" value="([0-9a-f-]{36})"', html)
    assert key, "the form carries its own checkout key"
    return {**DONOR, "checkout": key.group(1)}


def test_every_form_carries_a_key_of_its_own(client, donation_page):
    """Never shared through a cache: another visitor's key would show them another's receipt."""
    keys = set()
    for _visit in range(2):
        response = client.get(donation_page.url)
        assert "public" not in response.get("Cache-Control", "")
        keys.add(re.search(r'name="checkout" value="([^"]+)"', response.content.decode()).group(1))
    assert len(keys) == 2


def post(client, page, data):
    return client.post(page.url, data)


def session_in(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_the_same_form_posted_again_after_paying_shows_the_receipt(
    client, form, donation_page, fake_stripe, deliver
):
    deliver(fake_stripe.complete(session_in(post(client, donation_page, form))))
    gift = Donation.objects.get()
    again = post(client, donation_page, form)  # back button, "resend the form?"
    assert again.status_code == 302
    assert again["Location"].endswith(f"{donation_page.url}merci/{gift.token}/")
    assert len(sessions_made(fake_stripe)) == 1 and Donation.objects.count() == 1
    receipt = client.get(again["Location"]).content.decode()
    assert "Votre don de 50\u00a0€ est confirmé." in receipt


def test_paid_but_not_yet_reported_the_form_posted_again_still_shows_the_receipt(
    client, form, donation_page, fake_stripe
):
    """The webhook is late: Rostra asks Stripe, which says the checkout is paid."""
    fake_stripe.complete(session_in(post(client, donation_page, form)))  # not delivered yet
    again = post(client, donation_page, form)
    gift = Donation.objects.get()
    assert again["Location"].endswith(f"merci/{gift.token}/")
    assert gift.status == DonationStatus.PAID
    assert len(sessions_made(fake_stripe)) == 1


def test_an_unpaid_form_posted_again_closes_its_first_checkout(
    client, form, donation_page, fake_stripe, deliver
):
    first_session = session_in(post(client, donation_page, form))
    second_session = session_in(post(client, donation_page, {**form, "amount_choice": "100"}))
    assert second_session != first_session
    # The first checkout can no longer be paid: Stripe expired it.
    assert fake_stripe.get(first_session)["status"] == "expired"
    first, second = Donation.objects.order_by("pk")
    assert first.status == DonationStatus.CANCELLED and first.checkout_key is None
    assert second.amount == 10_000 and str(second.checkout_key) == form["checkout"]
    deliver(fake_stripe.complete(second_session))
    third = post(client, donation_page, form)
    assert third["Location"].endswith(f"merci/{second.token}/")
    assert Donation.objects.count() == 2


def test_the_cancel_link_of_a_paid_gift_shows_its_receipt(
    client, give, donation_page, fake_stripe, deliver
):
    deliver(fake_stripe.complete(session_in(give())))
    gift = Donation.objects.get()
    response = client.get(f"{donation_page.url}annule/{gift.token}/")
    assert response["Location"].endswith(f"merci/{gift.token}/")
    gift.refresh_from_db()
    assert gift.status == DonationStatus.PAID


def test_the_cancel_link_closes_the_checkout_for_good(client, give, donation_page, fake_stripe):
    session = session_in(give())
    gift = Donation.objects.get()
    response = client.get(f"{donation_page.url}annule/{gift.token}/")
    assert response["Location"].endswith("?cancelled=1")
    assert fake_stripe.get(session)["status"] == "expired"
    gift.refresh_from_db()
    assert gift.status == DonationStatus.CANCELLED


def test_test_mode_page_of_a_paid_checkout_leads_to_the_receipt(
    client, donation_page, national_site, settings, django_capture_on_commit_callbacks
):
    PaymentSettings.objects.filter(site=national_site).update(
        stripe_secret_key_sealed="", stripe_webhook_secret_sealed=""
    )
    settings.DONATIONS_TEST_MODE = True
    checkout = client.post(donation_page.url, DONOR)["Location"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(checkout, {"action": "card"})
    gift = Donation.objects.get()
    for method in (client.get, client.post):
        response = (
            method(checkout, {"action": "card"}) if method == client.post else method(checkout)
        )
        assert response["Location"].endswith(f"merci/{gift.token}/")
    assert Donation.objects.get().status == DonationStatus.PAID
