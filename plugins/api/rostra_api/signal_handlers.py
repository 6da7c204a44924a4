"""The core's signals, as webhook events (rostra_api.webhooks). Payloads are
OSDI-shaped: a person as the API serves them (masked as for the subscription's
maker), other rows with their identifiers and links."""

from django.core.cache import cache
from rostra import osdi, signals

from rostra_api import people, webhooks
from rostra_api.models import WebhookSubscription


def _base(site):
    return f"{site.root_url}/api/osdi/v1/"


def _maker(site):
    """Whom a site's payloads are written for: one payload per event, masked
    if any maker of the site's subscriptions sees masked fields (a candidate's
    site), plain for national staff."""
    from django.contrib.auth import get_user_model

    makers = WebhookSubscription.objects.filter(site=site, active=True).values_list(
        "created_by", flat=True
    )
    return get_user_model().objects.filter(pk__in=list(makers)).first()


def _person_event(kind, site, person):
    if site is None or not _wanted(site, kind):
        return
    webhooks.record(site, kind, people.of_person(person, _maker(site), _base(site)))


def _cache_key(site_id):
    return f"api:webhooks:kinds:{site_id}"


def _wanted(site, kind):
    """Whether an active subscription of the site hears ``kind``: read from the
    shared cache, so that a signal of a site without webhooks (nearly every
    one) costs no query; saving or deleting a subscription clears it."""
    kinds = cache.get(_cache_key(site.pk))
    if kinds is None:
        kinds = sorted(
            {
                event
                for events in WebhookSubscription.objects.filter(
                    site=site, active=True
                ).values_list("events", flat=True)
                for event in events
            }
        )
        cache.set(_cache_key(site.pk), kinds, 3600)
    return kind in kinds


def forget(sender, instance, **kwargs):
    cache.delete(_cache_key(instance.site_id))


def person_created(sender, person, site, **kwargs):
    _person_event("person.created", site, person)


def person_updated(sender, person, site, **kwargs):
    _person_event("person.updated", site, person)


def consent_changed(sender, person, site, consent, **kwargs):
    if site is None:
        return
    payload = {
        "identifiers": [f"rostra:consent:{consent.pk}"],
        "purpose": consent.purpose,
        "channel": consent.channel,
        "granted": consent.granted,
        "wording": consent.wording,
        "created_date": osdi.date(consent.recorded_at),
        "_links": {"osdi:person": {"href": f"{_base(site)}people/{person.pk}"}},
    }
    if _wanted(site, "consent.changed"):
        webhooks.record(site, "consent.changed", payload)
    if consent.where == "unsubscribe" and not consent.granted and _wanted(site, "unsubscribe"):
        webhooks.record(site, "unsubscribe", payload)


def signature_confirmed(sender, signature, site, **kwargs):
    if site is None or not _wanted(site, "signature.confirmed"):
        return
    base = _base(site)
    links = {"osdi:petition": {"href": f"{base}petitions/{signature.petition_id}"}}
    if signature.person_id:
        links["osdi:person"] = {"href": f"{base}people/{signature.person_id}"}
    webhooks.record(
        site,
        "signature.confirmed",
        {
            "identifiers": [f"rostra:{signature.pk}"],
            "created_date": osdi.date(signature.created_at),
            "modified_date": osdi.date(signature.validated_at),
            "_links": links,
        },
    )


def _donation(kind, site, donation):
    if site is None or not _wanted(site, kind):
        return
    base = _base(site)
    webhooks.record(
        site,
        kind,
        {
            "identifiers": [f"rostra:{donation.pk}"],
            "amount": donation.amount / 100,
            "currency": donation.currency,
            "status": donation.status,
            "action_date": osdi.date(donation.paid_at),
            "_links": {"osdi:person": {"href": f"{base}people/{donation.person_id}"}},
        },
    )


def donation_paid(sender, donation, site, **kwargs):
    _donation("donation.paid", site, donation)


def donation_refunded(sender, donation, site, refund=None, **kwargs):
    _donation("donation.refunded", site, donation)


def rsvp_changed(sender, rsvp, change, site, **kwargs):
    """An RSVP made is OSDI's ``attendance.created``: the attendance as the
    API serves it, shaped by the resource its plugin registered (rostra.osdi),
    and only if the subscriptions' maker may read it (a candidate's site: an
    RSVP of someone of their territory)."""
    if change != "rsvp" or site is None or not _wanted(site, "attendance.created"):
        return
    resource = osdi.resources(site).get("attendances")
    if resource is None:
        return
    row = resource.queryset(site, _maker(site)).filter(pk=rsvp.pk).first()
    if row is None:
        return
    from rostra_api.resources import linker, shaped

    webhooks.record(site, "attendance.created", shaped(resource, row, linker(_base(site))))


def connect():
    from django.db.models.signals import post_delete, post_save

    for signal in (post_save, post_delete):
        signal.connect(forget, sender=WebhookSubscription, dispatch_uid=f"api-forget-{signal}")
    for signal, receiver in (
        (signals.person_created, person_created),
        (signals.person_updated, person_updated),
        (signals.consent_changed, consent_changed),
        (signals.petition_confirmed, signature_confirmed),
        (signals.donation_confirmed, donation_paid),
        (signals.donation_refunded, donation_refunded),
        (signals.event_rsvp_changed, rsvp_changed),
    ):
        signal.connect(receiver, dispatch_uid=f"api-webhooks-{receiver.__name__}")
