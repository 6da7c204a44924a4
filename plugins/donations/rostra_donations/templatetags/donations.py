from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euros(cents):
    """1250 → '12,50' (French) or '12.50' (English); whole amounts without decimals."""
    if cents in (None, ""):
        return ""
    cents = int(cents)
    places = 0 if cents % 100 == 0 else 2
    return number_format(cents / 100, places, use_l10n=True, force_grouping=True)
