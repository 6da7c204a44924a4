"""What the mailings plugin exposes to the API (rostra.osdi): the mailings
that went out from the key's site, as OSDI messages, read-only. A draft is not
a message yet (it changes until it is sent, and keeps no change date); once
sending starts, its subject and body stay as they were. A candidate's key sees
their site's mailings only, as their team does in the admin. The recipients
are counted, never named."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils.translation import gettext_lazy as _
from rostra import osdi

from rostra_mailings.models import Mailing, Recipient
from rostra_mailings.permissions import mailings_for

# OSDI's message statuses.
OSDI_STATUS = {
    Mailing.Status.SENDING: "sending",
    Mailing.Status.PAUSED: "sending",
    Mailing.Status.SENT: "sent",
    Mailing.Status.CANCELLED: "cancelled",
}


def _recipients(*statuses):
    rows = Recipient.objects.filter(mailing=OuterRef("pk"))
    if statuses:
        rows = rows.filter(status__in=statuses)
    rows = rows.order_by().values("mailing").annotate(n=Count("pk")).values("n")
    # A subquery in the select list: counted for the page's rows only.
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


class Messages(osdi.Resource):
    name = "messages"
    title = _("Messages (mailings sent)")
    created_field = "created_at"
    modified_field = "modified_at"

    def queryset(self, site, user):
        started = "started_at"
        return (
            mailings_for(user, Mailing.objects.filter(site=site, started_at__isnull=False))
            .annotate(
                modified_at=Greatest(started, Coalesce("finished_at", started)),
                targeted=_recipients(),
                sent=_recipients(Recipient.Status.SENT, Recipient.Status.BOUNCED),
                bounced=_recipients(Recipient.Status.BOUNCED),
                failed=_recipients(Recipient.Status.FAILED),
            )
            .order_by()
        )

    def represent(self, row, link):
        return {
            **self.stamp(row),
            "subject": row.subject,
            "status": OSDI_STATUS.get(row.status, row.status),
            "sent_start_date": osdi.date(row.started_at),
            "rostra:sent_end_date": osdi.date(row.finished_at),
            "rostra:purpose": row.purpose,
            "rostra:channel": row.channel,
            "total_targeted": row.targeted,
            "statistics": {"sent": row.sent, "bounced": row.bounced, "failed": row.failed},
        }


def resources():
    return [Messages()]
