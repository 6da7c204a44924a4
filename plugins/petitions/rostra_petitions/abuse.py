"""Rate limits, allow and block lists (docs/petitions.md, "Abuse").

Limits are counted in the cache (Redis in production, shared by every app
server) in fixed windows. A signature over a limit or on a block list is still
stored and emailed, but marked fraudulent: it is never counted and nothing on
the page or in the email tells the signer.
"""

import ipaddress
from dataclasses import dataclass

from django.core.cache import cache
from rostra import rate_limits
from rostra.client_ip import client_ip as core_client_ip
from rostra.rate_limits import Limit

_RULES_KEY = "petitions:rules"

# Large mail providers are never limited per domain (thousands of honest signers
# share them); a block rule still applies to them.
LARGE_PROVIDERS = frozenset(
    [
        "gmail.com",
        "outlook.com",
        "outlook.fr",
        "hotmail.com",
        "hotmail.fr",
        "live.com",
        "live.fr",
        "msn.com",
        "yahoo.com",
        "yahoo.fr",
        "icloud.com",
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "laposte.net",
        "bbox.fr",
        "gmx.fr",
        "gmx.com",
        "gmx.de",
        "web.de",
        "proton.me",
        "protonmail.com",
        "aol.com",
    ]
)
_LIMITS_KEY = "petitions:limits"


@dataclass(frozen=True)
class Verdict:
    fraudulent: bool
    reason: str = ""


def client_ip(request):
    """The visitor's address: the core reads it from nginx's header when configured."""
    return core_client_ip(request)


def rules(cached=None):
    """{(kind, action): set(values)} plus parsed networks, cached until a rule changes."""
    cached = cached if cached is not None else cache.get(_RULES_KEY)
    if cached is None:
        from rostra_petitions.models import AbuseRule

        cached = {}
        for kind, value, action in AbuseRule.objects.values_list("kind", "value", "action"):
            cached.setdefault((kind, action), set()).add(value.strip().lower())
        cache.set(_RULES_KEY, cached, 300)
    return cached


def forget_rules():
    cache.delete(_RULES_KEY)


def limits(cached=None):
    cached = cached if cached is not None else cache.get(_LIMITS_KEY)
    if cached is None:
        from rostra_petitions.models import PetitionLimits

        row = PetitionLimits.load()
        cached = {
            "ip_per_minute": row.ip_per_minute,
            "ip_per_hour": row.ip_per_hour,
            "domain_per_hour": row.domain_per_hour,
            "foreign_country_per_hour": row.foreign_country_per_hour,
            "home_countries": row.home_country_set(),
        }
        cache.set(_LIMITS_KEY, cached, 300)
    return cached


def forget_limits():
    cache.delete(_LIMITS_KEY)


def _ip_in(ip, values):
    if not values or not ip:
        return False
    if ip in values:
        return True
    try:
        address = ipaddress.ip_address(ip)
    except ValueError:
        return False
    for value in values:
        if "/" in value:
            try:
                if address in ipaddress.ip_network(value, strict=False):
                    return True
            except ValueError:
                continue
    return False


def _matches(found, action, *, ip, ip_hash, domain, email, country):
    return (
        _ip_in(ip, found.get(("ip", action)))
        or ip_hash in found.get(("ip_hash", action), ())
        or domain in found.get(("domain", action), ())
        or email in found.get(("email", action), ())
        or country.lower() in found.get(("country", action), ())
    )


# (generation token, rules, limits): kept in the process while the signing
# endpoint's token (snapshots.py) stays the same; a rule or the limits saved or
# deleted replaces it.
_kept = (None, None, None)


def _lists(generation):
    global _kept
    if generation is not None and _kept[0] == generation:
        return _kept[1], _kept[2]
    # Both cached lists in one round trip to the cache.
    both = cache.get_many([_RULES_KEY, _LIMITS_KEY])
    found, limit = rules(both.get(_RULES_KEY)), limits(both.get(_LIMITS_KEY))
    if generation is not None:
        _kept = (generation, found, limit)
    return found, limit


def judge(*, ip, ip_hash, email_canonical, domain, country, generation=None):
    """Apply the lists and the limits to one signing. ``generation``: the
    signing endpoint's token, under which the lists may be kept in the process."""
    found, limit = _lists(generation)
    facts = {
        "ip": ip,
        "ip_hash": ip_hash,
        "domain": domain,
        "email": email_canonical,
        "country": country or "",
    }
    if _matches(found, "block", **facts):
        return Verdict(True, "blocked")
    allowed = lambda kind, value: value and value.lower() in found.get((kind, "allow"), ())  # noqa: E731
    if (
        _ip_in(ip, found.get(("ip", "allow")))
        or allowed("ip_hash", ip_hash)
        or allowed("email", email_canonical)
    ):
        return Verdict(False)
    # (reason, limit), in the order reasons are reported; each signing counts
    # two to four of them, in one round trip to Redis (rostra.rate_limits).
    counters = []
    if ip_hash:
        counters.append(
            ("ip_burst", Limit("petitions:ip-minute", ip_hash, limit["ip_per_minute"], 60))
        )
        counters.append(
            ("ip_sustained", Limit("petitions:ip-hour", ip_hash, limit["ip_per_hour"], 3600))
        )
    if domain and domain not in LARGE_PROVIDERS and not allowed("domain", domain):
        counters.append(
            ("domain", Limit("petitions:domain", domain, limit["domain_per_hour"], 3600))
        )
    country = (country or "").upper()
    foreign = country and country not in limit["home_countries"] and not allowed("country", country)
    if foreign:
        per_hour = limit["foreign_country_per_hour"]
        counters.append(("country", Limit("petitions:country", country, per_hour, 3600)))
    over = rate_limits.over(counter for _reason, counter in counters)
    reason = next((reason for (reason, _c), hit in zip(counters, over, strict=True) if hit), "")
    return Verdict(bool(reason), reason)
