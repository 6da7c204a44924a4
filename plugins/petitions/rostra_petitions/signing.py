"""Signing and confirming (docs/petitions.md, "Signing").

sign: validate (the form), judge (abuse), store a pending signature once per
canonical email (or a second one for a household); the task worker emails the
confirmation link (confirmations.py).
A duplicate gets an email instead, and the same answer on the page, so the form
never tells who has signed.

confirm: a POST (never a GET: mail scanners follow links) moves the signature
from pending to validated once — a conditional UPDATE, so double clicks and
replays change nothing — and appends the +1 delta and the confirmation's outbox
row in the same transaction. Only then (a moment later, in a batch: recording.py)
does the signer's person record get their details and consents: an address
someone merely typed never changes the supporter database.
"""

import datetime
import logging
from dataclasses import dataclass
from urllib.parse import urlencode

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_noop
from rostra import signals
from rostra.mail.sending import send
from rostra.people import api
from rostra.people.canonical import canonical_email, email_domain

from rostra_petitions import (
    abuse,
    conf,
    confirmations,
    counting,
    recording,
    signature_rows,
    territory,
)
from rostra_petitions.models import Signature

logger = logging.getLogger(__name__)

# Timeline entries are stored as English message ids and translated for each reader.
SIGNED = gettext_noop("Signed the petition “%(title)s”")


@dataclass
class Outcome:
    signature: Signature | None
    created: bool
    duplicate: bool = False
    robot: bool = False


def sign(petition, form, request):
    if form.is_robot:
        return Outcome(None, False, robot=True)
    data = form.cleaned_data
    site = petition.get_site()
    email = data["email"]
    key = canonical_email(email)
    domain = email_domain(email)
    ip = abuse.client_ip(request)
    ip_hash = api.hash_ip(ip)
    verdict = abuse.judge(
        ip=ip,
        ip_hash=ip_hash,
        email_canonical=key,
        domain=domain,
        country=data["country"],
        generation=getattr(request, "petitions_generation", None),
    )
    departement, constituency = territory.locate(data["postcode"], data["country"])
    language = (get_language() or "fr")[:2]
    fields = {
        # Counted with the petition's other languages (PetitionPage.counted_petition_id).
        "petition_id": petition.counted_petition_id,
        "first_name": data["first_name"],
        "last_name": data["last_name"],
        "email": email,
        "email_canonical": key,
        "email_domain": domain,
        "postcode": data["postcode"],
        "country": data["country"],
        "phone": data.get("phone", ""),
        "departement_code": departement,
        "constituency": constituency,
        "language": language,
        "consents": form.consent_choices(),
        "ip_hash": ip_hash,
        "state": Signature.State.FRAUDULENT if verdict.fraudulent else Signature.State.PENDING,
        "fraud_reason": verdict.reason,
    }
    # No transaction around it: the pending signature is one statement, atomic
    # by itself (BEGIN and COMMIT were two more round trips per signing), and
    # what follows is written once it is stored, so that an email run queued
    # now finds it (one queued before it started reads the committed row too).
    signature = _insert(fields, rank=0)
    if signature is None:
        existing = list(
            Signature.objects.filter(
                petition_id=petition.counted_petition_id, email_canonical=key
            ).order_by("household_rank")
        )
        if _second_in_household(petition, existing, fields):
            signature = _insert(fields, rank=1)
        if signature is None:
            _duplicate_notice(petition, existing[0] if existing else None, fields, site)
            return Outcome(existing[0] if existing else None, False, duplicate=True)
    # The email (and the signer's person record, which its footer needs) is the
    # task worker's, in batches: the signature row is the outbox.
    confirmations.schedule()
    signals.petition_signed.send(
        sender=Signature,
        site=site,
        signature=signature,
        request=request,
        enabled=getattr(request, "site_plugins", None),
    )
    return Outcome(signature, True)


def _insert(fields, *, rank):
    """The new signature, or None when this address has signed already (at this
    household rank): one ``INSERT … ON CONFLICT DO NOTHING RETURNING id``, where
    catching the unique constraint's error needed a savepoint around the insert
    (two more round trips per signing). Signatures have no save() of their own
    nor post_save receivers to miss."""
    signature = Signature(household_rank=rank, **fields)
    columns = [field for field in Signature._meta.concrete_fields if not field.primary_key]
    quote = connection.ops.quote_name
    # Only the model's own table and column names and placeholders are interpolated.
    sql = "INSERT INTO {} ({}) VALUES ({}) ON CONFLICT DO NOTHING RETURNING {}".format(  # noqa: S608
        quote(Signature._meta.db_table),
        ", ".join(quote(field.column) for field in columns),
        ", ".join(["%s"] * len(columns)),
        quote(Signature._meta.pk.column),
    )
    values = [
        field.get_db_prep_save(field.pre_save(signature, True), connection) for field in columns
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return None
    signature.pk = row[0]
    signature._state.adding = False
    return signature


def _second_in_household(petition, existing, fields):
    if not petition.allow_household or len(existing) != 1:
        return False
    first = existing[0]
    same_postcode = first.postcode.replace(" ", "") == fields["postcode"].replace(" ", "")
    other_name = (first.first_name.casefold(), first.last_name.casefold()) != (
        fields["first_name"].casefold(),
        fields["last_name"].casefold(),
    )
    return same_postcode and other_name


def confirm_url(petition, signature):
    """The link of the confirmation email: the confirmation endpoint on the
    petition's site, in the signer's language, which is the language of the
    page they signed on and of the email (the page's own
    ``confirm/<id>/<token>/`` route, where links led before, still answers)."""
    root_url, page_language = petition.get_link_root()
    language = signature.language if signature.language in _LANGUAGES else page_language
    path = reverse("petitions:confirm", args=[petition.pk, signature.pk, signature.token])
    return f"{root_url}{path}?{urlencode({'lang': language})}"


_LANGUAGES = frozenset(code for code, _name in settings.LANGUAGES)


def _duplicate_notice(petition, existing, fields, site):
    """Someone signed again with this address: tell its owner, never the page.

    A pending signature gets its link again (the first email may be lost); a
    confirmed one gets a notice that it is already counted."""
    if existing is None:
        return
    pending = existing.state == Signature.State.PENDING or (
        existing.state == Signature.State.FRAUDULENT and existing.validated_at is None
    )
    if pending and existing.confirmation_sent_at is None:
        return  # the first email is still waiting in the outbox (confirmations.py)
    if pending and timezone.now() - existing.created_at < datetime.timedelta(seconds=60):
        return  # a double click: the first email is on its way
    send(
        "petitions/confirm" if pending else "petitions/duplicate",
        to=existing.email,
        person=existing.person,
        purpose="petition_updates",
        site=site,
        language=fields["language"],
        context={
            "first_name": existing.first_name,
            "petition_title": petition.title,
            "confirm_url": confirm_url(petition, existing) if pending else "",
            "petition_url": petition.get_full_url(),
            "days": conf.get("CONFIRMATION_DAYS"),
        },
    )


# -- confirming -----------------------------------------------------------


class LinkProblem:
    INVALID = "invalid"  # unknown id or wrong token (tampered)
    EXPIRED = "expired"
    INVALIDATED = "invalidated"


def find_for_link(petition, signature_id, token):
    """(signature, problem) for a confirmation link; the token is compared in
    constant time and never reveals whether the id exists."""
    import hmac

    signature = signature_rows.by_link(signature_id, petition.counted_petition_id)
    # compare_digest refuses non-ASCII str (a tampered link may hold any character):
    # compare bytes.
    if signature is None or not token or not signature.token:
        return None, LinkProblem.INVALID
    if not hmac.compare_digest(signature.token.encode(), token.encode()):
        return None, LinkProblem.INVALID
    if signature.anonymised_at:
        return None, LinkProblem.INVALID
    if signature.state == Signature.State.INVALIDATED:
        return signature, LinkProblem.INVALIDATED
    if signature.validated_at is None and _expired(signature):
        return signature, LinkProblem.EXPIRED
    return signature, None


def _expired(signature):
    days = conf.get("CONFIRMATION_DAYS")
    return timezone.now() - signature.created_at > datetime.timedelta(days=days)


def confirm(petition, signature, request):
    """Validate a pending signature once. Returns True if this call confirmed it.

    One short transaction (one statement on PostgreSQL, signature_rows.confirm):
    the signature validated, its +1 count delta and its outbox row for the
    supporter database. The signer's person record gets their details,
    consents and timeline entry, and ``petition_confirmed`` is sent, by the
    task worker a moment later, for many confirmations at once (recording.py)."""
    now = timezone.now()
    click = recording.evidence(request)
    if signature_rows.can_confirm_in_one_statement():
        confirmed = signature_rows.confirm(signature.pk, now, click)
        if confirmed is not None:
            counting.schedule()
    else:
        with transaction.atomic():
            confirmed = signature_rows.validate(signature.pk, now)
            if confirmed is not None:
                counting.record(confirmed, +1)
                recording.append(confirmed, click, now)
    if confirmed is None:
        # Fraudulent ones "confirm" the same way but are never counted.
        Signature.objects.filter(
            pk=signature.pk, state=Signature.State.FRAUDULENT, validated_at__isnull=True
        ).update(validated_at=now)
        return False
    # Committed: a run queued now, or one that started before, finds the row.
    recording.schedule()
    return True
