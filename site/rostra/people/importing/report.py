"""What an import says: an outcome per line of the file, the counts, and what
the job keeps (rostra.people.importing.engine fills them)."""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

MERGED = gettext_noop("merged with line %(line)s")
REPORT_LIMIT = 5000  # outcomes kept for the screen; the counts are always complete


@dataclass(slots=True)
class Outcome:
    line: int
    action: str  # create, update, unchanged, merge, reject
    reasons: list = field(default_factory=list)  # why rejected, or what changed
    person_id: int | None = None
    notes: tuple | list = ()  # what the report says besides: merged, phone left out


@dataclass
class Summary:
    total: int = 0
    done: int = 0
    counts: dict = field(default_factory=lambda: dict.fromkeys(ACTIONS, 0))
    outcomes: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # file-level problems: nothing imported
    unknown_columns: list = field(default_factory=list)
    encoding: str = ""
    delimiter: str = ""

    def add(self, outcome):
        self.counts[outcome.action] += 1
        # Rejections and remarks are all reported, whatever the file's size.
        if len(self.outcomes) < REPORT_LIMIT or outcome.action == "reject" or outcome.notes:
            self.outcomes.append(outcome)


# "merge": a later row of the file for a person met earlier in it.
ACTIONS = ("create", "update", "unchanged", "merge", "reject")


def add_chunk(outcomes, remarked, summary, preview=False):
    """The chunk's outcomes into the summary, in file order, with what the
    report says of the remarked rows: their notes, "merged with line N" for a
    later row of a person (merged into their row here, or updating the person
    an earlier chunk wrote)."""
    if remarked:
        by_line = {row.line: row for row in remarked}
        merged = []
        for outcome in outcomes:
            row = by_line.get(outcome.line)
            if row is None:
                continue
            notes = [str(note) for note in row.notes]
            # Written: the person of the earlier row was found and updated. In a
            # preview that person may not exist yet: "create" means the same.
            joined = ("create", "update", "unchanged") if preview else ("update", "unchanged")
            if row.merged_with and outcome.action in joined:
                outcome.action = "merge"
                notes.insert(0, _(MERGED) % {"line": row.merged_with})
            outcome.notes = notes
            for line, first, row_notes in row.absorbed:
                if outcome.action == "reject":
                    merged.append(
                        Outcome(
                            line,
                            "reject",
                            [
                                _("same person as line %(line)s, which is rejected")
                                % {"line": first}
                            ],
                        )
                    )
                else:
                    notes = [_(MERGED) % {"line": first}, *(str(note) for note in row_notes)]
                    merged.append(Outcome(line, "merge", [], outcome.person_id, notes))
        outcomes = outcomes + merged
    for outcome in sorted(outcomes, key=lambda outcome: outcome.line):
        summary.add(outcome)
    summary.done += len(outcomes)


def save_job(job, summary, final=False):
    job.total_rows = summary.total
    job.rows_done = summary.done
    job.created = summary.counts["create"]
    job.updated = summary.counts["update"]
    job.unchanged = summary.counts["unchanged"]
    job.merged = summary.counts["merge"]
    job.rejected = summary.counts["reject"]
    fields = ["total_rows", "rows_done", "created", "updated", "unchanged", "merged", "rejected"]
    if final:
        job.report = outcomes_as_report(summary)
        job.finished_at = timezone.now()
        fields += ["report", "finished_at"]
    job.save(update_fields=fields)


def outcomes_as_report(summary):
    """What the job keeps: line, action, reasons, person id — no copied personal
    data (rejected rows are described, not stored)."""
    return [
        {
            "line": outcome.line,
            "action": outcome.action,
            "reasons": outcome.reasons,
            "notes": list(outcome.notes),
            "person": outcome.person_id,
        }
        for outcome in summary.outcomes
    ]
