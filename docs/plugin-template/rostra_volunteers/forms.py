from django import forms
from django.utils.translation import gettext_lazy as _

CONSENT_WORDING = _("I agree to be contacted by email to volunteer.")


class OfferForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    email = forms.EmailField(label=_("Email address"))
    # Never pre-ticked; required, since being contacted is what the form is for.
    consent = forms.BooleanField(label=CONSENT_WORDING)
