"""The demo's mailings: one sent (copies in the outbox, figures on its page),
one draft; loading twice changes nothing. (The candidate's local newsletter
needs the network plugin's sites: checked by site/rostra/tests/test_demo.py.)"""

from types import SimpleNamespace

from django.core import mail

from rostra_mailings import demo
from rostra_mailings.models import Mailing


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
    assert sorted(m.to[0] for m in mail.outbox) == ["jean@example.org", "marie@example.org"]
