"""The signatures list (filters, search, inspect) and its CSV/XLSX export
(django-import-export), limited to the petitions the user may edit."""

import django_filters
from django.contrib.admin.utils import unquote
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources
from rostra import spreadsheets
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy

from rostra_petitions.admin.access import petitions_for
from rostra_petitions.models import Signature


class SignaturePermissionPolicy(ModelPermissionPolicy):
    """Signatures are read and exported, never added or edited by hand."""

    def user_has_permission(self, user, action):
        if action not in ("view", "export"):
            return False
        return user.is_active and (user.is_superuser or super().user_has_permission(user, "view"))

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        # A signature of a petition the user may not edit (another candidate's
        # site) is not theirs to inspect.
        return (
            self.user_has_permission(user, action)
            and petitions_for(user).filter(pk=instance.petition_id).exists()
        )


class SignatureResource(resources.ModelResource):
    petition = fields.Field(attribute="petition__title", column_name=_("petition"))
    state = fields.Field(attribute="get_state_display", column_name=_("state"))
    source = fields.Field(attribute="get_source_display", column_name=_("source"))

    class Meta:
        model = Signature
        fields = (
            "id",
            "petition",
            "state",
            "source",
            "first_name",
            "last_name",
            "email",
            "postcode",
            "country",
            "phone",
            "departement_code",
            "constituency",
            "created_at",
            "validated_at",
        )
        export_order = fields

    def get_export_headers(self, selected_fields=None):
        return [
            str(Signature._meta.get_field(name).verbose_name)
            if name in _MODEL_FIELDS
            else str(self.fields[name].column_name)
            for name in self.get_export_order()
        ]


_MODEL_FIELDS = {f.name for f in Signature._meta.get_fields() if hasattr(f, "verbose_name")} - {
    "petition",
    "state",
    "source",
}


class SignatureIndexView(IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("petition")
        return queryset.filter(petition__in=petitions_for(self.request.user))

    @property
    def header_more_buttons(self):
        buttons = list(super().header_more_buttons)
        query = self.request.GET.urlencode()
        for kind, label in (("csv", _("Export CSV")), ("xlsx", _("Export XLSX"))):
            buttons.append(
                HeaderButton(
                    label,
                    url=reverse("petitions_admin:export", args=[kind])
                    + (f"?{query}" if query else ""),
                    icon_name="download",
                )
            )
        return buttons


class SignatureInspectView(InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(
            Signature.objects.filter(petition__in=petitions_for(self.request.user)),
            pk=unquote(str(self.pk)),
        )


def _petitions_of_request(request):
    return petitions_for(request.user) if request is not None else Signature.objects.none()


class SignatureFilterSet(WagtailFilterSet):
    # Only the petitions the user may see are offered (not every site's).
    petition = django_filters.ModelChoiceFilter(label=_("petition"), queryset=_petitions_of_request)

    class Meta:
        model = Signature
        fields = ["petition", "state", "source", "country", "created_at"]


class SignatureViewSet(ModelViewSet):
    model = Signature
    icon = "doc-full"
    menu_label = _("Signatures")
    name = "petitions_signatures"
    url_prefix = "petitions/signatures"
    index_view_class = SignatureIndexView
    list_display = ["__str__", "email", "petition", "state", "source", "postcode", "created_at"]
    filterset_class = SignatureFilterSet
    search_fields = ["first_name", "last_name", "email", "postcode"]
    inspect_view_enabled = True
    inspect_view_class = SignatureInspectView
    inspect_view_fields = [
        "petition",
        "state",
        "source",
        "first_name",
        "last_name",
        "email",
        "postcode",
        "country",
        "phone",
        "departement_code",
        "constituency",
        "language",
        "consents",
        "fraud_reason",
        "created_at",
        "validated_at",
        "invalidated_at",
        "anonymised_at",
    ]
    copy_view_enabled = False
    exclude_form_fields = []
    add_to_admin_menu = False


def export(request, kind):
    """The filtered list as CSV or XLSX, through django-import-export."""
    from django.core.exceptions import PermissionDenied

    policy = SignaturePermissionPolicy(Signature)
    if not policy.user_has_permission(request.user, "export"):
        raise PermissionDenied
    view = SignatureIndexView(model=Signature, filterset_class=SignatureFilterSet)
    view.setup(request)
    view.search_fields = SignatureViewSet.search_fields
    queryset = view.get_base_queryset()
    filters = SignatureFilterSet(request.GET, queryset=queryset, request=request)
    if filters.is_valid():
        queryset = filters.qs
    query = request.GET.get("q", "").strip()
    if query:
        from django.db.models import Q

        queryset = queryset.filter(
            Q(first_name__icontains=query)
            | Q(last_name__icontains=query)
            | Q(email__icontains=query)
            | Q(postcode__icontains=query)
        )
    kind = "xlsx" if kind == "xlsx" else "csv"
    dataset = SignatureResource().export(queryset.order_by("created_at"))
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    # rostra.spreadsheets: a signer's name never reaches a spreadsheet as a formula.
    content = spreadsheets.write_dataset(dataset, kind, title="Signatures")
    response = HttpResponse(content, content_type=spreadsheets.CONTENT_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="signatures-{stamp}.{kind}"'
    return response
