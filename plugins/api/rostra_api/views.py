"""The OSDI endpoints: the entry point (AEP), people (and the Person Signup
Helper) and the resources the other plugins register (rostra.osdi)."""

from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.utils.translation import gettext as _
from rostra import osdi

from rostra_api import filtering, hal, people
from rostra_api.calls import key_call
from rostra_api.models import READ, WRITE

PREFIX = "/api/osdi/v1/"


def base_url(request):
    return request.build_absolute_uri(PREFIX)


def refused(key, resource, action):
    if key.allows(resource, action):
        return None
    return hal.error(
        403,
        _("This key may not %(action)s %(resource)s.")
        % {"action": _("read") if action == READ else _("write"), "resource": resource},
    )


@key_call
def entry_point(request):
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    base = base_url(request)
    links = {
        "curies": hal.CURIES,
        "self": {"href": base},
        "docs": {"href": f"{base}openapi.json", "title": "OpenAPI"},
        "osdi:people": {"href": f"{base}people", "title": "People"},
        "osdi:person_signup_helper": {
            "href": f"{base}people/person_signup",
            "title": "Person Signup Helper",
        },
    }
    for name, resource in osdi.resources(request.api_key.site).items():
        links[f"osdi:{name}"] = {"href": f"{base}{name}", "title": str(resource.title)}
    return hal.answer(
        {
            "motd": "Rostra OSDI API",
            "vendor_name": "Rostra",
            "product_name": "Rostra",
            "osdi_version": "1.1",
            "max_pagesize": filtering.MAX_PER_PAGE,
            "_links": links,
        }
    )


def list_parameters(request, fields):
    lookups = filtering.conditions(request.GET.get("filter", ""), fields)
    return (
        lookups,
        filtering.cursor(request.GET.get("after")),
        filtering.per_page(request.GET.get("per_page")),
    )


def collection(request, name, items, last, size):
    """A page of a collection; ``next`` carries the cursor and the filter."""
    base = base_url(request)
    links = {"curies": hal.CURIES, "self": {"href": request.build_absolute_uri()}}
    if last is not None:
        query = request.GET.copy()
        query["after"] = str(last)
        query["per_page"] = str(size)
        links["next"] = {"href": f"{base}{name}?{query.urlencode()}"}
    return hal.answer({"per_page": size, "_links": links, "_embedded": {f"osdi:{name}": items}})


@key_call
def people_list(request):
    key = request.api_key
    if request.method == "POST":
        from rostra_api import signup

        return refused(key, "people", WRITE) or signup.handle(request, key, base_url(request))
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    if answer := refused(key, "people", READ):
        return answer
    try:
        lookups, after, size = list_parameters(request, people.DATE_FIELDS)
    except ValidationError as error:
        return hal.error(400, error.messages[0])
    segment = None
    if request.GET.get("list"):
        from rostra_api import lists

        if not key.allows("lists", READ):
            return refused(key, "lists", READ)
        segment = lists.segment_for(key, request.GET["list"])
        if segment is None:
            return hal.error(404, _("No such list for this key."))
    items, last = people.page(key, lookups, after, size, base_url(request), segment)
    return collection(request, "people", items, last, size)


@key_call
def person_signup(request):
    """OSDI's helper at its own URL too (the AEP links it)."""
    from rostra_api import signup

    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    key = request.api_key
    return refused(key, "people", WRITE) or signup.handle(request, key, base_url(request))


@key_call
def person(request, pk):
    key = request.api_key
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    if answer := refused(key, "people", READ):
        return answer
    found = people.one(key, pk, base_url(request))
    if found is None:
        return hal.error(404, _("No such person for this key."))
    return hal.answer(found)
