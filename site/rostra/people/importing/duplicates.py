"""Rows of one file for the same person: merged, never rejected.

Two rows are the same person when they share a canonical email (so
"Jean.Dupont+news@gmail.com" and "jeandupont@gmail.com" are one), either as
their main address or as another one (email2…). The parsing thread
(engine._parsed) remembers every address met and the line of the person's
first row. A later row for that person is:

- merged there and then into the row standing for them in the batch being
  parsed (``merge``), by find_or_create's rules: a blank never erases, a
  different value replaces (the later row is the newer), flags, tags, opt-ins
  and addresses add up. The writers (PostgreSQL's COPY, SQLite's bulk inserts,
  the preview) see one row per person and need nothing more;
- or, when the person's first row went in an earlier batch, kept as a row of
  its own marked ``merged_with``: its chunk is written after that one, so it
  finds the person in the database and updates them by the same rules. If it
  reached them through another of its addresses, that address becomes its main
  one, so that the lookup by canonical email finds them.

A row whose addresses belong to two different people of the file is rejected:
merging it would join them. Rows that collide with no other cost one dictionary
lookup per address, as before.
"""

from bisect import bisect_left

from django.utils.translation import gettext as _

ABSORBED = object()  # place(): the row went into another row of the batch


class FileDuplicates:
    """The people of one file met so far, by canonical email."""

    def __init__(self, parser):
        self.parser = parser  # to place a merged address (rows.Parser.locate)
        self.first_lines = {}  # canonical email -> line of the person's first row
        self.standing = {}  # first line -> row standing for the person in this batch

    def new_batch(self):
        """The batch was handed over: its rows are no longer merged into."""
        self.standing.clear()

    def place(self, person_row, batch):
        """(row for the batch, reasons): the row itself; ABSORBED when merged
        into a row of ``batch`` (the rows parsed since the last hand-over, in
        file order); None and the reasons when rejected."""
        first_lines = self.first_lines
        if not person_row.other_emails and person_row.key not in first_lines:
            first_lines[person_row.key] = person_row.line  # most rows: someone new
            return person_row, []
        keys = [person_row.key, *(key for _email, key in person_row.other_emails)]
        known = [key for key in keys if key in first_lines]
        if not known:
            for key in keys:
                first_lines[key] = person_row.line
            return person_row, []
        firsts = sorted({first_lines[key] for key in known})
        if len(firsts) > 1:
            return None, [
                _(
                    "its addresses belong to two different people of the file "
                    "(lines %(first)s and %(second)s)"
                )
                % {"first": firsts[0], "second": firsts[1]}
            ]
        first = firsts[0]
        for key in keys:
            first_lines.setdefault(key, first)
        target = self.standing.get(first) or _row_at(batch, first)
        if target is not None:
            merge(target, person_row, self.parser)
            target.absorbed = [*target.absorbed, (person_row.line, first, person_row.notes)]
            return ABSORBED, []
        if person_row.key not in known:
            _lead_with(person_row, known[0])
        person_row.merged_with = first
        self.standing[first] = person_row
        return person_row, []


def _row_at(batch, line):
    """The accepted row of ``batch`` at ``line``, if the batch holds it."""
    if not batch or line < batch[0][0]:
        return None
    index = bisect_left(batch, line, key=lambda entry: entry[0])
    if index < len(batch) and batch[index][0] == line:
        return batch[index][1]
    return None


def _lead_with(person_row, key):
    """Make ``key`` (one of the row's other addresses) its main one."""
    email = next(email for email, other in person_row.other_emails if other == key)
    person_row.other_emails = [
        (person_row.email, person_row.key),
        *((e, k) for e, k in person_row.other_emails if k != key),
    ]
    person_row.email, person_row.key = email, key


def merge(target, row, parser):
    """``row``'s values into ``target`` (an earlier row for the same person)."""
    details = target.details
    moved = False
    for name, value in row.details.items():
        # "FR" is also what a row without a country column says: it never
        # replaces a country written in another row.
        if not value or (name == "country" and value == "FR") or details.get(name) == value:
            continue
        details[name] = value
        moved = moved or name in ("postcode", "commune", "country")
    if moved and details.get("postcode"):
        target.territory = parser.locate(
            details["postcode"], details.get("commune", ""), details.get("country", "FR")
        )
    keys = {target.key, *(key for _email, key in target.other_emails)}
    added = []
    for email, key in ((row.email, row.key), *row.other_emails):
        if key not in keys:
            keys.add(key)
            added.append((email, key))
    if added:
        target.other_emails = [*target.other_emails, *added]
    if row.tags:
        target.tags = list(dict.fromkeys([*target.tags, *row.tags]))
    for name in ("email_opt_in", "mobile_opt_in"):
        value = getattr(row, name)  # a "yes" in either row stands
        if value or (value is not None and getattr(target, name) is None):
            setattr(target, name, value)
    if row.flags:
        target.flags = {**target.flags, **row.flags}
    if not target.external_id:
        target.external_id = row.external_id
