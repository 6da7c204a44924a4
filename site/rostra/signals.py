"""The events plugins talk through.

``SiteSignal`` is sent for one Wagtail Site and reaches the core's receivers
plus the receivers of plugins switched on for that site, with ``send``,
``send_robust``, ``asend`` and ``asend_robust`` alike. Plain signals (erasure,
data export, merge) reach every installed plugin: a person's data must be found
wherever it is, whatever a site has switched on today.

Each signal says what it is for and declares its payload: the keyword
arguments its receivers get, with their types. With ``ROSTRA_CHECK_SIGNALS``
(on with DEBUG and in the tests) a send with a missing, unexpected or wrongly
typed argument raises TypeError, so a sender that drifts from the declaration
fails a test. The "Signals" section of docs/plugins.md is generated from these
declarations (``manage.py document_signals``); a test fails when it is stale.
"""

import inspect
import typing
from contextvars import ContextVar
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.dispatch import Signal
from django.http import HttpRequest

from rostra import plugins

_allowed_plugins = ContextVar("rostra_allowed_plugins", default=None)

#: The type of an argument that holds a user (``settings.AUTH_USER_MODEL``).
USER = "AUTH_USER_MODEL"


@dataclass(frozen=True)
class Arg:
    """One keyword argument of a signal's payload.

    ``type``: a class, ``list[<class>]``, a model as ``"app_label.ModelName"``
    (looked up when checked: the core names plugins' models without importing
    them), or ``USER``. ``optional``: the value may be None.
    """

    type: object
    doc: str
    optional: bool = False

    def accepts(self, value):
        if value is None:
            return self.optional
        expected = self.type
        if typing.get_origin(expected) is list:
            (item_type,) = typing.get_args(expected)
            return isinstance(value, list) and all(isinstance(item, item_type) for item in value)
        return isinstance(value, self._resolve(expected))

    @staticmethod
    def _resolve(expected):
        if not isinstance(expected, str):
            return expected
        from django.apps import apps
        from django.conf import settings

        return apps.get_model(settings.AUTH_USER_MODEL if expected == USER else expected)

    @property
    def type_name(self):
        expected = self.type
        if expected == USER:
            name = "the user model"
        elif isinstance(expected, str):
            name = expected
        elif typing.get_origin(expected) is list:
            name = f"list of {typing.get_args(expected)[0].__name__}"
        else:
            name = f"{expected.__module__}.{expected.__qualname__}".removeprefix("builtins.")
        return f"{name} or None" if self.optional else name


def checking():
    from django.conf import settings

    return getattr(settings, "ROSTRA_CHECK_SIGNALS", settings.DEBUG)


class DocumentedSignal(Signal):
    """A signal with a description and a declared payload; reaches every
    installed plugin, switched on or not."""

    reaches = "every installed plugin, switched on for a site or not"

    def __init__(self, doc, *, sender, returns="", **payload):
        super().__init__()
        self.__doc__ = inspect.cleandoc(doc)
        self.sender_doc = sender
        self.returns = inspect.cleandoc(returns)
        self.payload = payload
        self.name = "a signal"  # the module's signals are named below

    def check(self, named):
        """TypeError unless ``named`` is exactly the declared payload (when checking)."""
        if not checking():
            return
        problems = [f"{name!r} is missing" for name in self.payload if name not in named]
        for name, value in named.items():
            arg = self.payload.get(name)
            if arg is None:
                problems.append(f"{name!r} is not part of its payload")
            elif not arg.accepts(value):
                problems.append(f"{name!r} is a {type(value).__qualname__}, not {arg.type_name}")
        if problems:
            raise TypeError(
                f"{self.name} sent with the wrong payload: {'; '.join(problems)} "
                "(see its declaration in rostra.signals)."
            )

    def send(self, sender, **named):
        return self._deliver(Signal.send, sender, **named)

    def send_robust(self, sender, **named):
        return self._deliver(Signal.send_robust, sender, **named)

    async def asend(self, sender, **named):
        return await self._adeliver(Signal.asend, sender, **named)

    async def asend_robust(self, sender, **named):
        return await self._adeliver(Signal.asend_robust, sender, **named)

    def _deliver(self, send, sender, **named):
        self.check(named)
        return send(self, sender, **named)

    async def _adeliver(self, send, sender, **named):
        self.check(named)
        return await send(self, sender, **named)


class SiteSignal(DocumentedSignal):
    """Sent for one site (``site=``); reaches the core's receivers and those of
    the plugins switched on for that site.

    ``enabled``: the site's plugin labels, when the sender already holds them
    (the petition signing endpoint keeps them in the process); otherwise they
    are looked up, and only when the signal has receivers at all."""

    reaches = "the core's receivers and those of the plugins switched on for `site`"
    SITE = Arg(
        "wagtailcore.Site",
        "the site it happened on; None outside any site (an import, a command): "
        "then the plugins switched on by default hear it",
        optional=True,
    )

    def __init__(self, doc, *, sender, returns="", site=SITE, **payload):
        super().__init__(doc, sender=sender, returns=returns, site=site, **payload)

    def _deliver(self, send, sender, *, site, enabled=None, **named):
        self.check({"site": site, **named})
        if not self._has_any_receiver(sender):
            return []
        token = _allowed_plugins.set(plugins.enabled_labels(site) if enabled is None else enabled)
        try:
            return send(self, sender, site=site, **named)
        finally:
            _allowed_plugins.reset(token)

    async def _adeliver(self, send, sender, *, site, enabled=None, **named):
        self.check({"site": site, **named})
        if not self._has_any_receiver(sender):
            return []
        if enabled is None:
            enabled = await sync_to_async(plugins.enabled_labels)(site)
        # Django's asend picks its receivers before its first await: in this context.
        token = _allowed_plugins.set(enabled)
        try:
            return await send(self, sender, site=site, **named)
        finally:
            _allowed_plugins.reset(token)

    def _has_any_receiver(self, sender):
        # Every receiver, whichever site an enclosing send is for.
        sync_receivers, async_receivers = Signal._live_receivers(self, sender)
        return bool(sync_receivers or async_receivers)

    def _live_receivers(self, sender):
        sync_receivers, async_receivers = super()._live_receivers(sender)
        allowed = _allowed_plugins.get()
        if allowed is None:
            return sync_receivers, async_receivers
        return (
            [r for r in sync_receivers if _reaches(r, allowed)],
            [r for r in async_receivers if _reaches(r, allowed)],
        )


def _reaches(receiver, allowed):
    plugin = plugins.plugin_of(getattr(receiver, "__func__", receiver))
    return plugin is None or plugin.label in allowed


PERSON = "people.Person"

# -- People (sent by rostra.people) --------------------------------------------

person_created = SiteSignal(
    """
    A person was added to the supporter database: a sign-up, a first signature
    or gift, an import, an editor. Sent after the person's row is written, with
    their first timeline entry.
    """,
    sender=f"the `{PERSON}` class",
    person=Arg(PERSON, "the new person"),
)

person_updated = SiteSignal(
    """
    Details of a person changed (name, address, phone, …): what someone typed
    on a form, an import or an editor's change.
    """,
    sender=f"the `{PERSON}` class",
    person=Arg(PERSON, "the person, saved with the new values"),
    fields=Arg(list[str], "the names of the fields that changed"),
)

consent_changed = SiteSignal(
    """
    A row was added to a person's consent ledger: a consent given or withdrawn
    for one purpose and channel (a form, an import, an unsubscribe link,
    retention, erasure).
    """,
    sender=f"the `{PERSON}` class",
    person=Arg(PERSON, "the person"),
    consent=Arg("people.Consent", "the new ledger row (purpose, channel, granted, wording, …)"),
)

person_erased = DocumentedSignal(
    """
    A person is being erased (their own request, an editor, retention), inside
    the erasure's transaction, after the core anonymised the rows every plugin
    declares (rostra.personal_data). Every plugin, switched on or not, does
    what else erasing means for it (a monthly gift to stop).
    """,
    sender=f"the `{PERSON}` class",
    returns="""
    a one-line description of what was done (shown to the editor and noted
    on the erasure's timeline entry), or ``{"summary": ..., "kept_until": date, "reason": ...}``
    when the law requires keeping some records, or None when nothing was held.
    """,
    person=Arg(PERSON, "the person, still with their details"),
    actor=Arg(USER, "the user who asked for it; None for the person or a command", optional=True),
)

person_data_requested = DocumentedSignal(
    """
    A person's data is being exported (the right of access: their own request,
    or an editor's export). The core exports the rows every plugin declares
    (rostra.personal_data); a plugin adds here anything else it holds, switched
    on or not.
    """,
    sender=f"the `{PERSON}` class",
    returns="""
    ``{"section title": [records as JSON-ready dicts]}``, or an empty dict when
    nothing is held.
    """,
    person=Arg(PERSON, "the person"),
)

people_merged = DocumentedSignal(
    """
    Two records of one person were merged, inside the merge's transaction. The
    core has already moved the rows every plugin declares (rostra.personal_data)
    from ``merged`` to ``kept``; a plugin reacts here (checks a cap on the
    merged total), switched on or not.
    """,
    sender=f"the `{PERSON}` class",
    kept=Arg(PERSON, "the person kept"),
    merged=Arg(PERSON, "the duplicate, emptied of its details and pointing to ``kept``"),
    actor=Arg(USER, "the user who merged them; None for a command", optional=True),
)

# -- Petitions ------------------------------------------------------------------

SIGNATURE = "petitions.Signature"

petition_signed = SiteSignal(
    """
    A petition was signed. The address is not confirmed yet: nothing the
    signer typed may change a person before ``petition_confirmed``.
    """,
    sender=f"the `{SIGNATURE}` class",
    signature=Arg(SIGNATURE, "the new, pending signature"),
    request=Arg(
        HttpRequest,
        "the signing request (its ``via`` parameter names the candidate site the signer came from)",
        optional=True,
    ),
)

petition_confirmed = SiteSignal(
    """
    A signer confirmed their address with the emailed link, inside the
    transaction that counts the signature and records the signer's consents.
    """,
    sender=f"the `{SIGNATURE}` class",
    signature=Arg(SIGNATURE, "the confirmed signature (its ``person`` is set)"),
)

petition_signatures_voided = DocumentedSignal(
    """
    Signatures no longer stand: invalidated as fraudulent, or deleted before
    they were confirmed. Reaches every plugin, switched on or not, like
    erasure: what they derived from those signatures must go.
    """,
    sender=f"the `{SIGNATURE}` class",
    signature_ids=Arg(list[int], "the ids of the signatures voided"),
)

# -- Donations --------------------------------------------------------------------

DONATION = "donations.Donation"

donation_confirmed = SiteSignal(
    """
    A gift was paid (the provider confirmed the payment). Sent once per gift,
    after the transaction that recorded it.
    """,
    sender=f"the `{DONATION}` class",
    donation=Arg(DONATION, "the paid gift"),
)

donation_refunded = SiteSignal(
    """
    A paid gift was refunded (its status became refunded), after the
    transaction that recorded it.
    """,
    sender=f"the `{DONATION}` class",
    donation=Arg(DONATION, "the gift"),
    refund=Arg("donations.Refund", "the latest successful refund of it", optional=True),
)

monthly_gift_failed = SiteSignal(
    """
    A payment of a monthly gift failed (the provider said so), after the
    transaction that recorded it: a mailings plugin may ask the donor to
    update their card (an automation).
    """,
    sender=f"the `{DONATION}` class",
    donation=Arg(DONATION, "the gift whose payment failed (its ``recurring`` is set)"),
    person=Arg(PERSON, "the donor"),
)

# -- Network ----------------------------------------------------------------------

candidate_site_created = SiteSignal(
    """
    A candidate site was built from the blueprint, inside the transaction that
    created it: a plugin adds what a new site needs from it.
    """,
    sender="the `network.CandidateSite` class",
    site=Arg("wagtailcore.Site", "the new candidate site"),
    candidate=Arg("network.CandidateSite", "the candidate's record"),
)

# -- Organising --------------------------------------------------------------------

event_rsvp_changed = SiteSignal(
    """
    An RSVP to an event changed, after the transaction that recorded it: made
    (confirmed or waitlisted), promoted from the waitlist, cancelled, checked
    in at the door; or its event changed or was cancelled (sent once per live
    RSVP). The organising plugin emails the person itself (rostra.mail); a
    mailings plugin may follow up (an automation, an SMS).
    """,
    sender="the `organising.Rsvp` class",
    rsvp=Arg("organising.Rsvp", "the RSVP, saved"),
    change=Arg(
        str,
        "what happened: rsvp, promoted, cancelled, attended, event_changed or event_cancelled",
    ),
)

organiser_wrote = SiteSignal(
    """
    A local group's organiser, or the host of a supporter-hosted event, wrote
    to the group's members or the event's attendees (only those who agreed to
    hear from them). A mailings plugin switched on for the site may send it
    itself (its queue, its statistics): it returns True, and the organising
    plugin sends nothing. Otherwise the organising plugin sends it through the
    core's mail module.
    """,
    sender="the `organising.OrganiserMessage` class",
    returns="True when the receiver sends the message itself; None otherwise.",
    message=Arg(
        "organising.OrganiserMessage",
        "the message: subject, body, author, its group or its event",
    ),
    person_ids=Arg(list[int], "the ids of the people it is for"),
    purpose=Arg(
        str,
        "the consent purpose the people gave to hear from the organisers (a group's "
        "news); empty when it is about an event they signed up for",
    ),
    emails=Arg(
        list[dict],
        "what the core's mail module would send, one per person: ``template``, ``to``, "
        "``person_id``, ``language``, ``context`` (JSON-serialisable) and ``key`` "
        "(sent once per key)",
    ),
)

event_reminder_due = SiteSignal(
    """
    A reminder of an event (24 hours or 2 hours before) is due for one person
    holding a seat, after the run that found it due. A mailings plugin
    switched on for the site may send it itself (its queue, its checks): it
    returns True, and the organising plugin sends nothing. Otherwise the
    organising plugin sends it through the core's mail module. Sent at every
    run of the reminders while the reminder is due: ``email["key"]`` says
    whether it was already sent.
    """,
    sender="the `organising.Rsvp` class",
    returns="True when the receiver sends the reminder itself; None otherwise.",
    rsvp=Arg("organising.Rsvp", "the RSVP, confirmed"),
    reminder=Arg(str, "which reminder: 24h or 2h"),
    email=Arg(
        dict,
        "what the core's mail module would send: ``template``, ``to``, ``person_id``, "
        "``language``, ``context`` (JSON-serialisable) and ``key`` (sent once per key)",
    ),
)


def documented():
    """{name: signal} of the signals above, in the order they are declared."""
    return {name: value for name, value in globals().items() if isinstance(value, DocumentedSignal)}


def _name_them():
    for name, signal in documented().items():
        signal.name = name


_name_them()
