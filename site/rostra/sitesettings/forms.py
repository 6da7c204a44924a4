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
