"""Gifts noted on the timeline before it was translated for each reader kept
"Gave 20.00 EUR" as a fixed English text: they get the message and amounts
that are translated when shown (rostra_donations.status.GAVE)."""

import re

from django.db import migrations

GAVE = "Gave %(amount)s %(currency)s"
_STORED = re.compile(r"^Gave (\d+\.\d{2}) ([A-Z]{3})$")


def translate_old_gifts(apps, schema_editor):
    TimelineEntry = apps.get_model("people", "TimelineEntry")
    changed = []
    for entry in TimelineEntry.objects.filter(kind="gift", message="").iterator():
        found = _STORED.match(entry.summary)
        if found:
            entry.message = GAVE
            entry.params = {"amount": found.group(1), "currency": found.group(2)}
            changed.append(entry)
    TimelineEntry.objects.bulk_update(changed, ["message", "params"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("donations", "0004_candidate_blueprint"),
        ("people", "0009_importjob_merged"),
    ]

    operations = [migrations.RunPython(translate_old_gifts, migrations.RunPython.noop)]
