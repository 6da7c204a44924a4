"""Admin: the party's table of blocs and nuances, and the elections (Wagtail viewsets)."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.viewsets.model import ModelViewSet

from rostra_targeting.models import Bloc, Election, NuanceBloc


class BlocViewSet(ModelViewSet):
    model = Bloc
    icon = "group"
    menu_label = _("Blocs")
    add_to_admin_menu = False
    form_fields = ["code", "name", "colour", "order"]
    list_display = ["name", "code", "colour", "order"]


class NuanceViewSet(ModelViewSet):
    model = NuanceBloc
    icon = "tag"
    menu_label = _("Nuances and blocs")
    add_to_admin_menu = False
    form_fields = ["nuance", "label", "bloc"]
    list_display = ["nuance", "label", "bloc"]
    list_filter = ["bloc"]
    search_fields = ["nuance", "label"]


class ElectionViewSet(ModelViewSet):
    model = Election
    icon = "date"
    menu_label = _("Elections")
    add_to_admin_menu = False
    form_fields = ["kind", "year", "round", "held_on"]
    list_display = ["__str__", "held_on"]
    list_filter = ["kind", "year"]
