import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase
from django.utils import timezone

from rostra_organising import antibot
from rostra_organising.events.models import EventPage


@pytest.fixture(autouse=True)
def _organising_settings(settings):
    settings.ORGANISING_POW_MAX_NUMBER = 40  # solved in a few milliseconds by the tests


def make_event(site, *, slug="reunion", capacity=50, online=False, **fields):
    starts = fields.pop("starts_at", timezone.now() + timedelta(days=3))
    values = {
        "title": "Réunion publique à Lyon",
        "slug": slug,
        "kind": "meeting",
        "intro": "Venez parler du programme.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "capacity": capacity,
        "online": online,
        "host_names": "Camille et Karim",
        "accessibility": "Salle de plain-pied, boucle magnétique.",
    }
    if online:
        values["online_url"] = "https://visio.example.org/salle-secrete"
    else:
        values.update(
            venue="Salle des fêtes", address="12 rue de la Paix", postcode="69003", town="Lyon"
        )
    values.update(fields)
    page = site.root_page.add_child(instance=EventPage(**values))
    page.save_revision().publish()
    return EventPage.objects.get(pk=page.pk)


@pytest.fixture
def event(national_site):
    return make_event(national_site)


def solved_pow():
    return antibot.solve(antibot.new_challenge())


def form_data(**overrides):
    data = {
        "first_name": "Camille",
        "last_name": "Durand",
        "email": "camille.durand@example.org",
        "postcode": "69003",
        "phone": "",
        "consent": "on",
        "website": "",
        "altcha": solved_pow(),
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def committed():
    """Run what waits for the transaction's commit (emails, signals), as
    production does: a test's transaction never commits."""
    return TestCase.captureOnCommitCallbacks(execute=True)


def rsvp(client, event, **overrides):
    with committed():
        return client.post(event.url + "rsvp/", form_data(**overrides), REMOTE_ADDR="192.0.2.10")


def last_mail_to(address):
    for message in reversed(mail.outbox):
        if address in message.to:
            return message
    raise AssertionError(f"no email to {address}")


def link_in(message, kind):
    found = re.search(rf"https?://\S+/_organising/{kind}/(\d+)/(\w+)/", message.body)
    assert found, message.body
    return found.group(0)


def make_group(site, *, slug="groupe-lyon", organisers=(), **fields):
    from rostra_organising.groups.models import GroupPage

    values = {"title": "Groupe local de Lyon 3e", "slug": slug, "postcode": "69003", "town": "Lyon"}
    values.update(fields)
    page = site.root_page.add_child(instance=GroupPage(**values))
    page.organisers.add(*organisers)
    page.save_revision().publish()
    return GroupPage.objects.get(pk=page.pk)


def join(client, group, **overrides):
    data = form_data(**overrides)
    data.pop("phone", None)
    with committed():
        return client.post(group.url + "join/", data, REMOTE_ADDR="192.0.2.20")
