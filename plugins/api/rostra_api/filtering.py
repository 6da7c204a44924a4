"""OSDI list parameters: the OData subset Action Network documents for
``filter`` (``modified_date gt '2014-03-25'``, ``gt``, ``lt``, ``eq``,
joined by ``and``), ``per_page`` and the cursor of the next page."""

import datetime
import re

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

PER_PAGE, MAX_PER_PAGE = 25, 100
_CLAUSE = re.compile(r"^\s*(modified_date|created_date)\s+(gt|lt|eq)\s+'([^']+)'\s*$")


def _moment(text):
    """(start, end) of what ``text`` names: an instant, or a whole day."""
    # A bare date is a day (parse_datetime would read it as its midnight).
    moment = None if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else parse_datetime(text)
    if moment is not None:
        if timezone.is_naive(moment):
            moment = timezone.make_aware(moment, datetime.UTC)
        return moment, moment
    day = parse_date(text)
    if day is None:
        raise ValidationError(
            _("“%(value)s” is not a date (2026-03-25 or 2026-03-25T10:00:00Z).") % {"value": text}
        )
    start = datetime.datetime.combine(day, datetime.time(), tzinfo=datetime.UTC)
    return start, start + datetime.timedelta(days=1)


def conditions(text, fields):
    """Django lookups of a ``filter`` value; ``fields`` maps modified_date and
    created_date to the model's fields. Raises ValidationError on anything else."""
    lookups = {}
    if not text:
        return lookups
    for clause in re.split(r"\s+and\s+", text.strip()):
        found = _CLAUSE.match(clause)
        if not found:
            raise ValidationError(
                _(
                    "Unknown filter “%(clause)s”: use modified_date or created_date "
                    "with gt, lt or eq and a quoted date."
                )
                % {"clause": clause}
            )
        name, operator, value = found.groups()
        field = fields[name]
        if field is None:
            raise ValidationError(_("These rows have no %(name)s.") % {"name": name})
        start, end = _moment(value)
        if operator == "gt":
            lookups[f"{field}__gt" if start == end else f"{field}__gte"] = end
        elif operator == "lt":
            lookups[f"{field}__lt"] = start
        elif start == end:
            lookups[field] = start
        else:
            lookups[f"{field}__gte"], lookups[f"{field}__lt"] = start, end
    return lookups


def per_page(value):
    if value in (None, ""):
        return PER_PAGE
    try:
        number = int(value)
    except ValueError:
        number = 0
    if not 1 <= number <= MAX_PER_PAGE:
        raise ValidationError(
            _("per_page is a number from 1 to %(most)s.") % {"most": MAX_PER_PAGE}
        )
    return number


def cursor(value):
    """The last id of the previous page (keyset pagination: a page is the rows
    after it, so rows written meanwhile neither shift nor repeat a page)."""
    if value in (None, ""):
        return None
    try:
        number = int(value)
    except ValueError:
        number = -1
    if number < 0:
        raise ValidationError(_("The cursor is not one this API gave."))
    return number
