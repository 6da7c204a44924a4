"""Admin: the electoral lists — only with the permission, only in the user's
territory, every load, view and export logged."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rostra import spreadsheets

from rostra_targeting import electoral_lists
from rostra_targeting.admin.access import require
from rostra_targeting.models import Election, ElectoralList, ListAccess
from rostra_targeting.scope import commune_allowed, in_territory


def can_use_lists(user):
    return user.has_perm("targeting.use_electoral_list")


class ListForm(forms.Form):
    election = forms.ModelChoiceField(
        label=gettext_lazy("Obtained for the election"), queryset=Election.objects.all()
    )
    commune_code = forms.RegexField(
        label=gettext_lazy("INSEE code of the commune"), regex=r"^(\d[\dAB]\d{3})$", max_length=5
    )
    file = forms.FileField(
        label=gettext_lazy("Electoral list"),
        help_text=gettext_lazy(
            "CSV or XLSX as the town hall or prefecture handed it, with the names, "
            "addresses and polling station numbers."
        ),
    )


class DeletionForm(forms.ModelForm):
    class Meta:
        model = ElectoralList
        fields = ["delete_after"]
        widgets = {"delete_after": forms.DateInput(attrs={"type": "date"})}


def _lists(user):
    return in_territory(user, ElectoralList.objects.select_related("election"))


def index(request):
    require(can_use_lists, request)
    form = ListForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not commune_allowed(request.user, data["commune_code"]):
            raise PermissionDenied  # a list of a commune outside the user's territory
        reading = electoral_lists.read(data["file"].open("rb"), data["commune_code"])
        errors = reading.errors[:200]
        if not errors:
            electoral_list = electoral_lists.load(
                reading,
                election=data["election"],
                commune_code=data["commune_code"],
                user=request.user,
                filename=data["file"].name,
            )
            messages.success(
                request,
                _("%(count)s voters loaded.") % {"count": len(reading.voters)},
            )
            return redirect("targeting_admin:list", electoral_list.pk)
    return TemplateResponse(
        request,
        "targeting/admin/lists.html",
        {
            "form": form,
            "errors": errors,
            "lists": _lists(request.user),
            "title": _("Electoral lists"),
        },
    )


def detail(request, pk):
    require(can_use_lists, request)
    electoral_list = get_object_or_404(_lists(request.user), pk=pk)
    deletion = DeletionForm(request.POST or None, instance=electoral_list)
    if request.method == "POST" and deletion.is_valid():
        deletion.save()
        electoral_lists.log(
            electoral_list,
            request.user,
            ListAccess.Action.VIEW,
            _("deletion date set to %(date)s") % {"date": electoral_list.delete_after},
        )
        return redirect("targeting_admin:list", pk)
    page = Paginator(electoral_list.voters.all(), 100).get_page(request.GET.get("p"))
    electoral_lists.log(
        electoral_list, request.user, ListAccess.Action.VIEW, _("page %(n)s") % {"n": page.number}
    )
    return TemplateResponse(
        request,
        "targeting/admin/list.html",
        {
            "list": electoral_list,
            "page": page,
            "deletion": deletion,
            "accesses": electoral_list.accesses.select_related("user")[:50],
            "title": str(electoral_list),
        },
    )


def export(request, pk):
    require(can_use_lists, request)
    electoral_list = get_object_or_404(_lists(request.user), pk=pk)
    electoral_lists.log(electoral_list, request.user, ListAccess.Action.EXPORT, "csv")
    header = [_("Polling station"), _("Name"), _("Number"), _("Street"), _("Postcode")]
    rows = electoral_list.voters.values_list(
        "station_code", "name", "house_number", "street", "postcode"
    )
    content = spreadsheets.write(header, rows, "csv", bom=True)
    response = HttpResponse(content, content_type=spreadsheets.CONTENT_TYPES["csv"])
    response["Content-Disposition"] = f'attachment; filename="liste-{electoral_list.pk}.csv"'
    return response
