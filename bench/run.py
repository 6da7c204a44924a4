"""`make bench`: run every bench module (bench/bench_*.py), or the ones named
(`make bench BENCH_ARGS="pages"`), each in its own process, and print their
figures and ratios together at the end."""

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
REPO = BENCH.parent


def modules(names):
    available = sorted(path.stem for path in BENCH.glob("bench_*.py"))
    if not names:
        return available
    chosen = []
    for name in names:
        module = name if name.startswith("bench_") else f"bench_{name}"
        module = module.removesuffix(".py")
        if module not in available:
            sys.exit(f"No bench module {module}; available: {', '.join(available)}")
        chosen.append(module)
    return chosen


def main(argv):
    results, failed = [], []
    for module in modules(argv):
        print(f"\n=== {module}", flush=True)
        started = time.monotonic()
        with tempfile.NamedTemporaryFile("r", suffix=".jsonl") as output:
            env = {**os.environ, "BENCH_RESULTS": output.name}
            code = subprocess.call([sys.executable, "-m", f"bench.{module}"], cwd=REPO, env=env)
            results += [(module, json.loads(line)) for line in output.read().splitlines()]
        print(
            f"=== {module}: {'ok' if code == 0 else f'FAILED ({code})'} "
            f"in {time.monotonic() - started:.0f} s",
            flush=True,
        )
        if code:
            failed.append(module)

    print("\n=== Summary")
    for module, result in results:
        goal = ""
        if result["goal"] is not None:
            sign = "≥" if result["higher_is_better"] else "≤"
            goal = f"goal {sign} {result['goal']:g}: {'met' if result['met'] else 'NOT met'}"
        print(
            f"{module:<22} {result['name']:<48} {result['value']:>10.2f} {result['unit']:<6} {goal}"
        )
    if failed:
        print(f"\nFailed: {', '.join(failed)}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
