"""The outbox's message page shows an email as its reader gets it."""

import datetime

import pytest
from django.urls import reverse

from rostra.mail.models import OutboxMessage
from rostra.mail.sending import render_message

pytestmark = pytest.mark.django_db
OUTBOX = {"default": {"BACKEND": "rostra.mail.backends.OutboxBackend"}}


@pytest.fixture
def kept(settings, national_site):
    settings.MAILERS = OUTBOX
    settings.TIME_ZONE = "Europe/Paris"
    message = render_message(
        "people_data_link",
        to="camille@example.org",
        context={"path": "/mes-donnees/abc/", "days": 7},
        language="fr",
        site=national_site,
    )
    message.extra_headers["List-Unsubscribe"] = "<http://localhost/u/" + "x" * 300 + "/>"
    message.attach("recu-EC-2026-00001.pdf", b"%PDF-1.4 receipt", "application/pdf")
    message.send()
    kept = OutboxMessage.objects.get()
    # 10:30 UTC is 11:30 in Paris in winter.
    kept.created_at = datetime.datetime(2026, 12, 7, 10, 30, tzinfo=datetime.UTC)
    kept.save()
    return kept


def test_the_message_page_keeps_lines_links_headers_and_attachments(client, admin_user, kept):
    client.force_login(admin_user)
    page = client.get(reverse("outbox:inspect", args=[kept.pk])).content.decode()
    assert "white-space:pre-wrap" in page  # line breaks kept
    assert '<a href="http://localhost/mes-donnees/abc/" rel="nofollow">' in page
    assert "overflow-wrap:anywhere" in page  # a long header wraps
    assert "recu-EC-2026-00001.pdf" in page
    assert "11:30" in page and "10:30" not in page  # the site's time zone
    assert '<iframe sandbox=""' in page  # the HTML part, with no script
    url = reverse("outbox_attachment", args=[kept.pk, 0])
    assert f'href="{url}"' in page
    download = client.get(url)
    assert download.content == b"%PDF-1.4 receipt"
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="recu-EC-2026-00001.pdf"' in download["Content-Disposition"]
    assert client.get(reverse("outbox_attachment", args=[kept.pk, 1])).status_code == 404


def test_only_superusers_read_it_and_only_where_mail_is_kept(
    client, admin_user, django_user_model, kept, settings
):
    staff = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)
    url = reverse("outbox_attachment", args=[kept.pk, 0])
    assert client.get(url).status_code in (302, 403)
    assert client.get(reverse("outbox:inspect", args=[kept.pk])).status_code in (302, 403)
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    client.force_login(admin_user)
    assert client.get(reverse("outbox:inspect", args=[kept.pk])).status_code in (302, 403)


def test_the_outbox_is_a_wagtail_listing_with_filters_and_local_times(client, admin_user, kept):
    OutboxMessage.objects.create(
        to="dominique@example.org",
        from_email="noreply@example.org",
        subject="Autre sujet",
        body="x",
        created_at=datetime.datetime(2026, 11, 2, 9, 0, tzinfo=datetime.UTC),
    )
    client.force_login(admin_user)
    url = reverse("outbox:index")
    page = client.get(url).content.decode()
    assert 'id="filters-drilldown"' in page
    assert "export=xlsx" in page and "export=csv" in page
    assert "camille@example.org" in page and "dominique@example.org" in page
    assert "11:30" in page  # the site's time zone
    assert "?ordering=subject" in page  # a sortable column
    dated = client.get(url, {"created_at_from": "2026-12-01"}).content.decode()
    assert "camille@example.org" in dated and "dominique@example.org" not in dated
    found = client.get(url, {"q": "dominique"}).content.decode()
    assert "dominique@example.org" in found and "camille@example.org" not in found


def test_the_outbox_export_writes_no_formula(client, admin_user, kept):
    kept.subject = '=HYPERLINK("https://evil.example/")'
    kept.save()
    client.force_login(admin_user)
    response = client.get(reverse("outbox:index"), {"export": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    assert "'=HYPERLINK" in text
    assert "2026-12-07 11:30" in text  # the site's time zone
    assert ",=" not in text and '"=' not in text


def test_only_superusers_see_the_list(client, django_user_model, kept):
    staff = django_user_model.objects.create_user("staff", password="pw", is_staff=True)
    client.force_login(staff)
    response = client.get(reverse("outbox:index"))
    assert response.status_code in (302, 403)
    assert "camille@example.org" not in response.content.decode()
