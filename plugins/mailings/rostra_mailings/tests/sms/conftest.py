"""Fixtures of the SMS tests: people who consented by text, with mobiles."""

import pytest
from rostra.people import api

from rostra_mailings.sms import providers
from rostra_mailings.sms.models import SmsBroadcast, SmsSettings


def texter(email, *, mobile="", phone="", consents=("newsletter",), channel="sms", **details):
    details.setdefault("first_name", email.split("@")[0].title())
    person, _created = api.find_or_create(email=email, **details)
    type(person).objects.filter(pk=person.pk).update(mobile_phone=mobile, phone=phone)
    person.refresh_from_db()
    for purpose in consents:
        api.record_consent(person, purpose=purpose, channel=channel, granted=True, wording="Oui")
    return person


@pytest.fixture(autouse=True)
def _no_outside_call(monkeypatch):
    """No test calls out: a provider's real transport fails the test."""

    def refused(*args, **kwargs):
        raise AssertionError("a test tried to call an SMS provider")

    monkeypatch.setattr(providers, "urllib_transport", refused)


@pytest.fixture
def texters(national_site):
    return {
        "marie": texter("marie@example.org", mobile="+33612345678", postcode="69001"),
        # A mobile written in the phone field, in Guadeloupe.
        "lea": texter("lea@example.org", phone="+590690123456", postcode="97110"),
        "jean": texter(
            "jean@example.org", mobile="+33712345678", postcode="59000"
        ),  # not a mobile range
        "paul": texter("paul@example.org", phone="+33144556677", postcode="75001"),  # a landline
        "nina": texter("nina@example.org", mobile="+33698765432", channel="email"),  # email only
        "omar": texter("omar@example.org", mobile="+33798765432", postcode="69003"),
    }


@pytest.fixture
def sms_settings(national_site):
    settings = SmsSettings.for_site(national_site)
    settings.batch_size = 2
    settings.messages_per_minute = 60_000
    settings.weekdays_only = False
    settings.sending_from = __import__("datetime").time(0, 0)
    settings.sending_until = __import__("datetime").time(23, 59, 59)
    settings.save()
    return settings


@pytest.fixture
def broadcast(national_site, sms_settings):
    return SmsBroadcast.objects.create(
        site=national_site,
        name="Saturday march",
        text='Bonjour {{ first_name|default:"à vous" }}, marche samedi 10h. STOP 36111',
    )
