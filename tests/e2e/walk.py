"""The per-role walk's screenshots (listed in README.md) and the checks each
one passes: axe-core (no serious or critical violation), no horizontal scroll
at 390 px, no text of the other language. Problems are gathered, not raised
one by one, so a run names every fault of the walk at once."""

import re
from pathlib import Path

from tests.e2e import axe as axe_module
from tests.e2e import languages

SCREENSHOTS = Path(__file__).resolve().parents[2] / ".e2e" / "screenshots"
PHONE = {"width": 390, "height": 844}


class Walk:
    def __init__(self, role, language="fr"):
        self.role = role
        self.language = language
        self.problems = []
        self.taken = []
        (SCREENSHOTS / role).mkdir(parents=True, exist_ok=True)

    def shoot(self, page, name):
        """Screenshot the page as it is (desktop), then at phone width, checking both."""
        page.wait_for_load_state("load")
        where = f"{self.role}/{name} ({page.url})"
        self.check_axe(page, where)
        for words in languages.other_language_words(page, self.language):
            self.problems.append(f"{where}: text of the other language: {words}")
        page.screenshot(path=SCREENSHOTS / self.role / f"{name}.png", full_page=True)

        desktop = page.viewport_size
        page.set_viewport_size(PHONE)
        try:
            page.wait_for_timeout(200)  # the layout settles (no assertion rests on it)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            if overflow > 0:
                wide = page.evaluate(WIDEST)
                self.problems.append(
                    f"{where}: scrolls sideways by {overflow} px at 390 px; widest: {wide}"
                )
            self.check_axe(page, f"{where} at 390 px")
            page.screenshot(path=SCREENSHOTS / self.role / f"{name}-390.png", full_page=True)
        finally:
            page.set_viewport_size(desktop)
        self.taken.append(name)

    def check_axe(self, page, where):
        failing = [
            violation
            for violation in axe_module.run(page)
            if violation["impact"] in axe_module.FAILING_IMPACTS
        ]
        if failing:
            self.problems.append(f"{where}: axe\n{axe_module.describe(failing)}")

    def assert_clean(self, expected):
        assert self.taken == list(expected), f"the walk took {self.taken}, README lists {expected}"
        assert not self.problems, f"{len(self.problems)} problem(s):\n" + "\n".join(self.problems)


# The elements wider than the phone's screen, deepest first (what to fix).
WIDEST = """() => {
    const limit = document.documentElement.clientWidth + 1;
    const over = (node) => node.getBoundingClientRect().right > limit;
    const name = (node) => node.tagName.toLowerCase()
        + (typeof node.className === "string" && node.className.trim()
            ? "." + node.className.trim().split(/\\s+/).join(".") : "");
    return [...document.querySelectorAll("body *")]
        .filter((node) => over(node) && ![...node.children].some(over))
        .slice(0, 5)
        .map(name);
}"""


def readme_list(role):
    """The screenshots README.md lists for a role, in order (the walk must take them)."""
    readme = (Path(__file__).resolve().parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Screenshots of the walk", 1)[1].split("\n## ", 1)[0]
    return [
        name
        for line_role, name in re.findall(r"^\| `(\w+)` \| `([\w-]+)` \|", section, flags=re.M)
        if line_role == role
    ]
