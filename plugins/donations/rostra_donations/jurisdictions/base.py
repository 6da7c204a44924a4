"""What a jurisdiction decides: who may give, what they attest, the cap and
its period, and which acknowledgement template applies.

A jurisdiction is a small class registered under a code (see __init__.py);
the France module is the model to follow for another country.
"""

from dataclasses import dataclass

from django.db.models import Q
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Donor:
    """What the donor typed, as the rules need it."""

    nationality: str
    french_resident: bool
    country: str
    is_natural_person: bool = True


@dataclass(frozen=True)
class Attestation:
    key: str
    text: str


class Jurisdiction:
    code = "default"
    label = _("No cap (generic rules)")
    acknowledgement_template = "donations/acknowledgements/default.html"
    # Whether the donor form asks for nationality and French residence.
    asks_nationality = False

    def attestations(self, recipient_kind):
        return [
            Attestation(
                "own_money",
                _("I am a natural person and this gift is made from my own money."),
            )
        ]

    def eligibility_errors(self, donor, recipient_kind):
        """Reasons this donor may not give, in words the donor understands."""
        return []

    def cap(self, recipient_kind):
        """The cap in cents, or None for no cap."""
        return None

    def period(self, recipient_kind, at, election):
        """A Q over Donation selecting the gifts that count together, and a
        label for messages ("this calendar year")."""
        return Q(pk__in=[]), ""

    def instalments_in_period(self, recipient_kind, at):
        """How many monthly instalments, counting this one, fall in the period
        a monthly gift started at ``at`` is checked against."""
        return 1

    def cap_message(self, recipient_kind):
        return ""
