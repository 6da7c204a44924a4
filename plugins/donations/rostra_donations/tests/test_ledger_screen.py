"""The ledger is Wagtail's listing: filters drawer, sortable columns, pages of
50, its exports, figures in the user's locale, and a treasurer's own sites only."""

import datetime
import io

import openpyxl
import pytest
from django.utils import timezone
from rostra.people import api
from wagtail.users.models import UserProfile

from rostra_donations.models import Donation, DonationStatus, TreasurerLog

pytestmark = pytest.mark.django_db


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content


def gift(site, last_name, amount, *, status=DonationStatus.PAID, days_ago=0, **fields):
    person, _ = api.find_or_create(email=f"{last_name.lower()}@example.org", last_name=last_name)
    moment = timezone.now() - datetime.timedelta(days=days_ago)
    return Donation.objects.create(
        site=site,
        person=person,
        amount=amount,
        first_name="Anne",
        last_name=last_name,
        address_line1="1 rue",
        postcode="69003",
        town="Lyon",
        email=f"{last_name.lower()}@example.org",
        status=status,
        paid_at=moment if status == DonationStatus.PAID else None,
        created_at=moment,
        **fields,
    )


def test_the_ledger_is_wagtails_listing_with_its_filters_drawer(client, admin_user, national_site):
    gift(national_site, "Dupont", 5000)
    client.force_login(admin_user)
    html = client.get("/admin/donations/ledger/").content.decode()
    # Wagtail's drawer, its sortable headers, its export menu.
    assert 'id="filters-drilldown"' in html
    assert "?ordering=amount" in html
    assert "export=xlsx" in html and "export=csv" in html and "export=cnccfp" in html
    assert "Dupont" in html
    # The old raw form is gone.
    assert 'class="donations-filters"' not in html


def test_filters_sorting_and_pages(client, admin_user, national_site):
    for index in range(51):
        gift(national_site, f"Nom{index:02d}", 1000 + index, days_ago=index)
    gift(national_site, "Rembourse", 7000, status=DonationStatus.REFUNDED, refcode="mars")
    client.force_login(admin_user)

    first = client.get("/admin/donations/ledger/?ordering=amount").content.decode()
    assert first.index("Nom00") < first.index("Nom01")
    assert "Nom50" not in first or "Rembourse" not in first  # 52 gifts, 50 a page
    page_two = client.get("/admin/donations/ledger/?ordering=amount&p=2").content.decode()
    assert "Nom50" in page_two and "Rembourse" in page_two and "Nom00" not in page_two

    refunded = client.get("/admin/donations/ledger/results/?status=refunded").content.decode()
    assert "Rembourse" in refunded and "Nom01" not in refunded
    assert "Rembourse" in client.get("/admin/donations/ledger/?refcode=mars").content.decode()
    recent = datetime.date.today() - datetime.timedelta(days=2)
    dated = client.get(f"/admin/donations/ledger/?date_from={recent.isoformat()}").content.decode()
    assert "Nom00" in dated and "Nom02" in dated and "Nom03" not in dated
    searched = client.get("/admin/donations/ledger/?q=Nom07").content.decode()
    assert "Nom07" in searched and "Nom08" not in searched


def test_totals_are_formatted_for_the_locale(client, admin_user, national_site):
    gift(national_site, "Grand", 2_000_000)
    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(admin_user)
    html = client.get("/admin/donations/ledger/").content.decode()
    assert "1 don encaissé, 20\xa0000\xa0€" in html
    assert html.count("20\xa0000\xa0€") == 2  # the amount column too


def test_exports_are_wagtails_and_logged(client, admin_user, national_site):
    gift(national_site, "Dupont", 5000, refcode="newsletter")
    gift(national_site, "Autre", 1000, status=DonationStatus.REFUNDED)
    client.force_login(admin_user)
    csv = body(client.get("/admin/donations/ledger/?export=csv&status=paid")).decode()
    header, *lines = csv.strip().splitlines()
    assert header.startswith("id,site,created_at,paid_at,status")
    assert len(lines) == 1 and "Dupont" in lines[0] and ",50.00," in lines[0]
    xlsx = body(client.get("/admin/donations/ledger/?export=xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 3
    amounts = sorted(row[rows[0].index("amount_eur")] for row in rows[1:])
    assert amounts == [10, 50]  # numbers a spreadsheet adds up
    assert set(TreasurerLog.objects.values_list("action", flat=True)) == {
        "export_csv",
        "export_xlsx",
    }


def test_a_treasurer_sees_only_their_sites_on_every_ledger_url(
    client, treasurer_of, national_site, other_site
):
    gift(national_site, "Nationale", 5000)
    gift(other_site, "Lyonnaise", 5000)
    client.force_login(treasurer_of(other_site))
    for url in (
        "/admin/donations/ledger/",
        "/admin/donations/ledger/results/",
        f"/admin/donations/ledger/?site={national_site.pk}",
        "/admin/donations/ledger/?export=csv",
        "/admin/donations/ledger/?export=xlsx",
        "/admin/donations/ledger/?export=cnccfp",
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.get("Location"))
        content = body(response)
        if url.endswith("xlsx"):
            sheet = openpyxl.load_workbook(io.BytesIO(content)).active
            content = " ".join(str(c) for row in sheet.iter_rows(values_only=True) for c in row)
        else:
            content = content.decode("utf-8-sig")
        assert "Nationale" not in content, url
        if "site=" not in url:
            assert "Lyonnaise" in content, url
    # The site filter offers their own site only.
    html = client.get("/admin/donations/ledger/").content.decode()
    assert f'<option value="{other_site.pk}"' in html
    assert f'<option value="{national_site.pk}"' not in html


@pytest.mark.parametrize(
    "url",
    ["/admin/donations/ledger/", "/admin/donations/sources/", "/admin/donations/reconciliation/"],
)
def test_the_site_filters_name_the_site_without_wagtails_default_flag(
    client, admin_user, national_site, url
):
    gift(national_site, "Dupont", 5000)
    client.force_login(admin_user)
    html = client.get(url, follow=True).content.decode()
    assert ">Élan commun</option>" in html
    assert "[défaut]" not in html and "[default]" not in html
