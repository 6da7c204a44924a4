"""The admin: the list and form (Wagtail's ModelViewSet), the review screen
with the exact audience, warnings, preview and test send, sending with the
``mailings.send`` permission only."""

import pytest
from django.core import mail
from django.urls import reverse

from rostra_mailings import advice, stats
from rostra_mailings.models import Mailing


def reads_english(user):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "en"
    profile.save()
    return user


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(reads_english(admin_user))
    return client


def test_the_list_and_its_filters(admin_client, mailing):
    response = admin_client.get(reverse("mailings:index"), {"status": "draft"})
    assert response.status_code == 200
    assert mailing.subject.split("{{")[0].strip() in response.content.decode()
    response = admin_client.get(reverse("mailings:index"), {"status": "sent"})
    assert "Hello" not in response.content.decode()


def test_writing_a_mailing_in_the_admin(admin_client, national_site):
    response = admin_client.post(
        reverse("mailings:add"),
        {
            "site": national_site.pk,
            "subject": "Line one\r\nBcc: x@example.org",
            "purpose": "newsletter",
            "body-count": 0,
        },
    )
    assert response.status_code == 200  # refused: a subject is one line
    assert "one line" in response.content.decode()
    response = admin_client.post(
        reverse("mailings:add"),
        {"site": national_site.pk, "subject": "Saturday", "purpose": "newsletter", "body-count": 0},
    )
    assert response.status_code == 302
    assert Mailing.objects.get(subject="Saturday").status == "draft"


def test_the_review_shows_the_exact_audience_and_a_preview(admin_client, mailing, people):
    response = admin_client.get(reverse("mailings_admin:review", args=[mailing.pk]))
    page = response.content.decode()
    assert "2 people will receive it." in page
    assert "Send to 2 people" in page
    assert "Hello Marie" in page  # the first recipient's fields
    assert page.count("<iframe") == 2 and "width:375px" in page and "width:640px" in page


def test_a_test_goes_to_the_sender_only(admin_client, mailing, people, admin_user):
    admin_client.post(reverse("mailings_admin:test_send", args=[mailing.pk]))
    assert [m.to for m in mail.outbox] == [[admin_user.email]]
    assert mail.outbox[0].subject == "[Test] Hello Marie"
    assert Mailing.objects.get(pk=mailing.pk).status == "draft"


def test_sending_from_the_review(admin_client, mailing, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("mailings_admin:send", args=[mailing.pk]))
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["jean@example.org", "marie@example.org"]
    page = admin_client.get(reverse("mailings_admin:review", args=[mailing.pk])).content.decode()
    assert "<progress" in page and "2 of 2 copies handled (100 %)" in page
    progress = admin_client.get(reverse("mailings_admin:progress", args=[mailing.pk])).json()
    assert progress["percent"] == 100 and progress["status"] == "sent"


def test_without_the_send_permission_nothing_is_sent(client, mailing, people, sender):
    from django.contrib.auth.models import Permission

    sender.user_permissions.remove(Permission.objects.get(codename="send"))
    client.force_login(reads_english(sender))
    page = client.get(reverse("mailings_admin:review", args=[mailing.pk])).content.decode()
    assert "Send to" not in page
    response = client.post(reverse("mailings_admin:send", args=[mailing.pk]))
    assert response.status_code in (302, 403)
    assert mail.outbox == []
    assert Mailing.objects.get(pk=mailing.pk).status == "draft"


def test_a_sent_mailing_cannot_be_edited(admin_client, mailing):
    Mailing.objects.filter(pk=mailing.pk).update(status="sent")
    response = admin_client.get(reverse("mailings:edit", args=[mailing.pk]))
    assert response.status_code in (302, 403)


def test_warnings(mailing, national_site):
    from django.core.files.base import ContentFile
    from rostra.demo import picture
    from wagtail.images import get_image_model

    image = get_image_model().objects.create(
        title="Crowd", file=ContentFile(picture(40, 30, ["#000000"]), name="crowd.png")
    )
    mailing.subject = "x" * 81
    mailing.body = [("image", {"image": image, "alt": "", "link": "http://localhost/nowhere/"})]
    found = " ".join(advice.warnings(mailing))
    assert "81 characters" in found
    assert "no alternative text" in found
    assert "images only" in found
    assert "http://localhost/nowhere/" in found
    mailing.subject = "Short"
    mailing.body = [("text", "Read http://localhost/ and https://example.org/x {{ age }}")]
    assert advice.warnings(mailing) == ["Unknown personal field: age."]


def test_a_team_of_another_site_finds_nothing_of_this_mailing(
    client, mailing, people, sender, other_site
):
    """Every URL of the plugin, as a user whose scope is another site (the
    network plugin's candidates: rostra.scoping). The candidate walk of
    plugins/network does the same with real candidate sites."""
    from wagtail import hooks

    client.force_login(sender)
    pk = mailing.pk
    with hooks.register_temporarily("site_ids_for_user", lambda user: [other_site.pk]):
        listing = client.get(reverse("mailings:index")).content.decode()
        assert "Hello" not in listing
        for name in ("edit", "delete", "history", "usage"):
            assert client.get(reverse(f"mailings:{name}", args=[pk])).status_code in (302, 403)
        for name in ("review", "progress"):
            assert client.get(reverse(f"mailings_admin:{name}", args=[pk])).status_code in (
                302,
                403,
            )
        for name in ("send", "test_send"):
            client.post(reverse(f"mailings_admin:{name}", args=[pk]))
        client.post(reverse("mailings_admin:switch", args=[pk, "cancel"]))
    assert mail.outbox == []
    assert Mailing.objects.get(pk=pk).status == "draft"


@pytest.fixture
def sent_counting_clicks(admin_client, mailing, people, django_capture_on_commit_callbacks):
    """The mailing sent from the review, its clicks counted."""
    from rostra_mailings.models import MailingSettings

    settings = MailingSettings.for_site(mailing.site)
    settings.click_tracking = True
    settings.save()
    Mailing.objects.filter(pk=mailing.pk).update(track_clicks=True)
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("mailings_admin:send", args=[mailing.pk]))
    return mailing


def test_statistics_after_sending(admin_client, sent_counting_clicks):
    from rostra_mailings import clicks

    mailing = sent_counting_clicks
    html = mail.outbox[0].alternatives[0].content
    link = next(url for url in clicks.HREF.findall(html) if "/_mailings/c/" in url)
    response = admin_client.get(link.replace("&amp;", "&").removeprefix("http://localhost"))
    assert response.status_code == 302 and response["Location"] == "https://example.org/march"
    assert "/_people/my-data/" in html  # our own page about the person: not counted
    page = admin_client.get(reverse("mailings_admin:review", args=[mailing.pk])).content.decode()
    assert "Statistics" in page and "https://example.org/march" in page
    figures = {
        row["key"]: row["value"]
        for row in stats.figures(Mailing.objects.get(pk=mailing.pk))["rows"]
    }
    assert figures == {
        "sent": 2,
        "delivered": 2,
        "bounced": 0,
        "failed": 0,
        "unsubscribed": 0,
        "complained": 0,
    }


def test_a_forged_click_token_redirects_nowhere(client, db):
    assert (
        client.get(
            "/_mailings/c/eyJtIjoxLCJ1IjoiaHR0cHM6Ly9ldmlsLmV4YW1wbGUifQ:1x:abc/"
        ).status_code
        == 404
    )


def test_statistics_per_territory(admin_client, sent_counting_clicks, people):
    """Sent, delivered, bounced, unsubscribed, complained and clicks per
    département of the recipients; a click carries the clicker's département,
    never who they are."""
    from rostra.people import api
    from rostra.people.models import Consent

    from rostra_mailings import clicks
    from rostra_mailings.models import LinkClick

    mailing = sent_counting_clicks
    to_marie = next(m for m in mail.outbox if m.to == ["marie@example.org"])
    html = to_marie.alternatives[0].content
    link = next(url for url in clicks.HREF.findall(html) if "/_mailings/c/" in url)
    link = link.replace("&amp;", "&").removeprefix("http://localhost")
    assert link.endswith("?t=69&v=")  # Marie lives in Lyon; no A/B test
    admin_client.get(link)
    admin_client.get(link.replace("?t=69", "?t=<script>"))  # counted, with no territory
    api.record_consent(
        people["jean"], purpose="newsletter", granted=False, where=Consent.Where.UNSUBSCRIBE
    )
    assert sorted(LinkClick.objects.values_list("territory", flat=True)) == ["", "69"]
    rows = {row["code"]: row for row in stats.by_territory(Mailing.objects.get(pk=mailing.pk))}
    assert {code: (row["sent"], row["delivered"], row["clicks"]) for code, row in rows.items()} == {
        "69": (1, 1, 1),
        "59": (1, 1, 0),
        "": (0, 0, 1),
    }
    assert rows["59"]["unsubscribed"] == 1 and rows["69"]["unsubscribed"] == 0
    assert rows["69"]["name"] == "Rhône" and rows["69"]["width"] == 100
    page = admin_client.get(reverse("mailings_admin:review", args=[mailing.pk])).content.decode()
    assert "Per territory" in page and "69 Rhône" in page and "59 Nord" in page
