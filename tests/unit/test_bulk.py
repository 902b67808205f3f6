"""Bulk writes (the import's fast path) on both backends: indexes dropped for a first large insert
come back exactly, a broken unique key rolls everything back, and explicit ids move the sequence."""

import datetime as dt

import pytest
from peewee import IntegrityError

from unionoffice.db import bulk
from unionoffice.db.models import Person, database
from unionoffice.domain import members
from tests.helpers import make_id


def person_indexes(db):
    if type(db).__name__.startswith("Postgres"):
        return sorted(r[0] for r in db.execute_sql(
            "SELECT indexdef FROM pg_indexes WHERE tablename = 'person'").fetchall())
    return sorted(r[0] for r in db.execute_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'person' AND sql IS NOT NULL"))


def rows(count, start=1):
    return [(start + i, f"职工{i}", f"zhigong{i}", "zg", f"{i:018d}", False, "") for i in range(count)]


COLUMNS = ("id", "name", "name_pinyin", "name_initials", "id_number", "is_migrant", "membership_state")


def test_a_first_large_insert_rebuilds_every_index(db):
    before = person_indexes(db)
    assert len(before) >= 5
    with database.atomic():
        with bulk.indexes_rebuilt(Person, 12_000):
            assert person_indexes(db) != before  # dropped while inserting
            bulk.insert_rows(Person, COLUMNS, rows(12_000, start=bulk.next_id(Person)))
    assert person_indexes(db) == before
    assert Person.select().count() == 12_000
    # the sequence / rowid moved past the explicit ids
    assert members.create_person({"name": "新人", "id_number": make_id(seq=321)}).id == 12_001


def test_a_duplicate_key_in_a_large_insert_rolls_everything_back(db):
    before = person_indexes(db)
    batch = rows(12_000)
    batch[-1] = batch[-1][:4] + (batch[0][4],) + batch[-1][5:]  # the last row repeats the first ID
    with pytest.raises(IntegrityError):
        with database.atomic():
            with bulk.indexes_rebuilt(Person, len(batch)):
                bulk.insert_rows(Person, COLUMNS, batch)
    assert Person.select().count() == 0
    assert person_indexes(db) == before


def test_a_small_insert_keeps_its_indexes(db):
    before = person_indexes(db)
    with database.atomic():
        with bulk.indexes_rebuilt(Person, 50):
            assert person_indexes(db) == before
            bulk.insert_rows(Person, COLUMNS, rows(50))
    assert Person.select().count() == 50


def test_rows_in_the_drivers_form_go_in_as_they_are_and_read_back_as_values(db):
    number = make_id(seq=321)
    with database.atomic():
        bulk.insert_rows(Person, ("id", "name", "id_number", "birth_date", "is_migrant", "updated_at"),
                         [(7, "张伟", number, "1985-03-12", True, "2026-11-24 09:30:00")], ready=True)
    person = Person.get_by_id(7)
    assert (person.name, person.birth_date, person.is_migrant) == ("张伟", dt.date(1985, 3, 12), True)
    assert person.updated_at == dt.datetime(2026, 11, 24, 9, 30)
    assert person.created_at is not None  # the defaults of the columns not given are still filled in
    assert person.membership_state == "" and person.employment_status == "在岗"


@pytest.mark.sqlite_only
def test_a_large_insert_has_a_large_page_cache_and_gives_it_back(db):
    before = db.execute_sql("PRAGMA cache_size").fetchone()[0]
    with database.atomic():
        with bulk.indexes_rebuilt(Person, 12_000):
            assert db.execute_sql("PRAGMA cache_size").fetchone()[0] == -65536
            bulk.insert_rows(Person, COLUMNS, rows(12_000))
    assert db.execute_sql("PRAGMA cache_size").fetchone()[0] == before
    with pytest.raises(RuntimeError):
        with database.atomic():
            with bulk.indexes_rebuilt(Person, 13_000):
                raise RuntimeError("an import cancelled half-way")
    assert db.execute_sql("PRAGMA cache_size").fetchone()[0] == before
    assert Person.select().count() == 12_000


def test_text_that_looks_like_copys_own_marks_goes_in_as_it_is(db):
    """Issue 28: PostgreSQL takes bulk rows by COPY. A backslash, tab, line break, a literal \\N, a
    NULL, booleans, dates and bytes read back exactly (on SQLite too)."""
    from unionoffice.db.models import Notice, NoticeAttachment

    tricky = ["a\\tb", "第一行\n第二行\r\n", "C:\\新建文件夹\\", "\\N", "tab\there", "", "=1+1"]
    with database.atomic():
        bulk.insert_rows(Person, ("id", "name", "note", "id_number", "hire_date", "is_migrant"),
                         [(100 + i, f"职工{i}", text, make_id(seq=400 + 2 * i), dt.date(2020, 1, i + 1), i % 2 == 0)
                          for i, text in enumerate(tricky)]
                         + [(200, "无日期", "", make_id(seq=500), None, False)])
    assert [p.note for p in Person.select().where(Person.id < 200).order_by(Person.id)] == tricky
    assert [p.hire_date.day for p in Person.select().where(Person.id < 200).order_by(Person.id)] == list(range(1, 8))
    assert [p.is_migrant for p in Person.select().where(Person.id < 200).order_by(Person.id)] == [
        i % 2 == 0 for i in range(7)]
    blank = Person.get_by_id(200)
    assert (blank.note, blank.hire_date, blank.department) == ("", None, None)  # NULL stays NULL
    notice = Notice.create(title="附件", category="其他", content="")
    data = bytes(range(256)) + b"\\N\t\n"
    with database.atomic():
        bulk.insert_rows(NoticeAttachment, ("notice", "filename", "data", "size"),
                         [(notice.id, "a.bin", data, len(data))])
    assert bytes(NoticeAttachment.get().data) == data
