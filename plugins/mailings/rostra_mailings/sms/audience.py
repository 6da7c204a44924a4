"""Who an SMS broadcast goes to: the saved segment, ∩ the people who currently
consent to its purpose by text message (``sms``; not those marked "do not
text"), ∩ the people the sender may see (rostra.scoping: a candidate's team
sees its territory only), with a mobile number.

The mobile number is the person's mobile phone, else their phone when that is
a mobile: French mobiles (+33 6…, +33 7…) and those of the overseas
territories (+590 690…, +596 696…, +262 692…, +262 639…, +594 694…, +508 55…),
as libphonenumber's metadata (rostra.people.phones) describes them. Numbers
are stored in E.164 (rostra.people.phones.normalise), so one regular
expression per territory finds them in the database.

As for mailings, the territory comes from the user, never from the
broadcast's fields or the request."""

import re
from functools import cache

import phonenumbers
from django.db.models import Case, CharField, Q, Value, When
from rostra.people import api, listing, phones
from rostra.people.permissions import scoped_people, scoped_segments


@cache
def mobile_pattern():
    """A regular expression (PostgreSQL's and Python's) for the E.164 mobile
    numbers of the French numbering plan."""
    alternatives = {}  # Guadeloupe, Saint-Barthélemy and Saint-Martin share theirs
    for region in phones.FRENCH_PLAN:
        meta = phonenumbers.PhoneMetadata.metadata_for_region(region)
        national = meta.mobile.national_number_pattern
        alternatives[f"\\+{meta.country_code}(?:{national})"] = region
    return "^(?:" + "|".join(alternatives) + ")$"


def is_mobile(e164):
    return bool(e164) and re.fullmatch(mobile_pattern(), e164) is not None


def with_number(queryset):
    """The people with a mobile number, annotated with it (``sms_number``)."""
    pattern = mobile_pattern()
    number = Case(
        When(mobile_phone__regex=pattern, then="mobile_phone"),
        When(phone__regex=pattern, then="phone"),
        default=Value(""),
        output_field=CharField(),
    )
    return queryset.filter(Q(mobile_phone__regex=pattern) | Q(phone__regex=pattern)).annotate(
        sms_number=number
    )


def people(broadcast, user):
    """The audience's people (a queryset with ``sms_number``), as ``user`` may send it."""
    if user is None or not user.is_active:
        return with_number(api.contactable(broadcast.purpose, "sms").none())
    queryset = scoped_people(user)
    if broadcast.segment_id:
        segments = scoped_segments(user)
        if not segments.filter(pk=broadcast.segment_id).exists():
            # A segment the user may not use: nobody, never everybody.
            return with_number(queryset.none())
        queryset = listing.apply_filters(
            queryset, {"segment": str(broadcast.segment_id)}, masked=False, segments=segments
        )
    return with_number(api.contactable(broadcast.purpose, "sms", queryset))


def count(broadcast, user):
    """The exact number of people the broadcast would go to now."""
    return people(broadcast, user).count()
