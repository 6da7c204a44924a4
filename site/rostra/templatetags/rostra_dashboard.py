from django import template

from rostra.dashboard.scope import scope_name

register = template.Library()


@register.simple_tag(takes_context=True)
def dashboard_scope(context):
    """The admin home's title: the user's sites, or the organisation's name."""
    request = context.get("request")
    return scope_name(request.user) if request is not None else ""
