"""A gift from the donation page to a confirmed, acknowledged payment."""

import pytest
from django.core import mail
from rostra import signals

from rostra_donations.models import Acknowledgement, Donation, DonationStatus, PaymentAttempt

pytestmark = pytest.mark.django_db


def session_id(response):
    assert response.status_code == 302, response.content.decode()[:2000]
    return response["Location"].rstrip("/").rsplit("/", 1)[-1]


def test_page_shows_amounts_thermometer_and_legal_wording(client, donation_page):
    html = client.get(donation_page.url).content.decode()
    for amount in ("10 €", "20 €", "50 €", "100 €"):
        assert amount in html
    assert "<progress" in html and 'max="10000"' in html
    assert "article 11-4" in html and "7 500 euros" in html
    assert "Association de financement d&#x27;Élan commun" in html
    assert "style=" not in html


def test_one_off_card_gift_is_confirmed_once_and_acknowledged(
    client, give, fake_stripe, deliver, national_site
):
    confirmed = []

    def receiver(sender, site, donation, **kwargs):
        confirmed.append(donation.pk)

    signals.donation_confirmed.connect(receiver)
    try:
        cs = session_id(give())
        donation = Donation.objects.get()
        assert donation.status == DonationStatus.PENDING
        created = [p for m, path, p in fake_stripe.requests if path == "/v1/checkout/sessions"]
        assert created[0]["mode"] == "payment"
        assert created[0]["line_items"][0]["price_data"]["unit_amount"] == "5000"
        assert created[0]["payment_method_types"] == ["card", "sepa_debit"]

        events = fake_stripe.complete(cs, method="card")
        deliver(events)
        deliver(events)  # the same event again: ignored
        donation.refresh_from_db()
        assert donation.status == DonationStatus.PAID
        assert donation.method == "card"
        assert confirmed == [donation.pk]
        _the_timeline_says_it_in_each_readers_language(donation)
        ack = Acknowledgement.objects.get(donation=donation)
        assert ack.reference.endswith("-00001")
        message = [m for m in mail.outbox if m.to == ["jeanne.dupont@example.org"]][0]
        assert message.attachments[0][0] == ack.filename
        assert message.attachments[0][1][:4] == b"%PDF"
    finally:
        signals.donation_confirmed.disconnect(receiver)
    thanks = client.get(f"{donation_page_url(donation)}merci/{donation.token}/")
    assert "est confirmé" in thanks.content.decode()


def _the_timeline_says_it_in_each_readers_language(donation):
    from django.utils import translation
    from rostra.people.models import TimelineEntry

    gift = donation.person.timeline.get(kind=TimelineEntry.Kind.GIFT)
    with translation.override("fr"):
        assert gift.text == "A donné 50,00 EUR"
    with translation.override("en"):
        assert gift.text == "Gave 50.00 EUR"


def donation_page_url(donation):
    return donation.page.url


def test_sepa_gift_is_paid_only_when_the_debit_clears(give, fake_stripe, deliver):
    cs = session_id(give())
    deliver(fake_stripe.complete(cs, method="sepa_debit"))
    donation = Donation.objects.get()
    assert donation.status == DonationStatus.PROCESSING
    assert not Acknowledgement.objects.exists()
    deliver(fake_stripe.settle(cs, succeeded=True))
    donation.refresh_from_db()
    assert donation.status == DonationStatus.PAID
    assert Acknowledgement.objects.filter(donation=donation).exists()


def test_sepa_debit_that_fails_fails_the_gift(give, fake_stripe, deliver):
    cs = session_id(give())
    deliver(fake_stripe.complete(cs, method="sepa_debit"))
    deliver(fake_stripe.settle(cs, succeeded=False))
    donation = Donation.objects.get()
    assert donation.status == DonationStatus.FAILED
    assert donation.attempts.get().state == PaymentAttempt.State.FAILED
