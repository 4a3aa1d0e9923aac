"""INSERT and UPDATE of one model object with statements written once by hand.

For the few paths every request takes (a scan at the door): the ORM compiles a new SQL
statement for every ``save()``, which on a small machine costs more than running it. The
fields still prepare their values as ``save()`` has them do (``pre_save`` for ``auto_now``,
``get_db_prep_save`` for the database's types), so what is stored is the same; signals are
not sent, so use these only for models without receivers (decision 0034)."""

from __future__ import annotations

from typing import Any

from django.db import connections, models


def insert(obj: models.Model, *, using: str = "default") -> None:
    """Store a new ``obj`` and give it its primary key."""
    connection = connections[using]
    meta = obj._meta
    quote = connection.ops.quote_name
    fields = [f for f in meta.concrete_fields if not f.primary_key]
    values = [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
    columns = ", ".join(quote(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    returning = connection.features.can_return_columns_from_insert
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names from the model, values bound
    if returning:
        sql += f" RETURNING {quote(meta.pk.column)}"
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        pk: Any = cursor.fetchone()[0] if returning else cursor.lastrowid
    obj.pk = pk
    obj._state.adding = False
    obj._state.db = using


def update(obj: models.Model, names: list[str], *, using: str = "default") -> int:
    """Write the fields ``names`` of a stored ``obj``; the number of rows changed (0 when
    the row is gone)."""
    connection = connections[using]
    meta = obj._meta
    quote = connection.ops.quote_name
    fields = [meta.get_field(name) for name in names]
    values = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in fields]  # type: ignore[union-attr]
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)  # type: ignore[union-attr]
    sql = f"UPDATE {quote(meta.db_table)} SET {sets} WHERE {quote(meta.pk.column)} = %s"  # noqa: S608 - names from the model, values bound
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values, obj.pk])
        return int(cursor.rowcount)
