"""The "Je m'engage" form: the RSVP form's identity fields, checks and
anti-bot, with the tasks, availability, skills and the shifts to sign up for."""

from django import forms
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from rostra_organising.events.forms import RsvpForm
from rostra_organising.events.messages import when_text
from rostra_organising.volunteering.models import Availability, Task

# The exact wording of the consent choice, kept on the offer and in the
# people consent ledger once the person proves the address is theirs.
CONSENT_WORDING = _(
    "I agree to be contacted by email and phone by the campaign to organise my volunteering."
)


class VolunteerForm(RsvpForm):
    tasks = forms.MultipleChoiceField(
        label=_("What would you like to do?"),
        choices=Task.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    availability = forms.MultipleChoiceField(
        label=_("When are you available?"),
        choices=Availability.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    skills = forms.CharField(
        label=_("Skills you would like to offer (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Languages, graphic design, driving, accounting…"),
    )
    shifts = forms.MultipleChoiceField(
        label=_("Sign me up for these shifts (optional)"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    field_order = [
        "first_name",
        "last_name",
        "email",
        "postcode",
        "phone",
        "tasks",
        "availability",
        "skills",
        "shifts",
        "consent",
    ]

    def __init__(self, *args, shifts=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].help_text = _("To call you about the tasks you chose.")
        self.fields["consent"] = forms.BooleanField(label=CONSENT_WORDING, required=False)
        self.fields["shifts"].choices = [
            (str(shift.pk), f"{shift.title} – {when_text(shift, get_language())}")
            for shift in shifts
        ]
        if not self.fields["shifts"].choices:
            del self.fields["shifts"]
        self.order_fields(self.field_order)

    def clean_skills(self):
        value = self.cleaned_data.get("skills", "").strip()
        if "\x00" in value:
            raise forms.ValidationError(gettext("This text cannot contain special signs."))
        return value
