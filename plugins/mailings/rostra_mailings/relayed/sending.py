"""Receiving the emails the organising plugin offers (core signals
``organiser_wrote`` and ``event_reminder_due``: no import of that plugin) and
sending them as a mailing's copies are sent.

A signal reaches this plugin only on the sites it is switched on for; there it
answers True, and the sender leaves the email to us. Each email becomes one
``RelayedEmail`` row, unique by the sender's key, written in the sender's
transaction (an organiser's message and its rows commit together). A task
claims the due rows (``SELECT … FOR UPDATE SKIP LOCKED``), checks each again
(the person still consents to the purpose by email, the address did not
bounce), renders it with the core's mail module (the site's look, the footer
saying why, List-Unsubscribe), and marks it in the transaction that sent it,
recording its key as the core's ``Delivery``: whichever path sends a key, the
other finds it sent.
"""

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from rostra import signals
from rostra.mail.models import Delivery
from rostra.mail.sending import render_message
from rostra.people import api
from rostra.people.canonical import canonical_email
from rostra.people.models import Person
from rostra.worker.queueing import with_commit

from rostra_mailings.models import Undeliverable
from rostra_mailings.relayed.models import RelayedEmail
from rostra_mailings.sending import hand_over

#: Emails claimed per batch.
BATCH = 200


def hand_in(site, purpose, emails):
    """Keep ``emails`` (the core mail module's arguments, as the signals carry
    them) to send; those whose key went already are left out. Returns True:
    this plugin sends them."""
    keys = [email["key"] for email in emails]
    sent = set(Delivery.objects.filter(key__in=keys).values_list("key", flat=True))
    rows = [
        RelayedEmail(
            key=email["key"],
            site=site,
            person_id=email["person_id"],
            purpose=purpose,
            template=email["template"],
            to=email["to"],
            language=email["language"] or "",
            context=email["context"],
        )
        for email in emails
        if email["key"] not in sent
    ]
    # Offered again (a reminder run twice): the key's row is there already.
    RelayedEmail.objects.bulk_create(rows, ignore_conflicts=True)
    if rows:
        with_commit(lambda: send_relayed.enqueue())
    return True


def on_organiser_wrote(sender, site, message, person_ids, purpose, emails, **kwargs):
    return hand_in(site, purpose, emails)


def on_reminder_due(sender, site, rsvp, reminder, email, **kwargs):
    return hand_in(site, "", [email])


def send_due(now=None, size=BATCH):
    """Claim and send one batch of due emails; returns (sent, claimed)."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = list(
            RelayedEmail.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(status=RelayedEmail.Status.QUEUED, next_attempt_at__lte=now)
            .select_related("site")
            .order_by("next_attempt_at", "pk")[:size]
        )
        if rows:
            _send(rows, now)
    return sum(row.status == RelayedEmail.Status.SENT for row in rows), len(rows)


def _send(rows, now):
    ids = {row.person_id for row in rows}
    people = Person.objects.in_bulk(ids)
    bounced = set(
        Undeliverable.objects.filter(
            email_canonical__in={canonical_email(row.to) for row in rows if row.to}
        ).values_list("email_canonical", flat=True)
    )
    consenting = {
        purpose: set(
            api.contactable(purpose, "email", Person.objects.filter(pk__in=ids)).values_list(
                "pk", flat=True
            )
        )
        for purpose in {row.purpose for row in rows if row.purpose}
    }

    def messages():
        for row in rows:
            person = people.get(row.person_id)
            if (
                person is None
                or not row.to
                or canonical_email(row.to) in bounced
                or (row.purpose and row.person_id not in consenting[row.purpose])
            ):
                row.status = RelayedEmail.Status.SKIPPED
                continue
            message = render_message(
                row.template,
                to=row.to,
                context=row.context,
                language=row.language or person.language,
                person=person,
                purpose=row.purpose,
                site=row.site,
            )
            domain = message.from_email.rpartition("@")[2].rstrip(">") or "localhost"
            message.extra_headers["Message-ID"] = row.message_id(domain)
            message.extra_headers["List-Id"] = f"<{row.template.replace('/', '.')}.{domain}>"
            yield row, person, message

    hand_over(messages(), now)
    RelayedEmail.objects.bulk_update(
        rows, ["status", "attempts", "next_attempt_at", "sent_at", "error"]
    )
    Delivery.objects.bulk_create(
        [Delivery(key=row.key) for row in rows if row.status == RelayedEmail.Status.SENT],
        ignore_conflicts=True,
    )


@task()
def send_relayed():
    """Send the due handed-over emails, batch after batch, then queue a run for
    the soonest retry (a temporary failure). Safe to run twice, also at the
    same time: a row is claimed by one run and marked sent in the transaction
    that sent it."""
    total = 0
    while True:
        sent, claimed = send_due()
        total += sent
        if claimed < BATCH:
            break
    soonest = (
        RelayedEmail.objects.filter(status=RelayedEmail.Status.QUEUED)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    if soonest is not None and send_relayed.get_backend().supports_defer:
        send_relayed.using(run_after=max(soonest, timezone.now())).enqueue()
    return f"sent {total}"


def connect():
    uid = "rostra_mailings.relayed"
    signals.organiser_wrote.connect(on_organiser_wrote, dispatch_uid=f"{uid}.organiser")
    signals.event_reminder_due.connect(on_reminder_due, dispatch_uid=f"{uid}.reminder")
