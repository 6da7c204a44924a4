"""Provisioning many candidate sites from a CSV file (command and admin).

Columns: name, slug, hostname, email, constituency, communes (INSEE codes
separated by spaces). Each site is all or nothing; a bad row is reported with
its line number and the others go on, so a rerun creates only what is missing.
"""

from django.utils.translation import gettext as _
from rostra import tables

from rostra_network import provisioning
from rostra_network.models import CandidateSite
from rostra_network.territory import full_hostname, parse_communes

COLUMNS = ("name", "slug", "hostname", "email", "constituency", "communes")


class BadFile(Exception):
    pass


def read_orders(content):
    """[(line number, Order)] from a CSV file (rostra.tables: comma or semicolon
    separated, UTF-8 or Windows-1252)."""
    table = tables.read_bytes(content)
    fields = [name.strip().lower() for name in table.header]
    missing = [name for name in ("name", "slug", "hostname", "email") if name not in fields]
    if missing:
        raise BadFile(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
    orders = []
    for line, cells, _problem in table.rows:
        row = {key: value.strip() for key, value in zip(fields, cells, strict=False) if key}
        orders.append(
            (
                line,
                provisioning.Order(
                    name=row.get("name", ""),
                    slug=row.get("slug", "").lower(),
                    hostname=full_hostname(row.get("hostname", "")),
                    email=row.get("email", ""),
                    constituency=row.get("constituency", ""),
                    communes=parse_communes(row.get("communes", "")),
                    departements=parse_communes(row.get("departements", "")),
                ),
            )
        )
    return orders


def run(orders, *, progress=None, invite=True, reported=(), record=None):
    """Provision each order; returns [{line, slug, status, message}]. Orders
    whose slug already has a site are skipped (reruns are harmless).

    ``reported``: the rows an earlier run of the same batch reported before it
    stopped: kept as they were, their orders not run again. ``record(report)``
    is called with the rows so far after each order (to save them)."""
    report = list(reported)
    done_lines = {row["line"] for row in report}
    existing = set(CandidateSite.objects.values_list("slug", flat=True))
    for index, (line, order) in enumerate(orders, start=1):
        if line in done_lines:
            pass
        elif order.slug in existing:
            report.append(_row(line, order, "skipped", _("Already provisioned.")))
        else:
            try:
                provisioning.provision(order, invite=invite)
            except provisioning.ProvisioningError as error:
                report.append(_row(line, order, "failed", str(error)))
            else:
                existing.add(order.slug)
                report.append(_row(line, order, "created", ""))
            if record is not None:
                record(report)
        if progress is not None:
            progress(index, len(orders))
    return report


def _row(line, order, status, message):
    return {"line": line, "slug": order.slug, "status": status, "message": message}
