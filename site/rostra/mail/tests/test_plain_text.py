"""Plain-text emails show names as people typed them: a subject or a text body
is no HTML, so nothing in it is HTML-escaped ("O'Neil", not "O&#x27;Neil").
Every mail template of the core and of the installed plugins is rendered."""

import re
from pathlib import Path

import pytest
from django.template.utils import get_app_template_dirs

from rostra.mail.sending import render_message

NAME = 'Zoé O\'Neil & <Fils> "Dupont"'
ENTITIES = ("&#x27;", "&#39;", "&amp;", "&lt;", "&gt;", "&quot;")
# Variables named in a template: {{ name }}, {{ name.attr }}, with x=name|filter.
_VARIABLE = re.compile(r"\{\{\s*(\w+)|\bwith\s+\w+=(\w+)")


def mail_templates():
    """{template name: folder} of every email (a folder with subject.txt)."""
    found = {}
    for directory in get_app_template_dirs("templates"):
        root = Path(directory) / "mail"
        for subject in root.glob("**/subject.txt"):
            found.setdefault(subject.parent.relative_to(root).as_posix(), subject.parent)
    return found


_COUNTED = re.compile(r"blocktranslate count (\w+)=")


def variables(folder):
    text = "".join(path.read_text() for path in folder.glob("*.txt"))
    return {a or b for a, b in _VARIABLE.findall(text)}


def test_the_core_and_every_plugin_have_mail_templates():
    names = set(mail_templates())
    assert {"people_data_link", "petitions/confirm", "donations/acknowledgement"} <= names


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize("template", sorted(mail_templates()))
def test_text_parts_show_names_unescaped(template, language, settings):
    settings.WAGTAIL_SITE_NAME = NAME  # the signature of a message with no site
    folder = mail_templates()[template]
    context = dict.fromkeys(variables(folder), NAME)
    # A plural's count must be a number ({% blocktranslate count days=days %}).
    for path in folder.glob("*.txt"):
        context.update(dict.fromkeys(_COUNTED.findall(path.read_text()), 2))
    message = render_message(template, to="zoe@example.org", context=context, language=language)
    for part in (message.subject, message.body):
        assert not [entity for entity in ENTITIES if entity in part], part
    # Each body names someone or something the sender typed.
    assert NAME in message.body
