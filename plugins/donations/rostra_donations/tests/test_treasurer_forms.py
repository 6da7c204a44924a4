"""The treasurer's forms and pages speak the user's language: dates as French
writes them, errors summed up at the top, the gift page without raw ISO times,
and reconciliation opening on the user's own site and today."""

import datetime

import pytest
from django.utils import timezone
from rostra.people import api
from wagtail.users.models import UserProfile

from rostra_donations.models import Donation, DonationStatus

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
    person, _ = api.find_or_create(email="jeanne@example.org")
    moment = timezone.make_aware(datetime.datetime(2026, 3, 2, 14, 5))
    gift = Donation.objects.create(
        site=national_site,
        person=person,
        amount=5000,
        first_name="Jeanne",
        last_name="Dupont",
        address_line1="3 rue",
        postcode="69003",
        town="Lyon",
        status=DonationStatus.PAID,
        paid_at=moment,
        attestations={"at": moment.isoformat(), "statements": ["signed on paper"]},
    )
    html = french_admin.get(f"/admin/donations/ledger/{gift.pk}/").content.decode()
    assert moment.isoformat() not in html and "2026-03-02" not in html
    assert "2 mars 2026 14:05" in html


def test_reconciliation_opens_on_the_users_own_site_and_today(
    french_admin, national_site, other_site
):
    html = french_admin.get("/admin/donations/reconciliation/").content.decode()
    today = timezone.localdate()
    assert f'<option value="{national_site.pk}" selected>' in html
    assert f'value="{today.strftime("%d/%m/%Y")}"' in html or today.strftime("%d/%m/%Y") in html
    heading = f"{national_site.site_name}, {today.day}"
    assert heading in html
    # A French date typed in the field is read.
    html = french_admin.get(
        f"/admin/donations/reconciliation/?site={other_site.pk}&day=07/12/2026"
    ).content.decode()
    assert f"{other_site.site_name}, 7 décembre 2026" in html
