"""A mailing's figures: copies sent, delivered, bounced, failed, and what
recipients did after it (unsubscribed from its purpose, complained), clicks
per link, and all of these per département; drawn on the server as bars (no
script, nothing fetched)."""

from django.db.models import Count, Q
from django.utils.translation import gettext as _
from rostra.people.models import Consent
from rostra.people.territories import departement_name

from rostra_mailings import clicks
from rostra_mailings.models import LinkClick, Recipient, Undeliverable


def figures(mailing):
    statuses = dict(mailing.recipients.values_list("status").annotate(n=Count("pk")).order_by())
    unsubscribed = complained = 0
    if mailing.started_at is not None:
        unsubscribed = _unsubscribed(mailing).values("person_id").distinct().count()
        complained = _complained(mailing).count()
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


def by_territory(mailing):
    """The figures per département of the recipients (their code, "" for none):
    [{"code", "name", "sent", "delivered", "bounced", "unsubscribed",
    "complained", "clicks", "width"}], most copies sent first; ``width``: the
    bar of copies sent, in percent of the largest."""
    department = "person__departement_code"
    rows = {}

    def add(key, counts):
        for code, value in counts:
            rows.setdefault(code or "", {})[key] = value

    statuses = mailing.recipients.values(department).order_by()
    sent = [Recipient.Status.SENT, Recipient.Status.BOUNCED]
    add(
        "sent",
        statuses.annotate(n=Count("pk", filter=Q(status__in=sent))).values_list(department, "n"),
    )
    for key, status in (
        ("delivered", Recipient.Status.SENT),
        ("bounced", Recipient.Status.BOUNCED),
    ):
        counts = statuses.annotate(n=Count("pk", filter=Q(status=status)))
        add(key, counts.values_list(department, "n"))
    if mailing.started_at is not None:
        add("unsubscribed", _per_department(_unsubscribed(mailing)))
        add("complained", _per_department(_complained(mailing)))
    clicks = LinkClick.objects.filter(mailing=mailing).values("territory").order_by()
    add("clicks", clicks.annotate(n=Count("pk")).values_list("territory", "n"))
    keys = ("sent", "delivered", "bounced", "unsubscribed", "complained", "clicks")
    table = [
        {
            "code": code,
            "name": departement_name(code) if code else _("Unknown"),
            **dict.fromkeys(keys, 0),
            **values,
        }
        for code, values in rows.items()
    ]
    table.sort(key=lambda row: (-row["sent"], row["code"]))
    top = max((row["sent"] for row in table), default=0) or 1
    for row in table:
        row["width"] = round(100 * row["sent"] / top, 1)
    return table


def _unsubscribed(mailing):
    return Consent.objects.filter(
        person_id__in=mailing.recipients.values("person_id"),
        purpose=mailing.purpose,
        channel="email",
        granted=False,
        where=Consent.Where.UNSUBSCRIBE,
        recorded_at__gte=mailing.started_at,
    ).exclude(where_detail__startswith="complaint")


def _complained(mailing):
    return Undeliverable.objects.filter(
        person_id__in=mailing.recipients.values("person_id"),
        reason=Undeliverable.Reason.COMPLAINT,
        recorded_at__gte=mailing.started_at,
    )


def _per_department(queryset):
    """[(département code, people)] of a queryset of rows about people."""
    return (
        queryset.values("person__departement_code")
        .order_by()
        .annotate(n=Count("person_id", distinct=True))
        .values_list("person__departement_code", "n")
    )


def bars(rows):
    """Each row with the width of its bar, in percent of the largest."""
    rows = [row if len(row) == 3 else (row[0], row[0], row[1]) for row in rows]
    top = max((value for _key, _label, value in rows), default=0) or 1
    return [
        {"key": key, "label": label, "value": value, "width": round(100 * value / top, 1)}
        for key, label, value in rows
    ]
