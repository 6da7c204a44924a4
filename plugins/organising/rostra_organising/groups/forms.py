"""The short join form: email, name, postcode, the consent with its wording,
and the anti-bot of the RSVP form (honeypot and proof of work)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rostra_organising.events.forms import RsvpForm

# The exact wording of the consent choice: kept on the membership, and in the
# people consent ledger once the person proves the address is theirs.
CONSENT_WORDING = _("The group's organisers may email me about its actions and events.")


class JoinForm(RsvpForm):
    phone = None  # name, email and postcode only
    consent = forms.BooleanField(label=CONSENT_WORDING, required=False)
