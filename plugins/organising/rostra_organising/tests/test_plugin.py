"""The plugin's contract: switched off, its pages and links are gone; the core
signal it sends; its demo."""

import io

from rostra import signals
from rostra.sitesettings.models import PluginSettings

from rostra_organising.events import links
from rostra_organising.events.models import EventIndexPage, EventPage, Rsvp

from .conftest import make_event, rsvp


def test_switched_off_for_the_site_the_events_are_gone(client, national_site, event):
    rsvp(client, event)
    booked = Rsvp.objects.get()
    PluginSettings.objects.update_or_create(site=national_site, defaults={"enabled": []})
    assert client.get(event.url).status_code == 404
    assert not EventPage.can_create_at(national_site.root_page)
    manage = f"/_organising/rsvp/{booked.pk}/{links.token(booked.pk, links.MANAGE)}/"
    assert client.get(manage).status_code == 404


def test_each_change_of_an_rsvp_sends_the_core_signal(client, national_site):
    heard = []

    def receiver(sender, site, rsvp, change, **kwargs):
        heard.append((rsvp.email, change))

    signals.event_rsvp_changed.connect(receiver, weak=False, dispatch_uid="test-org-heard")
    try:
        event = make_event(national_site, capacity=1)
        rsvp(client, event, email="a@example.org")
        rsvp(client, event, email="b@example.org")
    finally:
        signals.event_rsvp_changed.disconnect(dispatch_uid="test-org-heard")
    assert heard == [("a@example.org", "rsvp"), ("b@example.org", "rsvp")]


def test_the_demo_adds_events_once_with_a_full_one(national_site, other_site):
    from rostra.demo import Demo

    from rostra_organising import demo
    from rostra_organising.events.proposals import EventProposal

    loaded = Demo(stdout=io.StringIO(), site=national_site, home=national_site.root_page)
    for _run in range(2):  # run again: nothing more
        demo.load(loaded)
        demo.finish(loaded)
    assert EventPage.objects.count() == 5  # with the one a supporter proposed, approved
    assert EventIndexPage.objects.count() == 2  # an agenda on each site
    full = EventPage.objects.get(slug="reunion-lyon")
    statuses = list(full.rsvps.values_list("status", flat=True))
    assert statuses.count("confirmed") == full.capacity == 5
    assert statuses.count("waitlisted") == 3
    assert EventPage.objects.descendant_of(other_site.root_page).count() == 1
    assert sorted(EventProposal.objects.values_list("status", flat=True)) == [
        "approved",
        "pending",
    ]
    # A local group with members on the national site and on the candidate's.
    from rostra_organising.groups.models import GroupPage

    for site in (national_site, other_site):
        group = GroupPage.objects.child_of(site.root_page).get()
        assert group.members_count() >= 3 and group.organisers.exists()
    assert EventPage.objects.get(slug="porte-a-porte-villeurbanne").group.slug == (
        "groupe-villeurbanne"
    )
