"""New rows written with an INSERT whose text is built once per model and
number of rows: what ``bulk_create`` and ``save`` write, without the ORM
compiling the same statement again on each call (the people API's writes of a
signup: a few milliseconds of CPU each time, more than the round trips).

``insert(rows)`` is ``Model.objects.bulk_create(rows)`` for rows of one model
with a database-made primary key: the fields' ``pre_save`` values (auto_now
dates), the primary keys returned (PostgreSQL, SQLite ≥ 3.35), no signals.
``saved=True`` sends ``pre_save`` and ``post_save`` as ``save()`` does, for
models whose ``save()`` adds nothing. ``skip_conflicts=True`` adds
``ON CONFLICT DO NOTHING``: a row a unique constraint refused comes back
without a primary key.

``insert_together(rows_a, rows_b, …)``: rows of several models that do not
point at one another, in one round trip on PostgreSQL (one statement, an
INSERT each in its WITH), one after the other elsewhere.
"""

import functools

from django.db import connections, models, router
from django.db.models.signals import post_save, pre_save

#: Rows per statement: a batch's statements are then of a few sizes only (each
#: built once), far below the databases' limits on parameters.
CHUNK = 100


def insert(rows, *, saved=False, skip_conflicts=False):
    """Insert ``rows`` (unsaved instances of one model); returns those
    inserted: all of them, or with ``skip_conflicts`` (one row only) none when
    a unique constraint refused it."""
    rows = list(rows)
    if not rows:
        return rows
    if skip_conflicts and len(rows) != 1:
        raise ValueError("skip_conflicts inserts one row (else which one was refused?)")
    model = type(rows[0])
    using = router.db_for_write(model, instance=rows[0])
    connection = connections[using]
    if saved:
        _send_pre_save(rows, using)
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        sql = values_sql(model, len(chunk))
        if skip_conflicts:
            sql += " ON CONFLICT DO NOTHING"
        with connection.cursor() as cursor:
            cursor.execute(f"{sql} RETURNING {_quote(model._meta.pk.column)}", params(chunk))
            returned = cursor.fetchall()
        if not returned and skip_conflicts:
            return []
        mark_inserted(chunk, [pk for (pk,) in returned], using)
    if saved:
        _send_post_save(rows, using)
    return rows


def insert_together(*groups, saved=()):
    """Insert each group (a list of unsaved rows of one model, none pointing
    at another group's) as ``insert`` does; ``saved``: the indexes of the
    groups whose rows get ``pre_save`` and ``post_save``."""
    groups = [list(group) for group in groups]
    written = [group for group in groups if group]
    if not written:
        return groups
    using = router.db_for_write(type(written[0][0]), instance=written[0][0])
    together = connections[using].vendor == "postgresql" and all(
        len(group) <= CHUNK and isinstance(type(group[0])._meta.pk, models.AutoField)
        for group in written
    )
    if not together:
        for number, group in enumerate(groups):
            insert(group, saved=number in saved)
        return groups
    for number in saved:
        _send_pre_save(groups[number], using)
    shape = tuple((type(group[0]), len(group)) if group else None for group in groups)
    with connections[using].cursor() as cursor:
        cursor.execute(_together_sql(shape), [value for group in groups for value in params(group)])
        returned = cursor.fetchall()
    for number, group in enumerate(groups):
        mark_inserted(group, [pk for (index, pk) in returned if index == number], using)
    for number in saved:
        _send_post_save(groups[number], using)
    return groups


def params(rows):
    """The values of ``values_sql``'s placeholders for ``rows``."""
    if not rows:
        return []
    model = type(rows[0])
    connection = connections[router.db_for_write(model, instance=rows[0])]
    columns = _columns(model)
    values = []
    for row in rows:
        row._prepare_related_fields_for_save(operation_name="insert")
        values += [
            field.get_db_prep_save(field.pre_save(row, True), connection) for field in columns
        ]
    return values


def mark_inserted(rows, pks, using):
    for row, pk in zip(rows, pks, strict=True):
        row.pk = pk
        row._state.adding, row._state.db = False, using


@functools.lru_cache(maxsize=256)
def values_sql(model, count):
    """``INSERT INTO <model's table> (<columns but the primary key>) VALUES
    (%s, …), …`` for ``count`` rows."""
    columns = _columns(model)
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # Only the model's own table and column names and placeholders are interpolated.
    return "INSERT INTO {} ({}) VALUES {}".format(  # noqa: S608
        _quote(model._meta.db_table),
        ", ".join(_quote(field.column) for field in columns),
        ", ".join([row] * count),
    )


@functools.lru_cache(maxsize=256)
def _together_sql(shape):
    parts, selects = [], []
    for number, written in enumerate(shape):
        if written is None:
            continue
        model, count = written
        pk = _quote(model._meta.pk.column)
        parts.append(f"g{number} AS ({values_sql(model, count)} RETURNING {pk} AS pk)")
        selects.append(f"SELECT {number} AS grp, pk FROM g{number}")  # noqa: S608
    # A serial key grows in the order of VALUES: each group's keys come back in
    # its rows' order.
    # Only the models' own table and column names and placeholders are interpolated.
    return f"WITH {', '.join(parts)} {' UNION ALL '.join(selects)} ORDER BY grp, pk"  # noqa: S608


def _send_pre_save(rows, using):
    for row in rows:
        pre_save.send(sender=type(row), instance=row, raw=False, using=using, update_fields=None)


def _send_post_save(rows, using):
    for row in rows:
        post_save.send(
            sender=type(row), instance=row, created=True, update_fields=None, raw=False, using=using
        )


def _quote(name):
    # The same quoting on every database Django supports but MySQL, which
    # Rostra does not run on.
    return connections["default"].ops.quote_name(name)


@functools.cache
def _columns(model):
    columns = [
        field
        for field in model._meta.concrete_fields
        if not field.primary_key and not getattr(field, "generated", False)
    ]
    if any(field.has_db_default() for field in columns):
        # The database's own default is not a value to send: bulk_create's business.
        raise TypeError(f"{model.__name__} has a field with db_default: use bulk_create")
    return columns
