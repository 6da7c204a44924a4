"""A/B test of two subjects on a sample of a broadcast's audience.

When the sending starts, every person of the audience gets their one
``Recipient`` row, as for any broadcast (exactly once holds: a row per person,
a stable Message-ID per row). A sample of the chosen share is drawn at random
(seeded by the mailing, so the same audience gives the same sample), split in
two halves: subject A and subject B, sent at once. The rest wait, ``held``.
After the set wait, the task ``pick_winner`` (``decide`` below) chooses the
winner, and the held rows become queued copies with the winner's subject.

How the winner is chosen (opens are not counted at all: see docs/mailings.md):

1. when the mailing counts clicks: the higher share of clicks per copy sent
   (clicks, not people who clicked: who clicked is never recorded);
2. then (without click counting, or on a tie) the lower share of
   unsubscriptions and complaints per copy sent since the sending started;
3. on a tie still, subject A, the one written first.
"""

import random

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone
from rostra.people.models import Consent
from rostra.worker.queueing import with_commit

from rostra_mailings import clicks
from rostra_mailings.models import LinkClick, Mailing, Recipient, Undeliverable

VARIANTS = ("a", "b")


def sample_size(total, percent):
    """Copies of the sample, even (two equal halves), at least one per subject
    when the audience has two people."""
    size = total * percent // 100
    size -= size % 2
    return max(size, 2) if total >= 2 else 0


def rows(mailing, person_ids, total):
    """The mailing's ``Recipient`` rows for ``person_ids`` (``total`` of them,
    in a stable order): a random sample, alternately A and B, queued; the rest
    held. Selection sampling (Knuth's algorithm S): one pass, nothing kept in
    memory, exactly the sample's size when ``total`` is right."""
    chooser = random.Random(f"rostra-mailing-{mailing.pk}")  # noqa: S311 - not a secret
    wanted = sample_size(total, mailing.ab_sample_percent)
    chosen = 0
    for seen, person_id in enumerate(person_ids):
        left = max(total - seen, 1)
        if chosen < wanted and chooser.random() * left < wanted - chosen:
            yield Recipient(mailing=mailing, person_id=person_id, variant=VARIANTS[chosen % 2])
            chosen += 1
        else:
            yield Recipient(mailing=mailing, person_id=person_id, status=Recipient.Status.HELD)


def results(mailing):
    """{variant: {"sent", "clicks", "unsubscribed", "complained"}} for "a", "b"
    (the sample's halves) and "" (the rest, once released)."""
    counted = [Recipient.Status.SENT, Recipient.Status.BOUNCED]
    found = {
        variant: dict.fromkeys(("sent", "clicks", "unsubscribed", "complained"), 0)
        for variant in ("a", "b", "")
    }
    for variant, sent in (
        mailing.recipients.values_list("variant")
        .annotate(n=Count("pk", filter=Q(status__in=counted)))
        .order_by()
    ):
        found[variant]["sent"] = sent
    for variant, number in (
        LinkClick.objects.filter(mailing=mailing)
        .values_list("variant")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        found.setdefault(variant, dict.fromkeys(found["a"], 0))["clicks"] = number
    if mailing.started_at is not None:
        for variant in found:
            people = mailing.recipients.filter(variant=variant).values("person_id")
            found[variant]["unsubscribed"] = (
                Consent.objects.filter(
                    person_id__in=people,
                    purpose=mailing.purpose,
                    channel="email",
                    granted=False,
                    where=Consent.Where.UNSUBSCRIBE,
                    recorded_at__gte=mailing.started_at,
                )
                .exclude(where_detail__startswith="complaint")
                .values("person_id")
                .distinct()
                .count()
            )
            found[variant]["complained"] = Undeliverable.objects.filter(
                person_id__in=people,
                reason=Undeliverable.Reason.COMPLAINT,
                recorded_at__gte=mailing.started_at,
            ).count()
    return found


def choose(mailing, found=None):
    """ "a" or "b": the subject that did better on the sample (see above)."""
    found = found or results(mailing)

    def share(variant, *keys):
        sent = found[variant]["sent"]
        return sum(found[variant][key] for key in keys) / sent if sent else 0.0

    if clicks.tracks(mailing):
        a, b = share("a", "clicks"), share("b", "clicks")
        if a != b:
            return "a" if a > b else "b"
    a, b = share("a", "unsubscribed", "complained"), share("b", "unsubscribed", "complained")
    return "b" if b < a else "a"


def decide(mailing_id, now=None):
    """Choose the winner and release the held copies with its subject, once
    the wait is over. Returns what happened: "decided a", "decided b",
    "not due", "already decided", "no test", "stopped". Safe to run twice,
    also at the same time: the mailing's row is locked, and a winner is
    chosen only where none is."""
    now = now or timezone.now()
    with transaction.atomic():
        mailing = (
            Mailing.objects.select_for_update().select_related("site").filter(pk=mailing_id).first()
        )
        if mailing is None or not mailing.subject_test:
            return "no test"
        if mailing.ab_winner:
            return "already decided"
        if mailing.status not in (Mailing.Status.SENDING, Mailing.Status.PAUSED):
            return "stopped"
        if mailing.ab_decide_at is None or mailing.ab_decide_at > now:
            return "not due"
        mailing.ab_winner = choose(mailing)
        mailing.save(update_fields=["ab_winner"])
        # Due from this moment (``now`` may be a later time, to test the wait).
        mailing.recipients.filter(status=Recipient.Status.HELD).update(
            status=Recipient.Status.QUEUED, next_attempt_at=timezone.now()
        )
        if mailing.status == Mailing.Status.SENDING:
            # A paused mailing sends the rest when it is resumed.
            from rostra_mailings.sending import _enqueue

            with_commit(lambda: _enqueue(mailing_id))
    return f"decided {mailing.ab_winner}"


def overview(mailing, count=None):
    """What the review screen shows of the test: before sending, the sample's
    size for ``count`` people; then each subject's figures and the winner."""
    if not mailing.subject_test:
        return None
    if mailing.started_at is None:
        sample = sample_size(count or 0, mailing.ab_sample_percent)
        return {"sample": sample, "half": sample // 2, "rows": None}
    found = results(mailing)
    rows = [
        {"name": name, "subject": mailing.subject_of(variant), **found[variant]}
        for name, variant in (("A", "a"), ("B", "b"))
    ]
    rest = found[""]
    return {
        "rows": rows,
        "rest": rest if mailing.ab_winner else None,
        "winner": mailing.ab_winner.upper(),
        "decide_at": mailing.ab_decide_at,
    }
