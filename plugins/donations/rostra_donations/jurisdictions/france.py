"""France: loi 88-227 art. 11-4 (parties) and Code électoral L52-8 (candidates).

Caps are settings (rostra_donations.conf) with the figures from
shared/COMPLIANCE.md as defaults.
"""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rostra_donations import conf
from rostra_donations.jurisdictions.base import Attestation, Jurisdiction
from rostra_donations.models.gifts import RecipientKind


class France(Jurisdiction):
    code = "fr"
    label = _("France (political financing)")
    acknowledgement_template = "donations/acknowledgements/fr.html"
    asks_nationality = True

    def attestations(self, recipient_kind):
        if recipient_kind == RecipientKind.CANDIDATE:
            cap_text = _(
                "My gifts to all the candidates of this election together, this one "
                "included, do not exceed €4,600."
            )
        else:
            cap_text = _(
                "My gifts and membership dues to all political parties together this "
                "calendar year, this gift included, do not exceed €7,500."
            )
        return [
            Attestation(
                "own_money",
                _(
                    "I am a natural person and this gift is made from my own money, not "
                    "a company's or an association's."
                ),
            ),
            Attestation(
                "nationality",
                _("I am of French nationality or I reside in France, as I stated above."),
            ),
            Attestation("cap", cap_text),
        ]

    def eligibility_errors(self, donor, recipient_kind):
        errors = []
        if not donor.is_natural_person:
            errors.append(
                _(
                    "French law forbids gifts from companies and associations: "
                    "only a person may give."
                )
            )
        if donor.nationality != "FR" and not donor.french_resident:
            errors.append(
                _(
                    "French law only allows gifts from French nationals or from people "
                    "who reside in France."
                )
            )
        return errors

    def cap(self, recipient_kind):
        if recipient_kind == RecipientKind.CANDIDATE:
            return conf.get("DONATIONS_FR_CANDIDATE_CAP")
        return conf.get("DONATIONS_FR_PARTY_CAP")

    def period(self, recipient_kind, at, election):
        if recipient_kind == RecipientKind.CANDIDATE:
            # All candidates of the same election, on every site of the platform.
            return (
                Q(recipient_kind=RecipientKind.CANDIDATE, election=election),
                _("for this election"),
            )
        year = at.year
        # All parties, gifts and dues together, by the calendar year of payment.
        return (
            Q(recipient_kind=RecipientKind.PARTY)
            & (Q(paid_at__year=year) | Q(paid_at__isnull=True, created_at__year=year)),
            _("this calendar year"),
        )

    def instalments_in_period(self, recipient_kind, at):
        if recipient_kind == RecipientKind.CANDIDATE:
            return 1  # each later month is checked again when it is paid
        return 12 - at.month + 1
