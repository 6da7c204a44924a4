"""The mailing's form: its sites, purposes and segments are those the user may use."""

from django import forms
from django.utils.translation import gettext_lazy as _
from rostra.people import purposes
from rostra.people.permissions import scoped_segments
from wagtail.admin.forms import WagtailAdminModelForm

from rostra_mailings.audience import sites_for
from rostra_mailings.personalise import FIELDS, unknown_fields


class MailingForm(WagtailAdminModelForm):
    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        self.fields["purpose"] = forms.ChoiceField(
            label=_("purpose"),
            choices=list(purposes.all_purposes().items()),
            help_text=self.fields["purpose"].help_text,
        )
        if for_user is not None:
            self.fields["site"].queryset = sites_for(for_user)
            self.fields["segment"].queryset = scoped_segments(for_user)
        if "ab_wait_hours" in self.fields:
            self.fields["ab_wait_hours"].required = False
        names = ", ".join("{{ " + name + " }}" for name in FIELDS)
        self.fields["subject"].help_text = _(
            'Personal fields: %(fields)s; with a fallback: {{ first_name|default:"Bonjour" }}.'
        ) % {"fields": names}

    def clean_ab_wait_hours(self):
        # Only asked when a second subject is written: left empty, the default.
        value = self.cleaned_data.get("ab_wait_hours")
        return 4 if value is None else value

    def clean_subject(self):
        return self._known_fields(self.cleaned_data["subject"])

    def clean_subject_b(self):
        return self._known_fields(self.cleaned_data.get("subject_b", ""))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("subject_b") and not cleaned.get("ab_sample_percent"):
            self.add_error("ab_sample_percent", _("An A/B test needs its sample: from 10 to 50 %."))
        return cleaned

    def _known_fields(self, subject):
        unknown = unknown_fields(subject)
        if unknown:
            raise forms.ValidationError(
                _("Unknown personal field: %(names)s.") % {"names": ", ".join(unknown)}
            )
        return subject
