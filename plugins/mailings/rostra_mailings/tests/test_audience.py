"""The audience: segment ∩ current consent for the purpose by email ∩ the
sender's scope − undeliverable addresses."""

from rostra.people import api

from rostra_mailings import audience
from rostra_mailings.models import Undeliverable


def emails(mailing, user):
    return sorted(audience.people(mailing, user).values_list("email", flat=True))


def test_only_people_who_consent_to_the_purpose_by_email(mailing, people, admin_user):
    assert emails(mailing, admin_user) == ["jean@example.org", "marie@example.org"]
    assert audience.count(mailing, admin_user) == 2


def test_a_withdrawn_consent_leaves_the_audience(mailing, people, admin_user):
    api.record_consent(people["marie"], purpose="newsletter", granted=False)
    assert emails(mailing, admin_user) == ["jean@example.org"]


def test_consent_on_another_channel_does_not_count(mailing, people, admin_user):
    api.record_consent(people["nina"], purpose="newsletter", channel="sms", granted=True)
    assert "nina@example.org" not in emails(mailing, admin_user)


def test_the_segment_narrows(mailing, people, admin_user, lyon_segment):
    mailing.segment = lyon_segment
    assert emails(mailing, admin_user) == ["marie@example.org"]


def test_bounced_and_complained_addresses_are_left_out(mailing, people, admin_user):
    marie = people["marie"]
    Undeliverable.objects.create(
        person=marie, email_canonical=marie.email_canonical, reason="complaint"
    )
    assert emails(mailing, admin_user) == ["jean@example.org"]


def test_do_not_email_wins_over_consent(mailing, people, admin_user):
    people["jean"].do_not_email = True
    people["jean"].save()
    assert emails(mailing, admin_user) == ["marie@example.org"]
