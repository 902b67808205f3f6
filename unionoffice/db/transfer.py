"""Moving a whole office between databases: a SQLite file into PostgreSQL and back, and the logical
backups of an office on a server (a server office is backed up into an ordinary office file, which
can be opened, checked and restored like any other backup).

Rows are copied table by table in foreign-key order inside one transaction on the target, from one
consistent snapshot of the source, and the row counts of every table are compared at the end."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from peewee import BlobField, Database, ForeignKeyField, Model, PostgresqlDatabase, SqliteDatabase, sort_models

from unionoffice.db import bulk, dues_totals, migrations, search_index
from unionoffice.db.filecopy import before_migration
from unionoffice.db.models import ALL_MODELS, SchemaVersion

BATCH = 2000


class TransferError(Exception):
    """The copy could not be made or did not verify; the message is for the user."""


def _models() -> list[type[Model]]:
    return [m for m in sort_models(ALL_MODELS) if m is not SchemaVersion]


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _reader(field) -> Callable:
    if isinstance(field, BlobField):
        return lambda v: None if v is None else bytes(v)
    return field.python_value


def row_counts(db: Database) -> dict[str, int]:
    return {m._meta.table_name: db.execute_sql(f"SELECT COUNT(*) FROM {_quote(m._meta.table_name)}").fetchone()[0]
            for m in _models()}


def _snapshot(db: Database) -> None:
    """Make the open transaction on ``db`` read one consistent state of the office."""
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def copy_office(source: Database, target: Database, progress: Callable | None = None) -> dict[str, int]:
    """Replace everything in ``target`` (at the latest schema) with the rows of ``source``.

    Returns the row count of each table. Raises TransferError, leaving ``target`` as it was, when
    the counts do not agree."""
    if migrations.current_version(source) != migrations.LATEST_VERSION:
        raise TransferError(f"源数据库的版本（{migrations.current_version(source)}）与本程序"
                            f"（{migrations.LATEST_VERSION}）不同，请先用本程序打开一次以升级")
    models = _models()
    done: set[type[Model]] = set()
    with (source.atomic(), target.atomic(), search_index.triggers_off(target),
          dues_totals.triggers_off(target)):
        _snapshot(source)
        expected = row_counts(source)
        total = sum(expected.values()) or 1
        copied = 0
        for model in reversed(models):
            target.execute_sql(f"DELETE FROM {_quote(model._meta.table_name)}")
        later: list[tuple[type[Model], list[str], list[tuple]]] = []
        for model in models:
            fields = model._meta.sorted_fields
            table = model._meta.table_name
            pk = model._meta.primary_key
            # a reference to a table not yet copied (or to this one) is filled in afterwards
            deferred = [f for f in fields if isinstance(f, ForeignKeyField)
                        and (f.rel_model is model or f.rel_model not in done) and f.null]
            readers = [_reader(f) for f in fields]
            writers = [bulk._converter(f) for f in fields]
            wanted = ", ".join(_quote(f.column_name) for f in fields)
            cursor = source.execute_sql(f"SELECT {wanted} FROM {_quote(table)} ORDER BY {_quote(pk.column_name)}")
            # (peewee fields overload ==, so positions are found by identity)
            deferred_at = [i for i, f in enumerate(fields) if any(f is d for d in deferred)]
            pk_at = next(i for i, f in enumerate(fields) if f is pk)
            fix: list[tuple] = []
            while True:
                raw = cursor.fetchmany(BATCH)
                if not raw:
                    break
                rows = []
                for values in raw:
                    row = [(write(read(v)) if write else read(v)) if v is not None else None
                           for v, read, write in zip(values, readers, writers)]
                    if deferred_at:
                        refs = [row[i] for i in deferred_at]
                        if any(r is not None for r in refs):
                            fix.append((*refs, row[pk_at]))
                        for i in deferred_at:
                            row[i] = None
                    rows.append(row)
                _insert(target, table, [f.column_name for f in fields], rows)
                copied += len(rows)
                if progress:
                    progress(copied, total, f"正在复制 {table}…")
            if fix:
                later.append((model, [f.column_name for f in deferred], fix))
            done.add(model)
        for model, columns, rows in later:
            sets = ", ".join(f"{_quote(c)} = {target.param}" for c in columns)
            sql = (f"UPDATE {_quote(model._meta.table_name)} SET {sets} "
                   f"WHERE {_quote(model._meta.primary_key.column_name)} = {target.param}")
            bulk._run_many(target, sql, rows)
        if isinstance(target, PostgresqlDatabase):
            for model in models:
                if model._meta.primary_key.field_type == "AUTO":
                    bulk._advance_sequence(target, model)
        got = row_counts(target)
        wrong = [f"{table}：源 {n} 行，复制后 {got.get(table)} 行" for table, n in expected.items()
                 if got.get(table) != n]
        if wrong:
            raise TransferError("复制后的行数与源数据库不一致：" + "；".join(wrong))
    bulk.analyze(target)  # the planner's figures for the rows just copied (issue 28)
    return expected


def _insert(db: Database, table: str, columns: list[str], rows: list[list]) -> None:
    names = ", ".join(_quote(c) for c in columns)
    if isinstance(db, PostgresqlDatabase):
        bulk._copy_rows(db, f"COPY {_quote(table)} ({names}) FROM STDIN", rows)
        return
    marks = ", ".join([db.param] * len(columns))
    bulk._run_many(db, f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", rows)


def new_office_file(path: Path | str) -> SqliteDatabase:
    """A new, empty SQLite office file at the latest schema (not bound to the models)."""
    db = SqliteDatabase(str(path), pragmas={"journal_mode": "delete", "synchronous": 2})
    db.connect()
    migrations.upgrade(db)
    return db


def open_source(target, password: str | None = None) -> Database:
    """A separate connection to ``target`` (a file or a server URL), not bound to the models."""
    from unionoffice.db.connection import is_server, server_database, stored_password

    if is_server(target):
        db = server_database(target, password or stored_password(target))
    else:
        if not Path(target).exists():
            raise TransferError(f"文件不存在：{target}")
        db = SqliteDatabase(str(target), pragmas={"busy_timeout": 10000})
    db.connect()
    return db


def people_on(url: str) -> int:
    """How many people the office on the server at ``url`` holds (0 for an empty database)."""
    from unionoffice.db.connection import server_status

    status = server_status(url)
    if status.problem:
        raise TransferError(status.problem)
    return status.people


def server_to_file(url: str, path: Path | str, progress: Callable | None = None) -> dict[str, int]:
    """Copy the office on the server at ``url`` into a new office file at ``path``. The file is
    written under a temporary name: a copy that fails leaves nothing at ``path``."""
    from unionoffice.files import atomic_target

    with atomic_target(path) as partial:
        partial.unlink(missing_ok=True)
        source = open_source(url)
        target = new_office_file(partial)
        try:
            return copy_office(source, target, progress)
        finally:
            target.close()
            source.close()


def file_to_server(path: Path | str, url: str, progress: Callable | None = None) -> dict[str, int]:
    """Replace the office on the server at ``url`` with the office file at ``path`` (the server
    database is created at the latest schema if it is empty)."""
    source = open_source(path)
    try:
        if not source.table_exists("schema_version"):  # never build our tables into someone else's file
            raise TransferError(f"不是工会办公室的数据文件：{path}")
    except TransferError:
        source.close()
        raise
    except Exception as exc:  # not a SQLite file at all
        source.close()
        raise TransferError(f"不是工会办公室的数据文件：{path}") from exc
    target = open_source(url)
    try:
        migrations.upgrade(source, before=before_migration(path))  # an older file is upgraded (after its own backup) first
        migrations.upgrade(target)
        return copy_office(source, target, progress)
    finally:
        target.close()
        source.close()
