"""Opening and closing the office database. Nothing connects at import time."""

from __future__ import annotations

from pathlib import Path

from peewee import SqliteDatabase

from unionoffice.db import migrations
from unionoffice.db.models import database

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: a committed change survives a power cut
    "busy_timeout": 10000,
}


def open_database(path: Path | str, *, upgrade: bool = True) -> SqliteDatabase:
    """Open (creating if needed) the SQLite office file at ``path``, bind the models to it and bring
    its schema up to date."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, timeout=10)
    database.initialize(db)
    db.connect(reuse_if_open=True)
    if upgrade:
        migrations.upgrade(db, path)
    return db


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()


def database_path() -> Path | None:
    db = database.obj
    return Path(db.database) if db is not None else None
