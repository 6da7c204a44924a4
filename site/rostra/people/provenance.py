"""Where a person's data came from, in words: every email says it (GDPR art. 14)."""

from django.utils import formats
from django.utils.translation import gettext as _

from rostra.people.models import SourceKind
from rostra.sitesettings.names import site_name


def describe(person):
    """One sentence in the active language, e.g. for an email footer."""
    when = formats.date_format(person.created_at, "DATE_FORMAT")
    detail = person.source_detail
    site = site_name(person.source_site) if person.source_site_id else ""
    kind = person.source_kind
    if kind == SourceKind.IMPORT:
        text = _("Your details were imported on %(date)s from “%(detail)s”.")
    elif kind == SourceKind.PAPER:
        text = _("You gave us your details on a paper form (%(date)s).")
    elif kind == SourceKind.ADMIN:
        text = _("Our team entered your details on %(date)s.")
    elif kind == SourceKind.REFCODE:
        text = _("You signed up on %(date)s through a campaign link (%(detail)s).")
    elif kind == SourceKind.EMAIL:
        text = _("You signed up on %(date)s through a link in an email.")
    elif site:
        text = _("You signed up on %(date)s on %(site)s.")
    else:
        text = _("You signed up on our website on %(date)s.")
    return text % {"date": when, "detail": detail, "site": site}
