from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from rostra import plugins, themes


class BrandSettingsForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Each theme with its description, so a webmaster knows what they pick.
        self.fields["theme"] = forms.ChoiceField(
            label=_("Theme"),
            choices=[
                (
                    theme.name,
                    f"{theme.label} — {theme.description}" if theme.description else theme.label,
                )
                for theme in themes.available().values()
            ],
            widget=forms.RadioSelect,
            help_text=_(
                "Templates, fonts and layout of the public site. The change shows on the "
                "site as soon as you save."
            ),
        )
        for name in ("primary_colour", "accent_colour"):
            self.fields[name].widget = forms.TextInput(attrs={"type": "color"})
        self.fields["tagline_translations"] = TranslationsField(
            label=_("Tagline in other languages"),
            max_length=self.instance._meta.get_field("tagline").max_length,
            help_text=_("Shown on the pages in that language; left empty, they show none."),
        )


class TranslationsWidget(forms.MultiWidget):
    """One text input per content language other than the site's own."""

    def __init__(self, languages):
        self.languages = languages
        super().__init__({code: forms.TextInput() for code, _name in languages})

    def decompress(self, value):
        value = value or {}
        return [value.get(code, "") for code, _name in self.languages]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        for (_code, label), widget in zip(
            self.languages, context["widget"]["subwidgets"], strict=True
        ):
            widget["label"] = label
        return context

    template_name = "sitesettings/widgets/translations.html"


class TranslationsField(forms.MultiValueField):
    """A short text in each other content language, kept as {code: text}."""

    def __init__(self, *, max_length, **kwargs):
        from django.conf import settings

        default = settings.LANGUAGE_CODE.split("-")[0]
        self.languages = [
            (code, name) for code, name in settings.WAGTAIL_CONTENT_LANGUAGES if code != default
        ]
        super().__init__(
            fields=[forms.CharField(max_length=max_length) for _language in self.languages],
            widget=TranslationsWidget(self.languages),
            require_all_fields=False,
            required=False,
            **kwargs,
        )

    def compress(self, data_list):
        data_list = data_list or []
        return {
            code: text.strip()
            for (code, _name), text in zip(self.languages, data_list, strict=False)
            if text and text.strip()
        }


class PluginSettingsForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["enabled"] = forms.MultipleChoiceField(
            label=_("Plugins switched on for this site"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
            choices=[
                (config.label, f"{config.verbose_name} — {config.description}")
                for config in plugins.installed()
            ],
        )
