"""From a received copy: one click (RFC 8058) withdraws the consent with a
ledger row; the token cannot be forged, and replaying it never resubscribes.
A complaint withdraws consent too, with its own ledger row."""

from django.core import mail
from rostra.people import api
from rostra.people.models import Consent

from rostra_mailings import complaints
from rostra_mailings.models import Recipient, Undeliverable


def one_click_url(message):
    return message.extra_headers["List-Unsubscribe"].strip("<>").removeprefix("http://localhost")


def test_one_click_from_the_received_message_writes_a_ledger_row(
    client, mailing, people, admin_user, start
):
    start(mailing, admin_user)
    message = next(m for m in mail.outbox if m.to == ["marie@example.org"])
    response = client.post(one_click_url(message), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    row = Consent.objects.filter(person=people["marie"]).first()
    assert (row.purpose, row.channel, row.granted, row.where) == (
        "newsletter",
        "email",
        False,
        "unsubscribe",
    )
    assert not api.can_contact(people["marie"], "newsletter", "email")


def test_a_forged_token_changes_nothing(client, mailing, people, admin_user, start):
    start(mailing, admin_user)
    message = next(m for m in mail.outbox if m.to == ["marie@example.org"])
    url = one_click_url(message)
    forged = url.replace(url.split("/")[-2], url.split("/")[-2][:-3] + "abc")
    assert client.post(forged).status_code in (400, 404)
    other = url.replace(url.split("/")[-2], "eyJwIjoxLCJ1IjoibmV3c2xldHRlciJ9:1x:abc")
    assert client.post(other).status_code in (400, 404)
    assert api.can_contact(people["marie"], "newsletter", "email")


def test_replaying_the_link_never_resubscribes(client, mailing, people, admin_user, start):
    start(mailing, admin_user)
    url = one_click_url(next(m for m in mail.outbox if m.to == ["marie@example.org"]))
    client.post(url)
    for _ in range(3):
        client.post(url)
        client.get(url)
    rows = Consent.objects.filter(person=people["marie"], purpose="newsletter")
    assert not rows.filter(granted=True, where="unsubscribe").exists()
    assert not api.can_contact(people["marie"], "newsletter", "email")


def test_a_complaint_withdraws_consent_with_a_ledger_row(mailing, people, admin_user, start):
    start(mailing, admin_user)
    copy = Recipient.objects.get(person=people["jean"])
    complaints.record(copy, detail="abuse report")
    complaints.record(copy, detail="abuse report")  # reported twice: one row
    rows = Consent.objects.filter(person=people["jean"], granted=False)
    assert rows.count() == 1
    assert "as spam" in rows.get().wording and rows.get().where_detail.startswith("complaint")
    assert Undeliverable.objects.filter(person=people["jean"], reason="complaint").count() == 1
