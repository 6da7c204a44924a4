"""The "Signals" section of docs/plugins.md, written from the declarations in
rostra.signals (``manage.py document_signals``; a test fails when the page
and the code disagree)."""

from pathlib import Path

from rostra import signals

BEGIN = (
    "<!-- Generated from site/rostra/signals.py by `manage.py document_signals`: "
    "edit the signals' declarations, not this section. -->"
)
END = "<!-- End of the generated signals. -->"
PAGE = Path(__file__).resolve().parents[2] / "docs" / "plugins.md"


def render():
    """The section between the markers, in Markdown."""
    parts = []
    for name, signal in signals.documented().items():
        lines = [
            f"### `{name}`",
            "",
            _paragraphs(signal.__doc__),
            "",
            f"- Reaches: {signal.reaches}.",
            f"- Sender: {signal.sender_doc}.",
            "",
            "| argument | type | meaning |",
            "| --- | --- | --- |",
        ]
        for arg_name, arg in signal.payload.items():
            lines.append(f"| `{arg_name}` | `{arg.type_name}` | {_inline(arg.doc)} |")
        if signal.returns:
            lines += ["", f"Receivers return {_paragraphs(signal.returns)}"]
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def updated(text):
    """``text`` with what lies between the markers replaced by ``render()``."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"the page has no section between {BEGIN!r} and {END!r}")
    return f"{text[: start + len(BEGIN)]}\n\n{render()}\n\n{text[end:]}"


def _paragraphs(text):
    return "\n\n".join(_inline(paragraph) for paragraph in text.split("\n\n"))


def _inline(text):
    # Docstrings quote code reST-style (``x``); the page is Markdown (`x`).
    return " ".join(text.split()).replace("``", "`").replace("|", "\\|")
