"""Bulk writes (the import's fast path) on both backends: indexes dropped for a first large insert
come back exactly, a broken unique key rolls everything back, and explicit ids move the sequence."""

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
