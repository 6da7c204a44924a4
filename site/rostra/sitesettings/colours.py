"""Readable colours from the two brand colours a webmaster picks (WCAG 2 maths).

Whatever colours are chosen, text stays readable: text *on* a brand colour is
black or white, whichever contrasts more, and a brand colour used *as* text
(links, headings on light backgrounds) is darkened until it reaches the AA
ratio for body text.
"""

AA_TEXT = 4.5
# The darkest light surface a theme may put brand-coloured text on (its
# --surface-alt must be at least this light).
LIGHTEST_SURFACE_REFERENCE = "#e9ecef"


def _channels(hex_colour):
    return [int(hex_colour[index : index + 2], 16) / 255 for index in (1, 3, 5)]


def relative_luminance(hex_colour):
    linear = [
        value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4
        for value in _channels(hex_colour)
    ]
    red, green, blue = linear
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first, second):
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_colour(background):
    """Black or white, whichever contrasts more with the background."""
    if contrast_ratio(background, "#ffffff") >= contrast_ratio(background, "#000000"):
        return "#ffffff"
    return "#000000"


def text_safe(colour, background=LIGHTEST_SURFACE_REFERENCE, ratio=AA_TEXT):
    """The colour itself if it is readable as text on light backgrounds, else the
    same hue darkened (mixed with black) just enough to be."""
    red, green, blue = _channels(colour)
    for step in range(0, 101, 2):
        keep = 1 - step / 100
        candidate = "#{:02x}{:02x}{:02x}".format(
            *(round(value * keep * 255) for value in (red, green, blue))
        )
        if contrast_ratio(candidate, background) >= ratio:
            return candidate
    return "#000000"
