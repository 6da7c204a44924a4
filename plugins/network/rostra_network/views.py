"""National staff's admin screens: the candidate sites with their figures,
provisioning one site (and the commune list its form searches), provisioning
many from a CSV file with a progress bar."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from rostra_network import provisioning, reports, tasks
from rostra_network.forms import BulkForm, ProvisionForm, commune_label
from rostra_network.models import ProvisioningBatch

COMMUNES_LISTED = 12


def can_provision(user):
    return user.is_active and (user.is_superuser or user.has_perm("network.add_candidatesite"))


def _check(request):
    if not can_provision(request.user):
        raise PermissionDenied


def index(request):
    _check(request)
    return TemplateResponse(
        request,
        "network/admin/index.html",
        {"rows": reports.per_site(), "batches": ProvisioningBatch.objects.all()[:10]},
    )


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
