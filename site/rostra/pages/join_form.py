"""The sign-up form of a JoinPage. Every rejection carries a message in the
visitor's language."""

from django import forms
from django.utils.translation import gettext_lazy as _

from rostra import antibot
from rostra.people.phone_field import PhoneField, PhoneFieldsMixin

SCOPE = "join"  # the form's proof of work (rostra.antibot)


class JoinForm(PhoneFieldsMixin, forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(label=_("Email"), max_length=254)
    postcode = forms.CharField(label=_("Postcode"), max_length=16)
    phone = PhoneField(
        label=_("Phone (optional)"),
        required=False,
        help_text=_("Only if you want the campaign to be able to call you."),
    )
    consent = forms.BooleanField(
        error_messages={"required": _("Tick the box to receive our news: that is what joining is.")}
    )
    # Honeypot: hidden from people (CSS and aria-hidden); robots fill it in.
    website = forms.CharField(label=_("Leave this field empty"), required=False)
    # The proof of work the visitor's browser solved (static/rostra/js/antibot.js).
    altcha = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, wording="", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["consent"].label = wording
        autocomplete = {
            "first_name": "given-name",
            "last_name": "family-name",
            "email": "email",
            "postcode": "postal-code",
        }
        for name, value in autocomplete.items():
            self.fields[name].widget.attrs["autocomplete"] = value
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")

    @property
    def is_robot(self):
        return bool(self.cleaned_data.get("website"))

    def clean_email(self):
        return self.cleaned_data["email"].strip()

    def clean_altcha(self):
        value = self.cleaned_data.get("altcha", "")
        if not self.cleaned_data.get("website") and not antibot.verify(value, SCOPE):
            raise forms.ValidationError(
                _(
                    "Your browser has not finished checking that you are not a robot. "
                    "Wait a few seconds and send the form again (JavaScript must be on)."
                ),
                code="pow",
            )
        return value
