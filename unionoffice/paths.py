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


def default_db_path() -> Path:
    return data_dir() / DB_FILENAME


def backups_dir(db_path: Path | str) -> Path:
    """Backups live in ``backups/`` beside the database (the data folder for the default file)."""
    path = Path(db_path).resolve().parent / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
