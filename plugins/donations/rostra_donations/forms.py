"""The donor form. Amounts are read and checked here, on the server: nothing
the browser sends as a price is ever used."""

import re
import uuid

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from rostra import countries

from rostra_donations.models import Frequency, format_cents

# In context: French catalogues are merged, and "French" the language is "Français".
NATIONALITIES = [("FR", pgettext_lazy("nationality", "French")), ("ZZ", _("Another nationality"))]
CIVILITIES = [("", _("(not given)")), ("Mme", _("Ms")), ("M.", _("Mr"))]
TRACKING = ("refcode", "utm_source", "utm_medium", "utm_campaign", "utm_content", "utm_term")
_SAFE_TRACKING = re.compile(r"[^\w.\-:+@ ]")
MAX_AMOUNT_CENTS = 10_000_000  # €100,000: beyond any cap, a typo or an attack


def clean_tracking(value):
    return _SAFE_TRACKING.sub("", str(value or ""))[:100]


# Whole euros (up to 15 digits, thousands spaced or not), then at most two
# decimals after a point or a comma. No sign, no exponent, no NaN: "1e30" is
# not how anyone writes a gift; "7.500" could be 7.50 or 7,500: not an amount.
_EUROS = re.compile(r"([0-9]{1,15})(?:[.,]([0-9]{1,2}))?\Z")
_SPACES = str.maketrans("", "", " \u00a0\u202f\u2009€")


def parse_euros(text):
    """'12,50' or '12.50' or '50 €' or '1 000' → cents; None if not an amount.
    Never raises; the result can still be above any gift (see read_euros)."""
    match = _EUROS.match(str(text or "").strip().translate(_SPACES))
    if match is None:
        return None
    whole, decimals = match.groups()
    return int(whole) * 100 + int((decimals or "0").ljust(2, "0"))


def read_euros(text, *, maximum=MAX_AMOUNT_CENTS):
    """What a person typed as an amount → cents, or a ValidationError saying,
    in their language, what is wrong with it. Every amount input goes through here."""
    cents = parse_euros(text)
    if cents is None:
        raise forms.ValidationError(
            _("Give an amount in euros, for example 25 or 12.50."), code="not_an_amount"
        )
    if cents > maximum:
        raise forms.ValidationError(
            _("This amount is too large: at most €%(maximum)s."),
            code="too_large",
            params={"maximum": format_cents(maximum)},
        )
    return cents


class DonorForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("How often"), choices=Frequency.choices, widget=forms.RadioSelect
    )
    amount_choice = forms.CharField(required=False, widget=forms.HiddenInput)
    checkout = forms.CharField(required=False, widget=forms.HiddenInput)
    other_amount = forms.CharField(
        label=_("Another amount (€)"),
        required=False,
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    civility = forms.ChoiceField(label=_("Title"), choices=CIVILITIES, required=False)
    first_name = forms.CharField(
        label=_("First name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Last name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )
    email = forms.EmailField(
        label=_("Email"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    address_line1 = forms.CharField(
        label=_("Address (tax address)"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "address-line1"}),
    )
    address_line2 = forms.CharField(
        label=_("Address (continued)"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "address-line2"}),
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "postal-code"}),
    )
    town = forms.CharField(
        label=_("Town"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    country = forms.ChoiceField(label=_("Country"), choices=countries.choices, initial="FR")
    newsletter = forms.BooleanField(
        label=_("I would like to receive news from the campaign by email."), required=False
    )
    # Bots fill every field; people never see this one.
    website = forms.CharField(
        required=False,
        label=_("Leave this empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, page, rules, recipient_kind, amounts, **kwargs):
        super().__init__(*args, **kwargs)
        self.page = page
        self.rules = rules
        self.suggested = amounts
        if rules.asks_nationality:
            self.fields["nationality"] = forms.ChoiceField(
                label=_("Nationality"), choices=NATIONALITIES, widget=forms.RadioSelect
            )
            self.fields["french_resident"] = forms.BooleanField(
                label=_("I reside in France"), required=False
            )
        self.attestations = rules.attestations(recipient_kind)
        for attestation in self.attestations:
            self.fields[f"attest_{attestation.key}"] = forms.BooleanField(
                label=attestation.text,
                required=True,
                error_messages={"required": _("This statement is required by law to give.")},
            )
        if not page.allow_monthly:
            self.fields["frequency"].choices = [(Frequency.ONE_OFF, Frequency.ONE_OFF.label)]

    def attestation_fields(self):
        return [self[f"attest_{a.key}"] for a in self.attestations]

    def clean_website(self):
        if self.cleaned_data.get("website"):
            raise forms.ValidationError(_("Leave this field empty."))
        return ""

    def clean_checkout(self):
        """The form's own key; anything else than one is no key (never an error
        the donor could not see on a hidden field)."""
        try:
            return uuid.UUID(str(self.cleaned_data.get("checkout") or ""))
        except ValueError:
            return None

    def clean(self):
        data = super().clean()
        choice = (data.get("amount_choice") or "").strip()
        text = data.get("other_amount") if choice in ("", "other") else choice
        minimum = self.page.minimum_amount * 100
        try:
            cents = read_euros(text)
        except forms.ValidationError as error:
            self.add_error("other_amount", error)
            return data
        if cents < minimum:
            self.add_error(
                "other_amount",
                _("The smallest gift on this page is €%(minimum)s.")
                % {"minimum": format_cents(minimum)},
            )
        else:
            data["amount"] = cents
        return data
