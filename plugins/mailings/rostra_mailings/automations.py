"""Automations: a series of messages that starts for one person when something
happens to them on a site.

The triggers are the core's signals (rostra.signals), never another plugin's
code: ``person_created`` (joined), ``petition_confirmed`` (signed),
``donation_confirmed`` (a first gift: the person's timeline has one gift),
``monthly_gift_failed`` and ``event_rsvp_changed`` (an RSVP, when the
organising plugin is on). A signal reaches this plugin only on the sites it is
switched on for.

Exactly once: a person enters a series once (``Enrollment``, unique per series
and person), and all the series' messages are written then, one row per step
(``StepMessage``, unique per person's entry and step), each due at its time.
A task (``send_steps``) claims the due rows like a broadcast's batch
(``SELECT … FOR UPDATE SKIP LOCKED``) and marks each in the transaction that
sent it, then queues itself for the next one due.

At each step, when it is due: the series must still be on, the person must
still consent to its purpose by email (else the series stops for them) and
have an address that did not bounce; a step "only to people who have never
given" is skipped for a person whose timeline has a gift.
"""

import datetime

from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils import timezone
from rostra import signals
from rostra.people import api
from rostra.people.models import Person, TimelineEntry
from rostra.worker.queueing import with_commit

from rostra_mailings import sending
from rostra_mailings.models import (
    Automation,
    Enrollment,
    StepMessage,
    Undeliverable,
)
from rostra_mailings.rendering import Renderer, consents_of

#: Messages claimed per run of the task.
BATCH = 200

Trigger = Automation.Trigger


def enroll(site, trigger, person, *, petition_id=None, now=None):
    """Start the site's series for ``trigger`` for the person (once per series):
    their messages are written, the first queued. Returns the new entries."""
    if site is None or person is None or person.pk is None:
        return []
    if trigger not in active_triggers(site):
        return []
    found = Automation.objects.filter(site=site, trigger=trigger, active=True)
    if trigger == Trigger.SIGNED:
        found = found.filter(Q(petition__isnull=True) | Q(petition_id=petition_id))
    now = now or timezone.now()
    entered = []
    for automation in found.prefetch_related("steps"):
        steps = list(automation.steps.all())
        if not steps:
            continue
        try:
            with transaction.atomic():
                enrollment = Enrollment.objects.create(
                    automation=automation, person=person, entered_at=now
                )
        except IntegrityError:
            continue  # in this series already: never twice
        due, rows = now, []
        for step in steps:
            due += datetime.timedelta(days=step.delay_days)
            rows.append(StepMessage(enrollment=enrollment, step=step, next_attempt_at=due))
        StepMessage.objects.bulk_create(rows)
        pk, first = enrollment.pk, rows[0].next_attempt_at
        with_commit(lambda pk=pk, first=first: queue(pk, first))
        entered.append(enrollment)
    return entered


def queue(enrollment_id, when):
    """The task that sends the person's next message, at ``when`` where the queue
    can wait; at once otherwise (tests and a single process: a step not due
    yet then waits for a later run)."""
    from rostra_mailings.tasks import send_steps

    task = send_steps
    if task.get_backend().supports_defer and when > timezone.now():
        task = task.using(run_after=when)
    task.enqueue(enrollment_id=enrollment_id)


def send_due(enrollment_id=None, now=None, size=BATCH):
    """Claim and send the due messages (of one person's entry, or all); returns
    how many were sent."""
    now = now or timezone.now()
    with transaction.atomic():
        rows = StepMessage.objects.select_for_update(skip_locked=True, of=("self",)).filter(
            status=StepMessage.Status.QUEUED, next_attempt_at__lte=now
        )
        if enrollment_id is not None:
            rows = rows.filter(enrollment_id=enrollment_id)
        rows = list(
            rows.select_related("enrollment", "step__automation__site").order_by(
                "next_attempt_at", "pk"
            )[:size]
        )
        if rows:
            _send(rows, now)
    return sum(row.status == StepMessage.Status.SENT for row in rows)


def next_due(enrollment_id):
    return (
        StepMessage.objects.filter(enrollment_id=enrollment_id, status=StepMessage.Status.QUEUED)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )


def _send(rows, now):
    ids = {row.enrollment.person_id for row in rows}
    people = Person.objects.in_bulk(ids)
    gave = set(
        TimelineEntry.objects.filter(person_id__in=ids, kind=TimelineEntry.Kind.GIFT)
        .values_list("person_id", flat=True)
        .distinct()
    )
    stopped = set()

    def messages():
        renderers = {}
        for row in rows:
            step, enrollment = row.step, row.enrollment
            automation = step.automation
            person = people.get(enrollment.person_id)
            if enrollment.pk in stopped or not automation.active or person is None:
                row.status = StepMessage.Status.SKIPPED
                continue
            if not _reachable(person, automation.purpose):
                # No consent any more: the series ends for them.
                row.status = StepMessage.Status.SKIPPED
                stopped.add(enrollment.pk)
                continue
            if step.only_if_not_given and person.pk in gave:
                row.status = StepMessage.Status.SKIPPED
                continue
            key = (step.pk, person.language)
            renderer = renderers.get(key)
            if renderer is None:
                renderer = renderers[key] = Renderer(step, person.language)
            consent = consents_of([person.pk], automation.purpose).get(person.pk)
            yield row, person, renderer.message(row, person, consent)

    sending.hand_over(messages(), now)
    StepMessage.objects.bulk_update(
        rows, ["status", "attempts", "next_attempt_at", "sent_at", "error"]
    )
    if stopped:
        StepMessage.objects.filter(
            enrollment_id__in=stopped, status=StepMessage.Status.QUEUED
        ).update(status=StepMessage.Status.SKIPPED)
        Enrollment.objects.filter(pk__in=stopped).update(status=Enrollment.Status.STOPPED)
    finished = {row.enrollment_id for row in rows} - stopped
    left = StepMessage.objects.filter(
        enrollment_id=OuterRef("pk"), status=StepMessage.Status.QUEUED
    )
    Enrollment.objects.filter(pk__in=finished, status=Enrollment.Status.ACTIVE).exclude(
        Exists(left)
    ).update(status=Enrollment.Status.DONE)


def _reachable(person, purpose):
    """Still consents to the purpose by email, with an address that did not bounce."""
    if not person.email:
        return False
    if not api.contactable(purpose, "email", Person.objects.filter(pk=person.pk)).exists():
        return False
    return not Undeliverable.objects.filter(
        person=person, email_canonical=person.email_canonical
    ).exists()


def _triggers_key(site_id):
    return f"mailings:automations:triggers:{site_id}"


def active_triggers(site):
    """The triggers of the site's active series, from the shared cache: each
    new person of a site without a welcome series (nearly every signup) then
    costs no query; saving or deleting a series clears it (``forget``)."""
    triggers = cache.get(_triggers_key(site.pk))
    if triggers is None:
        triggers = sorted(
            set(Automation.objects.filter(site=site, active=True).values_list("trigger", flat=True))
        )
        cache.set(_triggers_key(site.pk), triggers, 3600)
    return triggers


def forget(sender, instance, **kwargs):
    cache.delete(_triggers_key(instance.site_id))


def forget_moved(sender, instance, **kwargs):
    """A series moved to another site: its former site's triggers change too."""
    if instance.pk is not None:
        before = Automation.objects.filter(pk=instance.pk).values_list("site_id", flat=True)
        for site_id in before:
            if site_id != instance.site_id:
                cache.delete(_triggers_key(site_id))


# -- The triggers: the core's signals ------------------------------------------


def on_person_created(sender, person, site, **kwargs):
    enroll(site, Trigger.JOINED, person)


def on_petition_confirmed(sender, signature, site, **kwargs):
    enroll(site, Trigger.SIGNED, signature.person, petition_id=signature.petition_id)


def on_donation_confirmed(sender, donation, site, **kwargs):
    person = donation.person
    if person is None:
        return
    gifts = TimelineEntry.objects.filter(person=person, kind=TimelineEntry.Kind.GIFT)
    if gifts.count() == 1:  # the one just recorded
        enroll(site, Trigger.FIRST_GIFT, person)


def on_monthly_gift_failed(sender, donation, person, site, **kwargs):
    enroll(site, Trigger.MONTHLY_GIFT_FAILED, person)


def on_rsvp_changed(sender, rsvp, change, site, **kwargs):
    if change == "rsvp":
        enroll(site, Trigger.RSVP, rsvp.person)


def connect():
    uid = "rostra_mailings.automations"
    pre_save.connect(forget_moved, sender=Automation, dispatch_uid=f"{uid}.moved")
    for signal in (post_save, post_delete):
        signal.connect(forget, sender=Automation, dispatch_uid=f"{uid}.forget.{signal}")
    signals.person_created.connect(on_person_created, dispatch_uid=f"{uid}.joined")
    signals.petition_confirmed.connect(on_petition_confirmed, dispatch_uid=f"{uid}.signed")
    signals.donation_confirmed.connect(on_donation_confirmed, dispatch_uid=f"{uid}.gift")
    signals.monthly_gift_failed.connect(on_monthly_gift_failed, dispatch_uid=f"{uid}.failed")
    signals.event_rsvp_changed.connect(on_rsvp_changed, dispatch_uid=f"{uid}.rsvp")
