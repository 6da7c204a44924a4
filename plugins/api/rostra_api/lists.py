"""Saved segments as OSDI lists; a list's items are the people it selects
today (``/people?list=<id>``), within what the key may read."""

from django.http import QueryDict
from django.utils.translation import gettext_lazy as _
from rostra import osdi
from rostra.people import listing, masking
from rostra.people.permissions import scoped_segments


class Lists(osdi.Resource):
    name = "lists"
    title = _("Lists (saved segments)")
    modified_field = "created_at"  # a segment keeps no change date
    follows_plugin = False

    def queryset(self, site, user):
        return scoped_segments(user)

    def represent(self, row, link):
        return {
            "identifiers": [f"rostra:{row.pk}"],
            "name": row.name,
            "created_date": osdi.date(row.created_at),
        }

    def links(self, row, link):
        return {"osdi:items": link("people", None, list=row.pk)}


def narrow(people, segment, user):
    """The people of ``people`` that the segment selects (its filters, as the
    people list applies them for this user)."""
    selected = listing.queryset(QueryDict(segment.query), base=people, masked=masking.applies(user))
    return people.filter(pk__in=selected.values("pk"))


def segment_for(key, value):
    """The key's user's segment of id ``value``, or None."""
    if not str(value).isdigit():
        return None
    return scoped_segments(key.user).filter(pk=int(value)).first()
