"""Copies of the office file made with SQLite's online backup API (never a file copy)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

from unionoffice.paths import backups_dir


def backup_file(source: Path | str, target: Path | str) -> Path:
    """Copy the SQLite database ``source`` into ``target`` with the online backup API.

    Safe while another connection has the file open; the copy is written to a temporary name first
    so that a crash never leaves a half-written backup under the final name."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
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
    partial.replace(target)
    return target


def make_backup(db_path: Path | str, label: str) -> Path:
    """A timestamped backup of ``db_path`` in the backups folder beside it."""
    db_path = Path(db_path)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = backups_dir(db_path) / f"{db_path.stem}-{stamp}-{label}.sqlite3"
    return backup_file(db_path, target)
