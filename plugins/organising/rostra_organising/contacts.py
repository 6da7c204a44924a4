"""What an organiser or a host sees of their people: the name and postcode;
the email and phone only where the person consented to that channel, as a
candidate's team sees supporters (rostra.people.masking)."""

from collections import defaultdict

from rostra.people import masking
from rostra.people.models import ConsentState


def channels_of(person_ids):
    """{person id: channels with a consent granted}, in one query."""
    found = defaultdict(set)
    rows = ConsentState.objects.filter(person_id__in=list(person_ids), granted=True)
    for person_id, channel in rows.values_list("person_id", "channel"):
        found[person_id].add(channel)
    return found


def masked(row, channels):
    """A row with first_name, last_name, email (and maybe phone, postcode), as shown."""
    phone = getattr(row, "phone", "")
    return {
        "row": row,
        "name": f"{row.first_name} {row.last_name}".strip(),
        "postcode": getattr(row, "postcode", ""),
        "email": row.email if "email" in channels else masking.MASK,
        "phone": (phone if {"phone", "sms"} & channels else masking.MASK) if phone else "",
    }


def shown(rows):
    rows = list(rows)
    channels = channels_of({row.person_id for row in rows})
    return [masked(row, channels[row.person_id]) for row in rows]
