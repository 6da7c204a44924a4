"""The petitions plugin's rows about a person, for the core's merge, data
export and erasure (rostra.personal_data)."""

from django.utils.translation import gettext_lazy as _
from rostra.personal_data import Erased, PersonRecords


class SignatureRecords(PersonRecords):
    model = "petitions.Signature"
    title = _("Petition signatures")

    def rows(self, person):
        # A signature not yet tied to the record is still theirs by its address.
        signatures = super().rows(person)
        if person.email_canonical:
            signatures = signatures | self.model_class.objects.filter(
                email_canonical=person.email_canonical
            )
        # A second signature of theirs merged into one of these (migration 0008)
        # no longer carries the matching key.
        merged = self.model_class.objects.filter(merged_into__in=signatures)
        return (signatures | merged).distinct()

    def export(self, person):
        signatures = self.rows(person).filter(anonymised_at__isnull=True)
        return [
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
                "confirmed_at": signature.validated_at.isoformat()
                if signature.validated_at
                else "",
                "consent_choices": signature.consents,
            }
            for signature in signatures.select_related("petition").order_by("created_at")
        ]

    def erase(self, person, *, actor=None):
        """Confirmed signatures stay counted: the petition's published figure
        does not change, the name behind it is gone."""
        from rostra_petitions import retention

        count = retention.anonymise(self.model_class.objects.filter(pk__in=self.rows(person)))
        return Erased(f"petitions: {count} signature(s) anonymised (still counted)")
