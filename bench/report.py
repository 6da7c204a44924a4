"""How a bench module reports its figures to bench/run.py (and to the reader)."""

import json
import os


def figure(name, value, unit, *, goal=None, higher_is_better=True, command=""):
    """Print one figure and hand it to bench/run.py's summary.

    ``goal``: the figure the issue asks for (≥ goal when higher is better,
    ≤ goal otherwise); ``command``: what produced it, for docs/PERFORMANCE.md.
    """
    met = None
    if goal is not None:
        met = value >= goal if higher_is_better else value <= goal
    sign = "≥" if higher_is_better else "≤"
    verdict = (
        "" if goal is None else f"  (goal {sign} {goal:g} {unit}: {'met' if met else 'NOT met'})"
    )
    print(f"RESULT {name}: {value:.2f} {unit}{verdict}", flush=True)
    if command:
        print(f"       command: {command}", flush=True)
    path = os.environ.get("BENCH_RESULTS")
    if path:
        with open(path, "a", encoding="utf-8") as results:
            results.write(
                json.dumps(
                    {
                        "name": name,
                        "value": value,
                        "unit": unit,
                        "goal": goal,
                        "higher_is_better": higher_is_better,
                        "met": met,
                    }
                )
                + "\n"
            )


def ratio(name, value, *, goal=None, command=""):
    """A ratio measured side by side against a baseline (× the baseline)."""
    figure(name, value, "×", goal=goal, command=command)
