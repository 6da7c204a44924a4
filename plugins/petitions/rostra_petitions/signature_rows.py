"""The confirmation link's two statements on a signature, written once per
process: building them through the ORM (the model's default ordering, 27
columns compiled on every request) cost more CPU than the bare one-row INSERT
view does in all (cProfile of a confirmation, docs/PERFORMANCE.md).

Rows come back as Signature instances, converted as the ORM converts them.
"""

import functools

from django.db import connection

from rostra_petitions.models import Signature


@functools.cache
def _statements(vendor):
    meta = Signature._meta
    quote = connection.ops.quote_name
    table = quote(meta.db_table)
    columns = ", ".join(quote(field.column) for field in meta.concrete_fields)
    pk, petition = quote(meta.pk.column), quote(meta.get_field("petition").column)
    state = quote(meta.get_field("state").column)
    validated_at = quote(meta.get_field("validated_at").column)
    # As the ORM reads a row: the backend's converters, then the field's.
    converters = []
    for field in meta.concrete_fields:
        column = field.get_col(meta.db_table)
        found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
        converters.append((found, column))
    # Only the model's own table and column names and placeholders are interpolated.
    return converters, {
        "by_link": f"SELECT {columns} FROM {table} WHERE {pk} = %s AND {petition} = %s",  # noqa: S608
        "validate": (
            f"UPDATE {table} SET {state} = %s, {validated_at} = %s "  # noqa: S608
            f"WHERE {pk} = %s AND {state} = %s AND {validated_at} IS NULL "
            f"RETURNING {columns}"
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
    for value, (functions, column) in zip(row, converters, strict=True):
        for function in functions:
            value = function(value, column, connection)
        values.append(value)
    names = [field.attname for field in Signature._meta.concrete_fields]
    return Signature.from_db(connection.alias, names, values)


def by_link(signature_id, petition_id):
    """The signature with this id on this petition, or None."""
    if not 0 < signature_id < 2**63:  # a link may hold any number
        return None
    return _one("by_link", [signature_id, petition_id])


def validate(signature_id, when):
    """The signature as validated at ``when``, or None if it was not pending: one
    conditional ``UPDATE … RETURNING`` (double clicks and replays find nothing
    to update), which also reads the row as it is now, locked until commit."""
    field = Signature._meta.get_field("validated_at")
    params = [
        Signature.State.VALIDATED.value,
        field.get_db_prep_save(when, connection),
        signature_id,
        Signature.State.PENDING.value,
    ]
    return _one("validate", params)
