"""The API's OpenAPI 3.1 description, built from the same lists the views
serve (people, the signup helper, and every registered resource), and the
documentation page drawn from it: plain HTML served by Rostra, no script, no
third-party asset."""

from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from rostra import osdi

from rostra_api import hal
from rostra_api.filtering import MAX_PER_PAGE, PER_PAGE


def list_parameters():
    return [
        {
            "name": "per_page",
            "in": "query",
            "schema": {
                "type": "integer",
                "minimum": 1,
                "maximum": MAX_PER_PAGE,
                "default": PER_PAGE,
            },
        },
        {
            "name": "filter",
            "in": "query",
            "description": _(
                "modified_date or created_date, gt, lt or eq, a quoted date; "
                "clauses joined by and: modified_date gt '2026-03-25'"
            ),
            "schema": {"type": "string"},
        },
        {
            "name": "after",
            "in": "query",
            "description": _("The cursor of the next page (follow _links.next)."),
            "schema": {"type": "integer"},
        },
    ]


def errors():
    return {
        "400": {"description": _("Bad input: error (and fields) say what.")},
        "401": {"description": _("No valid key.")},
        "403": {"description": _("The key’s scopes do not allow it.")},
        "429": {"description": _("Too many calls with this key (Retry-After).")},
    }


HAL = {"application/hal+json": {"schema": {"type": "object"}}}
SIGNUP_BODY = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "type": "object",
                "required": ["person"],
                "properties": {
                    "person": {"type": "object", "description": "An OSDI person."},
                    "add_tags": {"type": "array", "items": {"type": "string"}},
                    "rostra:consents": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "required": ["purpose", "wording"],
                            "properties": {
                                "purpose": {"type": "string"},
                                "channel": {"type": "string", "default": "email"},
                                "wording": {"type": "string"},
                            },
                        },
                    },
                },
            }
        }
    },
}


def _get(summary, parameters=()):
    return {
        "summary": summary,
        "parameters": list(parameters),
        "responses": {"200": {"description": _("Done."), "content": HAL}, **errors()},
    }


def _signup(summary):
    return {
        "summary": summary,
        "requestBody": SIGNUP_BODY,
        "responses": {
            "201": {"description": _("A new person."), "content": HAL},
            "200": {"description": _("A person already known (unchanged)."), "content": HAL},
            "202": {"description": _("Recorded; the key may not read the person.")},
            **errors(),
        },
    }


def schema():
    item = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]
    paths = {
        "/api/osdi/v1/": {"get": _get(_("The entry point: a link to every resource."))},
        "/api/osdi/v1/people": {
            "get": _get(
                _("People, a page at a time."),
                [
                    *list_parameters(),
                    {"name": "list", "in": "query", "schema": {"type": "integer"}},
                ],
            ),
            "post": _signup(_("The Person Signup Helper.")),
        },
        "/api/osdi/v1/people/person_signup": {"post": _signup(_("The Person Signup Helper."))},
        "/api/osdi/v1/people/{id}": {"get": _get(_("One person."), item)},
    }
    for name, resource in sorted(osdi.resources().items()):
        title = str(resource.title)
        extra = [
            {"name": f, "in": "query", "schema": {"type": "integer"}} for f in resource.filters
        ]
        paths[f"/api/osdi/v1/{name}"] = {"get": _get(title, list_parameters() + extra)}
        paths[f"/api/osdi/v1/{name}/{{id}}"] = {"get": _get(title, item)}
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Rostra OSDI API",
            "version": "1.1",
            "description": "OSDI 1.1 (HAL+JSON). Keys: Settings › API keys.",
        },
        "components": {
            "securitySchemes": {"key": {"type": "http", "scheme": "bearer"}},
        },
        "security": [{"key": []}],
        "paths": paths,
    }


def in_their_language(view):
    """The page and the description speak the reader's language (Accept-Language)."""

    def wrapper(request):
        with translation.override(translation.get_language_from_request(request)):
            return view(request)

    return wrapper


@in_their_language
def schema_view(request):
    response = hal.answer(schema())
    response["Content-Type"] = "application/json"
    return response


@in_their_language
def docs_view(request):
    endpoints = []
    for path, methods in schema()["paths"].items():
        for method, operation in methods.items():
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation["summary"],
                    "parameters": operation.get("parameters", []),
                    "responses": sorted(operation["responses"].items()),
                }
            )
    return render(
        request,
        "rostra_api/docs.html",
        {"endpoints": endpoints, "title": _("Rostra’s API")},
    )
