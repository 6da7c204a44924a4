"""Dry run and import of a supporters file.

Rows are read in chunks. Each chunk is one transaction, committed with the
job's progress: an interrupted import leaves whole chunks done and none
half-done, and running the file again finds the people already imported
(by canonical email) instead of creating them twice. Inside a chunk each row
is applied whole or not at all (a savepoint per row on the per-row path).

Rows are parsed in a thread (rostra.people.importing.rows, no database) while
this one writes the previous chunk: the database's work and Python's overlap.

Rows for the same person (same canonical email) are merged, not rejected
(rostra.people.importing.duplicates); a phone that cannot be read is left out
of its row, not the row out of the import; both are said in the report, with
the line.

Two ways to apply a chunk, same result:
- per row, through the people API (``bulk=False``, and a chunk that meets a
  concurrent change): details merged like ``find_or_create``, consent through
  ``record_consent``;
- in bulk: people not yet known, on PostgreSQL by a COPY into a staging table
  and one INSERT … SELECT per table (rostra.people.importing.staging),
  elsewhere bulk inserts (rostra.people.importing.bulk); people already known
  with the same merge rules in bulk updates and inserts
  (rostra.people.importing.updates). Plugins hear of every change either way.
"""

import threading
from dataclasses import dataclass
from queue import Empty, Full, Queue

from django.db import DatabaseError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from rostra import tables
from rostra.people import api
from rostra.people.importing import (
    bulk,
    columns,
    duplicates,
    rows,
    staging,
    updates,
    writing,
)
from rostra.people.importing.report import Outcome, Summary, add_chunk, save_job
from rostra.people.models import (
    Consent,
    ConsentState,
    Person,
    PersonEmail,
    SourceKind,
    TimelineEntry,
)

FIRST_BATCH = 1000  # rows parsed before the first chunk is written (then doubling)


@dataclass
class Options:
    source_label: str = ""
    tags: tuple = ()
    consent_wording: str = ""
    site: object = None
    user: object = None
    dry_run: bool = False
    chunk_size: int = 5000
    bulk: bool = True  # new people in bulk (COPY on PostgreSQL); False: row by row


def run(handle, options, *, progress=None, job=None):
    """Import (or with options.dry_run, preview) a binary file object."""
    summary = Summary()
    summary.total = tables.count_rows(handle)
    table = tables.open_table(handle)
    summary.encoding, summary.delimiter = table.encoding, table.delimiter
    mapping, summary.unknown_columns = columns.map_header(table.header)
    missing = columns.missing_required(mapping)
    if missing:
        summary.errors.append(
            _("Line 1: the required column %(columns)s is missing (found: %(found)s).")
            % {"columns": ", ".join(missing), "found": ", ".join(table.header) or "-"}
        )
        return summary
    prepare = None
    if options.bulk and not options.dry_run:
        prepare = _bulk_module().line_formatter(options)
    parser = rows.Parser(mapping, table.header)
    parsed = _parsed_in_background(table.rows, parser, options.chunk_size, prepare)
    for batch in parsed:
        chunk, remarked = [], []
        for line, person_row, reasons in batch:
            if person_row is None:
                summary.add(Outcome(line, "reject", [str(reason) for reason in reasons]))
                summary.done += 1
            else:
                chunk.append(person_row)
                if person_row.notes or person_row.absorbed or person_row.merged_with:
                    remarked.append(person_row)
        if chunk:
            _apply_chunk(chunk, options, summary, job, remarked)
        elif job is not None:
            save_job(job, summary)
        if progress:
            progress(summary)
    if job is not None:
        save_job(job, summary, final=True)
    if progress:
        progress(summary)
    return summary


def _parsed(table_rows, parser, size, prepare=None):
    """Lists of up to ``size`` (line, PersonRow or None, reasons), in file order; a
    later row for a person met earlier in the file is merged (duplicates).
    ``prepare(row)``, if given, is each kept row's ``copy_line``: what the bulk
    path can format before the database is asked anything."""
    people = duplicates.FileDuplicates(parser)
    batch = []
    # The first batches are smaller, doubling up to ``size``: the database
    # starts writing once a thousand rows are parsed, not a whole chunk.
    limit = min(size, FIRST_BATCH)
    for line, values, problem in table_rows:
        person_row, reasons = parser.parse(line, values, problem)
        if person_row is not None:
            person_row, reasons = people.place(person_row, batch)
            if person_row is duplicates.ABSORBED:
                continue  # merged into a row of this batch, reported with it
        batch.append((line, person_row, reasons))
        if len(batch) >= limit:
            yield _prepared(batch, prepare)
            people.new_batch()
            batch = []
            limit = min(size, limit * 2)
    if batch:
        yield _prepared(batch, prepare)


def _prepared(batch, prepare):
    """The batch, each row's ``copy_line`` formatted (once the rows merged into
    it are in)."""
    if prepare is not None:
        for _line, person_row, _reasons in batch:
            if person_row is not None:
                person_row.copy_line = prepare(person_row)
    return batch


_END = object()


def _parsed_in_background(table_rows, parser, size, prepare=None):
    """_parsed() run by a thread one batch ahead of the caller. The thread only
    reads the file and parses (no database); it speaks the caller's language
    for the rejection reasons and stops when the caller does."""
    language = translation.get_language()
    batches = Queue(maxsize=1)
    stop = threading.Event()

    def hand_over(item):
        while not stop.is_set():
            try:
                batches.put(item, timeout=0.2)
                return True
            except Full:
                continue
        return False

    def parse():
        try:
            with translation.override(language):
                for batch in _parsed(table_rows, parser, size, prepare):
                    if not hand_over(batch):
                        return
            hand_over(_END)
        except BaseException as error:  # noqa: BLE001 (raised again in the caller)
            hand_over(error)

    thread = threading.Thread(target=parse, name="people-import-parser", daemon=True)
    thread.start()
    try:
        while True:
            try:
                item = batches.get(timeout=0.2)
            except Empty:
                if thread.is_alive():
                    continue
                try:
                    item = batches.get_nowait()
                except Empty:
                    return
            if item is _END:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        thread.join()


def _apply_chunk(chunk, options, summary, job, remarked=()):
    """Write (or preview) the chunk's rows; ``remarked`` are those with notes,
    rows merged into them, or an earlier row of the file (engine.run)."""
    known = _known_people([row.key for row in chunk])
    taken = _known_people([key for row in chunk for _email, key in row.other_emails])
    existing = writing.Existing(known.values())
    if options.dry_run:
        outcomes = [_preview(row, known, taken, existing) for row in chunk]
        add_chunk(outcomes, remarked, summary, preview=True)
        if job is not None:
            save_job(job, summary)
        return
    new, to_update, outcomes = [], [], []
    for row in chunk:
        if not row.other_emails and row.key not in known:
            new.append(row)  # what _preview says of it: "create"
            continue
        preview = _preview(row, known, taken, existing)
        if preview.action == "reject":
            outcomes.append(preview)  # another address of the row belongs to someone else
        elif preview.action == "unchanged":
            outcomes.append(preview)  # nothing to write: a second run is a read
        elif row.key in known:
            to_update.append(row)
        else:
            new.append(row)
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # A crash may lose the last chunks committed (never half of one): the
            # job's count says where it stopped and a rerun completes it.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        if options.bulk and new:
            try:
                with transaction.atomic():
                    outcomes += _bulk_module().create_people(new, options, taken)
            except DatabaseError:
                # Someone signed up meanwhile (unique email): take these rows one by one.
                outcomes += [_apply_row(row, options, {}, taken) for row in new]
        else:
            outcomes += [_apply_row(row, options, known, taken) for row in new]
        if options.bulk and to_update:
            try:
                with transaction.atomic():
                    outcomes += updates.update_people(to_update, options, known, taken)
            except DatabaseError:
                # Someone changed these people meanwhile: one by one, as the API does.
                outcomes += [_apply_row(row, options, known, taken) for row in to_update]
        else:
            outcomes += [_apply_row(row, options, known, taken) for row in to_update]
        add_chunk(outcomes, remarked, summary)
        if job is not None:
            save_job(job, summary)


def _bulk_module():
    return staging if connection.vendor == "postgresql" else bulk


def _known_people(keys):
    """{canonical email: person id} for addresses already in the database."""
    if not keys:
        return {}
    if connection.vendor == "postgresql":
        # One text parameter split by the server: a 20,000-key IN list costs
        # seconds to build and plan, a Python list as an array parameter is
        # slow to format. Canonical addresses never hold a line break.
        with connection.cursor() as cursor:
            cursor.execute(
                # In order: the index is probed page after page, not at random.
                "WITH wanted AS (SELECT unnest(string_to_array(%s, E'\\n')) AS key ORDER BY 1) "
                "SELECT p.email_canonical, p.id FROM wanted "
                "JOIN people_person p ON p.email_canonical = wanted.key "
                "AND p.email_canonical <> '' "
                "UNION ALL SELECT e.email_canonical, e.person_id FROM wanted "
                "JOIN people_personemail e ON e.email_canonical = wanted.key",
                ["\n".join(keys)],
            )
            return dict(cursor.fetchall())
    found = dict(
        Person.objects.filter(email_canonical__in=keys).values_list("email_canonical", "pk")
    )
    found.update(
        PersonEmail.objects.filter(email_canonical__in=keys).values_list(
            "email_canonical", "person_id"
        )
    )
    return found


def _preview(row, known, taken, existing):
    person_id = known.get(row.key)
    conflict = _conflict(row, person_id, taken)
    if conflict:
        return Outcome(row.line, "reject", [conflict])
    if person_id is None:
        return Outcome(row.line, "create")
    person = existing.people[person_id]
    changes = writing.changes(person, row, existing.tags.get(person_id, set()))
    changes += [
        f"consent:{purpose}/{channel}"
        for purpose, channel, _granted in writing.opt_ins(row)
        if (person_id, purpose, channel) not in existing.states
    ]
    changes += [email for email, key in row.other_emails if taken.get(key) is None]
    return Outcome(row.line, "update" if changes else "unchanged", changes, person_id)


def _conflict(row, person_id, taken):
    for email, key in row.other_emails:
        owner = taken.get(key)
        if owner is not None and owner != person_id:
            return _("%(email)s already belongs to another person (#%(id)s)") % {
                "email": email,
                "id": owner,
            }
    return ""


def _apply_row(row, options, known, taken):
    """One row through the people API, in a savepoint: all of it or nothing."""
    person_id = known.get(row.key)
    conflict = _conflict(row, person_id, taken)
    if conflict:
        return Outcome(row.line, "reject", [conflict])
    label = options.source_label
    try:
        with transaction.atomic():
            if person_id is None:
                person = Person.objects.create(
                    email=row.email,
                    email_canonical=row.key,
                    source_kind=SourceKind.IMPORT,
                    source_detail=label[:255],
                    source_site=options.site,
                    **row.details,
                    **row.flags,
                )
                action, changes = "create", []
                api.add_to_timeline(
                    person,
                    kind=TimelineEntry.Kind.IMPORT,
                    message=writing.IMPORTED,
                    params={"source": label, "line": row.line},
                    site=options.site,
                    actor=options.user,
                    data={"external_id": row.external_id} if row.external_id else {},
                )
            else:
                person = Person.objects.get(pk=person_id)
                changes = writing.changes(person, row)
                details = {k: v for k, v in row.details.items() if k in changes}
                api.update_person(
                    person,
                    details,
                    site=options.site,
                    source=api.Source(SourceKind.IMPORT, label),
                    actor=options.user,
                )
                flags = [name for name in row.flags if not getattr(person, name)]
                if flags:
                    for name in flags:
                        setattr(person, name, True)
                    person.save(update_fields=[*flags, "updated_at"])
                action = "update" if changes else "unchanged"
            for email, key in row.other_emails:
                if taken.get(key) is None:
                    PersonEmail.objects.create(person=person, email=email, email_canonical=key)
            tags = [*row.tags, *options.tags]
            if tags:
                person.tags.add(*tags)
            for purpose, channel, granted in writing.opt_ins(row):
                if not ConsentState.objects.filter(
                    person=person, purpose=purpose, channel=channel
                ).exists():
                    api.record_consent(
                        person,
                        purpose=purpose,
                        channel=channel,
                        granted=granted,
                        wording=options.consent_wording,
                        where=Consent.Where.IMPORT,
                        where_detail=label,
                        site=options.site,
                        user=options.user,
                    )
                    action = "update" if action == "unchanged" else action
    except DatabaseError as error:
        return Outcome(row.line, "reject", [_("not saved: %(error)s") % {"error": error}])
    return Outcome(row.line, action, changes, person.pk)
