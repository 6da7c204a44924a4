"""A mailing's figures: copies sent, delivered, bounced, failed, and what
recipients did after it (unsubscribed from its purpose, complained), clicks
per link; drawn on the server as bars (no script, nothing fetched)."""

from django.db.models import Count
from django.utils.translation import gettext as _
from rostra.people.models import Consent

from rostra_mailings import clicks
from rostra_mailings.models import Recipient, Undeliverable


def figures(mailing):
    statuses = dict(mailing.recipients.values_list("status").annotate(n=Count("pk")).order_by())
    people = mailing.recipients.values("person_id")
    since = mailing.started_at
    unsubscribed = complained = 0
    if since is not None:
        unsubscribed = (
            Consent.objects.filter(
                person_id__in=people,
                purpose=mailing.purpose,
                channel="email",
                granted=False,
                where=Consent.Where.UNSUBSCRIBE,
                recorded_at__gte=since,
            )
            .exclude(where_detail__startswith="complaint")
            .values("person_id")
            .distinct()
            .count()
        )
        complained = Undeliverable.objects.filter(
            person_id__in=people,
            reason=Undeliverable.Reason.COMPLAINT,
            recorded_at__gte=since,
        ).count()
    sent = statuses.get(Recipient.Status.SENT, 0)
    rows = [
        ("sent", _("Sent"), sent + statuses.get(Recipient.Status.BOUNCED, 0)),
        # Accepted by the mail server; a later bounce report is counted below.
        ("delivered", _("Delivered"), sent),
        ("bounced", _("Bounced"), statuses.get(Recipient.Status.BOUNCED, 0)),
        ("failed", _("Failed after retries"), statuses.get(Recipient.Status.FAILED, 0)),
        ("unsubscribed", _("Unsubscribed"), unsubscribed),
        ("complained", _("Complained"), complained),
    ]
    return {"rows": bars(rows), "links": bars(clicks.per_link(mailing))}


def bars(rows):
    """Each row with the width of its bar, in percent of the largest."""
    rows = [row if len(row) == 3 else (row[0], row[0], row[1]) for row in rows]
    top = max((value for _key, _label, value in rows), default=0) or 1
    return [
        {"key": key, "label": label, "value": value, "width": round(100 * value / top, 1)}
        for key, label, value in rows
    ]
