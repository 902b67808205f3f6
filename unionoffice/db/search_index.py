"""The roster search's index (issue 28): a trigram index over the text a person is searched by.

SQLite: two FTS5 tables with the ``trigram`` tokenizer, contentless (the text is in ``person``
already; the index holds trigrams and their places only), kept in step by triggers on ``person``:
``person_search`` (姓名, pinyin, initials, 会员证号) and ``person_number_search`` (证件号码, 手机号).
Each value is indexed with two separator characters after it, so every character of a value is
the first of some trigram: a search of one or two characters is answered from the index's
vocabulary (``person_search_terms``: the trigrams that begin with it), one of three or more by
MATCH. The index only finds candidates; the roster's own conditions then choose among them, so a
search finds exactly the people the plain scan finds.

PostgreSQL: the ``pg_trgm`` extension and a GIN trigram index on each searched column; the planner
uses them for the roster's LIKE conditions as they are.

Either may be missing (a SQLite built without FTS5, a server without the contrib package or the
right to create an extension): the search then scans, as before, and the log says why.

Only the index's text is stored, never shown: the roster keeps masking 证件号码 and 手机号."""

from __future__ import annotations

from contextlib import contextmanager

from peewee import Database, PostgresqlDatabase

from unionoffice.logs import log

SEPARATOR = "\x1f\x1f"  # after each value (a unit separator never appears in a cleaned value)
NAME_COLUMNS = ("name", "name_pinyin", "name_initials", "member_card_no")
NUMBER_COLUMNS = ("id_number", "mobile")
TRGM_COLUMNS = NAME_COLUMNS + NUMBER_COLUMNS
TRIGGERS = ("person_search_insert", "person_search_delete", "person_search_update")
TOKENIZER = "trigram"
TRGM_EXTENSION = "pg_trgm"


def _values(prefix: str, columns: tuple[str, ...]) -> str:
    return ", ".join(f"coalesce({prefix}\"{c}\", '') || char(31, 31)" for c in columns)


def _names(columns: tuple[str, ...]) -> str:
    return ", ".join(f'"{c}"' for c in columns)


def _sqlite_statements(what: str, row: str) -> str:
    """The statements that add (``row`` = "new.") or take out ("old.") one person's entries."""
    if what == "add":
        return (f"INSERT INTO person_search (rowid, {_names(NAME_COLUMNS)}) "
                f"VALUES ({row}id, {_values(row, NAME_COLUMNS)}); "
                f"INSERT INTO person_number_search (rowid, {_names(NUMBER_COLUMNS)}) "
                f"VALUES ({row}id, {_values(row, NUMBER_COLUMNS)});")
    return (f"INSERT INTO person_search (person_search, rowid, {_names(NAME_COLUMNS)}) "
            f"VALUES ('delete', {row}id, {_values(row, NAME_COLUMNS)}); "
            f"INSERT INTO person_number_search (person_number_search, rowid, {_names(NUMBER_COLUMNS)}) "
            f"VALUES ('delete', {row}id, {_values(row, NUMBER_COLUMNS)});")


def _create_triggers(db: Database) -> None:
    watched = ", ".join(f'"{c}"' for c in ("id",) + TRGM_COLUMNS)
    db.execute_sql(f"CREATE TRIGGER person_search_insert AFTER INSERT ON person BEGIN "
                   f"{_sqlite_statements('add', 'new.')} END")
    db.execute_sql(f"CREATE TRIGGER person_search_delete AFTER DELETE ON person BEGIN "
                   f"{_sqlite_statements('remove', 'old.')} END")
    db.execute_sql(f"CREATE TRIGGER person_search_update AFTER UPDATE OF {watched} ON person BEGIN "
                   f"{_sqlite_statements('remove', 'old.')} {_sqlite_statements('add', 'new.')} END")


def _fill(db: Database) -> None:
    db.execute_sql(f"INSERT INTO person_search (rowid, {_names(NAME_COLUMNS)}) "
                   f"SELECT id, {_values('', NAME_COLUMNS)} FROM person")
    db.execute_sql(f"INSERT INTO person_number_search (rowid, {_names(NUMBER_COLUMNS)}) "
                   f"SELECT id, {_values('', NUMBER_COLUMNS)} FROM person")


def install(db: Database) -> bool:
    """Create the index and fill it from the people there are (migration 19). Returns whether it
    was made; without FTS5's trigram tokenizer (SQLite before 3.34, or built without FTS5) or
    pg_trgm on the server, nothing is made and the search scans."""
    if isinstance(db, PostgresqlDatabase):
        return _install_trgm(db)
    db._unionoffice_search_index = None  # asked again at the next search
    try:
        with db.atomic():
            db.execute_sql(f"CREATE VIRTUAL TABLE person_search USING fts5({_names(NAME_COLUMNS)}, "
                           f"content='', tokenize='{TOKENIZER}', columnsize=0)")
            db.execute_sql(f"CREATE VIRTUAL TABLE person_number_search USING fts5({_names(NUMBER_COLUMNS)}, "
                           f"content='', tokenize='{TOKENIZER}', columnsize=0)")
            db.execute_sql("CREATE VIRTUAL TABLE person_search_terms USING fts5vocab(person_search, 'instance')")
            _create_triggers(db)
            _fill(db)
    except Exception as exc:  # sqlite3.OperationalError: no such module / tokenizer
        log.warning("roster search index not made (SQLite %s): %s; the search scans the table",
                    _sqlite_version(db), exc)
        return False
    return True


def _sqlite_version(db: Database) -> str:
    try:
        return db.execute_sql("SELECT sqlite_version()").fetchone()[0]
    except Exception:  # pragma: no cover - only for the log line
        return "?"


def _install_trgm(db: Database) -> bool:
    try:
        with db.atomic():  # a savepoint: a refused extension leaves the migration's transaction usable
            db.execute_sql(f"CREATE EXTENSION IF NOT EXISTS {TRGM_EXTENSION}")
            for column in TRGM_COLUMNS:
                db.execute_sql(f'CREATE INDEX IF NOT EXISTS "person_{column}_trgm" ON "person" '
                               f'USING gin ("{column}" gin_trgm_ops)')
    except Exception as exc:  # psycopg2: no such extension, permission denied
        log.warning("roster search index not made on the server (pg_trgm): %s; the search scans the table",
                    str(exc).strip())
        return False
    return True


def present(db: Database) -> bool:
    """Whether this SQLite office has the index (kept on the connection's database object)."""
    known = getattr(db, "_unionoffice_search_index", None)
    if known is None:
        known = bool(db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'person_search_terms'").fetchone())
        db._unionoffice_search_index = known
    return known


def rebuild(db: Database) -> None:
    """Fill the SQLite index again from ``person`` (after rows were written with the triggers off)."""
    if isinstance(db, PostgresqlDatabase) or not present(db):
        return
    db.execute_sql("INSERT INTO person_search (person_search) VALUES ('delete-all')")
    db.execute_sql("INSERT INTO person_number_search (person_number_search) VALUES ('delete-all')")
    _fill(db)


@contextmanager
def triggers_off(db: Database):
    """Inside ``database.atomic()``: write many people without the triggers, then fill the SQLite
    index again in one pass."""
    if isinstance(db, PostgresqlDatabase) or not present(db):
        yield
        return
    for trigger in TRIGGERS:
        db.execute_sql(f"DROP TRIGGER {trigger}")
    yield
    _create_triggers(db)
    rebuild(db)


REBUILD_FROM = 1000  # people written at once: from here the index may be filled again in one pass


@contextmanager
def writing_people(db: Database, adding: int):
    """Inside ``database.atomic()``, around a bulk insert of ``adding`` people: the triggers add
    each person's entries at about a tenth of the insert's speed (100,000 people: 52–61 s against
    13–15 s for the insert and a rebuild, 7–9 s with no index, load average 9), so a load that is
    large beside the people there are is indexed by one rebuild after it instead."""
    if adding < REBUILD_FROM or isinstance(db, PostgresqlDatabase) or not present(db):
        yield
        return
    existing = db.execute_sql("SELECT COUNT(*) FROM person").fetchone()[0]
    if adding * 8 <= existing:  # a rebuild goes over everyone: cheaper only for a large load
        yield
        return
    with triggers_off(db):
        yield
