"""One message that came back to the return path, whatever brought it (the
mail server's pipe, the IMAP mailbox): its reports are read, the copy found
by its token, and each report recorded (rostra_mailings.bounces.record).

A message without a valid token changes nothing: a token cannot be forged
(rostra_mailings.bounces.verp), so nobody can make another person's address
bounce or withdraw another person's consent by writing to us."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from rostra_mailings.bounces import record, reports, verp


@dataclass(frozen=True)
class Outcome:
    recorded: list  # [kind] recorded
    reason: str = ""  # why nothing was, when nothing was


def receive(raw, *, envelope="", where="bounce"):
    """Read and record one message (bytes). ``envelope``: the address it was
    delivered to, when the mail server says so (Postfix's ``${recipient}``)."""
    message = reports.parse(raw)
    found = reports.read(message)
    if not found:
        return Outcome([], _("neither a delivery report nor an abuse report"))
    copy = verp.copy_for(reports.token_places(message, envelope))
    if copy is None:
        return Outcome([], _("no valid token: it names none of our messages"))
    for report in found:
        detail = f"{report.status} {report.detail}"
        record.apply(copy, report.kind, address=report.address, detail=detail, where=where)
    return Outcome([report.kind for report in found])
