"""{% field "name" %}…{% endfield %}: a gift's own detail on an acknowledgement.

An acknowledgement template is one document: fixed text (the same for every
gift of a site, language and jurisdiction) around fields that differ per gift.
Each field is drawn in a box of fixed size (class ``slot--<name>`` in
acknowledgement.css), so that the fixed text lays out the same whatever the
gift. rostra_donations.pdf lays out the fixed text once with the boxes empty
and lays out the fields on their own, in boxes at the same places; when the
context holds no collector the template renders whole, fields in place.
"""

import re

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# A quoted name that is also a CSS class and id part: "donor", "paid_on".
NAME = re.compile(r"""(["'])[a-z][a-z0-9_]*\1""")

# Context key of the dict that collects each field's markup, by name.
COLLECTOR = "acknowledgement_fields"


def slot(name, content=""):
    """The box of a field, with its content when rendered whole."""
    return format_html('<div class="slot slot--{}" id="slot-{}">{}</div>', name, name, content)


class FieldNode(template.Node):
    def __init__(self, name, nodelist):
        self.name = name
        self.nodelist = nodelist

    def render(self, context):
        content = mark_safe(self.nodelist.render(context).strip())  # noqa: S308 - rendered template
        collector = context.get(COLLECTOR)
        if collector is None:
            return slot(self.name, content)
        collector[self.name] = content
        return slot(self.name)


@register.tag("field")
def do_field(parser, token):
    bits = token.split_contents()
    if len(bits) != 2 or not NAME.fullmatch(bits[1]):
        raise template.TemplateSyntaxError('Usage: {% field "name" %}…{% endfield %}')
    nodelist = parser.parse(("endfield",))
    parser.delete_first_token()
    return FieldNode(bits[1][1:-1], nodelist)
