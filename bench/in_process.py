"""Benches that time code in this process, not requests to a server
(bench_petition_snapshot, bench_purge): Django started once on the test
settings, and the ways compared timed in alternating rounds, so a machine
busy for a moment slows each way alike."""

import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PLUGINS = ("plugins/donations", "plugins/petitions", "plugins/network")


def start_django():
    """Set Django up in this process (once: it cannot be set up twice) on
    ``rostra.settings.test``, with the core and the in-tree plugins importable.
    No database is touched."""
    for folder in (".", "site", *PLUGINS):
        path = str(REPO / folder)
        if path not in sys.path:
            sys.path.insert(0, path)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rostra.settings.test")
    import django

    django.setup()


def alternate(ways, *, rounds, repeat=1):
    """{name: seconds spent} for ``ways`` ({name: function}), each run ``repeat``
    times per round, the ways taking turns round after round."""
    seconds = dict.fromkeys(ways, 0.0)
    for _round in range(rounds):
        for name, work in ways.items():
            started = time.perf_counter()
            for _ in range(repeat):
                work()
            seconds[name] += time.perf_counter() - started
    return seconds
