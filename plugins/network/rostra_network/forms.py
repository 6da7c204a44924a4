"""Admin forms: the blueprint (theme and colour pickers like the branding
screen) and provisioning a candidate site."""

import re

from django import forms
from django.core.validators import validate_email
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from rostra import tables
from rostra.sitesettings.forms import BrandSettingsForm
from taggit.utils import parse_tags
from wagtail.admin.widgets import AdminTagWidget
from wagtail.snippets.widgets import AdminSnippetChooser

_CODE_IN_LABEL = re.compile(r"\((\w{2,5})\)\s*$")


class BlueprintForm(BrandSettingsForm):
    """Same theme choices and colour pickers as the branding screen."""


class PlacesWidget(AdminTagWidget):
    """Wagtail's tag field, offering only places from the shipped territory
    data as one types (``Lyon — 69 (69123)``, ``Rhône (69)``), from the list
    view ``url_name``: a list with search, not free text."""

    def __init__(self, url_name, **kwargs):
        self.url_name = url_name
        super().__init__(free_tagging=False, **kwargs)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-w-tag-url-value"] = reverse(self.url_name)
        context["widget"]["help_text"] = ""
        return context

    def format_value(self, value):
        return value or ""


def commune_label(code, name):
    return f"{name} ({code})"


def _constituency_chooser():
    from rostra.people.models import Constituency

    return AdminSnippetChooser(Constituency)


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
    constituency = forms.ModelChoiceField(
        label=_("Constituency"),
        queryset=None,
        required=False,
        help_text=_("Chosen from Supporters › Constituencies."),
    )
    communes = forms.CharField(
        label=_("Communes"),
        required=False,
        help_text=_("Type a few letters of the name, or the INSEE code, and pick from the list."),
    )
    departements = forms.CharField(
        label=_("Départements"),
        required=False,
        help_text=_("Whole départements, for a candidate standing in all of them."),
    )
    email = forms.CharField(label=_("Candidate's email"), max_length=254)

    def __init__(self, *args, **kwargs):
        from rostra.people.models import Constituency

        super().__init__(*args, **kwargs)
        self.fields["constituency"].queryset = Constituency.objects.all()
        self.fields["constituency"].widget = _constituency_chooser()
        self.fields["communes"].widget = PlacesWidget("network_admin:communes")
        self.fields["departements"].widget = PlacesWidget("network_admin:departements")

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        validate_email(email)
        return email

    def clean_communes(self):
        return _codes(self.cleaned_data["communes"])

    def clean_departements(self):
        return _codes(self.cleaned_data["departements"])

    def clean(self):
        data = super().clean()
        if not data.get("slug") and data.get("name"):
            data["slug"] = slugify(data["name"])[:63]
        return data

    def order(self):
        from rostra_network.provisioning import Order
        from rostra_network.territory import full_hostname

        data = self.cleaned_data
        constituency = data.get("constituency")
        return Order(
            name=data["name"].strip(),
            slug=data["slug"],
            hostname=full_hostname(data["hostname"]),
            email=data["email"],
            constituency=constituency.code if constituency else "",
            communes=data["communes"],
            departements=data["departements"],
        )


def _codes(value):
    """The codes of the chosen places (a label "Lyon — 69 (69123)" or a bare code)."""
    codes = []
    for item in parse_tags(value):
        found = _CODE_IN_LABEL.search(item)
        codes.append((found.group(1) if found else item).strip().upper())
    return codes


class BulkForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name, slug, hostname, email, constituency, communes, departements. "
            "Comma or semicolon separated, UTF-8 or Windows-1252 (Excel)."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        # UTF-8 or Windows-1252 (French Excel), by the rule of every import.
        return upload.name, tables.text_of(upload.read())
