"""One petition in the admin: counts, a chart of signatures over time (SVG drawn
on the server, nothing loaded from elsewhere), the kill switches, archive,
recount and the paper import."""

import datetime

from django import forms
from django.contrib import messages
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from rostra_petitions import counting, paper, retention, snapshots
from rostra_petitions.admin.access import petition_or_403, petitions_for
from rostra_petitions.models import PaperBatch, PetitionState, Signature


class PaperImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("CSV file of paper signatures"),
        help_text=gettext_lazy(
            "Columns: prénom (first name), nom (last name), code postal (postcode); "
            "optionally email, pays (country), date."
        ),
    )


def index(request):
    petitions = petitions_for(request.user).order_by("-latest_revision_created_at")
    # A translation shows its original's count (PetitionPage.counted_petition_id).
    rows = PetitionState.for_petitions(petitions)
    return TemplateResponse(request, "petitions/admin/index.html", {"rows": rows})


# The chart's frame: room on the left for the counts, below for the dates.
CHART_LEFT, CHART_BOTTOM, CHART_TOP, CHART_RIGHT = 40, 24, 10, 10
BAR_WIDTH, PLOT_HEIGHT = 10, 160


def chart_points(petition, days=60):
    """Confirmed signatures per day over the last ``days`` days, as SVG geometry:
    bars, a y axis with its ticks (0, half, highest) and an x axis with the
    first and last dates, the last anchored at its end so it is never clipped."""
    since = timezone.now() - datetime.timedelta(days=days)
    per_day = dict(
        Signature.objects.filter(
            petition_id=petition.counted_petition_id,
            state=Signature.State.VALIDATED,
            created_at__gte=since,
        )
        .annotate(day=TruncDate("created_at"))
        .values_list("day")
        .annotate(n=Count("id"))
        .values_list("day", "n")
    )
    today = timezone.localdate()
    series = [
        (
            today - datetime.timedelta(days=offset),
            per_day.get(today - datetime.timedelta(days=offset), 0),
        )
        for offset in range(days - 1, -1, -1)
    ]
    top = max((n for _day, n in series), default=0) or 1
    base = CHART_TOP + PLOT_HEIGHT  # y of the x axis

    def y_of(n):
        return base - round(n * PLOT_HEIGHT / top)

    bars = [
        {
            "x": CHART_LEFT + index * BAR_WIDTH + 1,
            "y": y_of(n),
            "height": base - y_of(n),
            "day": day,
            "n": n,
        }
        for index, (day, n) in enumerate(series)
    ]
    plot_width = BAR_WIDTH * days
    ticks = sorted({0, top // 2, top})
    return {
        "bars": bars,
        "bar_width": BAR_WIDTH - 2,
        "top": top,
        "series": series,
        "width": CHART_LEFT + plot_width + CHART_RIGHT,
        "height": base + CHART_BOTTOM,
        "left": CHART_LEFT,
        "right": CHART_LEFT + plot_width,
        "base": base,
        "plot_top": CHART_TOP,
        "y_ticks": [{"n": n, "y": y_of(n)} for n in ticks],
        "first_day": series[0][0],
        "last_day": series[-1][0],
        "label_y": base + 16,
    }


def petition(request, petition_id):
    page = petition_or_403(request.user, petition_id)
    state = PetitionState.for_petition(page)
    by_state = dict(
        Signature.objects.filter(petition_id=page.counted_petition_id)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    context = {
        "page": page,
        "state": state,
        "by_state": [(label, by_state.get(value, 0)) for value, label in Signature.State.choices],
        "chart": chart_points(page),
        "paper_form": PaperImportForm(),
        "batches": page.paper_batches.all()[:20],
    }
    return TemplateResponse(request, "petitions/admin/petition.html", context)


@require_POST
def switch(request, petition_id, action):
    page = petition_or_403(request.user, petition_id)
    state = PetitionState.for_petition(page)
    now = timezone.now()
    if action == "pause-signing" and not state.signing_paused:
        PetitionState.objects.filter(pk=state.pk).update(signing_paused=True, paused_at=now)
        snapshots.changed()  # an update() sends no signal: the signing endpoint must know
        messages.success(request, _("Signing is paused."))
    elif action == "resume-signing" and state.signing_paused:
        extension = state.deadline_extension
        if request.POST.get("extend") and state.paused_at:
            extension += now - state.paused_at
        PetitionState.objects.filter(pk=state.pk).update(
            signing_paused=False, paused_at=None, deadline_extension=extension
        )
        snapshots.changed()
        messages.success(request, _("Signing is open again."))
    elif action == "pause-counting":
        PetitionState.objects.filter(pk=state.pk).update(counting_paused=True)
        messages.success(
            request, _("Counting is paused: confirmations wait and are counted later.")
        )
    elif action == "resume-counting":
        PetitionState.objects.filter(pk=state.pk).update(counting_paused=False)
        counting.schedule()
        messages.success(request, _("Counting has resumed."))
    elif action == "recount":
        drifts = counting.recount([page.counted_petition_id])
        if drifts:
            drift = drifts[0]
            messages.warning(
                request,
                _("The counter was off by %(online)+d online and %(paper)+d paper; repaired.")
                % {"online": drift.online, "paper": drift.paper},
            )
        else:
            messages.success(request, _("Recounted: the counter was exact."))
    elif action == "archive":
        if not page.is_closed:
            messages.error(request, _("Only a closed petition can be archived."))
        else:
            dropped = retention.archive(page)
            messages.success(
                request,
                _("Archived. %(n)s unconfirmed signature(s) deleted.") % {"n": dropped},
            )
    return redirect("petitions_admin:petition", petition_id=page.pk)


@require_POST
def paper_import(request, petition_id):
    page = petition_or_403(request.user, petition_id)
    form = PaperImportForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Choose a CSV file to import."))
        return redirect("petitions_admin:petition", petition_id=page.pk)
    upload = form.cleaned_data["file"]
    try:
        batch = paper.start_import(page, upload.read(), file_name=upload.name, user=request.user)
    except ValueError as error:
        messages.error(request, str(error))
        return redirect("petitions_admin:petition", petition_id=page.pk)
    return redirect("petitions_admin:paper_batch", petition_id=page.pk, batch_id=batch.pk)


def paper_batch(request, petition_id, batch_id):
    """One import: a progress bar while it runs (the page reloads itself), then
    what was imported and every line skipped, with its number and why."""
    page = petition_or_403(request.user, petition_id)
    batch = get_object_or_404(PaperBatch, pk=batch_id, petition=page)
    done, total = paper.progress(batch)
    return TemplateResponse(
        request,
        "petitions/admin/paper_batch.html",
        {
            "page": page,
            "batch": batch,
            "done": done,
            "total": total,
            "percent": 100 if not total else min(100, round(100 * done / total)),
        },
    )
