"""rostra.tables against charset-normalizer + tablib on a French Excel CSV
(docs/people.md, "Reading the file: why our own reader").

    .venv/bin/python bench/compare_table_readers.py [rows]

Not a `make bench` module: a one-off comparison, run by hand."""

import io
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "site"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rostra.settings.test")

import django  # noqa: E402

django.setup()

import tablib  # noqa: E402
from charset_normalizer import from_bytes  # noqa: E402
from rostra import tables  # noqa: E402

LINE = "Mme;Léa;Bernard;lea{}@example.fr;0694 20 12 34;;12 rue Frébault;97300;Cayenne\r\n"
HEADER = "Civilité;Prénom;Nom;E-mail;Portable;Fixe;Adresse;Code postal;Ville\r\n"
SHORT = "Nom;Prénom\r\nÀ côté;Hélène\r\n"


def measure(name, read):
    tracemalloc.start()
    started = time.perf_counter()
    found = read()
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(f"{name}: {elapsed:.1f} s, peak {peak / 1e6:.0f} MB, {found}")


def main(rows):
    data = (HEADER + "".join(LINE.format(n) for n in range(rows))).encode("cp1252")
    print(f"{rows} rows, {len(data) / 1e6:.0f} MB, Windows-1252, semicolons")

    def ours():
        table = tables.open_table(io.BytesIO(data))
        return table.encoding, sum(1 for _row in table.rows)

    def theirs():
        encoding = from_bytes(data).best().encoding
        return encoding, len(tablib.Dataset().load(data.decode(encoding), format="csv"))

    measure("rostra.tables, streamed", ours)
    measure("charset-normalizer, then tablib", theirs)
    short = SHORT.encode("cp1252")
    guess = from_bytes(short).best().encoding
    print(f"two lines: charset-normalizer {guess} {short.decode(guess)!r}")
    print(f"two lines: rostra.tables {tables.open_table(io.BytesIO(short)).encoding}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
