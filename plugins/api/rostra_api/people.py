"""People as OSDI persons, read in pages of plain rows (``values()``): no
model instance per person, one query for the page and, for a key whose user
sees contact fields masked, one more for the page's consents."""

from rostra import osdi
from rostra.people import listing, masking
from rostra.people.models import ConsentState
from rostra.people.permissions import scoped_people

FIELDS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "phone",
    "mobile_phone",
    "address_line1",
    "address_line2",
    "postcode",
    "commune",
    "country",
    "language",
    "created_at",
    "updated_at",
)
DATE_FIELDS = {"modified_date": "updated_at", "created_date": "created_at"}


def queryset(key):
    """The people the key may read: its user's (a candidate: their territory)."""
    return scoped_people(key.user).filter(erased_at__isnull=True)


def masked_fields(user, ids):
    """{person id: fields hidden} for a user (a key's, a subscription's maker)
    who sees contact fields masked unless the person consented on their
    channel; {} otherwise."""
    if not masking.applies(user):
        return {}
    channels = {}
    for person_id, channel in ConsentState.objects.filter(
        person_id__in=ids, granted=True
    ).values_list("person_id", "channel"):
        channels.setdefault(person_id, set()).add(channel)
    return {
        pk: {
            name
            for name, needed in masking.FIELD_CHANNELS.items()
            if not channels.get(pk, set()) & set(needed)
        }
        for pk in ids
    }


def represent(row, base, hidden=frozenset()):
    """One person as OSDI's person resource. Masked fields are left out and
    named in ``rostra:masked``."""
    pk = row["id"]
    person = {
        "identifiers": [f"rostra:{pk}"],
        "given_name": row["first_name"],
        "family_name": row["last_name"],
        "created_date": osdi.date(row["created_at"]),
        "modified_date": osdi.date(row["updated_at"]),
        "languages_spoken": [row["language"]],
        "email_addresses": [],
        "phone_numbers": [],
        "postal_addresses": [],
    }
    if row["email"] and "email" not in hidden:
        person["email_addresses"].append({"address": row["email"], "primary": True})
    for field, kind, primary in (("phone", "Home", True), ("mobile_phone", "Mobile", False)):
        if row[field] and field not in hidden:
            person["phone_numbers"].append(
                {"number": row[field], "number_type": kind, "primary": primary}
            )
    address = {
        "postal_code": row["postcode"],
        "locality": row["commune"],
        "country": row["country"],
        "primary": True,
    }
    if "address_line1" not in hidden:
        address["address_lines"] = [
            line for line in (row["address_line1"], row["address_line2"]) if line
        ]
    person["postal_addresses"].append(address)
    if hidden:
        person["rostra:masked"] = sorted(hidden)
    url = f"{base}people/{pk}"
    person["_links"] = {
        "self": {"href": url},
        "osdi:taggings": {"href": f"{base}taggings?person={pk}"},
    }
    return person


def page(key, lookups, after, size, base, segment=None):
    """(people as OSDI dicts, id of the last one or None when it is the last page)."""
    rows = queryset(key).filter(**lookups)
    if segment is not None:
        from rostra_api import lists

        rows = lists.narrow(rows, segment, key.user)
    if after is not None:
        rows = rows.filter(pk__gt=after)
    rows = list(rows.order_by("pk").values(*FIELDS)[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    hidden = masked_fields(key.user, [row["id"] for row in rows])
    people = [represent(row, base, hidden.get(row["id"], frozenset())) for row in rows]
    return people, (rows[-1]["id"] if more else None)


def one(key, pk, base):
    row = queryset(key).filter(pk=pk).values(*FIELDS).first()
    if row is None:
        return None
    hidden = masked_fields(key.user, [pk]).get(pk, frozenset())
    return represent(row, base, hidden)


def as_written(key, person, base):
    """A person the key's call has just found or written (an instance read or
    saved in this request), as ``one`` shows them, without reading them back
    when nothing narrows the people the key's user sees (every
    ``people_queryset_for_user`` hook returns the queryset it was given)."""
    everyone = listing.base_queryset()
    if (
        scoped_people(key.user, everyone) is not everyone
        or person.erased_at
        or person.merged_into_id
    ):
        return one(key, person.pk, base)
    return of_person(person, key.user, base)


def of_person(person, user, base):
    """One person (an instance) as OSDI, masked for ``user`` (webhooks)."""
    row = {name: getattr(person, name) for name in FIELDS}
    return represent(row, base, masked_fields(user, [person.pk]).get(person.pk, frozenset()))
