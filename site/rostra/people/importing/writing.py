"""What the ways of writing a chunk share (the engine row by row, bulk,
staging, updates): the timeline entry of an imported person, the consent a
row's opt-ins stand for, the people already known and what a row changes of
them, the tags' ids. The writers import this, never the engine that calls them.
"""

from django.utils.translation import gettext_noop
from taggit.models import Tag

from rostra.people.models import ConsentState, Person, TaggedPerson

IMPORTED = gettext_noop("Imported from %(source)s (line %(line)s)")

# The file's opt-in columns: (PersonRow attribute, purpose, channel) of the
# consent each "yes" stands for.
OPT_INS = (
    ("email_opt_in", "newsletter", "email"),
    ("mobile_opt_in", "newsletter", "sms"),
)


def opt_ins(row):
    """Consent rows the file's opt-in columns stand for. Only "yes" creates a
    ledger row: a "no" in an old export must not undo a later subscription, and
    a person already in the ledger for a purpose keeps their own choice."""
    for attribute, purpose, channel in OPT_INS:
        if getattr(row, attribute):
            yield purpose, channel, True


class Existing:
    """The people of a chunk already in the database, their tags and consent
    states, read in three queries."""

    def __init__(self, person_ids, lock=False):
        ids = list(set(person_ids))
        people = Person.objects.select_for_update() if lock else Person.objects
        self.people = people.in_bulk(ids)
        self.tags, self.states = {}, set()
        for person_id, name in TaggedPerson.objects.filter(content_object_id__in=ids).values_list(
            "content_object_id", "tag__name"
        ):
            self.tags.setdefault(person_id, set()).add(name)
        self.states = set(
            ConsentState.objects.filter(person_id__in=ids).values_list(
                "person_id", "purpose", "channel"
            )
        )


def changes(person, row, tags=None):
    """The names of what the row changes of a known person: details the file
    fills or changes (a blank cell never erases), flags it sets, "tags"."""
    changed = [
        name
        for name, value in row.details.items()
        if value and getattr(person, name) != value and not (name == "country" and value == "FR")
    ]
    changed += [name for name in row.flags if not getattr(person, name)]
    tags = set(person.tags.names()) if tags is None else tags
    if row.tags and set(row.tags) - tags:
        changed.append("tags")
    return changed


def tag_ids(names):
    """{tag name: id}, the tags not yet known created."""
    found = dict(Tag.objects.filter(name__in=names).values_list("name", "pk"))
    for name in names - set(found):
        found[name] = Tag.objects.create(name=name).pk
    return found
