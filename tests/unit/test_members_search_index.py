"""The roster search by its trigram index (issue 28) finds exactly the people the plain scan finds."""

from __future__ import annotations

import itertools
import logging
import random

import pytest
from peewee import PostgresqlDatabase

from unionoffice.db import migrations, search_index
from unionoffice.db.connection import close_database, open_database
from unionoffice.db.models import Department, Person
from unionoffice.domain import demo, members
from tests.helpers import make_id


def _varied_office() -> None:
    """The demo office, and people whose text tests the edges: an X in the 证件号码, Latin and long
    names, letters in 会员证号, people who left, a department named like a name."""
    demo.fill(300, seed=11)
    extra = [
        ("张伟", "1983011", "13800001234", "HY-0012x"), ("王小明", "1990061", "13912345678", ""),
        ("John Smith", "1979123", "", "AB5678"), ("阿卜杜热合曼·买买提", "2001020", "18600005678", ""),
        ("欧阳娜娜", "1995050", "15000012345", "zw001"), ("李", "1988080", "", ""),
    ]
    for n, (name, birth, mobile, card) in enumerate(extra):
        members.create_person({"name": name, "id_number": make_id(birth + "1", seq=101 + n),
                               "mobile": mobile, "member_card_no": card})
    x_ids = [p for p in Person.select() if p.id_number.endswith("X")]
    assert x_ids, "the office should hold an ID ending in X"
    left = list(Person.select().order_by(Person.id).limit(20))
    for p in left[::2]:
        Person.update(left_on="2024-06-30").where(Person.id == p.id).execute()
    members.create_person({"name": "动力", "id_number": make_id("19870101", seq=555)})


def _texts(sampled: int = 25) -> list[str]:
    """Fragments of what the office holds, of every length, and text that matches nothing."""
    rng = random.Random(5)
    people = list(Person.select())
    texts = {"zw", "ZW", "5678", "动力", "动力厂", "王", "z", "1", "12", "x", "X", "3X", "0012", "0012X",
             "张伟", "wang", "zhangw", "smith", "SMI", "HY-", "hy-0012X", "·买", "欧阳", "李", "无此人",
             "%", "王_", "1_3", "a\\b", '"', "部", "组", "科"}
    for p in rng.sample(people, sampled):
        for value in (p.name, p.name_pinyin, p.name_initials, p.member_card_no):
            if value:
                start = rng.randrange(len(value))
                texts.add(value[start:start + rng.choice((1, 2, 3, 4))])
        texts.add(p.id_number[-rng.choice((4, 5, 6, 18)):])
        texts.add(p.id_number[6:10])  # a birth year, in the middle of the number
        if p.mobile:
            texts.add(p.mobile[-rng.choice((4, 7, 11)):])
            texts.add(p.mobile[:3])
    return sorted(t for t in texts if t.strip())


FILTERS = [dict(), dict(include_left=True), dict(include_left=True, membership="nonmember")]


FIRST = 7  # the roster tab's first rows, asked for with a LIMIT: the full list's beginning


def _firsts(f) -> tuple[list[int], list[int]]:
    return ([r[0] for r in members.roster_rows_first(f, limit=FIRST)],
            [r[0] for r in members.roster_rows_first(f, descending=True, limit=FIRST)])


def _indexed(db, on: bool) -> None:
    db._unionoffice_search_index = on


@pytest.mark.sqlite_only
def test_the_index_finds_what_the_scan_finds(db):
    _varied_office()
    db.execute_sql("UPDATE person SET department_id = NULL WHERE id IN (SELECT id FROM person ORDER BY id DESC LIMIT 3)")
    used = apart = 0
    for text, extra in itertools.product(_texts(), FILTERS):
        f = members.RosterFilter(text=text, **extra)
        _indexed(db, True)
        used += members._indexed_candidates(text, True) is not None
        apart += members._by_departments_apart(f, False) is not None
        by_index = members.search(f), members.search(f, descending=True), members.summary(f), _firsts(f)
        _indexed(db, False)
        assert members._indexed_candidates(text, True) is None
        assert members._by_departments_apart(f, False) is None
        by_scan = members.search(f), members.search(f, descending=True), members.summary(f), _firsts(f)
        assert by_index == by_scan, (text, extra)
        assert by_index[3] == (by_index[0].ids[:FIRST], by_index[1].ids[:FIRST]), (text, extra)
    assert used > 80 * len(FILTERS)  # all but the texts with LIKE's wildcards used the index
    assert apart >= 4 * len(FILTERS)  # 动力, 部, 组, 科 … name departments: their people read apart
    _indexed(db, True)
    assert members.search_ids(members.RosterFilter(text="动力")), "something to find"


@pytest.mark.sqlite_only
def test_the_index_follows_every_change(db):
    p = members.create_person({"name": "张伟", "id_number": make_id(seq=111), "mobile": "13812345678"})
    q = members.create_person({"name": "李娜", "id_number": make_id(seq=122), "member_card_no": "HY0099"})

    def ids(text):
        return members.search_ids(members.RosterFilter(text=text, include_left=True))

    assert ids("zw") == [p.id] and ids("5678") == [p.id] and ids("hy00") == [q.id]
    members.update_person(p.id, {**members.person_values(p), "name": "赵敏", "mobile": "13900002222"})
    assert ids("zw") == [] and ids("张伟") == [] and ids("5678") == []
    assert ids("zm") == [p.id] and ids("赵敏") == [p.id] and ids("2222") == [p.id]
    Person.update(member_card_no="KP777").where(Person.id == q.id).execute()
    assert ids("hy00") == [] and ids("kp7") == [q.id]
    members.delete_person(q.id)
    assert ids("kp7") == [] and ids("李") == []
    # the index's own text is never readable: a contentless table gives back no values
    rows = db.execute_sql("SELECT rowid, id_number, mobile FROM person_number_search "
                          "WHERE person_number_search MATCH '\"2222\"'").fetchall()
    assert rows == [(p.id, None, None)]


@pytest.mark.sqlite_only
def test_an_office_of_version_18_gets_the_index_and_keeps_its_search(db, db_path):
    _varied_office()
    for trigger in search_index.TRIGGERS:
        db.execute_sql(f"DROP TRIGGER {trigger}")
    for table in ("person_search_terms", "person_search", "person_number_search"):
        db.execute_sql(f"DROP TABLE {table}")
    db.execute_sql("UPDATE schema_version SET version = 18")
    _indexed(db, False)
    expected = {t: members.search_ids(members.RosterFilter(text=t)) for t in ("zw", "5678", "动力", "王", "0012X")}
    close_database()

    db = open_database(db_path)
    assert migrations.current_version(db) == migrations.LATEST_VERSION
    assert search_index.present(db)
    for text, ids in expected.items():
        assert members._indexed_candidates(text, True) is not None
        assert members.search_ids(members.RosterFilter(text=text)) == ids, text


@pytest.mark.sqlite_only
def test_without_a_trigram_tokenizer_the_office_opens_and_scans(db_path, monkeypatch, caplog):
    monkeypatch.setattr(search_index, "TOKENIZER", "no_such_tokenizer")
    with caplog.at_level(logging.WARNING, logger="unionoffice"):
        db = open_database(db_path)
    assert migrations.current_version(db) == migrations.LATEST_VERSION
    assert "roster search index not made" in caplog.text
    assert not search_index.present(db)
    p = members.create_person({"name": "张伟", "id_number": make_id(seq=111), "mobile": "13812345678"})
    assert members.search_ids(members.RosterFilter(text="zw")) == [p.id]
    assert members.search_ids(members.RosterFilter(text="5678")) == [p.id]
    close_database()


@pytest.mark.sqlite_only
def test_a_bulk_load_with_the_triggers_off_is_indexed_by_a_rebuild(db):
    demo.fill(50, seed=3)
    with search_index.triggers_off(db):
        members.create_person({"name": "钱多多", "id_number": make_id(seq=131)})
    found = members.search_ids(members.RosterFilter(text="钱多多"))
    assert len(found) == 1
    assert members.search_ids(members.RosterFilter(text="qdd")) == found


@pytest.mark.server_only
def test_on_a_server_the_trigram_indexes_find_what_the_scan_finds(db):
    assert isinstance(db, PostgresqlDatabase)
    _varied_office()
    names = {r[0] for r in db.execute_sql("SELECT indexname FROM pg_indexes WHERE tablename = 'person'")}
    assert {f"person_{c}_trgm" for c in search_index.TRGM_COLUMNS} <= names
    db.execute_sql("ANALYZE")
    for text, extra in itertools.product(_texts(sampled=6), FILTERS[:2]):
        f = members.RosterFilter(text=text, **extra)
        with db.atomic():
            db.execute_sql("SET LOCAL jit = off")  # (its cost figures would compile every query)
            db.execute_sql("SET LOCAL enable_seqscan = off")  # the indexes wherever they can serve
            by_index = members.search(f), members.summary(f)
        with db.atomic():
            db.execute_sql("SET LOCAL jit = off")
            db.execute_sql("SET LOCAL enable_bitmapscan = off")
            db.execute_sql("SET LOCAL enable_indexscan = off")
            by_scan = members.search(f), members.summary(f)
        assert by_index == by_scan, (text, extra)
    short = [t for t in _texts(sampled=25) if members._index_key(t) and len(members._index_key(t)) <= 2]
    assert len(short) > 25
    db.execute_sql("UPDATE person SET department_id = NULL WHERE id IN (SELECT id FROM person ORDER BY id DESC LIMIT 3)")
    apart = 0
    for text, extra in itertools.product(short, FILTERS):
        f = members.RosterFilter(text=text, **extra)
        _indexed(db, True)
        assert (members._indexed_candidates(text, False) is None) == text.isdigit(), text  # digits scan
        apart += members._by_departments_apart(f, False) is not None
        by_grams = members.search(f), members.search(f, descending=True), members.summary(f), _firsts(f)
        _indexed(db, False)  # as a server without the gram table: the plain scan
        assert members._indexed_candidates(text, False) is None
        assert members._by_departments_apart(f, False) is None
        by_scan = members.search(f), members.search(f, descending=True), members.summary(f), _firsts(f)
        assert by_grams == by_scan, (text, extra)
        assert by_grams[3] == (by_grams[0].ids[:FIRST], by_grams[1].ids[:FIRST]), (text, extra)
    assert apart >= 2 * len(FILTERS)  # 部, 组 … name departments: their people read apart
    named = max((d.name for d in Department.select()), key=len)
    assert len(named) >= 4
    _indexed(db, True)
    for text in (named, named[1:4]):  # and texts of three characters or more
        f = members.RosterFilter(text=text, include_left=True)
        assert members._by_departments_apart(f, True) is not None
        expected = members.search(f, descending=True)
        _indexed(db, False)
        assert members.search(f, descending=True) == expected, text
        _indexed(db, True)
    _indexed(db, True)
    with db.atomic():
        db.execute_sql("SET LOCAL enable_seqscan = off")
        db.execute_sql("SET LOCAL jit = off")
        f = members.RosterFilter(text="zhangw", include_left=True)  # only the text's OR: each branch indexed
        plan = db.execute_sql("EXPLAIN " + members._filtered(f, Person.id).sql()[0],
                              members._filtered(f, Person.id).sql()[1]).fetchall()
    assert "BitmapOr" in str(plan) and "person_name_trgm" in str(plan), plan


@pytest.mark.server_only
def test_a_server_without_pg_trgm_still_searches(db, monkeypatch, caplog):
    monkeypatch.setattr(search_index, "TRGM_EXTENSION", "no_such_extension")
    with caplog.at_level(logging.WARNING, logger="unionoffice"):
        assert not search_index.install(db)
    assert "pg_trgm" in caplog.text
    p = members.create_person({"name": "张伟", "id_number": make_id(seq=111), "mobile": "13812345678"})
    assert members.search_ids(members.RosterFilter(text="zw")) == [p.id]



@pytest.mark.server_only
def test_on_a_server_the_gram_table_follows_every_change(db):
    assert search_index.grams_present(db)
    p = members.create_person({"name": "张伟", "id_number": make_id(seq=111), "mobile": "13812345678"})
    q = members.create_person({"name": "李娜", "id_number": make_id(seq=122), "member_card_no": "HY0099"})

    def ids(text):
        assert members._indexed_candidates(text, False) is not None, text
        return members.search_ids(members.RosterFilter(text=text, include_left=True))

    assert ids("zw") == [p.id] and ids("伟") == [p.id] and ids("Hy") == [q.id]
    members.update_person(p.id, {**members.person_values(p), "name": "赵敏"})
    assert ids("zw") == [] and ids("张伟") == [] and ids("伟") == []
    assert ids("zm") == [p.id] and ids("赵敏") == [p.id]
    Person.update(member_card_no="KP777").where(Person.id == q.id).execute()
    assert ids("hy") == [] and ids("kp") == [q.id]
    members.delete_person(q.id)
    assert ids("kp") == [] and ids("李") == []
    grams = {r[0] for r in db.execute_sql("SELECT gram FROM person_gram WHERE person_id = %s", (p.id,))}
    # the name's pieces, the pinyin's first letter and pairs, the initials' first one or two
    assert grams == {"赵", "敏", "赵敏", "z", "zh", "ha", "ao", "om", "mi", "in", "zm"}
    assert not db.execute_sql("SELECT 1 FROM person_gram WHERE person_id = %s", (q.id,)).fetchone()
    # the gram table's IN is joined, not a subplan checked against every person (when no department
    # is named, the IN stands alone in the AND, where PostgreSQL can pull it up into a join)
    sql, params = members._filtered(members.RosterFilter(text="zm"), Person.id).sql()
    plan = str(db.execute_sql("EXPLAIN " + sql, params).fetchall())
    assert "person_gram" in plan and "SubPlan" not in plan, plan
    members.update_person(p.id, {**members.person_values(p), "member_card_no": "Zw-7701"})
    grams = {r[0] for r in db.execute_sql("SELECT gram FROM person_gram WHERE person_id = %s", (p.id,))}
    assert {"zw", "w-", "-7", "-"} <= grams and not grams & {"7", "77", "70", "0", "01", "1"}
    assert ids("w-") == [p.id] and ids("Zw") == [p.id]
    assert members._indexed_candidates("77", False) is None  # digits alone scan
    assert members.search_ids(members.RosterFilter(text="77", include_left=True)) == [p.id]


@pytest.mark.server_only
def test_on_a_server_a_bulk_load_with_the_trigger_off_fills_the_gram_table_again(db):
    demo.fill(50, seed=3)  # (a small fill: the trigger adds each person)
    with db.atomic(), search_index.triggers_off(db):
        members.create_person({"name": "钱多多", "id_number": make_id(seq=131)})
        assert not db.execute_sql("SELECT 1 FROM person_gram WHERE gram = '钱多'").fetchone()
    found = members.search_ids(members.RosterFilter(text="钱多多"))
    assert len(found) == 1
    assert members.search_ids(members.RosterFilter(text="钱多")) == found
    assert members.search_ids(members.RosterFilter(text="qd")) == found
    total = db.execute_sql("SELECT COUNT(*) FROM person_gram").fetchone()[0]
    search_index.rebuild(db)
    assert db.execute_sql("SELECT COUNT(*) FROM person_gram").fetchone()[0] == total
