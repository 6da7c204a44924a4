"""Personal fields masked outside what the person consented to.

For users a plugin says so about (``people_masking_for_user``: a candidate's
team), a contact field shows only when the person gave a consent on its
channel; otherwise it is masked. Revealing one is an explicit act, written to
the audit log (``people.reveal``) and remembered for the session.
"""

from django.db.models import Exists, OuterRef
from wagtail.log_actions import log

from rostra import scoping
from rostra.people.models import ConsentState, Person

MASK = "••••••"
# Field → the consent channels that make it visible.
FIELD_CHANNELS = Person.shown_with_consent_on
_SESSION_KEY = "rostra_people_revealed"


def applies(user):
    return scoping.any_says("people_masking_for_user", user)


def granted_channels(person):
    return set(
        ConsentState.objects.filter(person=person, granted=True).values_list("channel", flat=True)
    )


def hidden_fields(request, person):
    """Names of the person's fields to mask for this request's user."""
    if not applies(request.user):
        return set()
    channels = granted_channels(person)
    shown = revealed(request, person)
    return {
        name
        for name, needed in FIELD_CHANNELS.items()
        if getattr(person, name) and not channels & set(needed) and name not in shown
    }


def revealed(request, person):
    return set(request.session.get(_SESSION_KEY, {}).get(str(person.pk), []))


def reveal(request, person, field):
    """Show one masked field for the rest of the session; logged."""
    log(person, "people.reveal", user=request.user, data={"field": field})
    store = request.session.get(_SESSION_KEY, {})
    shown = store.setdefault(str(person.pk), [])
    # The address is one thing to reveal, in two fields.
    for name in ("address_line1", "address_line2") if field.startswith("address") else (field,):
        if name not in shown:
            shown.append(name)
    request.session[_SESSION_KEY] = store


def with_email_consent(queryset):
    """Annotate ``email_consented`` for list columns."""
    return queryset.annotate(
        email_consented=Exists(
            ConsentState.objects.filter(person=OuterRef("pk"), channel="email", granted=True)
        )
    )


def list_email(person):
    return person.email if getattr(person, "email_consented", True) else MASK
