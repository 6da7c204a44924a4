"""The permissive default: no cap, no nationality rule, one attestation."""

from rostra_donations.jurisdictions.base import Jurisdiction


class Permissive(Jurisdiction):
    code = "default"
