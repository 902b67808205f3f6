"""Fast bulk writes: one prepared statement run with executemany on SQLite, COPY on PostgreSQL
(peewee's insert_many builds SQL text per batch and is about 12× slower at 100,000 rows)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from typing import Callable, Iterable, Sequence

from peewee import BooleanField, DateField, DateTimeField, Field, Model


def _converter(field: Field) -> Callable | None:
    """The few conversions the driver does not do itself (peewee's db_value per value costs more
    than the insert); None for a column whose values go to the driver as they are."""
    if isinstance(field, DateTimeField):
        return lambda v: v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v
    if isinstance(field, DateField):
        return lambda v: v.isoformat() if isinstance(v, dt.date) else v
    if isinstance(field, BooleanField):
        return lambda v: None if v is None else bool(v)  # sqlite3 stores a bool as 0/1
    return field.db_value if field.__class__.__name__ in ("DecimalField", "UUIDField") else None


def _converting(converters: list, rows: Iterable[Sequence], tail: tuple = ()) -> Iterable[Sequence]:
    """Rows with only the columns that need it converted (at 100,000 rows × 30 columns a call per
    value costs a second)."""
    at = [(i, conv) for i, conv in enumerate(converters) if conv is not None]
    if not at:
        return (tuple(row) + tail for row in rows) if tail else rows

    def convert(row):
        row = list(row)
        for i, conv in at:
            row[i] = conv(row[i])
        return row + list(tail) if tail else row

    return map(convert, rows)


def _quote(name: str) -> str:
    # Double quotes are the identifier quote of both SQLite and PostgreSQL.
    return '"' + name.replace('"', '""') + '"'


def insert_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence], *,
                ready: bool = False) -> None:
    """Insert tuples of values for ``columns`` (peewee field names) of ``model``.

    Call inside ``database.atomic()``. Dates, times and booleans may be Python objects; ``ready``:
    the rows are already in the driver's form (dates and times as ISO text, booleans as ``bool``)
    and go to it as they are, which at 100,000 rows saves a conversion pass."""
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
    converters = [_converter(f) for f in fields]
    defaults = tuple(conv(v) if conv else v for conv, v in zip(converters[len(columns):], defaults))
    if ready:
        rows = (tuple(row) + defaults for row in rows) if defaults else rows
    else:
        rows = _converting(converters[:len(columns)], rows, defaults)
    if _is_postgres(db):  # COPY: a tenth of the time of batched INSERTs (issue 28)
        _copy_rows(db, f"COPY {_quote(model._meta.table_name)} ({names}) FROM STDIN", rows)
        if model._meta.primary_key.name in columns:
            _advance_sequence(db, model)
    else:
        _run_many(db, sql, rows)


def update_rows(model: type[Model], columns: Sequence[str], rows: Iterable[Sequence]) -> None:
    """Update by primary key: each row is (values for ``columns``…, id)."""
    db = model._meta.database
    fields = [model._meta.fields[name] for name in columns]
    sets = ", ".join(f"{_quote(f.column_name)} = {db.param}" for f in fields)
    sql = (f"UPDATE {_quote(model._meta.table_name)} SET {sets} "
           f"WHERE {_quote(model._meta.primary_key.column_name)} = {db.param}")
    _run_many(db, sql, _converting([_converter(f) for f in fields] + [None], rows))


def next_id(model: type[Model]) -> int:
    """The first free primary key for rows that will be inserted with explicit ids (call inside
    ``database.atomic()``). On PostgreSQL the table is locked against other desks' inserts until the
    transaction ends, so two desks importing at once never pick the same ids."""
    db = model._meta.database
    if _is_postgres(db):
        db.execute_sql(f"LOCK TABLE {_quote(model._meta.table_name)} IN SHARE ROW EXCLUSIVE MODE")
    pk = model._meta.primary_key
    return (model.select(pk).order_by(pk.desc()).limit(1).scalar() or 0) + 1


def _is_postgres(db) -> bool:
    from peewee import DatabaseProxy, PostgresqlDatabase

    if isinstance(db, DatabaseProxy):
        db = db.obj
    return isinstance(db, PostgresqlDatabase)


def _run_many(db, sql: str, rows: Iterable[Sequence]) -> None:
    cursor = db.cursor()
    if _is_postgres(db):
        from psycopg2.extras import execute_batch  # one round trip per page, not per row

        execute_batch(cursor, sql, rows, page_size=1000)
    else:
        cursor.executemany(sql, rows)


COPY_ROWS = 20_000  # rows sent to COPY at a time (a 300,000-row roster is not held twice as text)
_COPY_ESCAPES = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"})


def _copy_text(value) -> str:
    """A value in COPY's text format: NULL as \\N, booleans t/f, dates ISO, bytes in hex, and a
    backslash, tab or line break in text escaped."""
    if value is None:
        return "\\N"
    if value.__class__ is str:
        return value.translate(_COPY_ESCAPES) if ("\\" in value or "\t" in value or "\n" in value
                                                  or "\r" in value) else value
    if value is True or value is False:
        return "t" if value else "f"
    if isinstance(value, dt.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return "\\\\x" + bytes(value).hex()  # bytea in hex, its backslash escaped
    return str(value).translate(_COPY_ESCAPES)


def _copy_rows(db, sql: str, rows: Iterable[Sequence]) -> None:
    import io

    cursor = db.cursor()
    lines = []
    for row in rows:
        # Plain text, NULLs and whole numbers (most values) without a call each, and the line checked
        # once for a mark of COPY's own (a tab, line break or backslash inside a value) instead of
        # each value: only a line that holds one is made again value by value, escaped.
        line = "\t".join([
            "\\N" if v is None else v if v.__class__ is str else str(v) if v.__class__ is int else
            _copy_text(v) for v in row])
        if (line.count("\t") != len(row) - 1 or line.count("\\") != row.count(None) or "\n" in line
                or "\r" in line):
            line = "\t".join([_copy_text(v) for v in row])
        lines.append(line)
        if len(lines) == COPY_ROWS:
            cursor.copy_expert(sql, io.StringIO("\n".join(lines) + "\n"))
            lines.clear()
    if lines:
        cursor.copy_expert(sql, io.StringIO("\n".join(lines) + "\n"))


def _advance_sequence(db, model: type[Model]) -> None:
    """Rows inserted with explicit ids do not move PostgreSQL's sequence: move it past them."""
    table, column = model._meta.table_name, model._meta.primary_key.column_name
    db.execute_sql(f"SELECT setval(pg_get_serial_sequence(%s, %s), "
                   f"(SELECT COALESCE(MAX({_quote(column)}), 0) + 1 FROM {_quote(table)}), false)",
                   (table, column))


ANALYZE_AFTER = 10_000  # rows written at once: past this the query planner's figures are renewed


def analyze(db, models: Sequence[type[Model]] = ()) -> None:
    """Renew PostgreSQL's query planner figures after a bulk load (it plans a search of 100,000 people
    at twice the time until it has them): of the tables of ``models``, or of every table. SQLite is
    left without sqlite_stat1: its queries are written for the plans it makes without one."""
    if _is_postgres(db):
        db.execute_sql("ANALYZE " + ", ".join(_quote(m._meta.table_name) for m in models))


@contextmanager
def indexes_rebuilt(model: type[Model], adding: int):
    """Inside ``database.atomic()``: when ``adding`` rows outnumber those in the table (a first
    import), drop the table's secondary indexes for the insert and build them again after it; building
    an index once over sorted keys is much cheaper than keeping it up to date row by row. A unique
    index that no longer holds fails to build and rolls the whole transaction back."""
    db = model._meta.database
    table = model._meta.table_name
    existing = model.select().count()
    if adding < 10_000 or adding <= existing:
        yield
        return
    if _is_postgres(db):
        found = db.execute_sql("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
                               "AND indexname NOT IN (SELECT conname FROM pg_constraint)", (table,)).fetchall()
    else:
        found = db.execute_sql("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                               "AND sql IS NOT NULL", (table,)).fetchall()
    for name, _ in found:
        db.execute_sql(f"DROP INDEX {_quote(name)}")
    with _large_page_cache(db):
        yield
        for _, sql in found:
            db.execute_sql(sql)


@contextmanager
def _large_page_cache(db):
    """SQLite: a 64 MB page cache while a large first import writes (the default 2 MB spills the
    new pages to the WAL mid-transaction and sorts each index in temporary files), then the
    usual one again."""
    if _is_postgres(db):
        yield
        return
    before = db.execute_sql("PRAGMA cache_size").fetchone()[0]
    db.execute_sql("PRAGMA cache_size = -65536")
    try:
        yield
    finally:
        db.execute_sql(f"PRAGMA cache_size = {int(before)}")
