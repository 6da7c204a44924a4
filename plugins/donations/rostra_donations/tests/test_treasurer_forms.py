"""The treasurer's forms and pages speak the user's language: dates as French
writes them, errors summed up at the top, the gift page without raw ISO times,
and reconciliation opening on the user's own site and today."""

import datetime

import pytest
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.users.models import UserProfile

from rostra_donations.models import Donation
from rostra_donations.tests.test_ledger_screen import gift

pytestmark = pytest.mark.django_db

OFFLINE = {
    "kind": "gift",
    "method": "cheque",
    "amount": "150",
    "bank_reference": "CHQ 0012345",
    "first_name": "Paul",
    "last_name": "Martin",
    "email": "paul@example.org",
    "address_line1": "2 place du Marché",
    "postcode": "13001",
    "town": "Marseille",
    "attested": "on",
}


@pytest.fixture
def french_admin(client, admin_user):
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(admin_user)
    return client


def test_an_offline_gift_dated_the_french_way(
    french_admin, national_site, django_capture_on_commit_callbacks
):
    form = french_admin.get("/admin/donations/offline/").content.decode()
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f'value="{today}"' in form  # shown as French writes it, in Wagtail's date picker
    with django_capture_on_commit_callbacks(execute=True):
        response = french_admin.post(
            "/admin/donations/offline/",
            {**OFFLINE, "site": national_site.pk, "paid_at": "07/12/2026"},
        )
    assert response.status_code == 302
    gift = Donation.objects.get()
    assert timezone.localtime(gift.paid_at).date() == datetime.date(2026, 12, 7)


def test_offline_gift_errors_are_summed_up_at_the_top(french_admin, national_site):
    response = french_admin.post(
        "/admin/donations/offline/",
        {**OFFLINE, "site": national_site.pk, "paid_at": "31/02/2026", "amount": "0"},
        follow=True,
    )
    html = response.content.decode()
    assert not Donation.objects.exists()
    top = html.index("Le don n’a pas pu être enregistré en raison d’erreurs.")
    assert top < html.index('name="paid_at"')
    assert "Saisissez une date valide." in html


def test_the_gift_page_shows_no_raw_iso_time(french_admin, national_site):
    moment = timezone.make_aware(datetime.datetime(2026, 3, 2, 14, 5))
    donation = gift(
        national_site,
        "Dupont",
        5000,
        attestations={"at": moment.isoformat(), "statements": ["signed on paper"]},
    )
    Donation.objects.filter(pk=donation.pk).update(paid_at=moment)
    html = french_admin.get(f"/admin/donations/ledger/{donation.pk}/").content.decode()
    assert moment.isoformat() not in html and "2026-03-02" not in html
    assert "2 mars 2026 14:05" in html


def test_reconciliation_opens_on_the_users_own_site_and_today(
    french_admin, national_site, other_site
):
    gift(national_site, "Chequier", 2_000_000, method="cheque")
    html = french_admin.get("/admin/donations/reconciliation/").content.decode()
    today = date_format(timezone.localdate(), "DATE_FORMAT")
    assert f"{national_site.site_name}, {today}" in html
    assert 'id="filters-drilldown"' in html  # Wagtail's report listing, its filters drawer
    assert "Chequier" in html and "20\xa0000\xa0€" in html
    # Another site and a day typed the French way, in the drawer's fields.
    html = french_admin.get(
        f"/admin/donations/reconciliation/results/?site={other_site.pk}&day=07/12/2026"
    ).content.decode()
    assert f"{other_site.site_name}, 7 décembre 2026" in html and "Chequier" not in html
    csv = b"".join(
        french_admin.get("/admin/donations/reconciliation/?export=csv").streaming_content
    ).decode()
    assert "Chequier" in csv and "20000.0" in csv


def test_a_treasurer_reconciles_only_their_sites(client, treasurer_of, national_site, other_site):
    client.force_login(treasurer_of(other_site))
    for url in (
        "/admin/donations/reconciliation/",
        f"/admin/donations/reconciliation/results/?site={national_site.pk}",
    ):
        html = client.get(url).content.decode()
        assert national_site.site_name not in html, url
        assert other_site.site_name in html, url
