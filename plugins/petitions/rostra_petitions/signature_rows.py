"""The confirmation link's statements on a signature, written once per process:
building them through the ORM (the model's default ordering, 27 columns
compiled on every request, two ``create()`` calls in a transaction) cost more
CPU than the bare one-row INSERT view does in all (cProfile of a confirmation,
docs/PERFORMANCE.md).

``confirm`` is one statement on PostgreSQL: the conditional UPDATE that
validates the signature, its +1 count delta (counting.py) and its outbox row
for the supporter database (recording.py) are written together or not at all
— one statement is one transaction. On other databases the same three writes
run in a transaction (``signing.confirm``).

Rows come back as Signature instances, converted as the ORM converts them.
"""

import functools

from django.db import connection

from rostra_petitions.models import Confirmation, CountDelta, Signature


@functools.cache
def _statements(vendor):
    quote = connection.ops.quote_name

    def column(model, name):
        return quote(model._meta.get_field(name).column)

    meta = Signature._meta
    table = quote(meta.db_table)
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    pk, petition = quote(meta.pk.column), column(Signature, "petition")
    state, validated_at = column(Signature, "state"), column(Signature, "validated_at")
    # As the ORM reads a row: the backend's converters, then the field's.
    converters = []
    for field in meta.concrete_fields:
        col = field.get_col(meta.db_table)
        found = connection.ops.get_db_converters(col) + col.get_db_converters(connection)
        converters.append((found, col))
    validate = (
        f"UPDATE {table} SET {state} = %s, {validated_at} = %s "  # noqa: S608
        f"WHERE {pk} = %s AND {state} = %s AND {validated_at} IS NULL "
        f"RETURNING {columns}"
    )
    delta = ", ".join(
        column(CountDelta, name)
        for name in ("petition", "channel", "amount", "departement_code", "constituency", "country")
    )
    outbox = ", ".join(
        column(Confirmation, name)
        for name in ("signature", "confirmed_at", "ip_hash", "user_agent", "user")
    )
    source = column(Signature, "source")
    territory = ", ".join(
        column(Signature, name) for name in ("departement_code", "constituency", "country")
    )
    # Only the models' own table and column names and placeholders are interpolated.
    return converters, {
        "by_link": f"SELECT {columns} FROM {table} WHERE {pk} = %s AND {petition} = %s",  # noqa: S608
        "validate": validate,
        "confirm": (
            f"WITH validated AS ({validate}), "  # noqa: S608
            f"delta AS (INSERT INTO {quote(CountDelta._meta.db_table)} ({delta}) "
            f"SELECT {petition}, {source}, 1, {territory} FROM validated), "
            f"outbox AS (INSERT INTO {quote(Confirmation._meta.db_table)} ({outbox}) "
            f"SELECT {pk}, %s, %s, %s, %s FROM validated) "
            f"SELECT {columns} FROM validated"
        ),
    }


def _one(statement, params):
    converters, statements = _statements(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(statements[statement], params)
        row = cursor.fetchone()
    if row is None:
        return None
    values = []
    for value, (functions, col) in zip(row, converters, strict=True):
        for function in functions:
            value = function(value, col, connection)
        values.append(value)
    names = [field.attname for field in Signature._meta.concrete_fields]
    return Signature.from_db(connection.alias, names, values)


def by_link(signature_id, petition_id):
    """The signature with this id on this petition, or None."""
    if not 0 < signature_id < 2**63:  # a link may hold any number
        return None
    return _one("by_link", [signature_id, petition_id])


def _validate_params(signature_id, when):
    field = Signature._meta.get_field("validated_at")
    return [
        Signature.State.VALIDATED.value,
        field.get_db_prep_save(when, connection),
        signature_id,
        Signature.State.PENDING.value,
    ]


def validate(signature_id, when):
    """The signature as validated at ``when``, or None if it was not pending: one
    conditional ``UPDATE … RETURNING`` (double clicks and replays find nothing
    to update), which also reads the row as it is now, locked until commit."""
    return _one("validate", _validate_params(signature_id, when))


def can_confirm_in_one_statement():
    """PostgreSQL writes to several tables in one statement (data-modifying WITH)."""
    return connection.vendor == "postgresql"


def confirm(signature_id, when, evidence):
    """``validate`` with the +1 count delta and the outbox row in the same
    statement (PostgreSQL). ``evidence``: (hashed IP, browser, user id)."""
    field = Confirmation._meta.get_field("confirmed_at")
    params = _validate_params(signature_id, when)
    params += [field.get_db_prep_save(when, connection), *evidence]
    return _one("confirm", params)
