"""The office on a PostgreSQL server: moving it from a file and back with every row verified, backups
and restores through office files, the migration safety copy, and the command line. Needs a server
(``./dev test-pg``); the rest of the suite runs against it as well."""

import datetime as dt
import os
import subprocess
import sys

import pytest

from unionoffice.db import backup, migrations, transfer
from unionoffice.db.connection import close_database, open_database
from unionoffice.db.models import Notice, NoticeAttachment, Person, Signup
from unionoffice.domain import demo, members
from tests.conftest import SERVER, _admin, _server_url

pytestmark = pytest.mark.server_only


@pytest.fixture
def empty_server():
    name = f"uo_empty_{os.getpid()}"
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
    yield _server_url(name)
    close_database()
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def snapshot():
    """Values of every kind of column, to compare offices read through the models."""
    people = [(p.id, p.name, p.birth_date, p.is_migrant, p.union_group_id, p.membership_state, p.created_at)
              for p in Person.select().order_by(Person.id)]
    signups = [(s.id, s.activity_id, s.person_id, s.attended, s.walk_in) for s in Signup.select().order_by(Signup.id)]
    blobs = [bytes(a.data) for a in NoticeAttachment.select().order_by(NoticeAttachment.id)]
    return people, signups, blobs


def test_a_file_moves_to_the_server_and_back_with_every_row(tmp_path, empty_server):
    office = tmp_path / "office.sqlite3"
    open_database(office)
    demo.fill(80, seed=5)
    notice = Notice.select().first()
    NoticeAttachment.create(notice=notice, filename="照片.png", size=300, data=b"\x89PNG\x00\xff" * 50)
    before = snapshot()
    close_database()

    counts = transfer.file_to_server(office, empty_server)
    assert counts["person"] == 80 and sum(counts.values()) > 500
    open_database(empty_server)
    assert snapshot() == before
    # the sequences moved past the copied ids: new rows get new ids
    fresh = members.create_person({"name": "新调入", "id_number": "110101199001011237"})
    assert fresh.id == 81
    close_database()

    back = tmp_path / "back.sqlite3"
    counts_back = transfer.server_to_file(empty_server, back)
    assert counts_back["person"] == 81
    open_database(back)
    assert snapshot()[0][:80] == before[0] and snapshot()[1:] == before[1:]
    close_database()


def test_a_copy_that_does_not_verify_leaves_the_target_as_it_was(tmp_path, empty_server, monkeypatch):
    office = tmp_path / "office.sqlite3"
    open_database(office)
    demo.fill(10, seed=1)
    close_database()
    transfer.file_to_server(office, empty_server)
    open_database(office)
    demo.fill(5, seed=2)
    close_database()
    real = transfer.row_counts
    monkeypatch.setattr(transfer, "row_counts", lambda db: {**real(db), "person": -1}
                        if db.database == str(office) else real(db))
    with pytest.raises(transfer.TransferError, match="行数"):
        transfer.file_to_server(office, empty_server)
    assert transfer.people_on(empty_server) == 10


def test_backup_and_restore_of_a_server_office(db, db_path):
    demo.fill(30, seed=8)
    saved = backup.make_backup(db_path, "manual")
    assert backup.headline_counts(saved)[0] == 30
    assert backup.list_backups(db_path)[0].path == saved
    members.create_person({"name": "备份之后", "id_number": "110101199001011237"})
    close_database()
    safety = backup.restore(saved, db_path)
    open_database(db_path)
    assert Person.select().count() == 30
    assert backup.headline_counts(safety)[0] == 31


def test_migrating_a_server_office_keeps_a_copy_of_every_table_first(empty_server):
    import peewee

    from unionoffice.db.connection import server_database

    old = server_database(empty_server)
    migrations.upgrade(old, target=migrations.LATEST_VERSION - 1)
    old.execute_sql("INSERT INTO department (name, sort_order, note) VALUES ('动力厂', 0, '')")
    old.close()
    db = open_database(empty_server)
    assert migrations.current_version(db) == migrations.LATEST_VERSION
    schemas = [r[0] for r in db.execute_sql(
        "SELECT schema_name FROM information_schema.schemata WHERE schema_name LIKE %s", ("before_migration_v%",))]
    assert len(schemas) == 1
    assert db.execute_sql(f'SELECT name FROM "{schemas[0]}".department').fetchall() == [("动力厂",)]
    assert isinstance(db, peewee.PostgresqlDatabase)


def test_cli_transfer_backup_and_check(tmp_path, empty_server):
    run = lambda *a: subprocess.run([sys.executable, "-m", "unionoffice", *map(str, a)],  # noqa: E731
                                    capture_output=True, text=True, timeout=180)
    office = tmp_path / "office.sqlite3"
    assert run("demo", "--db", office, "--members", 25).returncode == 0
    moved = run("transfer", "--from", office, "--to", empty_server)
    assert moved.returncode == 0, moved.stderr
    assert "核对行数一致" in moved.stdout
    again = run("transfer", "--from", office, "--to", empty_server)
    assert again.returncode == 1 and "--replace" in again.stderr
    assert run("transfer", "--from", office, "--to", empty_server, "--replace").returncode == 0
    assert run("check", "--db", empty_server).stdout.strip() == "ok"
    out = tmp_path / "from-server.sqlite3"
    made = run("backup", "--db", empty_server, "-o", out)
    assert made.returncode == 0, made.stderr
    assert backup.headline_counts(out) == backup.headline_counts(office)
    exported = run("export", "roster", "--db", empty_server, "-o", tmp_path / "roster.xlsx")
    assert exported.returncode == 0, exported.stderr
    both_files = run("transfer", "--from", office, "--to", tmp_path / "x.sqlite3")
    assert both_files.returncode == 2
    refused = run("transfer", "--from", empty_server, "--to", office)
    assert refused.returncode == 1 and "已存在" in refused.stderr
    bad = run("check", "--db", _server_url("no_such_office_db"))
    assert bad.returncode == 1 and "无法连接" in bad.stdout


def test_server_url_for_the_test_run_is_loopback():
    assert "127.0.0.1" in SERVER or "localhost" in SERVER


def test_bad_sources_are_refused_and_nothing_is_left_half_written(tmp_path, empty_server):
    import sqlite3

    foreign = tmp_path / "other-program.sqlite3"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE expenses (amount)")
    con.commit()
    con.close()
    before = foreign.read_bytes()
    with pytest.raises(transfer.TransferError, match="不是工会办公室的数据文件"):
        transfer.file_to_server(foreign, empty_server)
    assert foreign.read_bytes() == before  # none of our tables built into someone else's file
    picture = tmp_path / "photo.sqlite3"
    picture.write_bytes(b"\x89PNG" * 100)
    with pytest.raises(transfer.TransferError, match="不是工会办公室的数据文件"):
        transfer.file_to_server(picture, empty_server)
    assert transfer.people_on(empty_server) == 0

    out = tmp_path / "from-empty.sqlite3"
    with pytest.raises(transfer.TransferError, match="版本"):  # the server database holds no office
        transfer.server_to_file(empty_server, out)
    assert not out.exists() and not list(tmp_path.glob("from-empty*"))
    with pytest.raises(transfer.TransferError, match="无法连接"):
        transfer.people_on(_server_url("no_such_office_db"))


def test_every_workbook_from_a_server_office_equals_the_one_from_its_file_copy(db, db_path, tmp_path):
    """The same office, on the server and moved into a file: each export, read back, is the same
    cell for cell (dates, money, masks, order)."""
    from openpyxl import load_workbook

    from unionoffice.domain import congress, statistics
    from unionoffice.ledgers import activities as activities_ledger
    from unionoffice.excel import annual_report
    from unionoffice.ledgers import roster_export
    from unionoffice.ledgers import wages as wages_ledger
    from unionoffice.ledgers import motions as motions_ledger
    from unionoffice.ledgers import notices as notices_ledger
    from unionoffice.ledgers import assistance as assistance_ledger

    demo.fill(80, seed=9)
    today = dt.date.today()

    def export_all(tag):
        folder = tmp_path / tag
        folder.mkdir()
        roster_export.export_roster(folder / "roster.xlsx", include_all=True)
        notices_ledger.export_ledger(folder / "notices.xlsx", today.year)
        activities_ledger.export_ledger(folder / "activities.xlsx", today.year)
        assistance_ledger.export_workbook(folder / "welfare.xlsx", today.year, full=True)
        wages_ledger.export_month(folder / "dues.xlsx", today.strftime("%Y-%m"))
        motions_ledger.export_session(folder / "motions.xlsx", congress.congresses()[0].id)
        annual_report.write_annual(folder / "annual.xlsx", statistics.annual(today.year),
                                   statistics.checks(today.year), None)
        return folder

    on_server = export_all("server")
    close_database()
    copy = tmp_path / "copy.sqlite3"
    transfer.server_to_file(db_path, copy)
    open_database(copy)
    in_file = export_all("file")
    for path in sorted(on_server.iterdir()):
        a, b = load_workbook(path), load_workbook(in_file / path.name)
        assert a.sheetnames == b.sheetnames, path.name
        for ws in a.worksheets:
            rows = list(ws.iter_rows(values_only=True))
            assert len(rows) > 2, (path.name, ws.title)
            assert rows == list(b[ws.title].iter_rows(values_only=True)), (path.name, ws.title)
