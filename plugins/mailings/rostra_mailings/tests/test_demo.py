"""The demo's mailings: one sent (copies in the outbox, figures on its page),
one draft, the welcome series running; loading twice changes nothing. (The
candidate's local newsletter needs the network plugin's sites: checked by
site/rostra/tests/test_demo.py.)"""

import datetime
from types import SimpleNamespace

from django.core import mail

from rostra_mailings import demo
from rostra_mailings.models import Automation, Enrollment, Mailing, StepMessage


def test_the_demo_sends_one_newsletter_and_keeps_a_draft(national_site, people, admin_user):
    loaded = SimpleNamespace(
        site=national_site,
        home=national_site.root_page,
        url=lambda path="/": "http://localhost:8000" + path,
        say=lambda message: None,
    )
    demo.finish(loaded)
    demo.finish(loaded)
    statuses = sorted(Mailing.objects.values_list("status", flat=True))
    assert statuses == ["draft", "sent"]
    newsletter, welcome = [], []
    for message in mail.outbox:
        (welcome if "bienvenue" in message.subject else newsletter).append(message.to[0])
    assert sorted(newsletter) == ["jean@example.org", "marie@example.org"]
    # The welcome series runs: its first message went once to each consenting
    # supporter, the next ones wait for their day.
    assert sorted(welcome) == ["jean@example.org", "marie@example.org"]
    series = Automation.objects.get(active=True)
    assert series.trigger == "joined" and series.steps.count() == 3
    assert set(Enrollment.objects.values_list("status", flat=True)) == {"active"}
    assert StepMessage.objects.filter(status="queued").count() == 4


def test_the_demo_sends_one_sms_broadcast_within_the_quiet_hours(national_site, admin_user):

    from rostra.people import api
    from rostra.people.models import Consent

    from rostra_mailings.sms import demo as sms_demo
    from rostra_mailings.sms import quiet
    from rostra_mailings.sms.models import SmsBroadcast, SmsMessage, SmsSettings
    from rostra_mailings.tests.conftest import supporter

    texted = supporter("lea@example.org", mobile_phone="+33612345678")
    api.record_consent(texted, purpose="newsletter", channel="sms", granted=True, wording="Yes")
    supporter("paul@example.org", mobile_phone="+33698765432")  # no SMS consent: no text
    first = sms_demo.finish(national_site, admin_user)
    assert sms_demo.finish(national_site, admin_user) == first  # loaded twice: one
    broadcast = SmsBroadcast.objects.get()
    assert broadcast.status == "sent"
    assert quiet.is_open(SmsSettings.for_site(national_site), broadcast.started_at)
    assert list(SmsMessage.objects.values_list("to", flat=True)) == ["+33612345678"]
    assert "Lea, rassemblement samedi" in SmsMessage.objects.get().text
    assert broadcast.progress()["percent"] == 100
    assert Consent.objects.filter(channel="sms").count() == 1  # the demo adds no consent


def test_the_last_opening_of_the_quiet_hours():
    from types import SimpleNamespace

    from rostra_mailings.sms import quiet
    from rostra_mailings.sms.demo import last_opening

    hours = SimpleNamespace(
        sending_from=datetime.time(8), sending_until=datetime.time(20), weekdays_only=True
    )
    sunday_night = aware(2026, 12, 6, 23)  # a Sunday
    assert last_opening(hours, sunday_night) == aware(2026, 12, 4, 10)  # Friday 10:00
    monday_morning = aware(2026, 12, 7, 7)
    assert last_opening(hours, monday_morning) == aware(2026, 12, 4, 10)
    tuesday_noon = aware(2026, 12, 8, 12)
    assert last_opening(hours, tuesday_noon) == tuesday_noon
    assert quiet.is_open(hours, last_opening(hours, aware(2026, 12, 8, 21)))


def aware(*parts):
    from rostra_mailings.sms.quiet import PARIS

    return datetime.datetime(*parts, tzinfo=PARIS)
