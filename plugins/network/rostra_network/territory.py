"""Checks of what a provisioning order names: the host name (a subdomain of the
party's domain or the candidate's own domain) and the territory."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from rostra.people import territories
from wagtail.models import Site

_LABEL = re.compile(r"^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$")


def party_domain():
    """The national site's host name: "lyon" becomes "lyon.<party domain>"."""
    site = Site.objects.filter(is_default_site=True).only("hostname").first()
    return site.hostname if site else "localhost"


def party_port():
    """The national site's port, which a new site shares: 8000 under `make run`,
    443 in production (the port its links and emails name)."""
    site = Site.objects.filter(is_default_site=True).only("port").first()
    return site.port if site else 80


def full_hostname(value):
    """A bare name is a subdomain of the party's domain; a dotted one is kept."""
    value = (value or "").strip().lower().rstrip(".")
    if value and "." not in value:
        return f"{value}.{party_domain()}"
    return value


def validate_hostname(hostname):
    labels = (hostname or "").split(".")
    if len(hostname or "") > 253 or len(labels) < 2 or not all(_LABEL.match(x) for x in labels):
        raise ValidationError(
            _("“%(host)s” is not a host name (letters, digits and hyphens, e.g. lyon.example.org).")
            % {"host": hostname}
        )


def validate_territory(constituency, communes, departements=()):
    from rostra.people.models import Constituency

    problems = []
    if not constituency and not communes and not departements:
        problems.append(_("Give a constituency, a département or at least one commune."))
    if constituency and not Constituency.objects.filter(code=constituency).exists():
        problems.append(_("No constituency has the code “%(code)s”.") % {"code": constituency})
    unknown = [code for code in communes if territories.place_of(code) is None]
    if unknown:
        problems.append(
            _("Unknown commune codes (INSEE): %(codes)s.") % {"codes": ", ".join(unknown)}
        )
    unknown = [code for code in departements if not territories.departement_name(code)]
    if unknown:
        problems.append(_("Unknown département codes: %(codes)s.") % {"codes": ", ".join(unknown)})
    if problems:
        raise ValidationError(problems)


def label(constituency, communes, departements=()):
    """The territory in words: the constituency's name (its code when the
    party has not named it), the communes' and the départements' names."""
    from rostra.people.models import Constituency

    parts = []
    if constituency:
        name = Constituency.objects.filter(code=constituency).values_list("name", flat=True)
        parts.append(name.first() or constituency)
    parts.extend(territories.commune_name(code) or code for code in communes)
    parts.extend(territories.departement_name(code) or code for code in departements)
    return ", ".join(parts)


def parse_communes(text):
    """INSEE codes separated by commas, semicolons or spaces."""
    return [code.strip().upper() for code in re.split(r"[\s,;]+", text or "") if code.strip()]
