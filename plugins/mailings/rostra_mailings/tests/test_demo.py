"""The demo's mailings: one sent (copies in the outbox, figures on its page),
one draft, the welcome series running; loading twice changes nothing. (The
candidate's local newsletter needs the network plugin's sites: checked by
site/rostra/tests/test_demo.py.)"""

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
