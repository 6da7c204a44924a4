"""The page editor: names for what Wagtail 8.0 leaves unnamed to assistive
technology (wagtail/wagtail#14205: the rich text editor's text box), so the
editor passes axe-core (tests/e2e/test_core_walk.py)."""

from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks


@hooks.register("insert_editor_js")
def editor_names():
    return format_html('<script src="{}" defer></script>', static("rostra/admin/editor-names.js"))
