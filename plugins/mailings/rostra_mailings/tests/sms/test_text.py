"""SMS texts: the 160/70 part count (GSM 7-bit or UCS-2, 153/67 per part when
concatenated) computed on the server and by the editor's counter alike, and
the texts and sender names refused (control characters, over-long texts),
with their reasons in English and French."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from rostra_mailings.sms import segments, text

COUNTER = Path(text.__file__).resolve().parents[1] / "static/mailings/sms/count.js"


@pytest.mark.parametrize(
    ("message", "encoding", "units", "parts"),
    [
        ("", "gsm", 0, 0),
        ("a" * 160, "gsm", 160, 1),
        ("a" * 161, "gsm", 161, 2),
        ("a" * 306, "gsm", 306, 2),
        ("a" * 307, "gsm", 307, 3),
        ("€" * 80, "gsm", 160, 1),  # the extension table counts two
        ("€" * 81, "gsm", 162, 2),
        ("a" * 152 + "€" + "a" * 10, "gsm", 164, 2),
        ("a" * 152 + "€" + "a" * 152, "gsm", 306, 3),  # € is not cut: part 2 starts with it
        ("Réunion à Nîmes", "ucs2", 15, 1),  # î is not GSM
        ("ç" * 70, "ucs2", 70, 1),
        ("ç" * 71, "ucs2", 71, 2),
        ("ç" * 134, "ucs2", 134, 2),
        ("ç" * 135, "ucs2", 135, 3),
        ("a" * 66 + "😀", "ucs2", 68, 1),
        ("a" * 66 + "😀" + "a" * 3, "ucs2", 71, 2),  # the pair moves to part 2 whole
    ],
)
def test_the_part_count(message, encoding, units, parts):
    found = segments.count(message)
    assert (found.encoding, found.units, found.parts) == (encoding, units, parts)


def test_what_made_a_text_unicode_is_named():
    found = segments.count("Rendez-vous à l’hôtel de ville")
    assert found.unicode_chars == ("’", "ô")
    assert found.per_part == 70


def test_personal_fields_count_at_their_room():
    assert text.counted("{{ first_name }}").units == text.FIELD_ROOM
    long_fallback = '{{ first_name|default:"' + "b" * 30 + '" }}'
    assert text.counted(long_fallback).units == 30


def messages_of(error):
    return [str(message) for message in error.messages]


def test_a_good_text_passes():
    text.validate_text('Bonjour {{ first_name|default:"à vous" }}, meeting samedi. STOP 36111')


@pytest.mark.parametrize(
    ("bad", "english", "french"),
    [
        ("Hello\r\nSTOP", "invisible control characters (U+000D)", "caractères de contrôle"),
        ("Hello\u202e STOP", "U+202E", "caractères de contrôle"),
        ("Hello\x00 STOP", "U+0000", "caractères de contrôle"),
        ("a" * 919 + " STOP", "takes 7 SMS; at most 6 are allowed", "7 SMS"),
        ("Hello {{ password }} STOP", "Unknown personal field: password", "password"),
        ("Hello", "must contain the word STOP", "STOP"),
    ],
)
def test_bad_texts_are_refused_in_both_languages(bad, english, french):
    for language, expected in (("en", english), ("fr", french)):
        with translation.override(language):
            with pytest.raises(ValidationError) as error:
                text.validate_text(bad)
            found = messages_of(error.value)
        assert any(expected in message for message in found), (language, found)


def test_over_long_counts_unicode_at_seventy():
    text.validate_text("ç" * 395 + " STOP")  # 400 units: 6 parts of 67
    with pytest.raises(ValidationError):
        text.validate_text("ç" * 398 + " STOP")  # 403: 7 parts


@pytest.mark.parametrize("good", ["Rostra", "Marie2027", "36111", "+33612345678"])
def test_good_sender_names(good):
    text.validate_sender(good)


@pytest.mark.parametrize(
    "bad", ["", "Twelve chars", "MarieDupont2", "Élan", "A\r\nB", "Bcc:x", "1234567890123456"]
)
def test_bad_sender_names_are_refused_in_both_languages(bad):
    for language, expected in (("en", "1 to 11 letters"), ("fr", "1 à 11 lettres")):
        with translation.override(language):
            with pytest.raises(ValidationError) as error:
                text.validate_sender(bad)
            assert expected in messages_of(error.value)[0]


class Someone:
    def __init__(self, **fields):
        self.first_name = fields.get("first_name", "")
        self.last_name = fields.get("last_name", "")
        self.commune = fields.get("commune", "")


def test_a_copy_cannot_be_longer_or_costlier_than_counted():
    template = text.Template('Bonjour {{ first_name|default:"vous" }}, samedi 10h. STOP 36111')
    assert template.gsm
    injected = Someone(first_name="Gaëlle\r\nAppelez le 0899 ç" + "x" * 50)
    copy = template.copy(injected)
    assert "\r" not in copy and "\n" not in copy
    assert segments.count(copy).encoding == "gsm"  # ë, ç spelt e, c
    assert "Gaelle Appelez le 0" in copy
    assert segments.count(copy).units <= text.counted(template_text()).units
    assert text.Template("Salut {{ first_name }} STOP").copy(Someone()) == "Salut  STOP"


def template_text():
    return 'Bonjour {{ first_name|default:"vous" }}, samedi 10h. STOP 36111'


def test_a_unicode_text_keeps_accents_in_names():
    template = text.Template("Réunion à l’école, {{ first_name }} ! STOP")
    assert not template.gsm
    assert "Gaëlle" in template.copy(Someone(first_name="Gaëlle 😀"))
    assert "😀" not in template.copy(Someone(first_name="Gaëlle 😀"))


@pytest.mark.skipif(shutil.which("node") is None, reason="needs Node.js to run the counter")
def test_the_editors_counter_gives_the_servers_figures():
    samples = [
        "",
        "a" * 160,
        "a" * 161,
        "€" * 81,
        "a" * 152 + "€" + "a" * 152,
        "Rendez-vous à l’hôtel de ville",
        "ç" * 135,
        "a" * 66 + "😀" + "a" * 3,
        'Bonjour {{ first_name|default:"vous" }} et {{ commune }}',
    ]
    script = (
        f"const c = require({json.dumps(str(COUNTER))});"
        f"const samples = {json.dumps(samples)};"
        f"console.log(JSON.stringify(samples.map(s => c.counted(s, {text.FIELD_ROOM}))));"
    )
    out = subprocess.run(
        ["node", "-e", script], capture_output=True, text=True, check=True, timeout=20
    ).stdout
    for sample, found in zip(samples, json.loads(out), strict=True):
        server = text.counted(sample)
        assert (found["encoding"], found["units"], found["parts"], found["per_part"]) == (
            server.encoding,
            server.units,
            server.parts,
            server.per_part,
        ), sample
        assert tuple(found["unicode_chars"]) == server.unicode_chars
