"""What people consent to (purposes) and how they may be reached (channels).

The core declares only its own purposes here. Each plugin declares those it
asks consent for in its PluginConfig's ``consent_purposes``; the consent ledger
(a person's page, the people list's filter, the export), the unsubscribe page
and the retention rules read them all from ``declared()``. A consent can only
be given for a declared purpose (``api.record_consent``); withdrawing always
works, also for the purpose of a plugin removed since.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

CHANNELS = {
    "email": _("Email"),
    "sms": _("Text message"),
    "phone": _("Phone"),
    "post": _("Post"),
}

#: Months a consent lasts with no activity of the person (rostra.people.retention),
#: unless the purpose says otherwise: the CNIL's three years for political
#: communication. Also the rule for the purposes of a plugin removed since.
DEFAULT_RETENTION_MONTHS = 36


@dataclass(frozen=True)
class Purpose:
    """One purpose people consent to: ``code`` is stored in the ledger (letters,
    digits and underscores), ``label`` is what people and editors read."""

    code: str
    label: str
    retention_months: int = DEFAULT_RETENTION_MONTHS


CORE_PURPOSES = (Purpose("newsletter", _("News from the campaign")),)


def declared():
    """{code: Purpose}: the core's, then each installed plugin's, in that order."""
    from rostra import plugins

    found = {purpose.code: purpose for purpose in CORE_PURPOSES}
    for config in plugins.installed():
        for purpose in config.consent_purposes:
            # A code declared twice is refused at start-up (rostra.checks).
            found.setdefault(purpose.code, purpose)
    return found


def all_purposes():
    """{code: label} of the declared purposes."""
    return {code: purpose.label for code, purpose in declared().items()}


def is_declared(code):
    return code in declared()


def label(code):
    """What people read for a purpose; its code when no installed plugin declares it."""
    purpose = declared().get(code)
    return purpose.label if purpose is not None else code


def channel_label(code):
    return CHANNELS.get(code, code)
