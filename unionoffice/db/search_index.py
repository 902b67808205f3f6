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
uses them for the roster's LIKE conditions of three characters or more as they are. A trigram index
cannot answer one or two characters (it scans all of itself), so a gram table ``person_gram``
(gram, person_id) holds each person's distinct one- and two-character pieces of the short columns
that such a search may match (姓名, pinyin, initials, 会员证号; lower case; not digits alone), its
primary key a btree on (gram, person_id); a
trigger keeps it, and a bulk load fills it again in one pass (``triggers_off``). A search of one or
two characters takes its candidates from it, as the SQLite one does from the FTS vocabulary.

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
GRAM_TRIGGER = "person_gram_sync"
GRAM_LENGTHS = (1, 2)  # what person_gram answers; longer texts go to the trigram indexes


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
            _create_department_roster(db)
    except Exception as exc:  # sqlite3.OperationalError: no such module / tokenizer
        log.warning("roster search index not made (SQLite %s): %s; the search scans the table",
                    _sqlite_version(db), exc)
        return False
    return True


def _create_department_roster(db: Database) -> None:
    """The people of a department in name order with what the roster's counts need: a search that
    names a department (30,000 people) reads them from this index alone."""
    db.execute_sql("CREATE INDEX IF NOT EXISTS person_department_roster ON person "
                   "(department_id, name_key, membership_state, left_on)")


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
    try:
        with db.atomic():
            _install_grams(db)
    except Exception as exc:  # pragma: no cover - plpgsql is built into every PostgreSQL we support
        log.warning("roster gram table not made on the server: %s; 1-2 character searches scan the table",
                    str(exc).strip())
    return True


def _gram_values(row: str) -> str:
    return ", ".join(f'{row}"{c}"' for c in NAME_COLUMNS)


def _install_grams(db: Database) -> None:
    db._unionoffice_search_index = None
    db.execute_sql("CREATE TABLE IF NOT EXISTS person_gram (gram TEXT NOT NULL, person_id INTEGER NOT NULL)")
    # A person's distinct pieces that a search of one or two characters may need, lower-cased as
    # ILIKE compares: every piece of the name (contains), the pinyin's first letter and every pair
    # of its letters (begins with; contains for two letters), the initials' first one or two
    # (begins with), and the pieces of the 会员证号 (contains) that are not digits only (a search of
    # digits alone scans: it matches most of the office anyway).
    # (Pieces of the lower-cased value, as PostgreSQL's ILIKE lower-cases the whole value first.)
    db.execute_sql("""CREATE OR REPLACE FUNCTION person_grams(nm TEXT, py TEXT, ini TEXT, card TEXT)
        RETURNS SETOF TEXT LANGUAGE sql IMMUTABLE AS $$
        SELECT DISTINCT g FROM (
            SELECT substr(v, i, n) FROM (VALUES (lower(nm)), (lower(card))) AS vals (v),
                   generate_series(1, length(v)) AS i, (VALUES (1), (2)) AS lengths (n)
            WHERE i + n - 1 <= length(v)
            UNION ALL SELECT substr(lower(py), i, 2) FROM generate_series(1, length(py) - 1) AS i
            UNION ALL SELECT left(lower(v), n) FROM (VALUES (py), (ini)) AS vals (v),
                             (VALUES (1), (2)) AS lengths (n)
        ) AS pieces (g)
        WHERE g <> '' AND g !~ '^[0-9]+$' $$""")
    db.execute_sql(f"""CREATE OR REPLACE FUNCTION person_gram_sync() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            IF TG_OP <> 'INSERT' THEN DELETE FROM person_gram WHERE person_id = OLD.id; END IF;
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO person_gram (gram, person_id) SELECT g, NEW.id FROM person_grams({_gram_values('NEW.')}) AS g;
            END IF;
            RETURN NULL;
        END $$""")
    db.execute_sql(f"DROP TRIGGER IF EXISTS {GRAM_TRIGGER} ON person")
    db.execute_sql(f"CREATE TRIGGER {GRAM_TRIGGER} AFTER INSERT OR DELETE OR UPDATE OF id, {_names(NAME_COLUMNS)} "
                   f"ON person FOR EACH ROW EXECUTE FUNCTION person_gram_sync()")
    _fill_grams(db)
    _create_department_roster(db)


def _fill_grams(db: Database) -> None:
    """Fill the gram table from ``person``, its indexes built after the rows (a btree built from
    sorted rows, not millions of inserts into it)."""
    db.execute_sql("ALTER TABLE person_gram DROP CONSTRAINT IF EXISTS person_gram_pkey")
    db.execute_sql("DROP INDEX IF EXISTS person_gram_person")
    db.execute_sql("TRUNCATE person_gram")
    db.execute_sql(f"INSERT INTO person_gram (gram, person_id) SELECT g, id FROM person, "
                   f"LATERAL person_grams({_gram_values('person.')}) AS g")
    db.execute_sql("ALTER TABLE person_gram ADD CONSTRAINT person_gram_pkey PRIMARY KEY (gram, person_id)")
    db.execute_sql("CREATE INDEX person_gram_person ON person_gram (person_id)")
    db.execute_sql("ANALYZE person_gram")


def grams_present(db: Database) -> bool:
    """Whether this server office has the gram table (kept on the connection's database object)."""
    known = getattr(db, "_unionoffice_search_index", None)
    if known is None:
        known = bool(db.execute_sql("SELECT to_regclass('person_gram') IS NOT NULL").fetchone()[0])
        db._unionoffice_search_index = known
    return known


def present(db: Database) -> bool:
    """Whether this SQLite office has the index (kept on the connection's database object)."""
    known = getattr(db, "_unionoffice_search_index", None)
    if known is None:
        known = bool(db.execute_sql("SELECT 1 FROM sqlite_master WHERE name = 'person_search_terms'").fetchone())
        db._unionoffice_search_index = known
    return known


def rebuild(db: Database) -> None:
    """Fill the index again from ``person`` (after rows were written with the triggers off)."""
    if isinstance(db, PostgresqlDatabase):
        if grams_present(db):
            _fill_grams(db)
        return
    if not present(db):
        return
    db.execute_sql("INSERT INTO person_search (person_search) VALUES ('delete-all')")
    db.execute_sql("INSERT INTO person_number_search (person_number_search) VALUES ('delete-all')")
    _fill(db)


@contextmanager
def triggers_off(db: Database):
    """Inside ``database.atomic()``: write many people without the triggers, then fill the index
    (SQLite's FTS tables, the server's gram table) again in one pass."""
    if isinstance(db, PostgresqlDatabase):
        if not grams_present(db):
            yield
            return
        db.execute_sql(f"ALTER TABLE person DISABLE TRIGGER {GRAM_TRIGGER}")
        yield
        db.execute_sql(f"ALTER TABLE person ENABLE TRIGGER {GRAM_TRIGGER}")
        _fill_grams(db)
        return
    if not present(db):
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
    if adding < REBUILD_FROM or not (grams_present(db) if isinstance(db, PostgresqlDatabase) else present(db)):
        yield
        return
    existing = db.execute_sql("SELECT COUNT(*) FROM person").fetchone()[0]
    if adding * 8 <= existing:  # a rebuild goes over everyone: cheaper only for a large load
        yield
        return
    with triggers_off(db):
        yield
