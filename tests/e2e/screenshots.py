"""Screenshots of the pages of a failed test, saved in .e2e/artifacts/."""

import contextlib
import re
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parents[2] / ".e2e" / "artifacts"


def save(name, context):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "_", name)
    for index, page in enumerate(context.pages):
        # A screenshot is a courtesy, never a second failure.
        with contextlib.suppress(Exception):
            page.screenshot(path=ARTIFACTS / f"{safe}-{index}.png", full_page=True)
