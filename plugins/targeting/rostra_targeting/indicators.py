"""INSEE indicators: any CSV or XLSX by commune or by IRIS with a code column;
the user picks the numeric columns that matter. INSEE writes secret or missing
values as "s", "nd" or empty: those cells are left out, not refused."""

from dataclasses import dataclass, field

from django.db import transaction
from django.utils.translation import gettext as _
from rostra import tables

from rostra_targeting.models import IndicatorColumn, IndicatorSet, IndicatorValue

_MISSING = {"", "s", "nd", "na", "n/a", "-"}


@dataclass
class IndicatorReading:
    header: list = field(default_factory=list)
    values: dict = field(default_factory=dict)  # column → {code: value}
    errors: list = field(default_factory=list)


def read(handle, code_column, columns, level):
    table = tables.open_table(handle)
    reading = IndicatorReading(header=list(table.header))
    wanted = [code_column, *columns]
    missing = [name for name in wanted if name not in table.header]
    if missing:
        reading.errors.append(
            {
                "line": 1,
                "message": _("No column %(missing)s. The file's columns: %(columns)s.")
                % {
                    "missing": ", ".join(f"“{name}”" for name in missing),
                    "columns": ", ".join(table.header),
                },
            }
        )
        return reading
    length = 5 if level == IndicatorSet.Level.COMMUNE else 9
    code_at = table.header.index(code_column)
    positions = {name: table.header.index(name) for name in columns}
    reading.values = {name: {} for name in columns}
    for line, values, _problem in table.rows:
        code = values[code_at].strip().upper() if code_at < len(values) else ""
        if len(code) != length:
            reading.errors.append(
                {
                    "line": line,
                    "message": _("%(code)r is not a %(length)s-character INSEE code")
                    % {"code": code, "length": length},
                }
            )
            continue
        for name, position in positions.items():
            text = values[position].strip() if position < len(values) else ""
            if text.lower() in _MISSING:
                continue
            try:
                reading.values[name][code] = float(text.replace(",", ".").replace(" ", ""))
            except ValueError:
                reading.errors.append(
                    {
                        "line": line,
                        "message": _("%(column)s is not a number: %(value)r")
                        % {"column": name, "value": text},
                    }
                )
    return reading


@transaction.atomic
def store(name, level, reading):
    """A new IndicatorSet with the chosen columns (or the one of that name, replaced)."""
    indicators, _created = IndicatorSet.objects.update_or_create(
        name=name, defaults={"level": level}
    )
    for column_name, values in reading.values.items():
        column, _created = IndicatorColumn.objects.get_or_create(
            indicators=indicators, name=column_name
        )
        column.values.all().delete()
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(column=column, code=code, value=value)
                for code, value in values.items()
            ],
            batch_size=5000,
        )
    return indicators
