from django import template
from django.utils.translation import get_language

from rostra_organising.events.messages import when_text

register = template.Library()


@register.simple_tag
def event_when(event):
    """The event's dates and times in Paris time, in the reader's language."""
    return when_text(event, get_language())
