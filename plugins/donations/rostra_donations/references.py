"""Which rows a provider's reference names, and in which site.

A provider outcome names objects by their references (a checkout session, a
payment, a subscription…). The ledger acts only on rows of the site whose
webhook secret verified the event: a reference found in another site's rows
and not in this site's is refused; one found nowhere yet is kept for later
(see kept.py).
"""

from rostra_donations.models import Dispute, PaymentAttempt, RecurringGift, Refund

# kind of reference → (model, field holding it, path from the row to its site)
REFS = {
    "session": (PaymentAttempt, "session_ref", "donation__site"),
    "payment": (PaymentAttempt, "payment_ref", "donation__site"),
    "charge": (PaymentAttempt, "charge_ref", "donation__site"),
    "invoice": (PaymentAttempt, "invoice_ref", "donation__site"),
    "subscription": (RecurringGift, "subscription_ref", "site"),
    "refund": (Refund, "provider_ref", "donation__site"),
    "dispute": (Dispute, "provider_ref", "attempt__donation__site"),
}
# field of a provider outcome → the kind of reference it holds
FIELDS = {
    "session_ref": "session",
    "payment_ref": "payment",
    "charge_ref": "charge",
    "invoice_ref": "invoice",
    "subscription_ref": "subscription",
    "refund_ref": "refund",
    "dispute_ref": "dispute",
}


def key(kind, value):
    """What a kept outcome waits for: "payment:pi_…"."""
    return f"{kind}:{value}"


def _sites_of(kind, value):
    model, field, site_path = REFS[kind]
    return set(model.objects.filter(**{field: value}).values_list(site_path, flat=True)[:10])


def known(site_id, waiting_for):
    """Whether the object a kept outcome waits for is now in this site."""
    kind, _sep, value = waiting_for.partition(":")
    return kind in REFS and site_id in _sites_of(kind, value)


def named(outcome):
    """Every (kind, reference) the outcome names."""
    return [
        (kind, getattr(outcome, field))
        for field, kind in FIELDS.items()
        if getattr(outcome, field, "")
    ]


def elsewhere(outcome, site):
    """The first reference of the outcome that names another site's row and none
    of this site's ("payment pi_…"), or "" when every one is this site's or new."""
    for kind, value in named(outcome):
        sites = _sites_of(kind, value)
        if sites and site.pk not in sites:
            return f"{kind} {value}"
    return ""
