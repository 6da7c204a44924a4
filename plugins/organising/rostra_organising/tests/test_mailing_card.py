"""The ``mailing_card`` hook: a mailing's event card learns an event's title,
when and where it is, without the mailings plugin importing this one."""

from django.utils import translation
from wagtail import hooks


def answers(page):
    return [answer for hook in hooks.get_hooks("mailing_card") if (answer := hook(page))]


def test_an_event_answers_with_when_and_where(event, national_site):
    with translation.override("fr"):
        (card,) = answers(event)
    assert card["kind"] == "event" and card["title"] == event.title
    assert card["button"] == "Je viens"
    assert event.town in card["text"] or "En ligne" in card["text"]
    assert all(card.get("kind") != "event" for card in answers(national_site.root_page))
