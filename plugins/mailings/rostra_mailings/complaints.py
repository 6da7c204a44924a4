"""A complaint (someone pressed "spam" on a mailing): the person's consent for
the mailing's purpose by email is withdrawn, with a ledger row saying why, and
the address leaves every audience (``Undeliverable``)."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from rostra.people import api
from rostra.people.canonical import canonical_email
from rostra.people.models import Consent

from rostra_mailings.models import Undeliverable


def record(recipient, *, detail="", source=""):
    """The complaint about one copy (a ``Recipient``, or anything with its
    ``person`` and ``mailing``: an automation's step, see
    rostra_mailings.bounces.record). ``source`` names the message in the
    ledger row. Safe to record twice."""
    person, mailing = recipient.person, recipient.mailing
    with transaction.atomic():
        try:
            with transaction.atomic():
                Undeliverable.objects.create(
                    person=person,
                    email_canonical=person.email_canonical or canonical_email(person.email),
                    reason=Undeliverable.Reason.COMPLAINT,
                    detail=detail[:255],
                )
        except IntegrityError:
            pass
        if api.can_contact(person, mailing.purpose, "email"):
            api.record_consent(
                person,
                purpose=mailing.purpose,
                channel="email",
                granted=False,
                wording=_("Marked the mailing “%(subject)s” as spam.")
                % {"subject": mailing.subject},
                where=Consent.Where.UNSUBSCRIBE,
                where_detail=f"complaint: {source or f'mailing {mailing.pk}'}",
                site=mailing.site,
            )
