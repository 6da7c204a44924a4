"""Text of the other language on a page: a small list of words that belong to
one language only (short, common ones a translation leaves behind), looked for
as whole words in what the page says. Names, addresses and the language
switcher's link (marked with its own ``lang``) are not text of the page's
language and are left out."""

import re

from tests.language_words import words_of_the_other_language

# Words no French sentence uses, and no English sentence.
ENGLISH_ONLY = (
    "the", "and", "your", "you", "with", "this", "from", "please", "yet", "gave",
    "week", "days", "before", "which", "have", "been", "will", "edit", "search",
)  # fmt: skip
FRENCH_ONLY = (
    "le", "les", "des", "et", "vous", "votre", "avec", "pour", "dans", "est",
    "une", "nous", "sur", "aucun", "mentions",
)  # fmt: skip
OTHER_LANGUAGE = {"fr": ENGLISH_ONLY, "en": FRENCH_ONLY}

# What the page says: its text without scripts, styles, icons, form values,
# and without the parts marked as another language (lang="en" on a link).
PAGE_TEXT = """(language) => {
    const copy = document.body.cloneNode(true);
    copy.querySelectorAll("script, style, noscript, template, svg, textarea, select, input")
        .forEach((node) => node.remove());
    copy.querySelectorAll("[lang]").forEach((node) => {
        if (!node.lang.toLowerCase().startsWith(language)) node.remove();
    });
    return copy.textContent;
}"""


def other_language_words(page, language="fr"):
    """The words of the other language the page says, each with a little context.
    English pages are checked against the two-language check's own list of French
    words (tests/language_words.py), which knows the demo's names."""
    text = " ".join(page.evaluate(PAGE_TEXT, language).split())
    words = OTHER_LANGUAGE[language]
    if language == "en":
        words = dict.fromkeys(words_of_the_other_language(text, "en"))
    found = []
    for word in words:
        match = re.search(rf"(?<![\w'’-]){word}(?![\w'’-])", text, flags=re.IGNORECASE)
        if match:
            found.append(f"{word!r} in “…{text[max(0, match.start() - 30) : match.end() + 30]}…”")
        elif language == "en":  # found after an elision ("l'adresse")
            found.append(repr(word))
    return found
