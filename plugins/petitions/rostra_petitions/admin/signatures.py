"""The signatures list (filters, search, inspect) and its CSV/XLSX export
(Wagtail's), limited to the petitions the user may edit."""

import django_filters
from django.contrib.admin.utils import unquote
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.viewsets.model import ModelViewSet
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


class SignatureIndexView(IndexView):
    def get_base_queryset(self):
        queryset = super().get_base_queryset().select_related("petition")
        return queryset.filter(petition__in=petitions_for(self.request.user))


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


# What the signer typed, shown on a signature's page and exported.
SIGNER_FIELDS = [
    "first_name",
    "last_name",
    "email",
    "postcode",
    "country",
    "phone",
    "departement_code",
    "constituency",
]


class SignatureViewSet(ModelViewSet):
    model = Signature
    icon = "doc-full"
    menu_label = _("Signatures")
    name = "petitions_signatures"
    url_prefix = "petitions/signatures"
    index_view_class = SignatureIndexView
    list_display = [
        "__str__",
        "email",
        "petition",
        "language",
        "state",
        "source",
        "postcode",
        "created_at",
    ]
    filterset_class = SignatureFilterSet
    search_fields = ["first_name", "last_name", "email", "postcode"]
    inspect_view_enabled = True
    inspect_view_class = SignatureInspectView
    inspect_view_fields = [
        "petition",
        "state",
        "source",
        *SIGNER_FIELDS,
        "language",
        "consents",
        "fraud_reason",
        "created_at",
        "validated_at",
        "invalidated_at",
        "anonymised_at",
    ]
    copy_view_enabled = False
    # Wagtail's export (its "Download CSV / XLSX" buttons), of the filtered list;
    # rostra.spreadsheets.protect_wagtail_exports neutralises formula cells.
    list_export = [
        "id",
        "petition.title",
        "get_state_display",
        "get_source_display",
        *SIGNER_FIELDS,
        "created_at",
        "validated_at",
    ]
    export_headings = {
        "petition.title": _("petition"),
        "get_state_display": _("state"),
        "get_source_display": _("source"),
    }
    export_filename = "signatures"
    exclude_form_fields = []
    add_to_admin_menu = False
