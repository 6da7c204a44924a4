"""The treasurer's tools: permission, ledger, exports, refunds, offline gifts,
reconciliation."""

import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission

from rostra_donations.models import Donation, DonationStatus, Refund, TreasurerLog
from rostra_donations.tests.test_giving import session_id

pytestmark = pytest.mark.django_db


def body(response):
    """The text of a page or of a streamed export."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


@pytest.fixture
def paid(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give(refcode="newsletter-mars"))))
    return Donation.objects.get()


@pytest.fixture
def treasurer(django_user_model, national_site):
    user = django_user_model.objects.create_user("tresorier", "t@example.org", "pw")
    group = Group.objects.create(name="Trésorerie nationale")
    group.permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="treasurer", content_type__app_label="donations"),
    )
    GroupPagePermission.objects.create(
        group=group,
        page=national_site.root_page,
        permission=Permission.objects.get(codename="change_page"),
    )
    user.groups.add(group)
    return user


@pytest.fixture
def editor(django_user_model):
    user = django_user_model.objects.create_user("redacteur", "r@example.org", "pw")
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


def test_ledger_and_exports_need_the_treasurer_permission(client, editor, paid):
    client.force_login(editor)
    for url in (
        "/admin/donations/ledger/",
        "/admin/donations/ledger/?export=csv",
        f"/admin/donations/ledger/{paid.pk}/",
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, "/admin/")


def test_treasurer_of_another_site_sees_nothing_of_this_one(client, treasurer, paid, other_site):
    group = treasurer.groups.get()
    GroupPagePermission.objects.filter(group=group).update(page=other_site.root_page)
    client.force_login(treasurer)
    assert "Dupont" not in client.get("/admin/donations/ledger/").content.decode()
    assert client.get(f"/admin/donations/ledger/{paid.pk}/").status_code == 404
    assert "Dupont" not in body(client.get("/admin/donations/ledger/?export=csv"))


def test_ledger_filters_and_exports(client, treasurer, paid):
    client.force_login(treasurer)
    html = client.get("/admin/donations/ledger/?refcode=newsletter-mars").content.decode()
    assert "Jeanne Dupont" in html
    assert (
        "Jeanne Dupont"
        not in client.get("/admin/donations/ledger/?status=refunded").content.decode()
    )
    csv = body(client.get("/admin/donations/ledger/?export=csv"))
    assert "Dupont" in csv and "50.00" in csv and "newsletter-mars" in csv
    xlsx = b"".join(client.get("/admin/donations/ledger/?export=xlsx").streaming_content)
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert "Dupont" in values
    tsv = client.get("/admin/donations/ledger/?export=cnccfp").content.decode()
    header, line = tsv.strip().split("\r\n")
    columns = dict(zip(header.split("\t"), line.split("\t"), strict=True))
    assert columns["nom"] == "Dupont" and columns["montant"] == "50,00"
    assert columns["type_paiement"] == "CB" and columns["code_postal"] == "69003"
    assert TreasurerLog.objects.filter(action="export_cnccfp").exists()


def test_refund_by_the_treasurer_is_logged(client, treasurer, paid, fake_stripe):
    client.force_login(treasurer)
    response = client.post(
        f"/admin/donations/ledger/{paid.pk}/",
        {"action": "refund", "amount": "50", "reason": "Demande du donateur"},
    )
    assert response.status_code == 302
    paid.refresh_from_db()
    assert paid.status == DonationStatus.REFUNDED
    refund = Refund.objects.get()
    assert refund.requested_by == treasurer and refund.provider_ref.startswith("re_")
    assert [p for m, path, p in fake_stripe.requests if path == "/v1/refunds"][0][
        "amount"
    ] == "5000"
    assert TreasurerLog.objects.filter(action="refund", user=treasurer).exists()
    assert paid.acknowledgement.voided_at is not None


def test_refund_above_what_was_paid_is_refused(client, treasurer, paid):
    client.force_login(treasurer)
    response = client.post(
        f"/admin/donations/ledger/{paid.pk}/", {"action": "refund", "amount": "80", "reason": "x"}
    )
    assert response.status_code == 200
    assert not Refund.objects.exists()


def test_offline_cheque_enters_the_ledger_and_is_acknowledged(
    client, treasurer, national_site, payment_settings, django_capture_on_commit_callbacks
):
    client.force_login(treasurer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/donations/offline/",
            {
                "site": national_site.pk,
                "kind": "gift",
                "method": "cheque",
                "amount": "150",
                "paid_at": "2026-03-02",
                "bank_reference": "CHQ 0012345",
                "first_name": "Paul",
                "last_name": "Martin",
                "email": "paul@example.org",
                "address_line1": "2 place du Marché",
                "postcode": "13001",
                "town": "Marseille",
                "attested": "on",
            },
        )
    assert response.status_code == 302
    gift = Donation.objects.get()
    assert gift.status == DonationStatus.PAID and gift.method == "cheque"
    assert gift.acknowledgement.pdf
    assert TreasurerLog.objects.filter(action="offline_gift").exists()


def test_reconciliation_matches_provider_and_ledger(client, treasurer, paid):
    client.force_login(treasurer)
    day = paid.paid_at.astimezone().date().isoformat()
    html = client.get(f"/admin/donations/reconciliation/?day={day}").content.decode()
    assert "50" in html
    assert "Le registre et le prestataire concordent pour ce jour." in html


def test_sources_report_counts_visits_and_gifts(client, treasurer, paid, donation_page):
    client.get(donation_page.url + "?refcode=newsletter-mars")
    client.get(donation_page.url + "?refcode=newsletter-mars")
    client.force_login(treasurer)
    html = client.get("/admin/donations/sources/").content.decode()
    assert "newsletter-mars" in html
    assert re.search(r"<td[^>]*>\s*0,50\s*</td>", html)  # 1 gift from 2 visits
    assert "Conversion" not in html and " %</td>" not in html
