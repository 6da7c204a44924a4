"""The SMS screens: the list and the form with its part counter (a
self-hosted script, no inline one), the review with the exact audience, a
recipient's copy and the quiet hours, sending with progress, pause, resume
and cancel, the test provider's outbox; another site's team finds nothing."""

import pytest
from django.urls import reverse
from django.utils import translation
from wagtail import hooks

from rostra_mailings.sms import text
from rostra_mailings.sms.models import SmsBroadcast, SmsMessage
from rostra_mailings.tests.test_admin import reads_english


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(reads_english(admin_user))
    return client


def test_the_form_counts_parts_without_an_inline_script(admin_client, broadcast):
    page = admin_client.get(reverse("sms_broadcasts:edit", args=[broadcast.pk])).content.decode()
    assert 'src="/static/mailings/sms/count.js"' in page
    assert 'data-sms-output="id_text-count"' in page
    units = text.counted(broadcast.text).units
    assert f"1 SMS · {units} characters (160 in one SMS, 153 per part beyond)" in page
    widget = page.split('name="text"')[1].split('id="id_text-count"')[1].split("</p>")[0]
    assert "<script" not in widget  # the counter is the script file's work


def test_writing_a_text_in_the_admin(admin_client, national_site):
    data = {"site": national_site.pk, "name": "Rally", "purpose": "newsletter"}
    refused = admin_client.post(reverse("sms_broadcasts:add"), {**data, "text": "a" * 1000})
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "This text takes 7 SMS; at most 6 are allowed: shorten it." in page
    assert "must contain the word STOP" in page
    injected = admin_client.post(
        reverse("sms_broadcasts:add"), {**data, "text": "Rally\r\u202e STOP"}
    )
    assert "invisible control characters (U+000D, U+202E)" in injected.content.decode()
    created = admin_client.post(reverse("sms_broadcasts:add"), {**data, "text": "Rally! STOP"})
    assert created.status_code == 302
    assert SmsBroadcast.objects.get(name="Rally").status == "draft"


def test_the_form_refuses_in_french_too(client, admin_user, national_site):
    from wagtail.users.models import UserProfile

    profile = UserProfile.get_for_user(admin_user)
    profile.preferred_language = "fr"
    profile.save()
    client.force_login(admin_user)
    with translation.override("fr"):
        page = client.post(
            reverse("sms_broadcasts:add"),
            {"site": national_site.pk, "name": "x", "purpose": "newsletter", "text": "a" * 1000},
        ).content.decode()
    assert "Ce texte prend 7 SMS ; 6 au plus sont permis : raccourcissez-le." in page


def test_review_send_progress_and_outbox(
    admin_client, broadcast, texters, django_capture_on_commit_callbacks
):
    review = reverse("sms_admin:review", args=[broadcast.pk])
    page = admin_client.get(review).content.decode()
    assert "3 people will receive it." in page
    assert "Bonjour Marie, marche samedi 10h. STOP 36111" in page
    assert "1 SMS (44 characters)." in page
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(reverse("sms_admin:send", args=[broadcast.pk]))
    assert response.status_code == 302
    progress = admin_client.get(reverse("sms_admin:progress", args=[broadcast.pk])).json()
    assert (progress["status"], progress["percent"]) == ("sent", 100)
    page = admin_client.get(review).content.decode()
    assert "Statistics" in page and "Replied STOP" in page
    outbox = admin_client.get(reverse("sms_outbox:index")).content.decode()
    assert "+33612345678" in outbox and "Bonjour Marie" in outbox
    message = SmsMessage.objects.get(to="+33612345678")
    inspect = admin_client.get(reverse("sms_outbox:inspect", args=[message.pk]))
    assert "Bonjour Marie" in inspect.content.decode()
    assert admin_client.get(reverse("sms_broadcasts:edit", args=[broadcast.pk])).status_code in (
        302,
        403,
    )


def test_pause_resume_and_cancel_from_the_review(admin_client, broadcast, texters, monkeypatch):
    from rostra_mailings.sms import sending

    monkeypatch.setattr(sending, "enqueue_sending", lambda *args, **kwargs: None)
    admin_client.post(reverse("sms_admin:send", args=[broadcast.pk]))
    for action, status in (("pause", "paused"), ("resume", "sending"), ("cancel", "cancelled")):
        admin_client.post(reverse("sms_admin:switch", args=[broadcast.pk, action]))
        assert SmsBroadcast.objects.get(pk=broadcast.pk).status == status
    assert SmsMessage.objects.count() == 0


def test_quiet_hours_are_said_on_the_review(admin_client, broadcast, sms_settings):
    import datetime

    sms_settings.sending_from = datetime.time(0, 0)
    sms_settings.sending_until = datetime.time(0, 1)
    sms_settings.save()
    page = admin_client.get(reverse("sms_admin:review", args=[broadcast.pk])).content.decode()
    assert "Quiet hours now: sending waits until" in page


def test_a_team_of_another_site_finds_nothing_of_this_broadcast(
    client, broadcast, texters, sender, other_site, django_capture_on_commit_callbacks
):
    from rostra_mailings.sms import sending

    with django_capture_on_commit_callbacks(execute=True):
        sending.start(
            SmsBroadcast.objects.create(site=broadcast.site, name="Sent", text="Hi STOP"), sender
        )
    client.force_login(sender)
    pk = broadcast.pk
    with hooks.register_temporarily("site_ids_for_user", lambda user: [other_site.pk]):
        assert "Saturday" not in client.get(reverse("sms_broadcasts:index")).content.decode()
        for name in ("edit", "delete", "history", "usage"):
            assert client.get(reverse(f"sms_broadcasts:{name}", args=[pk])).status_code in (
                302,
                403,
            )
        for name in ("review", "progress"):
            assert client.get(reverse(f"sms_admin:{name}", args=[pk])).status_code in (302, 403)
        client.post(reverse("sms_admin:send", args=[pk]))
        client.post(reverse("sms_admin:switch", args=[pk, "cancel"]))
        outbox = client.get(reverse("sms_outbox:index")).content.decode()
        assert "Hi STOP" not in outbox
        message = SmsMessage.objects.first()
        assert client.get(reverse("sms_outbox:inspect", args=[message.pk])).status_code in (
            302,
            403,
            404,
        )
    assert SmsBroadcast.objects.get(pk=pk).status == "draft"
