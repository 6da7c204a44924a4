from django import forms
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rostra_targeting.models import Election, IndicatorSet, Outline, Strategy


class ResultsFileForm(forms.Form):
    kind = forms.ChoiceField(label=_("Election"), choices=Election.Kind.choices)
    year = forms.IntegerField(label=_("Year"), min_value=1958, max_value=2100)
    round = forms.TypedChoiceField(
        label=_("Round"), choices=[(1, 1), (2, 2)], coerce=int, initial=1
    )
    file = forms.FileField(
        label=_("Results by polling station"),
        help_text=_(
            "The Ministry of the Interior's file as data.gouv.fr publishes it (2017–2022 or "
            "2024 layout): semicolon-separated text, Latin-1 or UTF-8, or XLSX."
        ),
        validators=[FileExtensionValidator(["csv", "txt", "xlsx"])],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.now().year

    def election(self):
        election, _created = Election.objects.get_or_create(
            kind=self.cleaned_data["kind"],
            year=self.cleaned_data["year"],
            round=self.cleaned_data["round"],
        )
        return election


class RegisterFileForm(forms.Form):
    file = forms.FileField(
        label=_("Register of addresses by polling station"),
        help_text=_(
            "INSEE's table of the addresses of the répertoire électoral unique as data.gouv.fr "
            "publishes it (table-adresses-reu.csv): comma-separated UTF-8 text, or XLSX."
        ),
        validators=[FileExtensionValidator(["csv", "txt", "xlsx"])],
    )


class OutlinesFileForm(forms.Form):
    level = forms.ChoiceField(label=_("Outlines of"), choices=Outline.Level.choices)
    file = forms.FileField(
        label=_("Outlines (GeoJSON)"),
        help_text=_(
            "A GeoJSON FeatureCollection as published: polling stations with codeBureauVote "
            "(such as 13055_0101), communes with their INSEE code."
        ),
        validators=[FileExtensionValidator(["geojson", "json"])],
    )


class IndicatorsForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    level = forms.ChoiceField(label=_("Level"), choices=IndicatorSet.Level.choices)
    file = forms.FileField(
        label=_("INSEE table"),
        help_text=_("CSV or XLSX, one row per commune or IRIS."),
        validators=[FileExtensionValidator(["csv", "txt", "xlsx"])],
    )
    code_column = forms.CharField(
        label=_("Code column"), initial="CODGEO", help_text=_("e.g. CODGEO, IRIS")
    )
    columns = forms.CharField(
        label=_("Columns to keep"),
        help_text=_("Their names as in the file's first line, separated by commas."),
    )

    def clean_columns(self):
        names = [name.strip() for name in self.cleaned_data["columns"].split(",") if name.strip()]
        if not names:
            raise forms.ValidationError(_("Name at least one column."))
        return names


class StrategyForm(forms.ModelForm):
    class Meta:
        model = Strategy
        fields = [
            "name",
            "bloc",
            "reference",
            "swing_from",
            "weight_potential",
            "weight_swing",
            "weight_closeness",
            "indicator",
            "weight_indicator",
        ]

    def clean(self):
        data = super().clean()
        if data.get("swing_from") and data.get("swing_from") == data.get("reference"):
            self.add_error("swing_from", _("Choose an election other than the reference."))
        if data.get("weight_swing") and not data.get("swing_from"):
            self.add_error("swing_from", _("A swing needs an earlier election."))
        if data.get("weight_indicator") and not data.get("indicator"):
            self.add_error("indicator", _("Choose the indicator this weight applies to."))
        return data
