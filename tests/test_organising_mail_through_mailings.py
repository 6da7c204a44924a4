"""An organiser's message and an event's reminders go through the mailings
plugin where it is switched on for the site (the core signals
``organiser_wrote`` and ``event_reminder_due``: neither plugin imports the
other), and through the core's mail module where it is off."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from rostra import plugins
from rostra.mail.models import Delivery
from rostra.people import api
from rostra.people.canonical import canonical_email
from rostra.sitesettings.models import PluginSettings
from rostra_mailings.models import Undeliverable
from rostra_mailings.relayed import sending as relayed
from rostra_mailings.relayed.models import RelayedEmail
from rostra_organising import messaging
from rostra_organising.events import reminders
from rostra_organising.events.models import Rsvp
from rostra_organising.groups.admin_views import reachable_members
from rostra_organising.groups.models import Membership
from rostra_organising.tests.conftest import (
    committed,
    join,
    last_mail_to,
    link_in,
    make_event,
    make_group,
    rsvp,
)

pytestmark = pytest.mark.django_db

CAMILLE = "camille.durand@example.org"


@pytest.fixture(autouse=True)
def _organising_settings(settings):
    settings.ORGANISING_POW_MAX_NUMBER = 40  # solved in a few milliseconds


def mailings_off(site):
    PluginSettings.objects.update_or_create(
        site=site, defaults={"enabled": sorted(plugins.default_labels() - {"mailings"})}
    )


@pytest.fixture
def member(client, national_site):
    """A group member who agreed to hear from its organisers (address proved)."""
    group = make_group(national_site)
    join(client, group)
    with committed():
        client.post(link_in(last_mail_to(CAMILLE), "member"), {"action": "confirm"})
    mail.outbox.clear()
    return Membership.objects.select_related("group", "person").get()


def write(group, *, subject="Tractage samedi", body="Rendez-vous à 10 h au marché."):
    return messaging.write(
        site=group.get_site(),
        subject=subject,
        body=body,
        recipients=messaging.recipients_of(
            reachable_members(group).select_related("person"),
            lambda row: "https://example.org/leave/",
        ),
        group=group,
    )


def test_with_mailings_on_the_organisers_message_goes_through_its_path(member):
    with committed():
        message = write(member.group)
    assert message.sent_by_plugin
    (sent,) = mail.outbox
    assert sent.to == [CAMILLE]
    assert "Rendez-vous à 10 h au marché." in sent.body
    # The mailings' copy: its own Message-ID for every try, the unsubscribe
    # headers and the footer that says why.
    assert sent.extra_headers["Message-ID"].startswith("<rostra-relayed-")
    assert "List-Unsubscribe=One-Click" in sent.extra_headers["List-Unsubscribe-Post"]
    assert "/_people/" in sent.extra_headers["List-Unsubscribe"]
    assert sent.extra_headers["List-Unsubscribe"].strip("<>") in sent.body
    row = RelayedEmail.objects.get()
    assert (row.status, row.purpose, row.person_id) == ("sent", "group_news", member.person_id)
    assert Delivery.objects.filter(key=row.key).exists()


def test_with_mailings_on_each_copy_goes_once(member):
    with committed():
        message = write(member.group)
    (email,) = messaging.emails_of(
        message,
        messaging.recipients_of([member], lambda row: ""),
    )
    # Offered again (a signal sent twice, a second worker): still one copy.
    with committed():
        relayed.hand_in(member.group.get_site(), "group_news", [email])
        relayed.send_due()
    assert len(mail.outbox) == 1
    assert RelayedEmail.objects.count() == 1


def test_with_mailings_on_consent_withdrawn_before_it_goes_stops_the_copy(member):
    write(member.group)  # not committed: its copy waits for the sending task
    api.record_consent(member.person, purpose="group_news", granted=False, wording="Non")
    relayed.send_due()
    assert not mail.outbox
    assert RelayedEmail.objects.get().status == "skipped"


def test_with_mailings_on_an_address_that_bounced_is_not_written_to(member):
    Undeliverable.objects.create(
        person=member.person,
        email_canonical=canonical_email(CAMILLE),
        reason=Undeliverable.Reason.BOUNCE,
    )
    with committed():
        write(member.group)
    assert not mail.outbox
    assert RelayedEmail.objects.get().status == "skipped"


def test_with_mailings_off_the_core_sends_the_organisers_message(member, national_site):
    mailings_off(national_site)
    with committed():
        message = write(member.group)
    message.refresh_from_db()
    assert not message.sent_by_plugin
    (sent,) = mail.outbox
    assert "Rendez-vous à 10 h au marché." in sent.body
    assert "Message-ID" not in sent.extra_headers  # not the mailings' copy
    assert not RelayedEmail.objects.exists()


def _seat(client, site):
    event = make_event(site, starts_at=timezone.now() + timedelta(hours=20))
    rsvp(client, event)
    mail.outbox.clear()
    return Rsvp.objects.get()


def test_with_mailings_on_a_reminder_goes_through_its_path_once(client, national_site):
    seat = _seat(client, national_site)
    with committed():
        reminders.send_due()
        reminders.send_due()
    (sent,) = mail.outbox
    assert sent.to == [CAMILLE]
    assert sent.extra_headers["Message-ID"].startswith("<rostra-relayed-")
    assert seat.event.title in sent.body
    row = RelayedEmail.objects.get()
    # About an event they are coming to: no consent asked, nor checked.
    assert (row.status, row.purpose, row.person_id) == ("sent", "", seat.person_id)


def test_with_mailings_off_the_core_sends_the_reminder_once(client, national_site):
    mailings_off(national_site)
    seat = _seat(client, national_site)
    with committed():
        reminders.send_due()
        reminders.send_due()
    (sent,) = mail.outbox
    assert seat.event.title in sent.body
    assert "Message-ID" not in sent.extra_headers
    assert not RelayedEmail.objects.exists()


def test_a_reminder_the_core_sent_is_not_sent_again_once_mailings_is_on(client, national_site):
    mailings_off(national_site)
    _seat(client, national_site)
    with committed():
        reminders.send_due()
    PluginSettings.objects.filter(site=national_site).delete()  # back to the defaults
    with committed():
        reminders.send_due()
    assert len(mail.outbox) == 1
    assert not RelayedEmail.objects.exists()


def test_the_sending_task_run_again_sends_nothing_more(member):
    write(member.group)  # not committed: its row waits for the task
    relayed.send_relayed.call()
    relayed.send_relayed.call()
    assert len(mail.outbox) == 1
    assert RelayedEmail.objects.get().status == "sent"
