"""National staff's admin screens: the candidate sites with their figures,
provisioning one site (and the commune list its form searches), provisioning
many from a CSV file with a progress bar."""

import django_filters
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from rostra.people import territories
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column, NumberColumn, TitleColumn
from wagtail.admin.views.generic import IndexView
from wagtail.admin.widgets import HeaderButton

from rostra_network import provisioning, reports, tasks
from rostra_network.forms import BulkForm, ProvisionForm, commune_label
from rostra_network.models import CandidateSite, ProvisioningBatch

COMMUNES_LISTED = 12


def can_provision(user):
    return user.is_active and (user.is_superuser or user.has_perm("network.add_candidatesite"))


def _check(request):
    if not can_provision(request.user):
        raise PermissionDenied


class CandidateSiteFilterSet(WagtailFilterSet):
    region_code = django_filters.ChoiceFilter(label=_l("Région"), choices=territories.regions)
    departement_code = django_filters.ChoiceFilter(
        label=_l("Département"),
        choices=lambda: [(code, f"{code} {name}") for code, name in territories.departements()],
    )

    class Meta:
        model = CandidateSite
        fields = []


class CandidateSiteIndexView(IndexView):
    """The candidate sites with their figures: Wagtail's listing, filters and exports."""

    model = CandidateSite
    template_name = "network/admin/index.html"
    index_url_name = "network_admin:index"
    index_results_url_name = "network_admin:index_results"
    page_title = _l("Candidate sites")
    header_icon = "site"
    # National staff only (can_provision), not Wagtail's model permissions.
    permission_policy = None
    any_permission_required = None
    filterset_class = CandidateSiteFilterSet
    search_fields = ["name", "slug", "site__hostname", "constituency"]
    search_backend_name = None
    default_ordering = "name"
    paginate_by = 50
    export_filename = "candidate-sites"
    list_export = [
        "name",
        "site.hostname",
        "constituency",
        "region_code",
        "departement_code",
        "first_seen",
        "actions",
        "credited",
        "created_at",
    ]
    export_headings = {
        "site.hostname": _l("Site"),
        "first_seen": _l("People first seen there"),
        "actions": _l("Actions on the site"),
        "credited": _l("National signatures credited"),
    }

    @property
    def columns(self):
        return [
            TitleColumn(
                "name",
                label=_l("Candidate"),
                sort_key="name",
                url_name=None,
                get_url=lambda candidate: candidate.site.root_url + "/",
            ),
            Column(
                "hostname", label=_l("Site"), accessor="site.hostname", sort_key="site__hostname"
            ),
            Column("territory", label=_l("Territory"), accessor="territory_label"),
            NumberColumn("first_seen", label=_l("People first seen there"), sort_key="first_seen"),
            NumberColumn("actions", label=_l("Actions on the site"), sort_key="actions"),
            NumberColumn("credited", label=_l("National signatures credited"), sort_key="credited"),
        ]

    def dispatch(self, request, *args, **kwargs):
        _check(request)  # Wagtail's permission-denied page otherwise
        return super().dispatch(request, *args, **kwargs)

    def get_base_queryset(self):
        return reports.with_figures(CandidateSite.objects.select_related("site"))

    @property
    def header_buttons(self):
        return [
            HeaderButton(
                _l("Create a candidate site"),
                url=reverse("network_admin:provision"),
                icon_name="plus",
            ),
            HeaderButton(
                _l("Create many from a CSV file"),
                url=reverse("network_admin:bulk"),
                icon_name="upload",
            ),
        ]

    @property
    def header_more_buttons(self):
        return [
            *super().header_more_buttons,
            HeaderButton(
                _l("National pages pushed to candidates"),
                url=reverse("network_pushes:index"),
                icon_name="site",
            ),
            HeaderButton(
                _l("Edit the blueprint"),
                url=reverse("wagtailsettings:edit", args=["network", "blueprint", 1]),
                icon_name="cogs",
            ),
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["batches"] = ProvisioningBatch.objects.all()[:10]
        return context


def provision(request):
    _check(request)
    form = ProvisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            candidate = provisioning.provision(form.order())
        except provisioning.ProvisioningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Site created at %(url)s; %(email)s has been invited to choose a password.")
                % {"url": candidate.site.root_url, "email": candidate.email},
            )
            return redirect("network_admin:index")
    return TemplateResponse(request, "network/admin/provision.html", {"form": form})


def communes(request):
    """The provisioning form's commune list: communes and arrondissements whose
    name (or INSEE code) starts with what was typed, as Wagtail's tag field
    asks for them (a JSON list of labels)."""
    from rostra.people import territories

    _check(request)
    term = request.GET.get("term", "").strip()[:60]
    found = territories.search_communes(term, limit=COMMUNES_LISTED) if term else []
    return JsonResponse(
        [commune_label(code, f"{name} — {departement}") for code, name, departement in found],
        safe=False,
    )


def departements(request):
    """The provisioning form's département list, like ``communes``."""
    from rostra.people import territories

    _check(request)
    term = request.GET.get("term", "").strip()[:60]
    found = territories.search_departements(term, limit=COMMUNES_LISTED) if term else []
    return JsonResponse([commune_label(code, name) for code, name in found], safe=False)


def bulk(request):
    _check(request)
    form = BulkForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        filename, content = form.cleaned_data["file"]
        # The batch and its task commit together: never a batch waiting for
        # a task that was not queued.
        with transaction.atomic():
            batch = ProvisioningBatch.objects.create(
                filename=filename[:255], content=content, created_by=request.user
            )
            tasks.run_batch.enqueue(batch.pk)
        return redirect("network_admin:batch", batch.pk)
    return TemplateResponse(request, "network/admin/bulk.html", {"form": form})


def batch(request, pk):
    _check(request)
    batch = get_object_or_404(ProvisioningBatch, pk=pk)
    counts = {status: batch.count(status) for status in ("created", "skipped", "failed")}
    return TemplateResponse(request, "network/admin/batch.html", {"batch": batch, "counts": counts})
