import sqlite3

import pytest
from peewee import SqliteDatabase

from unionoffice.db import migrations
from unionoffice.db.connection import SQLITE_PRAGMAS, close_database, open_database


def test_new_database_is_at_latest_version(db):
    assert migrations.current_version(db) == migrations.LATEST_VERSION
    assert db.table_exists("person") and db.table_exists("audit_log")


@pytest.mark.sqlite_only
def test_previous_version_is_upgraded_with_rows_intact_and_backed_up(db_path):
    old = SqliteDatabase(str(db_path), pragmas=SQLITE_PRAGMAS)
    migrations.upgrade(old, target=migrations.LATEST_VERSION - 1)
    old.execute_sql("INSERT INTO department (name, sort_order, note) VALUES ('动力厂', 0, '')")
    old.execute_sql("INSERT INTO setting (key, value) VALUES ('chapter.union_name', '\"某某工会\"')")
    old.execute_sql("INSERT INTO union_group (name, department_id, note) VALUES ('第一小组', 1, '')")
    old.close()

    db = open_database(db_path)
    try:
        assert migrations.current_version(db) == migrations.LATEST_VERSION
        assert db.execute_sql("SELECT name FROM department").fetchall() == [("动力厂",)]
        assert db.execute_sql("SELECT value FROM setting WHERE key='chapter.union_name'").fetchone()[0] == '"某某工会"'
        assert db.execute_sql("SELECT name, leader_id FROM union_group").fetchall() == [("第一小组", None)]
    finally:
        close_database()
    backups = list((db_path.parent / "backups").glob("*before-migration*"))
    assert len(backups) == 1
    con = sqlite3.connect(backups[0])
    assert con.execute("SELECT version FROM schema_version").fetchone()[0] == migrations.LATEST_VERSION - 1
    assert con.execute("SELECT name FROM department").fetchall() == [("动力厂",)]
    con.close()


def test_a_file_from_a_newer_program_is_refused(db_path):
    db = open_database(db_path)
    db.execute_sql("UPDATE schema_version SET version = 999")
    close_database()
    with pytest.raises(RuntimeError, match="升级程序"):
        open_database(db_path)
    close_database()


@pytest.mark.sqlite_only
def test_pragmas(db):
    assert db.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute_sql("PRAGMA synchronous").fetchone()[0] == 2


def _undo_name_order(db) -> None:
    """Back from version 12 to 11: the roster index on the plain pinyin, no name_key."""
    db.execute_sql('DROP INDEX "person_roster_order"')
    db.execute_sql('DROP INDEX IF EXISTS "person_department_roster"')  # (migration 19's, on name_key)
    db.execute_sql('ALTER TABLE "person" DROP COLUMN "name_key"')
    db.execute_sql('CREATE INDEX "person_roster_order" ON "person" (name_pinyin, id, membership_state, left_on)')
    db.execute_sql("UPDATE schema_version SET version = 11")


def test_an_office_of_version_11_gets_its_names_in_pinyin_order(db, db_path):
    """Migration 12 stores each person's collation key and walks it for the roster: 陈 before 程,
    李 before 林 whatever the given name, on an office whose people were written before it."""
    from unionoffice.domain import members

    names = ["程刚", "陈伟", "李平娟", "林峰", "李桂", "李娜", "曾明", "章安", "张强"]
    for n, name in enumerate(names):
        members.create_person({"name": name, "id_number": _id(n)})
    _undo_name_order(db)
    close_database()

    db = open_database(db_path)
    assert migrations.current_version(db) == migrations.LATEST_VERSION
    ids = members.search_ids(members.RosterFilter())
    shown = [members.get_person(i).name for i in ids]
    assert shown == ["陈伟", "程刚", "李桂", "李娜", "李平娟", "林峰", "曾明", "张强", "章安"]
    plan = db.execute_sql("EXPLAIN QUERY PLAN SELECT id FROM person ORDER BY name_key, id").fetchall() \
        if isinstance(db, SqliteDatabase) else [("person_roster_order",)]
    assert "person_roster_order" in str(plan)


def _id(n: int) -> str:
    from unionoffice.domain.validation import id_check_char

    first17 = f"11010119800101{n:03d}"
    return first17 + id_check_char(first17)


def test_a_full_office_of_the_previous_version_upgrades_with_every_row(db, db_path):
    """Migration 11 on an office with people, histories, motions, payments and sign-ups (on both
    backends): every row is still there, and the new row versions work."""
    from unionoffice.db import transfer
    from unionoffice.db.models import Person
    from unionoffice.domain import demo

    demo.fill(150, seed=6)
    counts = transfer.row_counts(db)
    _undo_name_order(db)
    for table in migrations.VERSIONED_TABLES:  # back to version 10, as an older program left it
        db.execute_sql(f'DROP TRIGGER "{table}_row_version"' + (
            f' ON "{table}"' if not isinstance(db, SqliteDatabase) else ""))
        db.execute_sql(f'ALTER TABLE "{table}" DROP COLUMN row_version')
    db.execute_sql("UPDATE schema_version SET version = 10")
    close_database()

    db = open_database(db_path)
    assert migrations.current_version(db) == migrations.LATEST_VERSION
    assert transfer.row_counts(db) == counts
    person = Person.select().first()
    assert person.row_version == 1  # migration 12 then wrote each person's name_key
    Person.update(note="升级后").where(Person.id == person.id).execute()
    assert Person.get_by_id(person.id).row_version == 2


@pytest.mark.sqlite_only
def test_v13_adds_the_finer_code_columns_with_people_intact(db_path):
    old = SqliteDatabase(str(db_path), pragmas=SQLITE_PRAGMAS)
    migrations.upgrade(old, target=13 - 1)
    required = ("name_pinyin name_initials gender ethnicity employment_status id_type skill_level mobile "
                "hukou_type hukou_place position native_place employment_form union_post member_card_no note "
                "membership_state").split()
    blanks = ", ''" * len(required)
    old.execute_sql(f"INSERT INTO person (name, id_number, education, political_status, id_upgraded, is_migrant, "
                    f"created_at, updated_at, {', '.join(required)}) VALUES ('张伟', '110101198503121234', "
                    f"'研究生', '民主党派', 0, 0, '2026-01-01', '2026-01-01'{blanks})")
    old.close()
    db = open_database(db_path)
    try:
        assert migrations.current_version(db) >= 13
        assert db.execute_sql("SELECT name, education, education_detail, political_detail FROM person"
                              ).fetchall() == [("张伟", "研究生", "", "")]
    finally:
        close_database()


def test_code_values_get_full_width_brackets(db, db_path):
    """Migration 14: 待(下)岗, 职业资格二级(技师), 劳动(工作)关系发生变化 and 职工(代表)大会 as they were
    stored before become full-width wherever they are kept; a code listed in both spellings once."""
    from unionoffice.db.models import CodeItem, MembershipEvent, Notice, Person
    from unionoffice.domain import demo

    demo.fill(40, seed=3)
    person = Person.select().first()
    Person.update(employment_status="待(下)岗", skill_level="职业资格二级(技师)").where(Person.id == person.id).execute()
    event = MembershipEvent.create(person=person.id, kind="转出", date="2026-01-05", reason="劳动(工作)关系发生变化")
    notice = Notice.select().first()
    Notice.update(form="职工(代表)大会").where(Notice.id == notice.id).execute()
    CodeItem.update(value="待(下)岗").where(CodeItem.value == "待（下）岗").execute()
    CodeItem.create(category="employment_status", value="退养(内退)")  # beside 退养（内退）
    CodeItem.create(category="employment_status", value="Type(A)")  # no Chinese: left alone
    before_14 = migrations.MIGRATIONS.index(migrations._v14_fullwidth_brackets)  # 14 runs again, whatever follows
    db.execute_sql(f"UPDATE schema_version SET version = {before_14}")
    close_database()

    db = open_database(db_path)
    assert migrations.current_version(db) == migrations.LATEST_VERSION
    person = Person.get_by_id(person.id)
    assert (person.employment_status, person.skill_level) == ("待（下）岗", "职业资格二级（技师）")
    assert MembershipEvent.get_by_id(event.id).reason == "劳动（工作）关系发生变化"
    assert Notice.get_by_id(notice.id).form == "职工（代表）大会"
    statuses = [c.value for c in CodeItem.select().where(CodeItem.category == "employment_status")]
    assert "待（下）岗" in statuses and statuses.count("退养（内退）") == 1 and "Type(A)" in statuses
    assert not [v for v in statuses if "(" in v and v != "Type(A)"]


@pytest.mark.sqlite_only
def test_hardship_files_gain_the_full_form(db_path):
    """Migration 18: a file and its family members from before keep their values and get the new
    fields empty (no category reason, no suggestion, no 刚性支出), so the 低保 arithmetic is unchanged."""
    before_18 = migrations.MIGRATIONS.index(migrations._v18_hardship_form)
    old = SqliteDatabase(str(db_path), pragmas=SQLITE_PRAGMAS)
    migrations.upgrade(old, target=before_18)

    def insert(table, **values):  # every other NOT NULL column as the program wrote it then: empty or 0
        for _cid, name, kind, notnull, default, _pk in old.execute_sql(f'PRAGMA table_info("{table}")').fetchall():
            if notnull and default is None and name not in values and name != "id":
                values[name] = 0 if kind.upper() in ("INTEGER", "REAL") else ""
        old.execute_sql(f'INSERT INTO "{table}" ({", ".join(values)}) VALUES ({", ".join("?" for _ in values)})',
                        list(values.values()))

    insert("person", name="张三", id_number="110101198001010013", created_at="2025-01-01 00:00:00",
           updated_at="2025-01-01 00:00:00")
    insert("hardship_case", person_id=1, category="深度困难", family_size=3, family_income_fen=3600000, stage="建档",
           applied_on="2025-03-01")
    insert("family_member", case_id=1, name="张小三", relation="儿子")
    old.close()

    open_database(db_path)
    try:
        from unionoffice.db.models import FamilyMember, HardshipCase
        from unionoffice.domain import welfare

        case = HardshipCase.get_by_id(1)
        assert (case.category, case.family_income_fen, case.staff_no, case.single_parent, case.contract_from,
                case.medical_expense_fen, case.category_reason) == ("深度困难", 3600000, "", False, None, 0, "")
        assert welfare.per_capita_monthly_fen(case) == 100000
        assert (FamilyMember.get_by_id(1).name, FamilyMember.get_by_id(1).gender) == ("张小三", "")
    finally:
        close_database()
