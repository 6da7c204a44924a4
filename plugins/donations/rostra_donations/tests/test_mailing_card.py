"""The ``mailing_card`` hook: a mailing's donation card learns a donation
page's title and its address with a preset amount, without the mailings plugin
importing this one."""

from django.utils import translation
from wagtail import hooks


def answers(page):
    return [answer for hook in hooks.get_hooks("mailing_card") if (answer := hook(page))]


def test_a_donation_page_answers_with_its_preset_amount_link(donation_page, national_site):
    with translation.override("en"):
        (card,) = answers(donation_page)
    assert card["kind"] == "donation" and card["title"] == "Faire un don"
    assert card["amount_url"].format(amount=20) == donation_page.full_url + "?amount=20"
    assert card["button"] == "Donate"
    assert all(card.get("kind") != "donation" for card in answers(national_site.root_page))
