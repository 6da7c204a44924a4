"""National staff push a national news article, or a page type a plugin's
blueprint part offers (rostra.blueprint), to every candidate site or to those
of one région."""

from django import forms
from django.utils.translation import gettext_lazy as _
from rostra import blueprint
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminPageChooser

from rostra_network.models import Syndication
from rostra_network.models.syndication import region_choices

CORE_PUSHABLE = ("pages.NewsArticlePage",)


def _pushable_types():
    from django.apps import apps

    labels = [*CORE_PUSHABLE]
    for part in blueprint.parts():
        labels.extend(part.pushed_pages)
    return [apps.get_model(label) for label in labels]


class SyndicationForm(WagtailAdminModelForm):
    region_code = forms.ChoiceField(label=_("Pushed to"), required=False, choices=())

    class Meta:
        model = Syndication
        fields = ["page", "region_code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region_code"].choices = region_choices()
        self.fields["page"].widget = AdminPageChooser(target_models=_pushable_types())

    def clean_page(self):
        page = self.cleaned_data["page"]
        if page is not None and not isinstance(page.specific, tuple(_pushable_types())):
            names = ", ".join(str(model._meta.verbose_name) for model in _pushable_types())
            raise forms.ValidationError(_("Choose a page of one of these types: %s.") % names)
        if page is not None and hasattr(page.get_site(), "candidate"):
            raise forms.ValidationError(_("Choose a page of the national site."))
        return page


class SyndicationViewSet(ModelViewSet):
    model = Syndication
    form_fields = ["page", "region_code"]
    icon = "redirect"
    menu_label = _("Pushed to candidates")
    name = "network_pushes"
    url_prefix = "network/pushes"
    list_display = ["page", "audience", "created_at"]
    add_to_admin_menu = False
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        return SyndicationForm
