"""The admin: the list and form (Wagtail's ModelViewSet), the review screen
with the exact audience, warnings, preview and test send, sending with the
``mailings.send`` permission only."""

import pytest
from django.core import mail
from django.urls import reverse

from rostra_mailings import advice
from rostra_mailings.models import Mailing


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
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
    client.force_login(sender)
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
