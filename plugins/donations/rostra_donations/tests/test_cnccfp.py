"""The CNCCFP file has the columns shared/COMPLIANCE.md lists, in its order."""

import pytest

from rostra_donations import cnccfp
from rostra_donations.models import Donation, Refund
from rostra_donations.tests.test_giving import session_id

pytestmark = pytest.mark.django_db

# shared/COMPLIANCE.md, "Receipts": the authority's online procedure takes one
# line per payment with these, in this order.
SPEC = [
    ("record id", "id_enregistrement"),
    ("payment type", "type_paiement"),
    ("date", "date_paiement"),
    ("donor id", "id_donateur"),
    ("civility", "civilite"),
    ("first name", "prenom"),
    ("last name", "nom"),
    ("elected office if any", "mandat_electif"),
    ("tax address", "adresse_fiscale"),
    ("town", "commune"),
    ("postcode", "code_postal"),
    ("country", "pays"),
    ("currency", "devise"),
    ("amount", "montant"),
    ("bank reference", "reference_bancaire"),
]


def lines_of(tsv):
    assert tsv.endswith("\r\n")
    return [line.split("\t") for line in tsv[:-2].split("\r\n")]


def test_columns_are_the_specs_in_its_order(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give(address_line2="Bâtiment B\tescalier 2"))))
    gift = Donation.objects.get()
    header, line = lines_of(cnccfp.export(Donation.objects.all()))
    assert header == [name for _meaning, name in SPEC]
    row = dict(zip(header, line, strict=True))
    assert row["id_enregistrement"] == str(gift.pk)
    assert row["id_donateur"] == str(gift.person_id)
    assert row["civilite"] == "Mme" and row["prenom"] == "Jeanne" and row["nom"] == "Dupont"
    # A tab typed in the address cannot shift the columns.
    assert row["adresse_fiscale"] == "3 rue des Lilas, Bâtiment B escalier 2"
    assert row["commune"] == "Lyon" and row["code_postal"] == "69003" and row["pays"] == "FR"
    assert row["devise"] == "EUR" and row["montant"] == "50,00"
    assert row["reference_bancaire"] == gift.attempts.get().payment_ref != ""


def test_refunds_are_netted_and_unsettled_gifts_left_out(give, fake_stripe, deliver):
    deliver(fake_stripe.complete(session_id(give())))
    give(email="autre@example.org", first_name="Paul")  # started, never paid
    paid = Donation.objects.get(status="paid")
    attempt = paid.attempts.get()
    succeeded = Refund.State.SUCCEEDED
    Refund.objects.create(donation=paid, attempt=attempt, amount=1_250, state=succeeded)
    header, line = lines_of(cnccfp.export(Donation.objects.all()))
    assert dict(zip(header, line, strict=True))["montant"] == "37,50"
    Refund.objects.create(donation=paid, attempt=attempt, amount=3_750, state=succeeded)
    assert lines_of(cnccfp.export(Donation.objects.all())) == [header]
