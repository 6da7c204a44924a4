"""The CNCCFP file: one line per payment, tab-separated, for the online
receipt procedure of the national campaign-finance authority.

Columns: exactly those shared/COMPLIANCE.md lists, in its order (record id,
payment type, date, donor id, civility, first name, last name, elected office
if any, tax address, town, postcode, country, currency, amount, bank
reference). What that list leaves open, decided here and nowhere else:

- column names: the list describes the columns without naming them; the
  header line uses the French identifiers of COLUMNS;
- payment type codes (PAYMENT_TYPES), the date (DD/MM/YYYY, in the site's
  time zone, day the payment was settled) and the amount (euros with a
  decimal comma, net of refunds; a fully refunded gift has no line);
- donor id: the supporter record's id, the same for all of a person's gifts;
- bank reference: the treasurer's reference for a cheque or transfer, else
  the provider's payment reference;
- encoding UTF-8, lines ending CRLF, tabs and line breaks inside a value
  turned into spaces; a value that would start a formula in a spreadsheet
  (``= + - @``) gets a leading apostrophe (rostra.spreadsheets.neutralise);
- the list ends with "…": further columns the authority may ask for are not
  in the spec, and none is invented here. A column added to COLUMNS and rows()
  is the only change a new version of the authority's format needs.
"""

from django.utils import timezone
from rostra.spreadsheets import neutralise

from rostra_donations.models import DonationStatus

COLUMNS = [
    "id_enregistrement",
    "type_paiement",
    "date_paiement",
    "id_donateur",
    "civilite",
    "prenom",
    "nom",
    "mandat_electif",
    "adresse_fiscale",
    "commune",
    "code_postal",
    "pays",
    "devise",
    "montant",
    "reference_bancaire",
]

PAYMENT_TYPES = {
    "card": "CB",
    "sepa_debit": "PRELEVEMENT",
    "cheque": "CHEQUE",
    "transfer": "VIREMENT",
}


def _clean(value):
    # A tab or a line break inside a value would shift the columns.
    return neutralise(" ".join(str(value or "").split()))


def rows(donations):
    """Settled gifts only: a refunded gift gets no receipt."""
    for d in donations.filter(status__in=[DonationStatus.PAID, DonationStatus.DISPUTED]).order_by(
        "paid_at", "pk"
    ):
        amount = d.amount - d.refunded_amount
        if amount <= 0:
            continue
        address = ", ".join(p for p in (d.address_line1, d.address_line2) if p)
        yield [
            d.pk,
            PAYMENT_TYPES.get(d.method, "AUTRE"),
            timezone.localtime(d.paid_at).strftime("%d/%m/%Y"),
            d.person_id,
            d.civility,
            d.first_name,
            d.last_name,
            d.elected_office,
            address,
            d.town,
            d.postcode,
            d.country,
            d.currency,
            f"{amount // 100},{amount % 100:02d}",
            d.bank_reference or _provider_reference(d),
        ]


def _provider_reference(donation):
    attempt = next((a for a in donation.attempts.all() if a.state == "paid"), None)
    if attempt is None:
        return ""
    return attempt.payment_ref or attempt.invoice_ref or attempt.session_ref


def export(donations):
    lines = ["\t".join(COLUMNS)]
    for row in rows(donations.prefetch_related("attempts", "refunds")):
        lines.append("\t".join(_clean(value) for value in row))
    return "\r\n".join(lines) + "\r\n"
