"""Whatever colours a webmaster picks, text on them and text in them stays readable."""

import pytest

from rostra.sitesettings.colours import (
    AA_TEXT,
    LIGHTEST_SURFACE_REFERENCE,
    contrast_ratio,
    readable_text_colour,
    text_safe,
)
from rostra.sitesettings.models import BrandSettings

COLOURS = ["#1d3b8b", "#c8102e", "#ffe14d", "#00a86b", "#ff7f00", "#7fdbff", "#ffffff", "#000000"]


def test_contrast_ratio_matches_wcag_reference_values():
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize("colour", COLOURS)
def test_text_on_a_brand_colour_is_black_or_white_whichever_reads_better(colour):
    text = readable_text_colour(colour)
    other = "#000000" if text == "#ffffff" else "#ffffff"
    assert contrast_ratio(text, colour) >= contrast_ratio(other, colour)
    # The better of black and white always reaches 4.58:1 (the square root of 21).
    assert contrast_ratio(text, colour) >= AA_TEXT


@pytest.mark.parametrize("colour", COLOURS)
def test_a_brand_colour_used_as_text_is_darkened_only_when_needed(colour):
    safe = text_safe(colour)
    assert contrast_ratio(safe, LIGHTEST_SURFACE_REFERENCE) >= AA_TEXT
    assert contrast_ratio(safe, "#ffffff") >= AA_TEXT
    if contrast_ratio(colour, LIGHTEST_SURFACE_REFERENCE) >= AA_TEXT:
        assert safe == colour  # a dark enough colour is kept as chosen


def test_darkening_keeps_the_hue():
    safe = text_safe("#ffe14d")  # a yellow becomes an olive, not a grey
    red, green, blue = (int(safe[index : index + 2], 16) for index in (1, 3, 5))
    assert red > blue and green > blue


@pytest.mark.django_db
def test_brand_stylesheet_carries_readable_text_colours(client, national_site):
    BrandSettings.objects.create(
        site=national_site, primary_colour="#ffe14d", accent_colour="#1d3b8b"
    )
    css = client.get("/_brand.css").content.decode()
    assert f"--brand-primary-text: {text_safe('#ffe14d')};" in css
    assert "--brand-accent-text: #1d3b8b;" in css
