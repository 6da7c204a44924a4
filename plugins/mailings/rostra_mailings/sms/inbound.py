"""Texts people send back, through the provider's signed webhook: a ``STOP``
withdraws every consent the number's owner gave by text message, each with a
ledger row saying so. A call the provider did not sign is refused (403)
before anything is read; a text that is not a STOP is left alone.

Mounted at /_mailings/sms/inbound/<provider>/; only the provider in use
(rostra_mailings.sms.providers.current) answers, the others are 404."""

import unicodedata

from django.db import transaction
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods
from rostra.people import api, phones
from rostra.people.models import Consent, ConsentState, Person

from rostra_mailings.sms import providers

#: What people write to stop texts (first word, accents and case aside).
STOP_WORDS = frozenset(
    {"STOP", "STOPSMS", "ARRET", "ARRETER", "DESABONNER", "DESINSCRIRE", "UNSUBSCRIBE", "END"}
)


def is_stop(text):
    plain = "".join(
        c for c in unicodedata.normalize("NFKD", text or "") if not unicodedata.combining(c)
    )
    words = "".join(c if c.isalnum() else " " for c in plain.upper()).split()
    return bool(words) and (words[0] in STOP_WORDS or "".join(words[:2]) in STOP_WORDS)


def number_of(raw):
    """E.164 of a number a provider wrote (MessageBird drops the +), or ""."""
    raw = (raw or "").strip()
    try:
        return phones.normalise(raw if raw.startswith(("+", "0")) else "+" + raw)
    except phones.InvalidPhone:
        return ""


def withdraw(number, provider_code):
    """Withdraw every sms consent of the people with this number; returns how
    many ledger rows were written."""
    written = 0
    owners = Person.objects.filter(
        Q(mobile_phone=number) | Q(phone=number), erased_at__isnull=True, merged_into__isnull=True
    )
    for person in owners:
        granted = ConsentState.objects.filter(person=person, channel="sms", granted=True)
        for purpose in granted.values_list("purpose", flat=True):
            api.record_consent(
                person,
                purpose=purpose,
                channel="sms",
                granted=False,
                wording=_("Replied STOP to a text message."),
                where=Consent.Where.UNSUBSCRIBE,
                where_detail=f"SMS STOP ({provider_code})",
            )
            written += 1
    return written


@csrf_exempt
@require_http_methods(["GET", "POST"])
def inbound(request, provider):
    current = providers.current()
    if provider != current.code:
        raise Http404
    try:
        messages = current.incoming(request)
    except providers.BadSignature:
        return HttpResponseForbidden("bad signature")
    with transaction.atomic():
        for message in messages:
            number = number_of(message.number)
            if number and is_stop(message.text):
                withdraw(number, current.code)
    return HttpResponse("ok", content_type="text/plain")
