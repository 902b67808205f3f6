"""会费 per month kept by triggers (db/dues_totals.py, issue 28): the totals the books and the 全年汇总
read are always those of the payments, through every way a payment is written or taken out."""

import datetime as dt
import sqlite3

import pytest
from peewee import SqliteDatabase, fn

from unionoffice.db import dues_totals, migrations
from unionoffice.db.models import DuesPayment, database
from unionoffice.domain import demo, dues, funds


def _counted() -> dict:
    """The months' totals counted from the payments themselves, as the books read them before."""
    rows = (DuesPayment.select(DuesPayment.month, fn.SUM(DuesPayment.amount_fen), fn.COUNT(DuesPayment.id),
                               fn.MAX(DuesPayment.paid_on)).group_by(DuesPayment.month).tuples())
    return {str(m)[:10]: (int(a), n, str(last)[:10]) for m, a, n, last in rows}


def _kept() -> dict:
    rows = database.execute_sql("SELECT month, amount_fen, people, last_paid_on FROM dues_month_total").fetchall()
    return {str(m)[:10]: (int(a), n, str(last)[:10]) for m, a, n, last in rows}


def _month_with_payments() -> dt.date:
    return dues._as_date(DuesPayment.select(DuesPayment.month).order_by(DuesPayment.month).scalar())


def test_every_change_to_a_payment_keeps_its_months_total(db):
    demo.fill(120, seed=11)  # a small office: its payments went in through the triggers
    assert _kept() == _counted() and _kept()
    month = _month_with_payments()
    paid = list(DuesPayment.select().where(DuesPayment.month == month).order_by(DuesPayment.paid_on.desc(),
                                                                                  DuesPayment.id))
    # the month's latest payment taken out: the month's latest date is read again
    latest = paid[0]
    others_latest = max((p.paid_on for p in paid[1:]), default=None)
    dues.undo_payment(month, latest.person_id)
    assert _kept() == _counted()
    assert _kept()[month.isoformat()][2] == str(others_latest)[:10]
    # paid again, on a later day
    later = dues.month_end(month) + dt.timedelta(days=5)
    assert dues.mark_paid(month, [latest.person_id], on=later) == 1
    assert _kept()[month.isoformat()][2] == later.isoformat()
    assert _kept() == _counted()
    # a payment moved to another month, its amount and date changed (an edit in SQL, as a repair would)
    moved = paid[1]
    DuesPayment.update(month=dt.date(2001, 1, 1), amount_fen=1234, paid_on=dt.date(2001, 1, 9)).where(
        DuesPayment.id == moved.id).execute()
    assert _kept()["2001-01-01"] == (1234, 1, "2001-01-09")
    assert _kept() == _counted()
    # a change that moves nothing (the note) leaves the totals alone; the only payment of a month gone
    DuesPayment.update(note="补记").where(DuesPayment.id == moved.id).execute()
    DuesPayment.delete().where(DuesPayment.id == moved.id).execute()
    assert "2001-01-01" not in _kept()
    assert _kept() == _counted()


def test_a_failed_write_leaves_the_totals_as_they_were(db):
    demo.fill(60, seed=12)
    before = _kept()
    month = _month_with_payments()
    person = DuesPayment.select().where(DuesPayment.month == month).first().person_id
    with pytest.raises(Exception):
        with database.atomic():
            dues.undo_payment(month, person)
            raise RuntimeError("the write fails after the payment was taken out")
    assert _kept() == before == _counted()


def test_the_books_and_the_year_summary_read_the_kept_totals(db):
    demo.fill(150, seed=13)
    year = _month_with_payments().year
    lines = [line for line in funds.linked_lines(dt.date(year, 1, 1), dt.date(year, 12, 31)) if line.source == "会费"]
    counted = {m: v for m, v in _counted().items() if m.startswith(str(year))}
    assert [line.amount_fen for line in lines] == [v[0] for _, v in sorted(counted.items()) if v[0] > 0]
    assert all(f"（{v[1]}人）" in line.summary for line, (_, v) in zip(lines, sorted(counted.items())))
    summary = {r["month"].isoformat(): r["paid_fen"] for r in dues.year_summary(year)}
    assert summary == {m: counted.get(m, (0,))[0] for m in summary}
    # what the totals say is what is read: a total changed behind the triggers' back shows (and the
    # file check finds it, below)
    first = min(counted)
    database.execute_sql("UPDATE dues_month_total SET amount_fen = amount_fen + 100 WHERE month = "
                         + ("?" if isinstance(database.obj, SqliteDatabase) else "%s"),
                         [first if isinstance(database.obj, SqliteDatabase) else dt.date.fromisoformat(first)])
    assert dues.paid_by_month(dt.date(year, 1, 1), dt.date(year, 12, 31))[0]["amount_fen"] == counted[first][0] + 100
    assert dues_totals.mismatches(database.execute_sql)
    with database.atomic():
        dues_totals.rebuild(database.obj)
    assert not dues_totals.mismatches(database.execute_sql)


def test_a_bulk_write_with_the_triggers_off_is_counted_once_after(db):
    demo.fill(80, seed=14)
    month = _month_with_payments()
    with database.atomic(), dues_totals.triggers_off(database.obj):
        DuesPayment.delete().where(DuesPayment.month == month).execute()
    assert month.isoformat() not in _kept() and _kept() == _counted()
    # and the triggers are back
    person = DuesPayment.select().first().person_id
    DuesPayment.delete().where(DuesPayment.person == person).execute()
    assert _kept() == _counted()


@pytest.mark.sqlite_only
def test_the_file_check_finds_a_wrong_total_and_repair_mends_it(db, db_path, capsys):
    from unionoffice import cli
    from unionoffice.db.check import check_file
    from unionoffice.db.connection import close_database

    demo.fill(60, seed=15)
    assert check_file(db_path) == []
    close_database()
    con = sqlite3.connect(db_path)
    con.execute("UPDATE dues_month_total SET people = people + 1 WHERE month = (SELECT MIN(month) FROM dues_month_total)")
    con.commit()
    con.close()
    problems = check_file(db_path)
    assert len(problems) == 1 and problems[0].startswith("会费月合计：") and "--repair" in problems[0]
    assert cli.main(["check", "--db", str(db_path)]) == cli.EXIT_FAIL
    assert cli.main(["check", "--db", str(db_path), "--repair"]) == cli.EXIT_OK
    assert "重新统计" in capsys.readouterr().out
    assert check_file(db_path) == []


def test_an_office_of_version_20_gets_its_totals_counted(db, db_path):
    """Migration 21 on an office with a year of payments: the table is made and filled, and kept after."""
    from unionoffice.db.connection import close_database, open_database

    demo.fill(100, seed=16)
    counted = _counted()
    for name in dues_totals.TRIGGERS if isinstance(db, SqliteDatabase) else ():
        db.execute_sql(f"DROP TRIGGER {name}")
    if not isinstance(db, SqliteDatabase):
        db.execute_sql(f"DROP TRIGGER {dues_totals.PG_TRIGGER} ON dues_payment")
    db.execute_sql(f"DROP TABLE {dues_totals.TABLE}")
    db.execute_sql('DROP INDEX "dues_payment_month_paid"')
    db.execute_sql('CREATE INDEX "dues_payment_month_totals" ON "dues_payment" ("month", "amount_fen", "paid_on")')
    db.execute_sql("UPDATE schema_version SET version = 20")
    close_database()

    open_database(db_path)
    assert migrations.current_version(database.obj) == migrations.LATEST_VERSION
    assert _kept() == counted
    month = _month_with_payments()
    dues.undo_payment(month, DuesPayment.select().where(DuesPayment.month == month).first().person_id)
    assert _kept() == _counted()


@pytest.mark.server_only
def test_the_server_check_finds_a_wrong_total_and_repair_mends_it(db, db_path):
    from unionoffice import cli
    from unionoffice.db.connection import check_server, close_database

    demo.fill(60, seed=17)
    assert check_server(db_path) == []
    database.execute_sql("UPDATE dues_month_total SET amount_fen = 0")
    close_database()
    problems = check_server(db_path)
    assert problems and all(p.startswith("会费月合计：") for p in problems)
    assert cli.main(["check", "--db", db_path, "--repair"]) == cli.EXIT_OK
    close_database()
    assert check_server(db_path) == []
