"""The RSVP form. Every rejection carries a message in the visitor's language."""

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rostra.people import territories
from rostra.people.canonical import canonical_email
from rostra.people.phone_field import PhoneField, PhoneFieldsMixin

from rostra_organising import antibot

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LINK = re.compile(r"https?://|www\.|<|>", re.IGNORECASE)

# The exact wording of the consent choice: kept on the RSVP, and in the
# people consent ledger once the person proves the address is theirs.
CONSENT_WORDING = _("Tell me by email about the campaign's other events near me.")


class RsvpForm(PhoneFieldsMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    postcode = forms.CharField(label=_("Postcode"), max_length=16)
    phone = PhoneField(
        label=_("Phone (optional)"),
        required=False,
        help_text=_("Only if you want the hosts to be able to call you about this event."),
    )
    consent = forms.BooleanField(label=CONSENT_WORDING, required=False)
    # Honeypot: hidden from people (CSS and aria-hidden); robots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].widget.attrs["autocomplete"] = "given-name"
        self.fields["last_name"].widget.attrs["autocomplete"] = "family-name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")

    @property
    def is_robot(self):
        """Honeypot filled in: the view answers as if done and stores nothing."""
        return bool(self.is_bound and self.data.get("website"))

    def _clean_name(self, name):
        value = " ".join(self.cleaned_data.get(name, "").split())
        if not value:
            raise forms.ValidationError(gettext("Enter your name."))
        if _CONTROL.search(value) or _LINK.search(value):
            raise forms.ValidationError(gettext("A name cannot contain links or special signs."))
        return value

    def clean_first_name(self):
        return self._clean_name("first_name")

    def clean_last_name(self):
        return self._clean_name("last_name")

    def clean_email(self):
        value = self.cleaned_data["email"].strip()
        if not canonical_email(value):
            raise forms.ValidationError(gettext("Enter a valid email address."))
        return value

    def clean_postcode(self):
        value = territories.normalise_postcode(self.cleaned_data["postcode"])
        if _CONTROL.search(value) or not territories.is_valid_postcode(value):
            raise forms.ValidationError(gettext("This postcode does not exist in France."))
        return value

    def clean_altcha(self):
        value = self.cleaned_data.get("altcha", "")
        if not self.is_robot and not antibot.verify(value):
            raise forms.ValidationError(
                gettext(
                    "Your browser has not finished checking that you are not a robot. "
                    "Wait a few seconds and send the form again (JavaScript must be on)."
                ),
                code="pow",
            )
        return value
