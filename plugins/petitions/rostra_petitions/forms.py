"""The signing form. Every rejection carries a message in the signer's language."""

import re

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rostra import countries
from rostra.people.canonical import canonical_email
from rostra.people.phone_field import PhoneField, PhoneFieldsMixin

from rostra_petitions import pow, territory

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_LINK = re.compile(r"https?://|www\.|<|>", re.IGNORECASE)

# The exact wording of each consent choice; stored with the signature and, when
# the signer confirms, in the people consent ledger.
UPDATES_WORDING = _("Keep me informed by email about this petition and what comes of it.")
NEWSLETTER_WORDING = _("Send me news from %(organisation)s by email.")


class SignatureForm(PhoneFieldsMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    postcode = forms.CharField(label=_("Postcode"), max_length=16)
    country = forms.ChoiceField(label=_("Country"), choices=countries.choices, initial="FR")
    # Read like every phone of the project (rostra.people.phones), with the
    # postcode and country above: "0690 …" in Guadeloupe is +590 690 ….
    phone = PhoneField(
        label=_("Phone (optional)"),
        required=False,
        help_text=_("Only if you want the campaign to be able to call you about it."),
    )
    updates = forms.BooleanField(label=UPDATES_WORDING, required=False)
    newsletter = forms.BooleanField(label=NEWSLETTER_WORDING, required=False)
    # Honeypot: hidden from people (CSS and aria-hidden); robots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)

    error_messages = {
        "pow": _(
            "Your browser has not finished checking that you are not a robot. "
            "Wait a few seconds and send the form again (JavaScript must be on)."
        ),
    }

    def __init__(self, *args, page=None, organisation="", **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.request = None
        self.organisation = organisation
        for name in ("first_name", "last_name"):
            self.fields[name].widget.attrs["autocomplete"] = {
                "first_name": "given-name",
                "last_name": "family-name",
            }[name]
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["postcode"].widget.attrs.update(autocomplete="postal-code", inputmode="text")
        self.fields["country"].widget.attrs["autocomplete"] = "country"
        self.fields["website"].widget.attrs.update(autocomplete="off", tabindex="-1")
        self.fields["newsletter"].label = NEWSLETTER_WORDING % {
            "organisation": organisation or gettext("the campaign")
        }
        if page is not None and not page.ask_phone:
            del self.fields["phone"]
        if page is not None and not page.offer_newsletter:
            del self.fields["newsletter"]

    @property
    def is_robot(self):
        """Honeypot filled in: the view answers as if signed and stores nothing."""
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

    def clean_altcha(self):
        value = self.cleaned_data.get("altcha", "")
        if self.is_robot:
            return value
        if not pow.verify(value):
            raise forms.ValidationError(self.error_messages["pow"], code="pow")
        return value

    def clean(self):
        data = super().clean()
        country = data.get("country") or "FR"
        postcode = data.get("postcode")
        if postcode is not None:
            postcode = territory.normalise_postcode(postcode, country)
            if _CONTROL.search(postcode) or not territory.is_valid_postcode(postcode, country):
                self.add_error(
                    "postcode",
                    gettext("This postcode does not exist in France.")
                    if country == "FR"
                    else gettext("Enter a valid postcode."),
                )
            else:
                data["postcode"] = postcode
        return data

    def consent_choices(self):
        """[{purpose, channel, granted, wording}] for every choice shown."""
        choices = []
        for name, purpose in (("updates", "petition_updates"), ("newsletter", "newsletter")):
            if name in self.fields:
                choices.append(
                    {
                        "purpose": purpose,
                        "channel": "email",
                        "granted": bool(self.cleaned_data.get(name)),
                        "wording": str(self.fields[name].label),
                    }
                )
        return choices
