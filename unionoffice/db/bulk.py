"""Fast bulk writes: one prepared statement run with executemany (peewee's insert_many builds SQL
text per batch and is about 12× slower at 100,000 rows)."""

from __future__ import annotations

from typing import Iterable, Sequence

from peewee import Model


def _quote(name: str) -> str:
    # Double quotes are the identifier quote of both SQLite and PostgreSQL.
    return '"' + name.replace('"', '""') + '"'


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Insert tuples of values for ``columns`` (peewee field names) of ``model``.

    Call inside ``database.atomic()``; values must already be in database form (dates as ISO text or
    ``datetime.date``, booleans as ``bool``)."""
    db = model._meta.database
    fields = [model._meta.fields[name] for name in columns]
    # peewee keeps defaults on the Python side: supply them for the columns not given.
    missing = [f for f in model._meta.sorted_fields
               if f.name not in columns and f.default is not None and not f.primary_key]
    defaults = tuple(f.default() if callable(f.default) else f.default for f in missing)
    fields += missing
    names = ", ".join(_quote(f.column_name) for f in fields)
    marks = ", ".join([db.param] * len(fields))
    sql = f"INSERT INTO {_quote(model._meta.table_name)} ({names}) VALUES ({marks})"
    converters = [f.db_value for f in fields]
    cursor = db.cursor()
    cursor.executemany(
        sql, ([conv(v) for conv, v in zip(converters, tuple(row) + defaults)] for row in rows))


def update_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Update by primary key: each row is (values for ``columns``…, id)."""
    db = model._meta.database
    fields = [model._meta.fields[name] for name in columns]
    sets = ", ".join(f"{_quote(f.column_name)} = {db.param}" for f in fields)
    sql = (f"UPDATE {_quote(model._meta.table_name)} SET {sets} "
           f"WHERE {_quote(model._meta.primary_key.column_name)} = {db.param}")
    converters = [f.db_value for f in fields]
    cursor = db.cursor()
    cursor.executemany(
        sql, ([conv(v) for conv, v in zip(converters, row[:-1])] + [row[-1]] for row in rows))
