"""SELECT, INSERT and UPDATE of model objects with statements written once by hand.

For the few paths every request takes (a scan at the door): the ORM compiles a new SQL
statement for every query and ``save()``, which on a small machine costs more than
running it. ``fetch`` builds the objects as the ORM does (``from_db``, with the database's
converters: SQLite's text dates and integer booleans come back typed). The
fields still prepare their values as ``save()`` has them do (``pre_save`` for ``auto_now``,
``get_db_prep_save`` for the database's types), so what is stored is the same; signals are
not sent, so use these only for models without receivers (decision 0034)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connections, models

M = TypeVar("M", bound=models.Model)


def fetch(
    model: type[M],
    sql: str,
    params: Sequence[Any],
    *,
    fields: Sequence[str] | None = None,
    using: str = "default",
) -> list[tuple[M, tuple[Any, ...]]]:
    """Run a SELECT whose first columns are the model's ``fields`` (attribute names, in
    that order; all concrete fields by default) and build an object from each row; the
    columns after them come back as the row's extra values. Fields not selected load
    when read, as with ``only()``."""
    connection = connections[using]
    meta = model._meta
    chosen = [meta.get_field(name) for name in fields] if fields else list(meta.concrete_fields)
    names = [f.attname for f in chosen]  # type: ignore[union-attr]
    converters = []
    for index, field in enumerate(chosen):
        column = field.get_col(meta.db_table)  # type: ignore[union-attr]
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(  # type: ignore[union-attr]
            connection
        ):
            converters.append((index, convert, column))
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    width = len(chosen)
    found = []
    for row in rows:
        values = list(row[:width])
        for index, convert, column in converters:
            values[index] = convert(values[index], column, connection)
        found.append((model.from_db(using, names, values), tuple(row[width:])))
    return found


def columns(model: type[models.Model], alias: str, *, using: str = "default") -> str:
    """The model's concrete columns, in the order ``fetch`` reads them, as ``alias.column``."""
    quote = connections[using].ops.quote_name
    return ", ".join(f"{alias}.{quote(c)}" for f in model._meta.concrete_fields if (c := f.column))


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
