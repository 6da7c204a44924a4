"""SMS broadcasts: the audience (sms consent ∩ a mobile number ∩ the sender's
territory), one copy per recipient whatever runs twice, pause, resume and
cancel, progress, quiet hours on a frozen clock, and the provider's failures."""

import datetime

import pytest
from django.utils import timezone
from rostra.people import api
from wagtail import hooks

from rostra_mailings.sending import NotSendable
from rostra_mailings.sms import audience, providers, quiet, sending
from rostra_mailings.sms.models import SmsBroadcast, SmsMessage, SmsRecipient
from rostra_mailings.tests.sms.conftest import texter

PARIS = quiet.PARIS


def numbers(broadcast, user):
    return sorted(audience.people(broadcast, user).values_list("sms_number", flat=True))


def outbox():
    return sorted(SmsMessage.objects.values_list("to", flat=True))


def run(broadcast):
    while not sending.send_batch(broadcast.pk).stopped:
        pass


@pytest.fixture
def started(broadcast, texters, admin_user, monkeypatch):
    """The broadcast started, its batches run by the test."""
    monkeypatch.setattr(sending, "enqueue_sending", lambda *args, **kwargs: None)
    sending.start(broadcast, admin_user)
    return broadcast


def test_the_audience_is_sms_consent_and_a_mobile(broadcast, texters, admin_user):
    # Not Jean (+33 71…, no mobile range), Paul (a landline), Nina (email only).
    assert numbers(broadcast, admin_user) == ["+33612345678", "+33798765432", "+590690123456"]
    assert audience.count(broadcast, admin_user) == 3


def test_do_not_text_and_withdrawn_consent_leave_the_audience(broadcast, texters, admin_user):
    type(texters["marie"]).objects.filter(pk=texters["marie"].pk).update(do_not_text=True)
    api.record_consent(texters["omar"], purpose="newsletter", channel="sms", granted=False)
    assert numbers(broadcast, admin_user) == ["+590690123456"]


def test_a_candidates_team_reaches_its_territory_only(broadcast, texters, sender):
    def only_the_rhone(user, queryset):
        return queryset if user.is_superuser else queryset.filter(departement_code="69")

    with hooks.register_temporarily("people_queryset_for_user", only_the_rhone):
        assert numbers(broadcast, sender) == ["+33612345678", "+33798765432"]


def test_each_recipient_gets_one_text(
    broadcast, texters, admin_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert sending.start(broadcast, admin_user) == 3
    assert outbox() == ["+33612345678", "+33798765432", "+590690123456"]
    broadcast.refresh_from_db()
    assert broadcast.status == SmsBroadcast.Status.SENT
    assert broadcast.progress()["percent"] == 100
    marie = SmsMessage.objects.get(to="+33612345678")
    assert marie.text == "Bonjour Marie, marche samedi 10h. STOP 36111"
    assert (marie.sender, marie.parts, marie.encoding) == ("Rostra", 1, "gsm")


def test_running_the_task_again_sends_nothing_more(started):
    from rostra_mailings.sms.tasks import send_sms

    send_sms.call(broadcast_id=started.pk)
    assert len(outbox()) == 3
    SmsBroadcast.objects.filter(pk=started.pk).update(status=SmsBroadcast.Status.SENDING)
    SmsRecipient.objects.filter(broadcast=started).update(status="queued")  # as if never marked
    send_sms.call(broadcast_id=started.pk)
    assert len(outbox()) == 3  # the test provider keeps one text per copy


def test_a_broadcast_is_started_once_and_needs_the_send_permission(
    started, admin_user, django_user_model
):
    with pytest.raises(NotSendable):
        sending.start(started, admin_user)
    writer = django_user_model.objects.create_user("writer", "w@example.org", "pw")
    draft = SmsBroadcast.objects.create(site=started.site, name="x", text="x STOP")
    with pytest.raises(NotSendable):
        sending.start(draft, writer)


def test_pause_resume_cancel_and_progress(started):
    assert started.progress()["total"] == 3 and started.progress()["done"] == 0
    assert sending.pause(started)
    assert sending.send_batch(started.pk).stopped
    assert sending.resume(started)
    assert sending.send_batch(started.pk, size=1).sent == 1
    assert started.progress()["done"] == 1
    assert sending.cancel(started)
    assert sending.send_batch(started.pk).stopped
    assert len(outbox()) == 1
    assert sorted(started.recipients.values_list("status", flat=True)) == [
        "cancelled",
        "cancelled",
        "sent",
    ]


def test_a_stop_after_the_start_is_respected(started, texters):
    api.record_consent(texters["marie"], purpose="newsletter", channel="sms", granted=False)
    run(started)
    assert "+33612345678" not in outbox()
    assert SmsRecipient.objects.get(person=texters["marie"]).status == "skipped"


def frozen(monkeypatch, when):
    monkeypatch.setattr(timezone, "now", lambda: when)
    return when


def test_quiet_hours_by_default(national_site):
    from rostra_mailings.sms.models import SmsSettings

    settings = SmsSettings.for_site(national_site)
    friday_night = datetime.datetime(2026, 12, 11, 20, 0, tzinfo=PARIS)
    assert quiet.is_open(settings, friday_night - datetime.timedelta(minutes=1))
    assert not quiet.is_open(settings, friday_night)
    monday = datetime.datetime(2026, 12, 14, 8, 0, tzinfo=PARIS)
    assert quiet.next_opening(settings, friday_night) == monday
    assert (
        quiet.next_opening(settings, datetime.datetime(2026, 12, 14, 7, 59, tzinfo=PARIS)) == monday
    )
    sunday_noon = datetime.datetime(2026, 12, 13, 12, 0, tzinfo=PARIS)
    assert not quiet.is_open(settings, sunday_noon)
    settings.weekdays_only = False
    assert quiet.is_open(settings, sunday_noon)


def test_a_send_started_in_quiet_hours_waits_for_the_opening(
    broadcast, texters, admin_user, sms_settings, monkeypatch, django_capture_on_commit_callbacks
):
    sms_settings.sending_from = datetime.time(8, 0)
    sms_settings.sending_until = datetime.time(20, 0)
    sms_settings.weekdays_only = True
    sms_settings.save()
    saturday = frozen(monkeypatch, datetime.datetime(2026, 12, 12, 15, 0, tzinfo=PARIS))
    queued = []
    monkeypatch.setattr(
        sending, "enqueue_sending", lambda pk, run_after=None: queued.append(run_after)
    )
    sending.start(broadcast, admin_user)
    from rostra_mailings.sms.tasks import send_sms

    result = send_sms.call(broadcast_id=broadcast.pk)
    assert result.startswith("waiting until 2026-12-14T08:00")
    assert queued[-1] == datetime.datetime(2026, 12, 14, 8, 0, tzinfo=PARIS)
    assert outbox() == []
    assert sending.send_batch(broadcast.pk, now=saturday).until == queued[-1]
    frozen(monkeypatch, datetime.datetime(2026, 12, 14, 8, 0, tzinfo=PARIS))
    assert send_sms.call(broadcast_id=broadcast.pk) == "done"
    assert len(outbox()) == 3
    # Closing time mid-broadcast: what is left waits for the next day.
    assert saturday.weekday() == 5


def test_the_sending_hours_are_checked(national_site):
    from django.core.exceptions import ValidationError

    from rostra_mailings.sms.models import SmsSettings

    settings = SmsSettings.for_site(national_site)
    settings.sending_from, settings.sending_until = datetime.time(20), datetime.time(8)
    with pytest.raises(ValidationError):
        settings.full_clean()


class Failing(providers.Provider):
    def __init__(self, error):
        self.error = error
        self.calls = 0

    def send(self, message):
        self.calls += 1
        raise self.error

    def incoming(self, request):
        return []


def test_a_provider_down_leaves_the_batch_queued_then_sends_it(started):
    down = Failing(providers.TemporaryFailure("503 down"))
    batch = sending.send_batch(started.pk, size=3, provider=down)
    assert down.calls == 1 and batch.sent == 0
    assert set(started.recipients.values_list("status", flat=True)) == {"queued"}
    assert started.recipients.filter(error="503 down").count() == 3
    run(started)  # the test provider again (backoff is 0 in these tests)
    assert len(outbox()) == 3


def test_a_number_the_provider_refuses_is_bounced(started):
    refused = Failing(providers.PermanentFailure("422 invalid recipient"))
    sending.send_batch(started.pk, size=3, provider=refused)
    assert set(started.recipients.values_list("status", flat=True)) == {"bounced"}
    run(started)
    assert outbox() == []


def test_a_number_changed_since_the_start_gets_the_text(started, texters):
    type(texters["omar"]).objects.filter(pk=texters["omar"].pk).update(mobile_phone="+33611111111")
    run(started)
    assert "+33611111111" in outbox() and "+33798765432" not in outbox()


def test_a_person_without_a_mobile_any_more_is_skipped(started, texters):
    type(texters["omar"]).objects.filter(pk=texters["omar"].pk).update(mobile_phone="")
    run(started)
    assert SmsRecipient.objects.get(person=texters["omar"]).status == "skipped"


def test_an_overseas_number_from_a_form_is_a_mobile(national_site):
    from rostra.people import phones

    number = phones.normalise("0690 12 34 56", "FR", "97110")
    assert audience.is_mobile(number)
    assert not audience.is_mobile(phones.normalise("01 44 55 66 77"))
    someone = texter("zoe@example.org", mobile=phones.normalise("06 12 34 56 78"))
    assert audience.with_number(type(someone).objects.filter(pk=someone.pk)).get().sms_number == (
        "+33612345678"
    )
