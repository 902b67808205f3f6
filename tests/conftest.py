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


# The suite runs against SQLite by default. With UNIONOFFICE_TEST_PG set to a PostgreSQL server URL
# (``./dev test-pg`` starts a throwaway one), every test that asks for a database gets a fresh
# PostgreSQL database instead, copied from a template that holds the migrated schema.
SERVER = os.environ.get("UNIONOFFICE_TEST_PG", "")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if SERVER and "sqlite_only" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="SQLite file only"))
        if not SERVER and "server_only" in item.keywords:
            item.add_marker(pytest.mark.skip(reason="needs UNIONOFFICE_TEST_PG (./dev test-pg)"))


def _server_url(name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(SERVER)._replace(path="/" + name))


def _admin(sql: str) -> None:
    import psycopg2

    con = psycopg2.connect(SERVER)
    con.autocommit = True
    try:
        con.cursor().execute(sql)
    finally:
        con.close()


@pytest.fixture(scope="session")
def server_template():
    """A PostgreSQL database at the latest schema, copied for each test (copying is much faster than
    running the migrations again)."""
    from unionoffice.db.connection import close_database, open_database

    name = f"uo_template_{os.getpid()}"
    _admin(f"DROP DATABASE IF EXISTS {name}")
    _admin(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
    open_database(_server_url(name))
    close_database()
    yield name
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


_counter = iter(range(1, 1_000_000))


@pytest.fixture
def db_path(tmp_path, request):
    """Where the test's office lives: a file, or (on PostgreSQL) the URL of a fresh database."""
    if not SERVER:
        yield tmp_path / "office.sqlite3"
        return
    template = request.getfixturevalue("server_template")
    name = f"uo_test_{os.getpid()}_{next(_counter)}"
    _admin(f"CREATE DATABASE {name} TEMPLATE {template}")
    yield _server_url(name)
    from unionoffice.db.connection import close_database

    close_database()
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


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
