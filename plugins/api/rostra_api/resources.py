"""The resources other plugins register (rostra.osdi), served with the key's
scopes, its site, keyset pages and the modified_date filter."""

from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from rostra import osdi

from rostra_api import hal
from rostra_api.calls import key_call
from rostra_api.models import READ
from rostra_api.views import base_url, collection, list_parameters, refused


def linker(base):
    def link(name, pk=None, **query):
        url = f"{base}{name}" if pk is None else f"{base}{name}/{pk}"
        return {"href": f"{url}?{urlencode(query)}" if query else url}

    return link


def shaped(resource, row, link):
    item = resource.represent(row, link)
    item["_links"] = {"self": link(resource.name, row.pk), **resource.links(row, link)}
    return item


def _resource(request, name):
    # Only what the key's site serves: a plugin switched off there is not heard of.
    resource = osdi.resources(request.api_key.site).get(name)
    if resource is None:
        return None, hal.error(404, _("No such resource."))
    if request.method != "GET":
        return None, HttpResponseNotAllowed(["GET"])
    return resource, refused(request.api_key, name, READ)


@key_call
def resource_list(request, name):
    resource, answer = _resource(request, name)
    if answer:
        return answer
    key = request.api_key
    fields = {"modified_date": resource.modified_field, "created_date": resource.created_field}
    try:
        lookups, after, size = list_parameters(request, fields)
        for parameter, field in resource.filters.items():
            if value := request.GET.get(parameter):
                if not value.isdigit():
                    raise ValidationError(_("%(field)s is a number.") % {"field": parameter})
                lookups[field] = int(value)
    except ValidationError as error:
        return hal.error(400, error.messages[0])
    rows = resource.queryset(key.site, key.user).filter(**lookups)
    if after is not None:
        rows = rows.filter(pk__gt=after)
    rows = list(rows.order_by("pk")[: size + 1])
    link = linker(base_url(request))
    items = [shaped(resource, row, link) for row in rows[:size]]
    last = rows[size - 1].pk if len(rows) > size else None
    return collection(request, name, items, last, size)


@key_call
def resource_item(request, name, pk):
    resource, answer = _resource(request, name)
    if answer:
        return answer
    key = request.api_key
    row = resource.queryset(key.site, key.user).filter(pk=pk).first()
    if row is None:
        return hal.error(404, _("Nothing with this id for this key."))
    return hal.answer(shaped(resource, row, linker(base_url(request))))
