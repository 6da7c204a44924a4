"""HAL+JSON answers, OSDI's way: ``_links`` with ``osdi:`` curies,
``_embedded`` lists, errors as ``{"request_type", "error"}`` bodies."""

import json

from django.http import HttpResponse

CONTENT_TYPE = "application/hal+json"
CURIES = [{"name": "osdi", "href": "https://opensupporter.org/docs/v1/{rel}", "templated": True}]


def dumps(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)


def answer(data, status=200):
    return HttpResponse(dumps(data), content_type=CONTENT_TYPE, status=status)


def error(status, message, **extra):
    """A clear 4xx: what was wrong, in the caller's language (Accept-Language)."""
    return answer({"error": str(message), **extra}, status=status)
