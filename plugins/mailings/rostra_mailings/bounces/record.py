"""What a bounce, a complaint or a provider's unsubscription does to the copy
it is about (a broadcast's ``Recipient`` or an automation's ``StepMessage``):

- a hard bounce marks the copy bounced and the address undeliverable
  (``Undeliverable``, which every audience leaves out);
- a soft bounce is noted on the copy, nothing more: the address may work
  tomorrow;
- a complaint withdraws the person's consent for the message's purpose by
  email, with a ledger row saying so (rostra_mailings.complaints);
- an unsubscription at the provider withdraws it too.

Each is safe to record twice (a webhook called again, a bounce read twice)."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _
from rostra.people import api
from rostra.people.canonical import canonical_email
from rostra.people.models import Consent

from rostra_mailings import complaints
from rostra_mailings.bounces.reports import COMPLAINT, HARD, SOFT
from rostra_mailings.models import Copy, Recipient, Undeliverable

UNSUBSCRIBED = "unsubscribed"


@dataclass(frozen=True)
class About:
    """The person and the message (``purpose``, ``subject``, ``site``) of a copy."""

    person: object
    mailing: object
    source: str


def about(copy):
    if isinstance(copy, Recipient):
        return About(copy.person, copy.mailing, f"mailing {copy.mailing_id}")
    step = copy.step
    return About(
        copy.enrollment.person, step, f"automation {step.automation_id}, message {step.pk}"
    )


def apply(copy, kind, *, address="", detail="", where=""):
    """Record ``kind`` (hard, soft, complaint, unsubscribed) about ``copy``;
    ``address`` is the address the report names (the person's own when
    empty); ``where`` says where the news came from (for the ledger)."""
    subject = about(copy)
    person = subject.person
    text = " ".join(f"{where} {detail}".split())[:255]
    with transaction.atomic():
        if kind == HARD:
            type(copy).objects.filter(pk=copy.pk).update(status=Copy.Status.BOUNCED, error=text)
            Undeliverable.objects.bulk_create(
                [
                    Undeliverable(
                        person=person,
                        email_canonical=canonical_email(address)
                        if address
                        else person.email_canonical or canonical_email(person.email),
                        reason=Undeliverable.Reason.BOUNCE,
                        detail=text,
                    )
                ],
                ignore_conflicts=True,
            )
        elif kind == SOFT:
            type(copy).objects.filter(pk=copy.pk, status=Copy.Status.SENT).update(
                error=f"soft bounce: {text}"[:255]
            )
        elif kind == COMPLAINT:
            complaints.record(subject, detail=text, source=subject.source)
        elif kind == UNSUBSCRIBED:
            _unsubscribed(subject, where)


def _unsubscribed(subject, where):
    mailing = subject.mailing
    if not api.can_contact(subject.person, mailing.purpose, "email"):
        return
    api.record_consent(
        subject.person,
        purpose=mailing.purpose,
        channel="email",
        granted=False,
        wording=_("Unsubscribed from “%(subject)s” at the mail provider.")
        % {"subject": mailing.subject},
        where=Consent.Where.UNSUBSCRIBE,
        where_detail=f"{where}: {subject.source}"[:255],
        site=mailing.site,
    )
