"""Every amount a person types (the donor form, the donor's monthly gift, the
treasurer's refund and offline gift) is read the same way: an absurd,
non-finite or too large amount gets a clear message in their language, never a
server error, and nothing is stored."""

import pytest
from django.contrib.messages import get_messages

from rostra_donations.forms import parse_euros
from rostra_donations.models import Donation, RecurringGift, Refund
from rostra_donations.tests.test_donor_page import link
from rostra_donations.tests.test_giving import session_id

pytestmark = pytest.mark.django_db

NOT_AN_AMOUNT = "Indiquez un montant en euros, par exemple 25 ou 12,50."
TOO_LARGE = "Ce montant est trop élevé : 100\u202f000 € au plus."
ABSURD = {
    "1e30": NOT_AN_AMOUNT,
    "1E+30": NOT_AN_AMOUNT,
    "1e-7": NOT_AN_AMOUNT,
    "NaN": NOT_AN_AMOUNT,
    "sNaN": NOT_AN_AMOUNT,
    "-Infinity": NOT_AN_AMOUNT,
    "-5": NOT_AN_AMOUNT,
    "0x10": NOT_AN_AMOUNT,
    "1_000": NOT_AN_AMOUNT,
    "12.345": NOT_AN_AMOUNT,
    "١٠": NOT_AN_AMOUNT,  # digits, but not the ones anyone types an amount with here
    "5\x00": NOT_AN_AMOUNT,
    "9" * 5000: NOT_AN_AMOUNT,  # more digits than Python reads into a number by default
    "999999999999": TOO_LARGE,
    "100000,01": TOO_LARGE,
}


@pytest.mark.parametrize(
    ("text", "cents"),
    [("12,50", 1250), ("12.5", 1250), ("50 €", 5000), ("1 000", 100_000), ("7.500", None)],
)
def test_amounts_as_people_write_them(text, cents):
    assert parse_euros(text) == cents  # "7.500": 7.50 or 7,500? The donor is asked again.


@pytest.mark.parametrize("field", ["other_amount", "amount_choice"])
@pytest.mark.parametrize("text", list(ABSURD))
def test_donor_form(give, fake_stripe, field, text):
    changes = {"amount_choice": "other", "other_amount": text}
    if field == "amount_choice":
        changes = {"amount_choice": text, "other_amount": ""}
    response = give(**changes)
    assert response.status_code == 200
    html = response.content.decode()
    assert ABSURD[text] in html
    assert not Donation.objects.exists()
    assert not [r for r in fake_stripe.requests if r[1] == "/v1/checkout/sessions"]


def test_donor_form_in_english(give):
    html = give(language="en", amount_choice="other", other_amount="1e30").content.decode()
    assert "Give an amount in euros, for example 25 or 12.50." in html


@pytest.mark.parametrize("text", list(ABSURD))
def test_the_donors_monthly_gift(client, give, fake_stripe, deliver, donation_page, text):
    deliver(fake_stripe.complete(session_id(give(frequency="monthly", amount_choice="20"))))
    gift = RecurringGift.objects.get()
    url = link(client, donation_page)
    response = client.post(url, {"monthly": gift.pk, "action": "change", "amount": text})
    assert response.status_code == 302
    assert [str(m) for m in get_messages(response.wsgi_request)] == [ABSURD[text]]
    gift.refresh_from_db()
    assert gift.amount == 2000


@pytest.fixture
def paid(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give())))
    return Donation.objects.get()


@pytest.mark.parametrize(
    ("text", "message"),
    [("1e30", NOT_AN_AMOUNT), ("NaN", NOT_AN_AMOUNT), ("9" * 12, TOO_LARGE), ("-1", NOT_AN_AMOUNT)],
)
def test_the_treasurers_refund(client, admin_user, paid, text, message):
    client.force_login(admin_user)
    response = client.post(
        f"/admin/donations/ledger/{paid.pk}/", {"action": "refund", "amount": text, "reason": "x"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert not Refund.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("1e30", NOT_AN_AMOUNT),
        ("Infinity", NOT_AN_AMOUNT),
        ("99999999999", TOO_LARGE),
        ("0,001", NOT_AN_AMOUNT),
    ],
)
def test_the_treasurers_offline_gift(
    client, admin_user, national_site, payment_settings, text, message
):
    client.force_login(admin_user)
    response = client.post(
        "/admin/donations/offline/",
        {
            "site": national_site.pk,
            "kind": "gift",
            "method": "cheque",
            "amount": text,
            "paid_at": "2026-03-02",
            "first_name": "Paul",
            "last_name": "Martin",
            "email": "paul@example.org",
            "address_line1": "1 rue",
            "postcode": "75001",
            "town": "Paris",
            "attested": "on",
        },
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert not Donation.objects.exists()


def test_a_link_with_an_absurd_amount_is_ignored(client, donation_page):
    for amount in ("9" * 5000, "²", "1e30"):
        response = client.get(donation_page.url, {"amount": amount})
        assert response.status_code == 200
        assert " checked" not in response.content.decode().split('name="amount_choice"')[1][:80]
