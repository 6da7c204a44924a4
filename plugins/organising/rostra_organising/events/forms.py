"""The RSVP form. Every rejection carries a message in the visitor's language."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from rostra.people import territories
from rostra.people.canonical import canonical_email
from rostra.people.phone_field import PhoneField, PhoneFieldsMixin

from rostra_organising import antibot
from rostra_organising.events.models import EventKind

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


class ProposalForm(RsvpForm):
    """A supporter's proposed event (the event, then who hosts it)."""

    phone = None
    title = forms.CharField(label=_("Title of the event"), max_length=200)
    kind = forms.ChoiceField(label=_("Type"), choices=EventKind.choices)
    intro = forms.CharField(
        label=_("Description"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5})
    )
    starts_at = forms.DateTimeField(
        label=_("Starts at (Paris time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    ends_at = forms.DateTimeField(
        label=_("Ends at (Paris time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    online = forms.BooleanField(label=_("Online event"), required=False)
    online_url = forms.URLField(
        label=_("Link to join (online event)"),
        required=False,
        help_text=_("Shown only to people who RSVP, never on the public page."),
    )
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    address = forms.CharField(label=_("Street address"), max_length=255, required=False)
    event_postcode = forms.CharField(
        label=_("Postcode of the event"), max_length=10, required=False
    )
    town = forms.CharField(label=_("Town"), max_length=120, required=False)
    capacity = forms.IntegerField(
        label=_("Seats (optional)"), min_value=1, max_value=100_000, required=False
    )
    accessibility = forms.CharField(
        label=_("Accessibility"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    field_order = [
        "title", "kind", "intro", "starts_at", "ends_at", "online", "online_url", "venue",
        "address", "event_postcode", "town", "capacity", "accessibility",
        "first_name", "last_name", "email", "postcode", "consent", "website", "altcha",
    ]  # fmt: skip

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and starts <= timezone.now():
            self.add_error("starts_at", gettext("An event is proposed for a date to come."))
        if starts and ends and ends <= starts:
            self.add_error("ends_at", gettext("An event ends after it starts."))
        if data.get("online"):
            if not data.get("online_url"):
                self.add_error("online_url", gettext("An online event needs its link."))
        else:
            postcode = territories.normalise_postcode(data.get("event_postcode") or "")
            if territories.lookup(postcode, data.get("town") or "") is None:
                self.add_error(
                    "event_postcode", gettext("This postcode and town cannot be placed in France.")
                )
            data["event_postcode"] = postcode
        for name in ("title", "venue", "address", "town"):
            if _CONTROL.search(data.get(name) or ""):
                self.add_error(name, gettext("A name cannot contain links or special signs."))
        return data
