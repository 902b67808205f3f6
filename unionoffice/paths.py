"""Where the office keeps its files: the data folder, the default database, backups.

``UNIONOFFICE_DATA_DIR`` overrides the data folder (tests and portable installs use it).
"""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from unionoffice import APP_NAME

DB_FILENAME = "unionoffice.sqlite3"


def data_dir() -> Path:
    override = os.environ.get("UNIONOFFICE_DATA_DIR")
    if override:
        path = Path(override)
    else:
        path = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def documents_dir() -> Path:
    """The user's 文档 folder (the home folder where there is none): where file dialogs first start."""
    path = Path(platformdirs.user_documents_dir())
    return path if path.is_dir() else Path.home()


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def backups_dir(db_path: Path | str, create: bool = True) -> Path:
    """Backups live in ``backups/`` beside the database (the data folder for the default file); the
    backups of an office on a server live in this PC's data folder."""
    if isinstance(db_path, str) and db_path.startswith(("postgresql://", "postgres://")):
        path = data_dir() / "backups"
    else:
        path = Path(db_path).resolve().parent / "backups"
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def backup_stem(db_path: Path | str) -> str:
    """The name an office's backups start with: the file's stem, or ``name@host_port`` for a server."""
    if isinstance(db_path, str) and db_path.startswith(("postgresql://", "postgres://")):
        from urllib.parse import urlsplit

        parts = urlsplit(db_path)
        raw = f"{parts.path.lstrip('/') or 'postgres'}@{parts.hostname or 'localhost'}_{parts.port or 5432}"
        return "".join(c if c.isalnum() or c in "@._" else "_" for c in raw)
    return Path(db_path).stem
