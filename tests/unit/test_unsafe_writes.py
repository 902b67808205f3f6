"""Issue 20, hardening: offices the program must not write to (newer, foreign, missing, damaged,
read-only, full disk, busy), each refused in Chinese with nothing written and no traceback."""

import hashlib
import os
import sqlite3
import subprocess
import sys
import time

import pytest

from tests.conftest import SAMPLE
from tests.unit.test_cli import cli


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def people(db):
    con = sqlite3.connect(db)
    try:
        return con.execute("SELECT COUNT(*) FROM person").fetchone()[0]
    finally:
        con.close()


@pytest.fixture
def office(tmp_path):
    db = tmp_path / "office.sqlite3"
    assert cli("demo", "--db", db, "--members", 5).returncode == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    return db


@pytest.mark.sqlite_only
def test_an_office_from_a_newer_version_is_refused_in_chinese(office, tmp_path):
    con = sqlite3.connect(office)
    con.execute("UPDATE schema_version SET version = 999")
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = digest(office)
    for args in (("import", "members", SAMPLE, "--db", office),
                 ("export", "roster", "--db", office, "-o", tmp_path / "r.xlsx"),
                 ("report", "annual", "--year", 2026, "--db", office, "-o", tmp_path / "a.xlsx", "--no-charts"),
                 ("demo", "--db", office)):
        result = cli(*args)
        assert result.returncode == 1, (args, result.stderr)
        assert "此数据文件由较新版本" in result.stderr and "Traceback" not in result.stderr, args
    checked = cli("check", "--db", office)
    assert checked.returncode == 1 and "较新版本" in checked.stdout
    assert digest(office) == before
    assert not (tmp_path / "r.xlsx").exists() and not (tmp_path / "a.xlsx").exists()


@pytest.mark.sqlite_only
def test_another_programs_sqlite_file_is_refused_not_converted(tmp_path):
    foreign = tmp_path / "other.db"
    con = sqlite3.connect(foreign)
    con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY, total REAL)")
    con.execute("INSERT INTO invoices (total) VALUES (9.5)")
    con.commit()
    con.close()
    before = digest(foreign)
    for args in (("export", "roster", "--db", foreign, "-o", tmp_path / "r.xlsx"),
                 ("import", "members", SAMPLE, "--db", foreign, "--create"),
                 ("demo", "--db", foreign)):
        result = cli(*args)
        assert result.returncode == 1 and "不是工会办公室的数据文件" in result.stderr, (args, result.stderr)
        assert "Traceback" not in result.stderr
    assert digest(foreign) == before and not list(tmp_path.glob("other.db-*"))
    checked = cli("check", "--db", foreign)
    assert checked.returncode == 1 and "不是工会办公室的数据文件" in checked.stdout


def test_a_mistyped_db_path_creates_nothing_unless_asked(tmp_path):
    missing = tmp_path / "offfice.sqlite3"
    result = cli("import", "members", SAMPLE, "--db", missing)
    assert result.returncode == 1 and "找不到数据文件" in result.stderr and "--create" in result.stderr
    assert not missing.exists()
    assert cli("import", "members", SAMPLE, "--db", missing, "--dry-run").returncode == 1
    assert not missing.exists()
    made = cli("import", "members", SAMPLE, "--db", missing, "--create")
    assert made.returncode == 0, made.stderr
    assert people(missing) == 374


@pytest.mark.sqlite_only
def test_no_import_into_a_damaged_office(tmp_path):
    db = tmp_path / "office.sqlite3"
    assert cli("demo", "--db", db, "--members", 400).returncode == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name='person'").fetchone()[0]
    con.close()
    with open(db, "r+b") as fh:  # scribble over the person table's root page
        fh.seek((root - 1) * page_size + 8)
        fh.write(b"\xde\xad\xbe\xef" * 256)
    before = digest(db)
    backups = set((tmp_path / "backups").glob("*")) if (tmp_path / "backups").exists() else set()
    result = cli("import", "members", SAMPLE, "--db", db)
    assert result.returncode == 1, result.stderr
    assert "已损坏" in result.stderr and "备份与恢复" in result.stderr and "Traceback" not in result.stderr
    assert digest(db) == before
    after = set((tmp_path / "backups").glob("*")) if (tmp_path / "backups").exists() else set()
    assert after == backups  # no damaged copy passed off as a backup


# In-process: the failures are made to happen where they would on a real machine.

def run_cli(*args):
    from unionoffice import cli as command_line

    return command_line.main([str(a) for a in args])


def test_a_full_disk_during_the_pre_import_backup(office, monkeypatch, capsys):
    from unionoffice.db import backup

    real_connect = sqlite3.connect

    class FullDisk:  # a connection whose online backup finds the disk full
        def __init__(self, con):
            self.con = con

        def backup(self, dst):
            raise sqlite3.OperationalError("database or disk is full")

        def __getattr__(self, name):
            return getattr(self.con, name)

    def connect(name, *a, **k):
        con = real_connect(name, *a, **k)
        return FullDisk(con) if str(name).startswith("file:") else con

    monkeypatch.setattr(backup.sqlite3, "connect", connect)
    before = people(office)
    assert run_cli("import", "members", SAMPLE, "--db", office) == 1
    err = capsys.readouterr().err
    assert "磁盘空间不足" in err and "没有任何改动" in err
    assert people(office) == before
    assert not list(office.parent.rglob("*.part"))


def test_a_read_only_office_file(office, monkeypatch, capsys):
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode, **k: False if (
        str(p) == str(office) and mode == os.W_OK) else real_access(p, mode, **k))
    before = people(office)
    assert run_cli("import", "members", SAMPLE, "--db", office) == 1
    err = capsys.readouterr().err
    assert "只读" in err and "没有任何改动" in err
    assert people(office) == before


def test_a_write_refused_after_the_backup_is_explained(office, monkeypatch, capsys):
    """Root ignores the read-only bit; whatever refuses a write mid-import, the message is Chinese."""
    from unionoffice.db import bulk

    def refuse(*a, **k):
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(bulk, "insert_rows", refuse)
    before = people(office)
    assert run_cli("import", "members", SAMPLE, "--db", office) == 1
    err = capsys.readouterr().err
    assert "只读" in err and "没有任何改动" in err and "readonly" not in err
    assert people(office) == before


def _lock(path):
    from PySide6.QtCore import QLockFile

    lock = QLockFile(str(path))
    assert lock.tryLock(0)
    return lock


@pytest.mark.sqlite_only
def test_a_command_says_the_window_has_the_office_open(office):
    lock = _lock(str(office.resolve()) + ".lock")  # as the window holds it
    try:
        result = cli("import", "members", SAMPLE, "--db", office)
    finally:
        lock.unlock()
    assert result.returncode == 0, result.stderr
    assert "正在工会办公室窗口中打开" in result.stderr and "自动刷新" in result.stderr
    assert people(office) == 5 + 374


@pytest.mark.sqlite_only
def test_a_second_command_waits_for_the_first_saying_so(office):
    lock = _lock(str(office.resolve()) + ".command.lock")  # as a first import holds it
    second = subprocess.Popen([sys.executable, "-m", "unionoffice", "import", "members", str(SAMPLE),
                               "--db", str(office)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        time.sleep(4)
        assert second.poll() is None  # waiting, not failing with "database is locked"
        assert people(office) == 5
    finally:
        lock.unlock()
    out, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert "等待它完成" in err
    assert people(office) == 5 + 374


def test_an_over_long_roster_cell_is_rejected_with_its_row(db, tmp_path):
    """户籍所在地 was checked at 200 characters for a column of 100: PostgreSQL refused the whole
    import (StringDataRightTruncation) without naming the row."""
    from unionoffice.ledgers import roster_import
    from tests.helpers import make_id, write_roster

    header = ["姓名", "身份证号", "户籍所在地", "岗位", "工会职务"]
    rows = [["甲", make_id(seq=11), "户" * 150, "", ""], ["乙", make_id(seq=13), "", "岗" * 51, ""],
            ["丙", make_id(seq=15), "", "", "职" * 31], ["丁", make_id(seq=17), "北京", "工人", "组长"]]
    plan = roster_import.classify(roster_import.read_roster(write_roster(tmp_path / "r.xlsx", header, rows)))
    found = {r.row: (r.column, r.reason) for r in plan.rejections}
    assert found[2][0] == "户籍所在地" and "最多 100 字" in found[2][1]
    assert found[3][0] == "岗位" and "最多 50 字" in found[3][1]
    assert found[4][0] == "工会职务" and "最多 30 字" in found[4][1]
    assert [r.values["name"] for r in plan.new] == ["丁"]
