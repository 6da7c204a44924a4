"""The ``mailing_card`` hook: what a mailing's page card shows of a petition
(its live count), for any plugin that writes mailings."""

from wagtail import hooks

from rostra_petitions.models.counting import PetitionState


def test_a_petition_answers_with_its_live_count(petition, national_site):
    PetitionState.objects.filter(petition_id=petition.pk).update(online_count=1234)
    PetitionState.objects.get_or_create(petition_id=petition.pk, defaults={"online_count": 1234})
    answers = [hook(petition) for hook in hooks.get_hooks("mailing_card")]
    card = next(answer for answer in answers if answer)
    assert card["title"] == "Sauvons les petites lignes"
    assert card["figure"].startswith("1") and "234" in card["figure"]
    assert [hook(national_site.root_page.specific) for hook in hooks.get_hooks("mailing_card")] == [
        None
    ] * len(answers)
