"""The worker's log keeps WeasyPrint's real warnings and says its font
subsetting notice once, not at every acknowledgement."""

import logging

NOTICE = (
    'Using fontTools instead of HarfBuzz-Subset for font "Ack Sans". This will be unsupported '
    "in future versions of WeasyPrint. Please install HarfBuzz-Subset >= 4.1.0 with your "
    "package manager."
)


def test_the_font_subsetting_notice_is_logged_once_and_real_warnings_always(caplog):
    weasyprint = logging.getLogger("weasyprint")
    with caplog.at_level(logging.WARNING):
        for _ in range(12):  # a year-end batch of acknowledgements
            weasyprint.warning(NOTICE)
            weasyprint.warning("Ignored `colour: red` at 3:1, unknown property.")
    messages = [record.getMessage() for record in caplog.records]
    assert messages.count(NOTICE) <= 1
    assert messages.count("Ignored `colour: red` at 3:1, unknown property.") == 12


def test_fonttools_subsetting_chatter_stays_out_of_the_log(caplog):
    with caplog.at_level(logging.WARNING):
        logging.getLogger("fontTools.subset").warning("Dropped 'GSUB' subtable 3")
    assert not caplog.records
