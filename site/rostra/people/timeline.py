"""A person's timeline: how an entry is written, and the messages the people
service writes there (rostra.people.api re-exports both for plugins)."""

from django.utils import timezone
from django.utils.translation import gettext_noop

from rostra import inserts
from rostra.people.models import TimelineEntry

# Timeline messages: English message ids, translated when shown.
SIGNED_UP = gettext_noop("Signed up (%(source)s)")
DETAILS_UPDATED = gettext_noop("Details updated: %(fields)s")
CONSENT_GRANTED = gettext_noop("Consent given: %(purpose)s by %(channel)s")
CONSENT_WITHDRAWN = gettext_noop("Consent withdrawn: %(purpose)s by %(channel)s")
PHONE_NOT_UNDERSTOOD = gettext_noop("Phone number not understood, not stored: %(number)s")


def add_to_timeline(
    person,
    *,
    kind,
    summary="",
    site=None,
    data=None,
    actor=None,
    when=None,
    message="",
    params=None,
):
    """Note something on a person's timeline.

    Prefer ``message`` (an English message id marked with gettext_noop, with
    %(name)s placeholders) and ``params``: the entry is then translated into
    each reader's language. Params named ``purpose`` and ``channel`` are shown
    with their labels. ``summary`` is a fixed text (kept for the plain form).
    """
    # As TimelineEntry.objects.create(…), its statement built once (rostra.inserts).
    entry = new_entry(
        person,
        kind=kind,
        summary=summary,
        site=site,
        data=data,
        actor=actor,
        when=when,
        message=message,
        params=params,
    )
    inserts.insert([entry], saved=True)
    return entry


def new_entry(
    person,
    *,
    kind,
    summary="",
    site=None,
    data=None,
    actor=None,
    when=None,
    message="",
    params=None,
):
    """The entry ``add_to_timeline`` writes, unsaved (for a caller writing it
    along with other rows: rostra.inserts.insert_together)."""
    params = params or {}
    if message and not summary:
        summary = TimelineEntry(message=message, params=params).english_text
    return TimelineEntry(
        person=person,
        kind=kind,
        summary=str(summary)[:500],
        message=message,
        params=params,
        site=site,
        data=data or {},
        actor=actor,
        occurred_at=when or timezone.now(),
    )
