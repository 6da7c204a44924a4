"""The acceptance path of events: a visitor finds an event near a postcode,
RSVPs, receives the confirmation with the .ics and the QR code; the host checks
them in on a phone-sized screen; the attendance shows on the person's timeline.
No request leaves the site."""

import base64
import os
import re
import secrets

import icalendar
from django.test import override_settings
from playwright.sync_api import expect
from rostra.config import DEVELOPMENT_SECRET_KEY

from tests.e2e.admin import log_in
from tests.e2e.conftest import MOBILE


def test_find_rsvp_get_the_ics_and_qr_code_and_be_checked_in(
    live_site, page, requests_log, new_context, admin_page, axe
):
    from rostra.people.models import TimelineEntry
    from rostra_organising.events import calendar
    from rostra_organising.events.models import EventIndexPage, Rsvp

    agenda = EventIndexPage.objects.live().filter(slug="agenda").order_by("pk").first()
    email = f"e2e.{secrets.token_hex(4)}@example.org"

    # 1. Find an event near a postcode.
    page.goto(agenda.url)
    axe(page)
    page.locator("#id_postcode").fill("69003")
    page.get_by_role("button", name="Chercher").click()
    page.get_by_role("link", name="Porte-à-porte à Villeurbanne").click()
    axe(page)

    # 2. RSVP (the proof of work is solved in a worker, from the site's own script).
    page.locator("#id_first_name").fill("Camille")
    page.locator("#id_last_name").fill("Attendue")
    page.locator("#id_email").fill(email)
    page.locator("#id_postcode").fill("69003")
    expect(page.locator("[data-pow-status]")).to_contain_text("vous pouvez envoyer")
    page.get_by_role("button", name="Inscription", exact=True).click()
    expect(page.locator("main")).to_contain_text("Votre place est réservée")
    axe(page)
    rsvp = Rsvp.objects.get(email=email)
    assert rsvp.status == "confirmed"

    # 3. The confirmation, with the .ics and the QR code of the check-in link.
    message = live_site.outbox().filter(to__contains=email).last()
    assert message is not None, "no confirmation email in the outbox"
    files = {item["filename"]: base64.b64decode(item["base64"]) for item in message.attachments}
    # The .ics parses, and holds the event at its time.
    (vevent,) = icalendar.Calendar.from_ical(files["event.ics"]).walk("VEVENT")
    assert str(vevent["SUMMARY"]) == "Porte-à-porte à Villeurbanne"
    assert vevent.decoded("DTSTART") == rsvp.event.starts_at
    # The QR code is a PNG image.
    assert files["check-in.png"].startswith(b"\x89PNG\r\n\x1a\n")
    # The QR code is the check-in link signed with the server's key.
    server_key = os.environ.get("SECRET_KEY") or DEVELOPMENT_SECRET_KEY
    with override_settings(SECRET_KEY=server_key):
        assert files["check-in.png"] == calendar.qr_png(rsvp)

    # 4. The host checks them in, on a phone-sized screen.
    host = new_context(viewport=MOBILE).new_page()
    log_in(host, "hote", "demo-hote-2026")
    host.goto(f"/_organising/checkin/{rsvp.event_id}/")
    host.get_by_label("Chercher un nom").fill("Attendue")
    host.get_by_role("button", name="Chercher").click()
    row = host.locator("li", has_text="Camille Attendue")
    row.get_by_role("button", name="Marquer présent").click()
    expect(host.locator("[role=status]")).to_contain_text("Camille Attendue est enregistré")
    axe(host)
    rsvp.refresh_from_db()
    assert rsvp.attended_at is not None

    # 5. The attendance on the person's timeline.
    assert TimelineEntry.objects.filter(person=rsvp.person, data__attended=True).exists()
    admin_page.goto(f"/admin/people/person/inspect/{rsvp.person_id}/")
    expect(admin_page.locator("body")).to_contain_text(
        re.compile("A participé à l'événement « Porte-à-porte à Villeurbanne »")
    )
    requests_log.assert_only_own_host()
