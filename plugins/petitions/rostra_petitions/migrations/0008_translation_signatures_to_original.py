"""Signatures of a petition's translations move to its original page.

Since a translated petition counts as one petition (PetitionPage.counted_petition_id:
the first page of its translation_key), signing, counting and the admin read the
original page only. An installation that signed translations before that stored
signatures, count deltas, counters and territory counts against each translation:
without this migration those signatures would drop out of the count on upgrade.

For each petition with translations, in one transaction:
- the translations' unfolded deltas move to the original, and their folded
  counters and territory counts are added to the original's;
- an address (email_canonical, household_rank) that signed more than one page
  keeps one signature: the earliest confirmed (or, none confirmed, the earliest
  signed). The others are kept, not deleted: state "merged", ``merged_into``
  the kept one, their own details, language and consents untouched, their
  matching key emptied (so the one-signature-per-address rule holds on the
  original page) and, if they were counted, a -1 delta with their territory so
  the counters equal the confirmed signatures once folded;
- every signature and paper batch of the translations then moves to the
  original (confirmation links keep working: they are looked up there).
"""

from collections import defaultdict

from django.db import migrations
from django.db.models import F

VALIDATED, MERGED = "validated", "merged"
KINDS = (
    ("departement", "departement_code"),
    ("constituency", "constituency"),
    ("country", "country"),
)


def merge_translation_signatures(apps, schema_editor=None):
    PetitionPage = apps.get_model("petitions", "PetitionPage")
    pages = defaultdict(list)
    for pk, key in PetitionPage.objects.order_by("pk").values_list("pk", "translation_key"):
        pages[key].append(pk)
    for original, *translations in pages.values():
        if translations:
            _merge(apps, original, translations)


def _merge(apps, original, translations):
    Signature = apps.get_model("petitions", "Signature")
    CountDelta = apps.get_model("petitions", "CountDelta")
    PaperBatch = apps.get_model("petitions", "PaperBatch")
    CountDelta.objects.filter(petition_id__in=translations).update(petition_id=original)
    _move_counters(apps, original, translations)
    _merge_same_addresses(apps, original, translations)
    Signature.objects.filter(petition_id__in=translations).update(petition_id=original)
    PaperBatch.objects.filter(petition_id__in=translations).update(petition_id=original)


def _move_counters(apps, original, translations):
    PetitionState = apps.get_model("petitions", "PetitionState")
    TerritoryCount = apps.get_model("petitions", "TerritoryCount")
    online = paper = 0
    for state in PetitionState.objects.filter(petition_id__in=translations):
        online, paper = online + state.online_count, paper + state.paper_count
    if online or paper:
        if not PetitionState.objects.filter(petition_id=original).exists():
            PetitionState.objects.create(petition_id=original)
        PetitionState.objects.filter(petition_id=original).update(
            online_count=F("online_count") + online, paper_count=F("paper_count") + paper
        )
        PetitionState.objects.filter(petition_id__in=translations).update(
            online_count=0, paper_count=0
        )
    moved = defaultdict(int)
    rows = TerritoryCount.objects.filter(petition_id__in=translations)
    for kind, code, count in rows.values_list("kind", "code", "count"):
        moved[(kind, code)] += count
    rows.delete()
    for (kind, code), count in moved.items():
        updated = TerritoryCount.objects.filter(petition_id=original, kind=kind, code=code).update(
            count=F("count") + count
        )
        if not updated:
            TerritoryCount.objects.create(petition_id=original, kind=kind, code=code, count=count)


def _merge_same_addresses(apps, original, translations):
    Signature = apps.get_model("petitions", "Signature")
    CountDelta = apps.get_model("petitions", "CountDelta")
    fields = ["id", "petition_id", "email_canonical", "household_rank", "state"]
    fields += ["validated_at", "created_at", "source", "departement_code", "constituency"]
    fields += ["country"]
    signed = defaultdict(list)
    elsewhere = Signature.objects.filter(petition_id__in=translations).exclude(email_canonical="")
    for row in elsewhere.values(*fields):
        signed[(row["email_canonical"], row["household_rank"])].append(row)
    keys = sorted({key for key, _rank in signed})
    for start in range(0, len(keys), 500):  # the original may hold a million rows
        on_original = Signature.objects.filter(
            petition_id=original, email_canonical__in=keys[start : start + 500]
        )
        for row in on_original.values(*fields):
            key = (row["email_canonical"], row["household_rank"])
            if key in signed:
                signed[key].append(row)
    for rows in signed.values():
        if len(rows) < 2:
            continue
        kept, *others = sorted(rows, key=_earliest_confirmed)
        for row in others:
            Signature.objects.filter(pk=row["id"]).update(
                state=MERGED, merged_into_id=kept["id"], email_canonical="", petition_id=original
            )
            if row["state"] == VALIDATED:  # counted on its page: counted once now
                CountDelta.objects.create(
                    petition_id=original,
                    channel=row["source"],
                    amount=-1,
                    departement_code=row["departement_code"],
                    constituency=row["constituency"],
                    country=row["country"],
                )


def _earliest_confirmed(row):
    if row["state"] == VALIDATED:
        return (0, row["validated_at"] or row["created_at"], row["id"])
    return (1, row["created_at"], row["id"])


class Migration(migrations.Migration):
    dependencies = [("petitions", "0007_merged_signatures")]

    operations = [
        migrations.RunPython(merge_translation_signatures, migrations.RunPython.noop),
    ]
