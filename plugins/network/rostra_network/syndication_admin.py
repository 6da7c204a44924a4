"""National staff push a national news article or petition to every
candidate site, or to those of one région."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import AdminPageChooser

from rostra_network.models import Syndication
from rostra_network.models.syndication import region_choices

PUSHABLE = ("pages.NewsArticlePage", "petitions.PetitionPage")


def _pushable_types():
    from django.apps import apps

    found = []
    for label in PUSHABLE:
        try:
            found.append(apps.get_model(label))
        except LookupError:
            continue  # the petitions plugin is not installed
    return found


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
            raise forms.ValidationError(_("Choose a national news article or petition."))
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
