"""What the person who RSVP'd is told, by email through the core's mail module,
and the core signal a mailings plugin can follow (``event_rsvp_changed``).

Each email carries a key (rostra.mail's ``Delivery``): queued twice — a
reminder run twice, a publish saved twice — it still goes out once.
"""

from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation
from django.utils.formats import date_format
from rostra import signals
from rostra.mail.sending import send

from rostra_organising.events import calendar, links
from rostra_organising.events.models import PARIS, Rsvp

# template, with the .ics and the QR code?
_TEMPLATES = {
    "rsvp": "organising/rsvp",
    "promoted": "organising/promoted",
    "event_changed": "organising/changed",
    "event_cancelled": "organising/cancelled",
}


def when_text(event, language):
    """ "samedi 12 décembre 2026, 18:30 – 20:00", in Paris time, in ``language``."""
    with translation.override(language), timezone.override(PARIS):
        start = timezone.localtime(event.starts_at)
        end = timezone.localtime(event.ends_at)
        text = f"{date_format(start, 'l j F Y')}, {date_format(start, 'H:i')}"
        if end.date() == start.date():
            return f"{text} – {date_format(end, 'H:i')}"
        return f"{text} – {date_format(end, 'l j F Y')}, {date_format(end, 'H:i')}"


def context_of(rsvp):
    event = rsvp.event
    language = rsvp.language or rsvp.person.language
    confirmed = rsvp.status == Rsvp.Status.CONFIRMED
    return {
        "first_name": rsvp.first_name,
        "event_title": event.title,
        "event_url": event.get_full_url(),
        "when": when_text(event, language),
        "online": event.online,
        # The link to join is for those holding a seat, never anyone else.
        "online_url": event.online_url if event.online and confirmed else "",
        "where": calendar._where(event),
        "accessibility": event.accessibility,
        "confirmed": confirmed,
        "waitlisted": rsvp.status == Rsvp.Status.WAITLISTED,
        "manage_url": links.manage_url(rsvp),
    }


def tell(rsvp, change, *, key_suffix="", extra=None):
    """Email the person about ``change`` and send the core signal; after the
    current transaction commits (nothing is said about a rolled-back change)."""
    transaction.on_commit(lambda: _tell_now(rsvp, change, key_suffix, extra or {}))


def _tell_now(rsvp, change, key_suffix, extra):
    if change in _TEMPLATES:
        # The worker writes the email: its .ics and QR code take longer to make
        # than the rest of an RSVP (issue 15's bench), and the visitor waits
        # for none of it.
        write_email.enqueue(rsvp.pk, change, key_suffix, extra)
    site = rsvp.event.get_site()
    signals.event_rsvp_changed.send(sender=Rsvp, site=site, rsvp=rsvp, change=change)


def remind(rsvp, name):
    """The reminder ``name`` (24h, 2h) to a person holding a seat, after the
    current transaction commits. A mailings plugin switched on for the site may
    send it itself (the core signal ``event_reminder_due``); otherwise the
    core's mail module does. Keyed by the RSVP, the reminder and the event's
    start: sent once, and again if the event moves."""
    transaction.on_commit(lambda: _remind_now(rsvp, name))


def _remind_now(rsvp, name):
    event = rsvp.event
    site = event.get_site()
    email = {
        "template": "organising/reminder",
        "to": rsvp.email,
        "person_id": rsvp.person_id,
        "language": rsvp.language or rsvp.person.language,
        "context": context_of(rsvp) | {"soon": name == "2h"},
        "key": f"organising:reminder:{rsvp.pk}:{name}:{event.starts_at.isoformat()}",
    }
    answers = signals.event_reminder_due.send(
        sender=Rsvp, site=site, rsvp=rsvp, reminder=name, email=email
    )
    if not any(answer is True for _receiver, answer in answers):
        send(
            email["template"],
            to=email["to"],
            person=rsvp.person,
            language=email["language"] or None,
            site=site,
            context=email["context"],
            key=email["key"],
        )
    signals.event_rsvp_changed.send(sender=Rsvp, site=site, rsvp=rsvp, change="reminder")


@task()
def write_email(rsvp_id, change, key_suffix, extra):
    """The email of ``change`` to the person of the RSVP, with the event as
    .ics and the check-in QR code where they hold a seat. Run again, it
    queues the same keyed email, which goes once (rostra.mail)."""
    rsvp = Rsvp.objects.select_related("person").filter(pk=rsvp_id).first()
    if rsvp is None:  # erased since
        return
    event = rsvp.event
    attachments = []
    if rsvp.status == Rsvp.Status.CONFIRMED and change in ("rsvp", "promoted"):
        attachments = [
            ("event.ics", calendar.ics(event, rsvp=rsvp), "text/calendar"),
            ("check-in.png", calendar.qr_png(rsvp), "image/png"),
        ]
    elif change in ("event_changed", "event_cancelled"):
        attachments = [("event.ics", calendar.ics(event, rsvp=rsvp), "text/calendar")]
    send(
        _TEMPLATES[change],
        to=rsvp.email,
        person=rsvp.person,
        language=rsvp.language or None,
        site=event.get_site(),
        context=context_of(rsvp) | extra,
        attachments=attachments,
        key=f"organising:{change}:{rsvp.pk}:{key_suffix}",
    )
