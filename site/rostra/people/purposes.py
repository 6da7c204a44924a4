"""What people consent to (purposes) and how they may be reached (channels).

Plugins add their own purposes with ``register`` in their AppConfig.ready().
"""

from django.utils.translation import gettext_lazy as _

CHANNELS = {
    "email": _("Email"),
    "sms": _("Text message"),
    "phone": _("Phone"),
    "post": _("Post"),
}

_PURPOSES = {
    "newsletter": _("News from the campaign"),
    "petition_updates": _("Updates about petitions signed"),
    "donation_receipts": _("Acknowledgements and receipts of gifts"),
    "volunteer_contact": _("Being contacted to volunteer"),
    "events": _("Invitations to events"),
}


def register(code, label):
    _PURPOSES.setdefault(code, label)


def all_purposes():
    return dict(_PURPOSES)


def label(code):
    return _PURPOSES.get(code, code)


def channel_label(code):
    return CHANNELS.get(code, code)
