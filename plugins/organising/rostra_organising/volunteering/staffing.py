"""Polling-station staffing for election day.

Every list may name, in each polling station (bureau de vote), one assessor
titulaire and one suppléant (Code électoral, R44) and one delegate titulaire
and one suppléant (R47): four posts per station. The stations come from the
core registry (``rostra.polling_stations``: the targeting plugin registers its
register there), and from a CSV uploaded here for the communes the registry
has none of. A candidate's team sees the stations of its territory
(``areas_for_user``) and its own site's recruits.
"""

import csv
import io

from django import forms
from django.contrib import messages as flash
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from rostra import polling_stations, scoping, spreadsheets
from rostra.people import territories
from wagtail.models import Site

from rostra_organising.volunteering.admin import volunteers_for
from rostra_organising.volunteering.models import Recruit, UploadedPollingStation

# The posts of one list in one polling station (role, position).
POSTS = [
    (Recruit.Role.ASSESSOR, Recruit.Position.TITULAIRE),
    (Recruit.Role.ASSESSOR, Recruit.Position.SUPPLEANT),
    (Recruit.Role.DELEGATE, Recruit.Position.TITULAIRE),
    (Recruit.Role.DELEGATE, Recruit.Position.SUPPLEANT),
]
MAX_UPLOAD = 5 * 1024 * 1024


# Who may do what -------------------------------------------------------------


def can_view(user):
    return user.is_active and (user.is_superuser or user.has_perm("organising.view_recruit"))


def can_recruit(user):
    return user.is_active and (user.is_superuser or user.has_perm("organising.add_recruit"))


def can_upload(user):
    # The stations are the party's, not a site's: national staff only.
    return user.is_active and (
        user.is_superuser
        or (
            user.has_perm("organising.add_uploadedpollingstation")
            and scoping.areas_for(user) is None
        )
    )


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def sites_for(user):
    allowed = scoping.site_ids_for(user)
    sites = Site.objects.order_by("-is_default_site", "pk")
    return sites if allowed is None else sites.filter(pk__in=allowed)


def site_of(request):
    """The site whose list is staffed: one the user may see (``?site=``)."""
    sites = sites_for(request.user)
    chosen = request.GET.get("site") or request.POST.get("site")
    if chosen and str(chosen).isdigit():
        found = sites.filter(pk=chosen).first()
        if found is not None:
            return found
    site = sites.first()
    if site is None:
        raise PermissionDenied
    return site


def commune_allowed(user, commune_code):
    """Whether an INSEE commune code is in the user's territory."""
    return scoping.commune_allowed(user, commune_code)


# The stations ----------------------------------------------------------------


def _uploaded(commune_codes):
    rows = UploadedPollingStation.objects.all()
    if commune_codes is not None:
        rows = rows.filter(commune_code__in=commune_codes)
    return [
        polling_stations.PollingStation(
            code=row.code,
            commune_code=row.commune_code,
            number=row.number,
            name=row.name,
            address=row.address,
        )
        for row in rows
    ]


def stations(user, *, departement="", commune_code=""):
    """The polling stations of the user's territory, narrowed to a département
    or a commune: the registry's, and the uploaded ones it does not have."""
    codes = [commune_code] if commune_code else None
    found = {station.code: station for station in polling_stations.listed(commune_codes=codes)}
    for station in _uploaded(codes):
        found.setdefault(station.code, station)
    chosen = [
        station
        for station in found.values()
        if (not departement or station.commune_code.startswith(departement))
        and commune_allowed(user, station.commune_code)
    ]
    return sorted(chosen, key=lambda station: (station.commune_code, station.number))


def recruits_of(site, station_codes=None):
    recruits = Recruit.objects.filter(site=site)
    if station_codes is not None:
        recruits = recruits.filter(station_code__in=station_codes)
    return recruits


def by_commune(found, recruits):
    """One row per commune: its stations, the posts needed and filled, the gap."""
    filled = {}
    for role, code in recruits.values_list("role", "station_code"):
        filled.setdefault(code, {"assessor": 0, "delegate": 0})[role] += 1
    rows = {}
    for station in found:
        row = rows.setdefault(
            station.commune_code,
            {
                "code": station.commune_code,
                "name": territories.commune_name(station.commune_code),
                "stations": 0,
                "assessors_needed": 0,
                "assessors": 0,
                "delegates_needed": 0,
                "delegates": 0,
                "stations_short": 0,
            },
        )
        got = filled.get(station.code, {"assessor": 0, "delegate": 0})
        row["stations"] += 1
        row["assessors_needed"] += 2
        row["delegates_needed"] += 2
        row["assessors"] += min(got["assessor"], 2)
        row["delegates"] += min(got["delegate"], 2)
        if got["assessor"] < 2 or got["delegate"] < 2:
            row["stations_short"] += 1
    for row in rows.values():
        row["gap"] = (
            row["assessors_needed"] - row["assessors"] + row["delegates_needed"] - row["delegates"]
        )
    return list(rows.values())


# The views -------------------------------------------------------------------


def _departement_of(request):
    value = (request.GET.get("departement") or "").strip().upper()
    return value if value and len(value) <= 3 and value.isalnum() else ""


def index(request):
    _require(can_view(request.user))
    site = site_of(request)
    departement = _departement_of(request)
    narrowed = scoping.areas_for(request.user) is not None and not request.user.is_superuser
    rows = []
    if departement or narrowed:
        found = stations(request.user, departement=departement)
        rows = by_commune(found, recruits_of(site, [station.code for station in found]))
    totals = {
        key: sum(row[key] for row in rows)
        for key in ("stations", "assessors_needed", "assessors", "delegates_needed", "delegates")
    }
    totals["gap"] = sum(row["gap"] for row in rows)
    return TemplateResponse(
        request,
        "organising/admin/staffing_index.html",
        {
            "site": site,
            "sites": sites_for(request.user),
            "departement": departement,
            "must_choose": not (departement or narrowed),
            "rows": rows,
            "totals": totals,
            "can_upload": can_upload(request.user),
            "uploaded": UploadedPollingStation.objects.count(),
        },
    )


def commune(request, commune_code):
    _require(can_view(request.user))
    if not commune_allowed(request.user, commune_code):
        raise Http404
    site = site_of(request)
    found = stations(request.user, commune_code=commune_code)
    posts = {}
    for recruit in recruits_of(site, [station.code for station in found]):
        posts[(recruit.station_code, recruit.role, recruit.position)] = recruit
    table = [
        {
            "station": station,
            "posts": [
                {
                    "role": role,
                    "position": position,
                    "recruit": posts.get((station.code, role, position)),
                }
                for role, position in POSTS
            ],
        }
        for station in found
    ]
    return TemplateResponse(
        request,
        "organising/admin/staffing_commune.html",
        {
            "site": site,
            "commune_code": commune_code,
            "commune_name": territories.commune_name(commune_code),
            "table": table,
            "roles": dict(Recruit.Role.choices),
            "positions": dict(Recruit.Position.choices),
            "can_recruit": can_recruit(request.user),
        },
    )


class RecruitForm(forms.ModelForm):
    volunteer = forms.ModelChoiceField(
        label=_("volunteer"),
        queryset=None,
        help_text=_("Volunteers of your territory who offered to be an assessor or a delegate."),
    )

    class Meta:
        model = Recruit
        fields = [
            "role",
            "position",
            "volunteer",
            "birth_date",
            "birth_place",
            "address",
            "elector_number",
        ]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["volunteer"].queryset = (
            volunteers_for(user)
            .filter(Q(tasks__contains=",assessor,") | Q(tasks__contains=",delegate,"))
            .order_by("last_name", "first_name")
        )


def _station(user, code):
    commune_code = code.split("_")[0]
    if not commune_allowed(user, commune_code):
        raise Http404
    for station in stations(user, commune_code=commune_code):
        if station.code == code:
            return station
    raise Http404


def assign(request, code):
    _require(can_recruit(request.user))
    station = _station(request.user, code)
    site = site_of(request)
    initial = {name: request.GET.get(name) for name in ("role", "position")}
    form = RecruitForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        recruit = form.save(commit=False)
        volunteer = form.cleaned_data["volunteer"]
        recruit.site = site
        recruit.station_code = station.code
        recruit.commune_code = station.commune_code
        recruit.person_id = volunteer.person_id
        recruit.last_name = volunteer.last_name
        recruit.first_name = volunteer.first_name
        recruit.created_by = request.user
        try:
            with transaction.atomic():
                recruit.save()
        except IntegrityError:
            form.add_error(None, gettext("This post is already filled."))
        else:
            flash.success(request, gettext("Recruit added."))
            url = reverse("organising_staffing:commune", args=[station.commune_code])
            return redirect(f"{url}?site={site.pk}")
    return TemplateResponse(
        request,
        "organising/admin/staffing_assign.html",
        {"station": station, "site": site, "form": form},
    )


@require_POST
def remove(request, pk):
    _require(can_recruit(request.user))
    recruit = get_object_or_404(Recruit, pk=pk, site__in=sites_for(request.user))
    if not commune_allowed(request.user, recruit.commune_code):
        raise Http404
    recruit.delete()
    flash.success(request, gettext("Recruit removed."))
    url = reverse("organising_staffing:commune", args=[recruit.commune_code])
    return redirect(f"{url}?site={recruit.site_id}")


# The CSV of polling stations -------------------------------------------------


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "One polling station a line, with the columns commune_code, number, name and "
            "address (comma or semicolon)."
        ),
    )


COLUMNS = ("commune_code", "number", "name", "address")


def read_stations(text):
    """(stations, errors): each error names its line."""
    sample = text[:2000]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = [name.strip().lower() for name in reader.fieldnames or []]
    missing = [name for name in ("commune_code", "number") if name not in header]
    if missing:
        return [], [gettext("Line 1: missing columns: %(names)s") % {"names": ", ".join(missing)}]
    reader.fieldnames = header
    found, errors, seen = [], [], set()
    for line, row in enumerate(reader, start=2):
        commune_code = (row.get("commune_code") or "").strip().upper()
        number = (row.get("number") or "").strip()
        if not territories.commune_name(commune_code):
            errors.append(
                gettext("Line %(line)s: “%(code)s” is not an INSEE commune code.")
                % {"line": line, "code": commune_code[:10]}
            )
            continue
        if not number or len(number) > 8 or not number.isalnum():
            errors.append(
                gettext("Line %(line)s: the station number must be 1 to 8 letters or digits.")
                % {"line": line}
            )
            continue
        code = f"{commune_code}_{number.zfill(4)}"
        if code in seen:
            errors.append(
                gettext("Line %(line)s: the station %(code)s is listed twice.")
                % {"line": line, "code": code}
            )
            continue
        seen.add(code)
        found.append(
            UploadedPollingStation(
                code=code,
                commune_code=commune_code,
                number=number,
                name=(row.get("name") or "").strip()[:200],
                address=(row.get("address") or "").strip()[:255],
            )
        )
    return found, errors


def upload(request):
    _require(can_upload(request.user))
    form = UploadForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_UPLOAD:
            errors = [gettext("The file is larger than 5 MB.")]
        else:
            try:
                text = upload.read().decode("utf-8-sig")
            except UnicodeDecodeError:
                text, errors = "", [gettext("The file is not UTF-8 text.")]
            if not errors:
                found, errors = read_stations(text)
            if not errors:
                with transaction.atomic():
                    # Again the same file: the stations are replaced, not doubled.
                    UploadedPollingStation.objects.filter(
                        code__in=[station.code for station in found]
                    ).delete()
                    UploadedPollingStation.objects.bulk_create(found)
                flash.success(
                    request,
                    gettext("%(count)s polling stations imported.") % {"count": len(found)},
                )
                return redirect("organising_staffing:index")
    return TemplateResponse(
        request, "organising/admin/staffing_upload.html", {"form": form, "errors": errors}
    )


# The prefecture's list -------------------------------------------------------


def export_rows(user, site, departement=""):
    found = {station.code: station for station in stations(user, departement=departement)}
    recruits = recruits_of(site, list(found)).order_by(
        "commune_code", "station_code", "role", "position"
    )
    for recruit in recruits:
        station = found[recruit.station_code]
        yield [
            recruit.commune_code,
            territories.commune_name(recruit.commune_code),
            station.number,
            station.name,
            recruit.get_role_display(),
            recruit.get_position_display(),
            recruit.last_name,
            recruit.first_name,
            recruit.birth_date,
            recruit.birth_place,
            recruit.address,
            recruit.elector_number,
        ]


def export_header():
    return [
        gettext("Commune code"),
        gettext("Commune"),
        gettext("Polling station"),
        gettext("Polling station name"),
        gettext("Role"),
        gettext("Titulaire or suppléant"),
        gettext("Last name"),
        gettext("First name"),
        gettext("Birth date"),
        gettext("Birth place"),
        gettext("Address"),
        gettext("Elector number"),
    ]


def export(request, fmt):
    _require(can_view(request.user))
    if fmt not in ("csv", "xlsx"):
        raise Http404
    site = site_of(request)
    rows = list(export_rows(request.user, site, _departement_of(request)))
    content = spreadsheets.write(
        export_header(), rows, fmt, bom=True, title=gettext("Assessors and delegates")
    )
    response = HttpResponse(content, content_type=spreadsheets.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="assesseurs-delegues.{fmt}"'
    return response
