"""Admin forms: the blueprint (theme and colour pickers like the branding
screen) and provisioning a candidate site."""

from django import forms
from django.core.validators import validate_email
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from rostra import tables
from rostra.sitesettings.forms import BrandSettingsForm


class BlueprintForm(BrandSettingsForm):
    """Same theme choices and colour pickers as the branding screen."""


class ProvisionForm(forms.Form):
    name = forms.CharField(label=_("Candidate's name"), max_length=150)
    slug = forms.SlugField(
        label=_("Slug"),
        max_length=63,
        required=False,
        help_text=_("Short name used in addresses; made from the name when left empty."),
    )
    hostname = forms.CharField(
        label=_("Host name"),
        max_length=253,
        help_text=_(
            "A bare name (“lyon”) is a subdomain of the party's domain; "
            "a full name (“alice-martin.fr”) is the candidate's own domain."
        ),
    )
    constituency = forms.CharField(label=_("Constituency (code)"), max_length=32, required=False)
    communes = forms.CharField(
        label=_("Communes (INSEE codes)"),
        required=False,
        help_text=_("Separated by commas or spaces, e.g. 69123, 69266."),
    )
    email = forms.CharField(label=_("Candidate's email"), max_length=254)

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        validate_email(email)
        return email

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("name"):
            data["slug"] = slugify(data["name"])[:63]
        return data

    def order(self):
        from rostra_network.provisioning import Order
        from rostra_network.territory import full_hostname, parse_communes

        data = self.cleaned_data
        return Order(
            name=data["name"].strip(),
            slug=data["slug"],
            hostname=full_hostname(data["hostname"]),
            email=data["email"],
            constituency=data["constituency"].strip(),
            communes=parse_communes(data["communes"]),
        )


class BulkForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name, slug, hostname, email, constituency, communes. "
            "Comma or semicolon separated, UTF-8 or Windows-1252 (Excel)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # UTF-8 or Windows-1252 (French Excel), by the rule of every import.
        return upload.name, tables.text_of(upload.read())
