"""The donor's page, through an emailed, expiring link."""

import base64
import re

import pytest
from django.core import mail, signing

from rostra_donations.models import RecurringGift
from rostra_donations.tests.test_giving import session_id

pytestmark = pytest.mark.django_db


def link(client, page, email="jeanne.dupont@example.org"):
    mail.outbox.clear()
    client.post(page.url + "mes-dons/", {"email": email})
    found = [m for m in mail.outbox if m.to == [email]]
    if not found:
        return None
    return re.search(r"https?://\S+/mes-dons/\S+/", found[0].body).group(0)


def test_donor_sees_gifts_and_downloads_acknowledgement(
    client, give, fake_stripe, deliver, donation_page
):
    deliver(fake_stripe.complete(session_id(give())))
    url = link(client, donation_page)
    html = client.get(url).content.decode()
    assert "50 €" in html
    pdf_url = re.search(r'href="([^"]+/accuse-[^"]+)"', html).group(1)
    response = client.get(pdf_url)
    assert response.status_code == 200 and b"".join(response.streaming_content)[:4] == b"%PDF"


def test_unknown_address_gets_no_email_and_the_same_answer(client, donation_page):
    response = client.post(donation_page.url + "mes-dons/", {"email": "nobody@example.org"})
    assert "Si cette adresse a fait un don" in response.content.decode()
    assert not mail.outbox


def test_expired_or_forged_link_is_refused(
    client, give, fake_stripe, deliver, donation_page, settings
):
    deliver(fake_stripe.complete(session_id(give())))
    url = link(client, donation_page)
    settings.DONATIONS_DONOR_LINK_HOURS = 0
    assert client.get(url).status_code == 403
    forged = (
        base64.urlsafe_b64encode(signing.dumps({"p": 1, "s": 1}, salt="another-salt").encode())
        .decode()
        .rstrip("=")
    )
    assert client.get(donation_page.url + f"mes-dons/{forged}/").status_code == 403


def test_donor_changes_then_cancels_a_monthly_gift(
    client, give, fake_stripe, deliver, donation_page
):
    cs = session_id(give(frequency="monthly", amount_choice="20"))
    deliver(fake_stripe.complete(cs))
    gift = RecurringGift.objects.get()
    url = link(client, donation_page)
    client.post(url, {"monthly": gift.pk, "action": "change", "amount": "15"})
    gift.refresh_from_db()
    assert gift.amount == 1500
    subscription = fake_stripe.get(gift.subscription_ref)
    assert subscription["items"]["data"][0]["price"]["unit_amount"] == 1500
    response = client.post(url, {"monthly": gift.pk, "action": "cancel"}, follow=True)
    assert "Votre don mensuel est arrêté" in response.content.decode()
    gift.refresh_from_db()
    assert gift.state == RecurringGift.State.CANCELLED
    assert fake_stripe.get(gift.subscription_ref)["status"] == "canceled"
