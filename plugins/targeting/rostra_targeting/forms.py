from django import forms
from django.core.validators import FileExtensionValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rostra_targeting.models import Election


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
