"""Automations: a series starts for a person from the core's signals, each
message goes once when due, and each step's conditions are checked then."""

import datetime
from types import SimpleNamespace

import pytest
from django.core import mail
from django.utils import timezone
from rostra import signals
from rostra.people import api
from rostra.people.models import Person, TimelineEntry

from rostra_mailings import automations
from rostra_mailings.models import Automation, AutomationStep, Enrollment, StepMessage
from rostra_mailings.tasks import send_steps
from rostra_mailings.tests.conftest import supporter


@pytest.fixture
def welcome(national_site):
    series = Automation.objects.create(
        site=national_site, name="Welcome", trigger=Automation.Trigger.JOINED, active=True
    )
    for order, (days, subject, unless_given) in enumerate(
        [
            (0, 'Welcome {{ first_name|default:"friend" }}', False),
            (3, "Three ways to help", False),
            (2, "Chip in?", True),
        ]
    ):
        AutomationStep.objects.create(
            automation=series,
            sort_order=order,
            delay_days=days,
            subject=subject,
            body=[("text", f"{subject}: read on.")],
            only_if_not_given=unless_given,
        )
    return series


def subjects():
    return [message.subject for message in mail.outbox]


def days_pass(days):
    """Move every queued message ``days`` earlier (instead of waiting)."""
    for row in StepMessage.objects.filter(status=StepMessage.Status.QUEUED):
        row.next_attempt_at -= datetime.timedelta(days=days)
        row.save(update_fields=["next_attempt_at"])


def run(person):
    enrollment = Enrollment.objects.get(person=person)
    send_steps.call(enrollment_id=enrollment.pk)
    return enrollment


@pytest.fixture
def lea(welcome, national_site, django_capture_on_commit_callbacks):
    """Joins on the site (person_created): the series starts, its first message goes."""
    with django_capture_on_commit_callbacks(execute=True):
        return supporter("lea@example.org", site=national_site)


def test_a_new_supporter_gets_each_message_once_when_due(lea, welcome, national_site):
    assert subjects() == ["Welcome Lea"]
    assert mail.outbox[0].extra_headers["List-Id"].startswith(f"<automation-{welcome.pk}.")
    assert "List-Unsubscribe" in mail.outbox[0].extra_headers
    run(lea)
    assert subjects() == ["Welcome Lea"]  # the next one is not due yet
    days_pass(3)
    run(lea)
    run(lea)  # run again: nothing more
    assert subjects() == ["Welcome Lea", "Three ways to help"]
    days_pass(2)
    enrollment = run(lea)
    assert subjects() == ["Welcome Lea", "Three ways to help", "Chip in?"]
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.DONE
    # The trigger again (a second sign-up on another form): never a second series.
    signals.person_created.send(sender=Person, person=lea, site=national_site)
    assert Enrollment.objects.filter(person=lea).count() == 1
    assert StepMessage.objects.count() == 3


def test_the_step_task_run_again_sends_nothing_more(lea):
    days_pass(5)
    run(lea)
    run(lea)
    automations.send_due()  # any message due, of anyone
    assert len(mail.outbox) == 3
    assert set(StepMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_a_person_who_gave_skips_the_ask(lea):
    api.add_to_timeline(lea, kind=TimelineEntry.Kind.GIFT, message="Gave", params={})
    days_pass(5)
    run(lea)
    assert subjects() == ["Welcome Lea", "Three ways to help"]
    assert StepMessage.objects.filter(status="skipped").count() == 1


def test_consent_withdrawn_stops_the_series(lea):
    api.record_consent(lea, purpose="newsletter", granted=False)
    days_pass(5)
    enrollment = run(lea)
    assert subjects() == ["Welcome Lea"]
    enrollment.refresh_from_db()
    assert enrollment.status == Enrollment.Status.STOPPED
    assert StepMessage.objects.filter(status="skipped").count() == 2


def test_a_series_switched_off_sends_nothing_more(lea, welcome):
    Automation.objects.filter(pk=welcome.pk).update(active=False)
    days_pass(5)
    run(lea)
    assert subjects() == ["Welcome Lea"]


def test_without_consent_nothing_goes(welcome, national_site, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        supporter("nico@example.org", consents=(), site=national_site)
    assert mail.outbox == []
    assert StepMessage.objects.filter(status="skipped").count() == 3


def test_another_sites_joiners_do_not_start_this_sites_series(welcome, other_site):
    supporter("zoe@example.org", site=other_site)
    supporter("yann@example.org")  # an import, a command: no site
    assert not Enrollment.objects.exists()


@pytest.fixture
def series(national_site):
    def make(trigger, **fields):
        automation = Automation.objects.create(
            site=national_site, name=trigger, trigger=trigger, active=True, **fields
        )
        AutomationStep.objects.create(automation=automation, subject=f"About {trigger}")
        return automation

    return make


def test_the_triggers(series, national_site, people):
    """Each trigger from its core signal's payload (the other plugins' rows
    stand in as the receivers read them: this plugin imports none)."""
    marie, jean = people["marie"], people["jean"]
    one = series(Automation.Trigger.SIGNED, petition=national_site.root_page)
    anyone = series(Automation.Trigger.SIGNED)
    automations.on_petition_confirmed(
        None, signature=SimpleNamespace(person=marie, petition_id=-1), site=national_site
    )
    assert list(Enrollment.objects.values_list("automation", flat=True)) == [anyone.pk]
    automations.on_petition_confirmed(
        None,
        signature=SimpleNamespace(person=jean, petition_id=national_site.root_page_id),
        site=national_site,
    )
    assert Enrollment.objects.filter(person=jean, automation=one).exists()

    first = series(Automation.Trigger.FIRST_GIFT)
    api.add_to_timeline(marie, kind=TimelineEntry.Kind.GIFT, message="Gave", params={})
    automations.on_donation_confirmed(None, donation=SimpleNamespace(person=marie), site=None)
    automations.on_donation_confirmed(
        None, donation=SimpleNamespace(person=marie), site=national_site
    )
    api.add_to_timeline(jean, kind=TimelineEntry.Kind.GIFT, message="Gave", params={})
    api.add_to_timeline(jean, kind=TimelineEntry.Kind.GIFT, message="Gave", params={})
    automations.on_donation_confirmed(
        None, donation=SimpleNamespace(person=jean), site=national_site
    )
    assert list(Enrollment.objects.filter(automation=first).values_list("person", flat=True)) == [
        marie.pk
    ]

    failed = series(Automation.Trigger.MONTHLY_GIFT_FAILED)
    automations.on_monthly_gift_failed(None, donation=None, person=jean, site=national_site)
    assert Enrollment.objects.filter(automation=failed, person=jean).exists()

    rsvp = series(Automation.Trigger.RSVP)
    for change in ("cancelled", "rsvp"):
        automations.on_rsvp_changed(
            None, rsvp=SimpleNamespace(person=marie), change=change, site=national_site
        )
    assert Enrollment.objects.filter(automation=rsvp, person=marie).count() == 1


def test_the_receivers_listen_to_the_core_signals():
    for name in (
        "person_created",
        "petition_confirmed",
        "donation_confirmed",
        "monthly_gift_failed",
        "event_rsvp_changed",
    ):
        receivers = [r[1]() for r in getattr(signals, name).receivers]
        assert any(getattr(r, "__module__", "") == "rostra_mailings.automations" for r in receivers)


def test_a_message_due_while_the_relay_is_down_goes_later(lea, monkeypatch):
    from django.core.mail import mailers

    days_pass(3)
    real = mailers.create_connection

    class Down:
        def open(self):
            raise ConnectionRefusedError("relay down")

        def close(self):
            pass

    monkeypatch.setattr(mailers, "create_connection", lambda name: Down())
    run(lea)  # the step waits for a later try; the task does not fail
    assert StepMessage.objects.filter(status=StepMessage.Status.QUEUED, error="relay down").exists()
    assert subjects() == ["Welcome Lea"]
    monkeypatch.setattr(mailers, "create_connection", real)
    days_pass(1)  # the later try is due
    run(lea)
    assert subjects() == ["Welcome Lea", "Three ways to help"]


def test_due_times_follow_the_delays(lea):
    rows = StepMessage.objects.order_by("step__sort_order")
    entered = Enrollment.objects.get().entered_at
    assert [row.next_attempt_at - entered for row in rows][1:] == [
        datetime.timedelta(days=3),
        datetime.timedelta(days=5),
    ]
    assert rows[0].sent_at <= timezone.now()


# -- The admin ---------------------------------------------------------------------


@pytest.fixture
def team(client, sender):
    from rostra_mailings.tests.test_admin import reads_english

    client.force_login(reads_english(sender))
    return client


def form_data(site, **fields):
    data = {
        "site": site.pk,
        "name": "Welcome",
        "trigger": "joined",
        "purpose": "newsletter",
        "steps-TOTAL_FORMS": 1,
        "steps-INITIAL_FORMS": 0,
        "steps-MIN_NUM_FORMS": 1,
        "steps-MAX_NUM_FORMS": 1000,
        "steps-0-delay_days": 0,
        "steps-0-subject": "Welcome!",
        "steps-0-body-count": 0,
        "steps-0-ORDER": 1,
        "steps-0-id": "",
        "steps-0-DELETE": "",
    }
    data.update(fields)
    return data


def test_writing_a_series_in_the_admin(team, national_site):
    from django.urls import reverse

    assert team.get(reverse("mailings_automations:add")).status_code == 200
    response = team.post(reverse("mailings_automations:add"), form_data(national_site, active="on"))
    assert response.status_code == 302, response.content.decode()[:3000]
    series = Automation.objects.get(name="Welcome")
    assert series.active and [step.subject for step in series.steps.all()] == ["Welcome!"]
    listing = team.get(reverse("mailings_automations:index")).content.decode()
    assert "Welcome" in listing and "Joined (a new supporter)" in listing


def test_switching_a_series_on_needs_the_send_permission(team, sender, national_site):
    from django.contrib.auth.models import Permission
    from django.urls import reverse

    sender.user_permissions.remove(Permission.objects.get(codename="send"))
    response = team.post(reverse("mailings_automations:add"), form_data(national_site, active="on"))
    assert response.status_code == 200
    assert "needs the permission to send" in response.content.decode()
    assert not Automation.objects.exists()


def test_a_team_of_another_site_finds_nothing_of_this_series(team, welcome, other_site):
    from django.urls import reverse
    from wagtail import hooks

    with hooks.register_temporarily("site_ids_for_user", lambda user: [other_site.pk]):
        assert "Welcome" not in team.get(reverse("mailings_automations:index")).content.decode()
        for name in ("edit", "delete", "history", "usage"):
            url = reverse(f"mailings_automations:{name}", args=[welcome.pk])
            assert team.get(url).status_code in (302, 403)
        team.post(reverse("mailings_automations:delete", args=[welcome.pk]))
        team.post(
            reverse("mailings_automations:edit", args=[welcome.pk]),
            form_data(other_site, name="Taken over", active=""),
        )
        # Its own site only in the form: B's series cannot be made there either.
        response = team.post(reverse("mailings_automations:add"), form_data(welcome.site))
        assert response.status_code == 200
    welcome.refresh_from_db()
    assert (welcome.name, welcome.active, welcome.site_id) == ("Welcome", True, welcome.site_id)
