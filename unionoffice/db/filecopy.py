"""Copies of an office file made with SQLite's online backup API (never a file copy of an open
database), under the timestamped names its backups folder keeps.

The lowest of the backup modules: opening an office (``connection``) and moving one to a server
(``transfer``) copy a file here before migrating it; ``backup`` builds the rest (server offices,
listing, rotation, restore) on top of it."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from unionoffice.files import WriteError, atomic_target, explain
from unionoffice.logs import log
from unionoffice.paths import backup_stem, backups_dir

STAMP = "%Y%m%d-%H%M%S-%f"


class BackupError(Exception):
    """A backup or restore could not be made; the message is for the user."""


def backup_file(source: Path | str, target: Path | str) -> Path:
    """Copy the SQLite database ``source`` into ``target`` with the online backup API.

    Safe while another connection has the file open. Written under a temporary name and renamed
    when complete (``files.atomic_target``)."""
    target = Path(target)
    try:
        with atomic_target(target) as partial:
            src = sqlite3.connect(f"file:{Path(source)}?mode=ro", uri=True)
            try:
                dst = sqlite3.connect(partial)
                try:
                    src.backup(dst)
                    dst.execute("PRAGMA journal_mode=DELETE")
                finally:
                    dst.close()
            finally:
                src.close()
    except sqlite3.Error as exc:
        Path(str(target) + ".part").unlink(missing_ok=True)
        raise BackupError(explain(exc, target)) from exc
    except WriteError as exc:
        raise BackupError(str(exc)) from exc
    return target


def backup_target(db_path: Path | str, label: str, folder: Path | None = None) -> Path:
    """Where a backup of the office at ``db_path`` (a file or a server URL) made now goes: its
    backups folder (or ``folder``), named by the office, the time and ``label``."""
    stamp = dt.datetime.now().strftime(STAMP)
    return (folder or backups_dir(db_path)) / f"{backup_stem(db_path)}-{stamp}-{label}.sqlite3"


def file_backup(db_path: Path | str, label: str, folder: Path | None = None) -> Path:
    """A timestamped backup of the office file at ``db_path``."""
    target = backup_file(Path(db_path), backup_target(db_path, label, folder))
    log.info("backup made (%s): %s", label, target.name)
    return target


def before_migration(db_path: Path | str):
    """The ``before`` step ``migrations.upgrade`` takes for an office file: its backup, labelled with
    the version it is migrated from."""
    return lambda version: file_backup(db_path, f"before-migration-v{version}")
