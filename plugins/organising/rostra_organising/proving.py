"""The emailed link proves the address of an RSVP or a membership: what the
person typed reaches their record (the people API's rules), and the consent
they ticked goes into the ledger, once."""

from django.utils import timezone
from rostra.people import api
from rostra.people.models import Consent, SourceKind


def record_proved(request, row, *, page, purpose, **details):
    """``row``: an Rsvp or a Membership (person, consent_granted,
    consent_wording, consent_recorded_at); ``page``: its event or group."""
    if row.consent_recorded_at is not None:
        return
    site = page.get_site()
    url = page.get_full_url() or ""
    api.confirm_details(
        row.person,
        proof=api.Proof.EMAIL_CONFIRMED,
        site=site,
        source=api.Source(SourceKind.EMAIL, url),
        **details,
    )
    if row.consent_granted:
        api.record_consent(
            row.person,
            purpose=purpose,
            granted=True,
            wording=row.consent_wording,
            where=Consent.Where.PAGE,
            where_detail=url,
            site=site,
            request=request,
        )
    type(row).objects.filter(pk=row.pk).update(consent_recorded_at=timezone.now())
