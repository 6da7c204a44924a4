"""Answers to the core's signals: erasure and data export reach this plugin
whatever sites have switched it on."""

from rostra import signals
from rostra.people.models import Person

from rostra_petitions import retention
from rostra_petitions.models import Signature


def on_person_erased(sender, person, **kwargs):
    """Anonymise the person's signatures. Confirmed ones stay counted: the
    petition's published figure does not change, the name behind it is gone."""
    signatures = Signature.objects.filter(person=person)
    if person.email_canonical:
        signatures = signatures | Signature.objects.filter(email_canonical=person.email_canonical)
    count = retention.anonymise(signatures)
    return f"petitions: {count} signature(s) anonymised (still counted)"


def on_person_data_requested(sender, person, **kwargs):
    signatures = Signature.objects.filter(person=person, anonymised_at__isnull=True)
    if person.email_canonical:
        signatures = signatures | Signature.objects.filter(
            email_canonical=person.email_canonical, anonymised_at__isnull=True
        )
    records = [
        {
            "petition": signature.petition.title,
            "url": signature.petition.get_full_url(),
            "state": signature.get_state_display(),
            "source": signature.get_source_display(),
            "first_name": signature.first_name,
            "last_name": signature.last_name,
            "email": signature.email,
            "postcode": signature.postcode,
            "country": signature.country,
            "phone": signature.phone,
            "signed_at": signature.created_at.isoformat(),
            "confirmed_at": signature.validated_at.isoformat() if signature.validated_at else "",
            "consent_choices": signature.consents,
        }
        for signature in signatures.select_related("petition").distinct().order_by("created_at")
    ]
    return {"Petition signatures": records}


def on_people_merged(sender, kept, merged, **kwargs):
    Signature.objects.filter(person=merged).update(person=kept)


def connect():
    signals.person_erased.connect(on_person_erased, sender=Person, dispatch_uid="petitions-erase")
    signals.person_data_requested.connect(on_person_data_requested, dispatch_uid="petitions-export")
    signals.people_merged.connect(on_people_merged, dispatch_uid="petitions-merge")
