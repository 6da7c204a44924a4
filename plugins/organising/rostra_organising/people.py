"""What the plugin's public forms (RSVP, "Je m'engage", joining a group) do with the people
API: find or create the person from what was typed, without proof; and, once
the emailed link proves the address, give the person those details and record
the consent ticked on the form."""

from django.utils import timezone
from rostra.people import api
from rostra.people.models import Consent, SourceKind


def typed_details(data):
    return {
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "postcode": data["postcode"],
        "phone": data.get("phone") or "",
    }


def unproven_person(data, page, request):
    """(person, details typed). A new person is created with what was typed; a
    known one is left as they are (the plugin's row keeps what was typed)."""
    typed = typed_details(data)
    person, _created = api.find_or_create(
        email=data["email"],
        site=page.get_site(),
        source=api.Source(SourceKind.PAGE, page.get_full_url(request)),
        **typed,
    )
    return person, typed


def confirm_typed(record, *, page, request, purpose, channels=("email",), details=None):
    """The emailed link proves the address of ``record`` (an RSVP, an offer, a
    membership): its details (by default name, postcode and phone) reach the
    person, and its consent goes into the ledger, once."""
    if record.consent_recorded_at is not None:
        return
    site = page.get_site()
    if details is None:
        details = {
            "first_name": record.first_name,
            "last_name": record.last_name,
            "postcode": record.postcode,
            "phone": record.phone,
        }
    api.confirm_details(
        record.person,
        proof=api.Proof.EMAIL_CONFIRMED,
        site=site,
        source=api.Source(SourceKind.EMAIL, page.get_full_url()),
        **details,
    )
    if record.consent_granted:
        for channel in channels:
            api.record_consent(
                record.person,
                purpose=purpose,
                channel=channel,
                granted=True,
                wording=record.consent_wording,
                where=Consent.Where.PAGE,
                where_detail=page.get_full_url() or "",
                site=site,
                request=request,
            )
    type(record).objects.filter(pk=record.pk).update(consent_recorded_at=timezone.now())
