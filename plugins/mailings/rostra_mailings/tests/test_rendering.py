"""Each copy: personal fields with their fallbacks, an HTML part in the
site's look and a text part saying the same, the footer (who, why, how to
stop) and the one-click unsubscribe headers."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from rostra_mailings import personalise
from rostra_mailings.models import Mailing, Recipient, no_line_breaks
from rostra_mailings.rendering import Renderer, consents_of


def copy_for(mailing, person):
    consent = consents_of([person.pk], mailing.purpose).get(person.pk)
    return Renderer(mailing, "en").message(Recipient(mailing=mailing, pk=7), person, consent)


def test_personal_fields_and_their_fallbacks(mailing, people):
    marie = people["marie"]
    message = copy_for(mailing, marie)
    assert message.subject == "Hello Marie"
    assert "Dear Marie," in message.body
    marie.first_name = ""
    message = copy_for(mailing, marie)
    assert message.subject == "Hello friend"
    assert "Dear Bonjour," in message.body


def test_the_text_part_says_what_the_html_part_says(mailing, people):
    message = copy_for(mailing, people["marie"])
    html = message.alternatives[0].content
    assert "We march on Saturday." in message.body
    assert "Join us: https://example.org/march" in message.body
    assert "We march on Saturday." in html
    assert 'href="https://example.org/march"' in html
    assert "max-width:600px" in html  # the core's responsive layout


def test_every_copy_says_who_sends_why_and_how_to_stop(mailing, people):
    message = copy_for(mailing, people["marie"])
    html = message.alternatives[0].content
    for part in (message.body, html):
        assert "You receive this because you agreed to receive" in part
        assert "News from the campaign" in part
        assert "/_people/unsubscribe/" in part
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and unsubscribe.strip("<>") in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_the_message_id_is_stable_per_recipient(mailing, people):
    first = copy_for(mailing, people["marie"]).extra_headers["Message-ID"]
    assert first == copy_for(mailing, people["marie"]).extra_headers["Message-ID"]
    assert first.startswith("<rostra-mailing-") and first.endswith(">")


def test_personal_values_are_escaped_in_html(mailing, people):
    marie = people["marie"]
    marie.first_name = "<script>x</script>"
    html = copy_for(mailing, marie).alternatives[0].content
    assert "<script>x" not in html and "&lt;script&gt;x" in html


def test_an_editor_cannot_reach_the_footer_fields(mailing, people):
    mailing.body = [("text", "{{ _unsubscribe_url }} {{ secret_key }}")]
    message = copy_for(mailing, people["marie"])
    assert "{{ secret_key }}" in message.body  # left as written: a warning names it
    assert message.body.count("/unsubscribe/") == 1  # the footer's only
    assert message.body.startswith("{{ secret_key }}")


@pytest.mark.parametrize("subject", ["Hi\r\nBcc: victim@example.org", "Hi\nX-Evil: 1"])
def test_header_injection_through_the_subject_is_refused(subject):
    with pytest.raises(ValidationError):
        no_line_breaks(subject)


def test_header_injection_through_a_name_is_refused(mailing, people, admin_user, start):
    """A first name with a line break reaches the subject as one line."""
    marie = people["marie"]
    marie.first_name = "Marie\r\nBcc: victim@example.org"
    marie.save()
    start(mailing, admin_user)
    sent = {m.to[0]: m for m in mail.outbox}
    message = sent["marie@example.org"].message()
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"]
    assert sent["marie@example.org"].subject == "Hello Marie Bcc: victim@example.org"


def test_header_injection_through_the_sender_name_is_refused(mailing, people, admin_user, start):
    from rostra.mail.models import SenderSettings

    SenderSettings.objects.create(site=mailing.site, from_name="Élan\r\nBcc: victim@example.org")
    start(mailing, admin_user)
    for message in mail.outbox:
        built = message.message()
        assert built["Bcc"] is None


def test_fields_outside_the_list_are_not_filled():
    split = personalise.Split("{{ first_name }} {{ request.user.password }}")
    assert split.fill({"first_name": "Ana"}) == "Ana {{ request.user.password }}"
    assert personalise.Split("{{ secret }}").fill({"secret": "x"}) == "{{ secret }}"


def test_a_sent_mailing_is_not_a_draft(mailing):
    assert mailing.status == Mailing.Status.DRAFT


def test_a_page_card_shows_what_the_pages_plugin_answers(mailing, people, national_site):
    """Through the ``mailing_card`` hook: this plugin imports no other."""
    from wagtail import hooks

    home = national_site.root_page

    def card(page):
        if page.pk != home.pk:
            return None
        return {"title": "Our petition", "text": "", "figure": "1 234 signatures", "button": "Sign"}

    mailing.body = [("card", {"page": home, "button": ""})]
    with hooks.register_temporarily("mailing_card", card):
        message = copy_for(mailing, people["marie"])
    assert "1 234 signatures" in message.body and "Sign: http://localhost/" in message.body
    assert "1 234 signatures" in message.alternatives[0].content


def test_a_donation_card_has_a_button_per_preset_amount(mailing, people, national_site):
    """The donation page's plugin answers the ``mailing_card`` hook with the
    kind and the preset-amount address; this plugin imports none."""
    from wagtail import hooks

    from rostra_mailings.blocks import DonationCardBlock, EventCardBlock

    home = national_site.root_page
    url = home.full_url

    def card(page):
        return {"title": "Give", "kind": "donation", "amount_url": url + "?amount={amount}"}

    mailing.body = [("donation", {"page": home, "amounts": "10, 25"})]
    with hooks.register_temporarily("mailing_card", card):
        message = copy_for(mailing, people["marie"])
        DonationCardBlock().clean({"page": home, "amounts": "10, 25"})
        with pytest.raises(ValidationError):
            DonationCardBlock().clean({"page": home, "amounts": "10, ten"})
        with pytest.raises(ValidationError):  # not an event
            EventCardBlock().clean({"page": home, "button": ""})
    assert f"10 €: {url}?amount=10" in message.body
    assert f"25 €: {url}?amount=25" in message.body
    assert f"Another amount: {url}" in message.body
    assert f"{url}?amount=25" in message.alternatives[0].content
    # No plugin answers for this page as a donation page: refused.
    with pytest.raises(ValidationError):
        DonationCardBlock().clean({"page": home, "amounts": "10"})


def test_an_event_card_shows_what_the_events_plugin_answers(mailing, people, national_site):
    from wagtail import hooks

    home = national_site.root_page

    def card(page):
        return {"title": "Town meeting", "text": "Sat 12 June — Lyon", "kind": "event"}

    mailing.body = [("event", {"page": home, "button": ""})]
    with hooks.register_temporarily("mailing_card", card):
        message = copy_for(mailing, people["marie"])
    assert "Town meeting\nSat 12 June — Lyon\nRead: http://localhost/" in message.body
