from django import template
from django.utils.formats import number_format
from rostra import countries

register = template.Library()


@register.filter
def thousands(value):
    """12345 → "12 345" (fr) or "12,345" (en)."""
    try:
        return number_format(int(value), force_grouping=True)
    except (TypeError, ValueError):
        return value


@register.filter
def country_name(code):
    return countries.name(code)
