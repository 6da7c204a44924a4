"""Canonical email addresses: one person, one key, whatever alias they type.

Everything is case-folded. Where a provider ignores dots or "+tags" in the
local part, they are removed, and alias domains map to one domain, so that
Jean.Dupont+petition@googlemail.com and jeandupont@gmail.com are one person.
Only providers whose documented behaviour we know are listed (docs/people.md).
"""

# Provider rules: domain -> (canonical domain, drop dots, drop +tag)
_GMAIL = ("gmail.com", True, True)
_OUTLOOK = (None, False, True)
_ICLOUD = ("icloud.com", False, True)
_PLUS_ONLY = (None, False, True)

PROVIDERS = {
    "gmail.com": _GMAIL,
    "googlemail.com": _GMAIL,
    "outlook.com": _OUTLOOK,
    "outlook.fr": _OUTLOOK,
    "hotmail.com": _OUTLOOK,
    "hotmail.fr": _OUTLOOK,
    "live.com": _OUTLOOK,
    "live.fr": _OUTLOOK,
    "msn.com": _OUTLOOK,
    "icloud.com": _ICLOUD,
    "me.com": _ICLOUD,
    "mac.com": _ICLOUD,
    "protonmail.com": _PLUS_ONLY,
    "protonmail.ch": _PLUS_ONLY,
    "proton.me": _PLUS_ONLY,
    "pm.me": _PLUS_ONLY,
    "fastmail.com": _PLUS_ONLY,
    "fastmail.fm": _PLUS_ONLY,
}


def canonical_email(address):
    """The matching key of an email address ("" for a blank or malformed one)."""
    address = (address or "").strip().casefold()
    local, at, domain = address.rpartition("@")
    if not at or not local or not domain:
        return ""
    domain = domain.rstrip(".")
    rule = PROVIDERS.get(domain)
    if rule:
        canonical_domain, drop_dots, drop_tag = rule
        if drop_tag:
            local = local.split("+", 1)[0]
        if drop_dots:
            local = local.replace(".", "")
        domain = canonical_domain or domain
    if not local:
        return ""
    return f"{local}@{domain}"


def email_domain(address):
    """The domain part, with known alias domains folded (for per-domain limits)."""
    canonical = canonical_email(address)
    return canonical.rpartition("@")[2]
