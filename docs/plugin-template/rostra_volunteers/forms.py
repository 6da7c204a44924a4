from django import forms
from django.utils.translation import gettext_lazy as _

from rostra_volunteers.models import Skill

CONSENT_WORDING = _("I agree to be contacted by email to volunteer.")


class OfferForm(forms.Form):
    first_name = forms.CharField(label=_("First name"), max_length=100)
    email = forms.EmailField(label=_("Email address"))
    skills = forms.MultipleChoiceField(
        label=_("How would you like to help?"),
        choices=Skill.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("When are you available?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=600,
        required=False,
    )
    # Never pre-ticked; required, since being contacted is what the form is for.
    consent = forms.BooleanField(label=CONSENT_WORDING)
