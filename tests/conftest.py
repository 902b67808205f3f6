"""Every test gets its own data folder and, where it asks for one, a fresh database."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

DATA = Path(__file__).parent / "data"
SAMPLE = DATA / "hr-roster-sample.xlsx"
SAMPLE_TRUTH = DATA / "hr-roster-sample.truth.json"


@pytest.fixture(autouse=True)
def data_dir(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    folder.mkdir()
    monkeypatch.setenv("UNIONOFFICE_DATA_DIR", str(folder))
    return folder


@pytest.fixture
def db_path(tmp_path) -> Path:
    return tmp_path / "office.sqlite3"


@pytest.fixture
def db(db_path):
    from unionoffice.db.connection import close_database, open_database

    database = open_database(db_path)
    yield database
    close_database()


@pytest.fixture
def chapter_saved(db):
    from unionoffice.domain import chapter, demo

    chapter.save(demo.DEMO_CHAPTER)
    return db
