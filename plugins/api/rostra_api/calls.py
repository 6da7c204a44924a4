"""Every API call: the key read from the Authorization header (or OSDI's
``OSDI-API-Token``), its rate limit, its scope, and a line in the audit log."""

import datetime
import functools

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from rostra import inserts, rate_limits
from rostra.client_ip import client_ip
from wagtail.models import ModelLogEntry

from rostra_api import hal, keys
from rostra_api.models import ApiKey

# last_used_at is written at most this often per key (a write per call would
# serialise a busy tool's calls on the key's row).
LAST_USED_EVERY = datetime.timedelta(seconds=60)


def token_of(request):
    header = request.headers.get("Authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip()
    return request.headers.get("OSDI-API-Token", "").strip()


def rate_limit():
    return getattr(settings, "ROSTRA_API_CALLS_PER_MINUTE", 600)


def key_call(view):
    """Authenticate, rate-limit and log; the view gets ``request.api_key``."""

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        # A tool says its language with Accept-Language (the pages' URLs choose
        # it by their prefix, which the API's have not).
        with translation.override(translation.get_language_from_request(request)):
            return _call(view, request, *args, **kwargs)

    return wrapper


def _call(view, request, *args, **kwargs):
    key = keys.find(token_of(request))
    if key is None:
        response = hal.error(401, _("A valid API key is needed (Authorization: Bearer …)."))
        response["WWW-Authenticate"] = 'Bearer realm="rostra"'
        return response
    (limited,) = rate_limits.over([rate_limits.Limit("api:key", str(key.pk), rate_limit(), 60)])
    if limited:
        response = hal.error(429, _("Too many calls with this key: wait a minute."))
        response["Retry-After"] = "60"
        return response
    request.api_key = key
    response = view(request, *args, **kwargs)
    _note_use(request, key, response.status_code)
    return response


def _note_use(request, key, status):
    now = timezone.now()
    ip = client_ip(request) or None
    if (
        key.last_used_at is None
        or now - key.last_used_at > LAST_USED_EVERY
        or (ip != key.last_used_ip)
    ):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now, last_used_ip=ip)
    if getattr(request, "api_call_logged", False):
        return
    # Wagtail's log() validates each entry with two more queries; the entry
    # is the same row, written by one INSERT. On PostgreSQL the row's commit
    # does not wait for the disk (synchronous_commit off, this transaction
    # only): a busy tool's calls do not queue on WAL flushes, and a crash of
    # the database server could lose at most the last fraction of a second of
    # lines (the calls' own writes are committed as usual, before).
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        _write_log(key, request, status, ip, now)


def log_call(request, status):
    """Write the call's audit-log line now, in the caller's transaction: a
    write call's line then commits with its rows (one INSERT instead of a
    transaction of its own, four round trips). ``key_call`` writes no other."""
    inserts.insert([log_line(request, status)])


def log_line(request, status):
    """The call's audit-log line, unsaved, for the caller to write in its
    transaction with its own rows; ``key_call`` writes no other."""
    request.api_call_logged = True
    return _log_line(request.api_key, request, status, client_ip(request) or None, timezone.now())


def _write_log(key, request, status, ip, now):
    inserts.insert([_log_line(key, request, status, ip, now)])


def _log_line(key, request, status, ip, now):
    return ModelLogEntry(
        content_type=_key_type(),
        object_id=str(key.pk),
        label=str(key)[:255],
        action="api.call",
        user_id=key.user_id,
        timestamp=now,
        data={"method": request.method, "path": request.path, "status": status, "ip": ip},
    )


@functools.cache
def _key_type():
    return ContentType.objects.get_for_model(ApiKey)
