from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from rostra.people import territories
from rostra.people.canonical import canonical_email
from rostra.people.field_roles import FieldRole
from rostra.people.models import Constituency, ConstituencyArea, ImportJob, Person
from rostra.people.phone_field import PhoneField, PhoneFieldsMixin


class PersonForm(PhoneFieldsMixin, WagtailAdminModelForm):
    class Meta:
        model = Person
        fields = Person.fields_that(FieldRole.EDITED)
        field_classes = {"phone": PhoneField, "mobile_phone": PhoneField}

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        key = canonical_email(email)
        if email and not key:
            raise forms.ValidationError(_("Enter a valid email address."))
        if key:
            others = Person.objects.filter(email_canonical=key).exclude(pk=self.instance.pk)
            if others.exists():
                raise forms.ValidationError(
                    _("Another person already has this address (or an alias of it): merge them.")
                )
        self.instance.email_canonical = key
        return email

    def clean(self):
        data = super().clean()
        country = (data.get("country") or "FR").upper()
        data["country"] = country
        postcode = territories.normalise_postcode(data.get("postcode", ""), country)
        if postcode and not territories.is_valid_postcode(postcode, country):
            self.add_error("postcode", _("This postcode does not exist."))
        data["postcode"] = postcode
        return data


class ImportForm(forms.ModelForm):
    class Meta:
        model = ImportJob
        fields = ["file", "source_label", "tags", "consent_wording"]
        help_texts = {
            "file": _(
                "CSV (UTF-8 or Windows-1252, comma or semicolon) or XLSX. Exports of "
                "NationBuilder, Action Network, CiviCRM, Mailchimp and Brevo, and French "
                "spreadsheets, are understood as they are. An email column is required."
            ),
            "tags": _("Comma-separated."),
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Choose a .csv or .xlsx file."))
        return upload


class MergeForm(forms.Form):
    duplicate = forms.ModelChoiceField(
        queryset=Person.objects.filter(merged_into__isnull=True, erased_at__isnull=True),
        label=_("Duplicate record (merged into this one)"),
        widget=forms.NumberInput,
        help_text=_("The number (#) of the other record, shown in the list and on its page."),
    )


class ConstituencyForm(WagtailAdminModelForm):
    communes = forms.CharField(
        label=_("Communes"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "INSEE codes of the communes (or Paris, Lyon, Marseille arrondissements), "
            "separated by commas, spaces or lines."
        ),
    )

    class Meta:
        model = Constituency
        fields = ["code", "name"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            codes = self.instance.areas.order_by("code").values_list("code", flat=True)
            self.initial["communes"] = ", ".join(codes)

    def clean_communes(self):
        codes = sorted(set(self.cleaned_data["communes"].replace(",", " ").split()))
        unknown = [code for code in codes if not territories.commune_name(code)]
        if unknown:
            raise forms.ValidationError(
                _("Unknown INSEE codes: %(codes)s") % {"codes": ", ".join(unknown)}
            )
        taken = ConstituencyArea.objects.filter(code__in=codes)
        if self.instance.pk:
            taken = taken.exclude(constituency=self.instance)
        if taken.exists():
            raise forms.ValidationError(
                _("Already in another constituency: %(codes)s")
                % {"codes": ", ".join(taken.values_list("code", flat=True))}
            )
        return codes

    def save(self, commit=True):
        constituency = super().save(commit=commit)
        if commit:
            old = set(constituency.areas.values_list("code", flat=True))
            new = set(self.cleaned_data["communes"])
            constituency.areas.exclude(code__in=new).delete()
            ConstituencyArea.objects.bulk_create(
                [ConstituencyArea(constituency=constituency, code=code) for code in new - old]
            )
            constituency.territory_changed(old_codes=old)
        return constituency


class BulkTagForm(forms.Form):
    tag = forms.CharField(label=_("Tag"), max_length=100)
