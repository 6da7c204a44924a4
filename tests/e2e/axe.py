"""axe-core, installed from the npm registry by scripts/ensure-browser and
injected from that local file (nothing is fetched from a CDN)."""

import json
from pathlib import Path

AXE_FILE = Path(__file__).resolve().parents[2] / ".e2e" / "node_modules" / "axe-core" / "axe.min.js"

# What fails a test: WCAG A/AA rules and axe's best practices, at these impacts.
FAILING_IMPACTS = ("serious", "critical")
RUN_OPTIONS = {
    "runOnly": {
        "type": "tag",
        "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"],
    },
    "resultTypes": ["violations"],
}


def axe_source():
    if not AXE_FILE.is_file():
        raise RuntimeError(f"{AXE_FILE} is missing: run scripts/ensure-browser (make e2e does).")
    return AXE_FILE.read_text(encoding="utf-8")


def inject(page):
    """Load axe into the page without weakening the page's own CSP.

    Our public pages forbid inline scripts (script-src 'self'), so
    ``page.add_script_tag(path=...)``, which inserts the file's text as an
    inline <script>, is refused by the browser. Playwright's ``evaluate`` runs
    through the DevTools protocol, which CSP does not govern, so the page is
    checked exactly as a visitor gets it (no ``bypass_csp`` context needed).
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(axe_source())


def run(page, context=None, options=None):
    """axe's violations on the page (or on the part of it matched by ``context``)."""
    inject(page)
    return page.evaluate(
        "([context, options]) => axe.run(context || document, options)"
        ".then(results => results.violations)",
        [context, options or RUN_OPTIONS],
    )


def describe(violations):
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        lines.append(f"  {violation['helpUrl']}")
        for node in violation["nodes"][:8]:
            lines.append(f"    {' '.join(map(str, node['target']))}")
            lines.append(f"      {node['html'][:200]}")
            if node.get("failureSummary"):
                summary = node["failureSummary"].replace("\n", " ")
                lines.append(f"      {summary[:300]}")
        if len(violation["nodes"]) > 8:
            lines.append(f"    … and {len(violation['nodes']) - 8} more")
    return "\n".join(lines)


def assert_accessible(page, context=None, impacts=FAILING_IMPACTS):
    """Fail on any violation of the given impacts, printing rules and nodes."""
    violations = run(page, context)
    failing = [violation for violation in violations if violation["impact"] in impacts]
    assert not failing, f"axe found on {page.url}:\n{describe(failing)}"
    return violations


def to_json(violations):
    return json.dumps(violations, indent=2, ensure_ascii=False)
