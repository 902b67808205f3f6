import datetime as dt
import os
import sqlite3
import stat
import subprocess
import sys

import pytest

from unionoffice.db import backup, session
from unionoffice.db.connection import close_database, open_database
from unionoffice.domain import demo, members
from unionoffice.paths import backup_stem, backups_dir
from tests.helpers import make_id


def names(infos):
    return [i.created for i in infos]


def test_backup_is_a_consistent_copy_with_counts(db, db_path):
    demo.fill(40, seed=3)
    employees, member_count = members.headcount()
    path = backup.make_backup(db_path, "manual")
    assert backup.list_backups(db_path)[0].path == path
    assert backup.headline_counts(path) == (employees, member_count)
    assert not list(path.parent.glob("*.part"))
    con = sqlite3.connect(path)
    assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    con.close()


def test_rotation_keeps_last_ten_daily_weekly_monthly(db_path, tmp_path):
    folder = backups_dir(db_path)
    now = dt.datetime(2026, 11, 24, 12, 0)
    made = []
    for hours in range(0, 24 * 500, 7):  # one every 7 hours for 500 days
        when = now - dt.timedelta(hours=hours)
        path = folder / f"{backup_stem(db_path)}-{when:%Y%m%d-%H%M%S}-000000-periodic.sqlite3"
        path.write_bytes(b"x")
        made.append(when)
    backup.rotate(db_path, now=now)
    kept = sorted(names(backup.list_backups(db_path)), reverse=True)
    assert kept[:10] == sorted(made, reverse=True)[:10]
    days = {k.date() for k in kept if now - k <= dt.timedelta(days=14)}
    assert len(days) == 15  # today and each of the 14 days before
    months = {(k.year, k.month) for k in kept}
    assert len(months) == 13  # this month and the 12 before
    assert min(kept) >= now - dt.timedelta(days=366)
    assert len(kept) < 10 + 15 + 9 + 13


def test_restore_puts_the_old_data_back_and_keeps_the_current_file(db, db_path):
    demo.fill(10, seed=4)
    saved = backup.make_backup(db_path, "manual")
    members.create_person({"name": "新来的", "id_number": make_id(seq=999, birth="19990101")})
    close_database()
    safety = backup.restore(saved, db_path)
    open_database(db_path)
    assert not members.search_ids(members.RosterFilter(text="新来的"))
    assert safety is not None and backup.headline_counts(safety)[0] == 11


def test_restore_refuses_a_file_that_is_not_a_backup(db_path, tmp_path):
    bogus = tmp_path / "photo.sqlite3"
    bogus.write_bytes(b"\x89PNG" * 100)
    with pytest.raises(backup.BackupError, match="无法使用"):
        backup.restore(bogus, db_path)


@pytest.mark.sqlite_only
def test_backup_into_a_read_only_folder_says_so(db, db_path, tmp_path, monkeypatch):
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    if os.access(folder, os.W_OK):  # root ignores the mode bits: refuse the way the OS would
        real_connect = sqlite3.connect

        def connect(name, *a, **k):
            if str(name).startswith(str(folder)):
                raise sqlite3.OperationalError("attempt to write a readonly database")
            return real_connect(name, *a, **k)

        monkeypatch.setattr(backup.sqlite3, "connect", connect)
    with pytest.raises(backup.BackupError, match="权限"):
        backup.backup_file(db_path, folder / "x.sqlite3")
    assert not (folder / "x.sqlite3").exists()


@pytest.mark.sqlite_only
def test_a_failed_backup_leaves_no_file_under_the_final_name(db, db_path, tmp_path, monkeypatch):
    target = tmp_path / "out" / "copy.sqlite3"
    real_connect = sqlite3.connect

    class FullDisk:
        def __init__(self, con):
            self.con = con

        def backup(self, dst):
            raise sqlite3.OperationalError("database or disk is full")

        def close(self):
            self.con.close()

    def connect(name, *a, **k):
        con = real_connect(name, *a, **k)
        return FullDisk(con) if str(name).startswith("file:") else con

    monkeypatch.setattr(backup.sqlite3, "connect", connect)
    with pytest.raises(backup.BackupError, match="磁盘空间不足"):
        backup.backup_file(db_path, target)
    assert not target.exists()
    assert not list(target.parent.glob("*"))


@pytest.mark.sqlite_only
def test_lost_changes_are_detected(db, db_path):
    for seq in (111, 113, 115):
        members.create_person({"name": "某", "id_number": make_id(seq=seq)})
    session.begin(db_path)
    recorded = session.note_change(db_path)
    assert recorded > 0 and session.lost_changes(db_path) == 0
    db.execute_sql("DELETE FROM audit_log WHERE id > ?", (recorded - 2,))  # as if the -wal vanished
    assert session.lost_changes(db_path) == 2
    session.end(db_path)
    assert session.lost_changes(db_path) == 0


@pytest.mark.sqlite_only
def test_cli_backup(tmp_path):
    db = tmp_path / "office.sqlite3"
    env = {**os.environ}
    run = lambda *a: subprocess.run([sys.executable, "-m", "unionoffice", *map(str, a)],  # noqa: E731
                                    capture_output=True, text=True, env=env, timeout=120)
    assert run("demo", "--db", db, "--members", 20).returncode == 0
    result = run("backup", "--db", db)
    assert result.returncode == 0 and "已备份" in result.stdout
    assert len(list((tmp_path / "backups").glob("office-*-manual.sqlite3"))) == 1
    out = tmp_path / "usb" / "copy.sqlite3"
    assert run("backup", "--db", db, "-o", out).returncode == 0
    assert backup.headline_counts(out)[0] > 0
    assert run("backup", "--db", tmp_path / "none.sqlite3").returncode == 1


@pytest.mark.sqlite_only
def test_leftovers_of_interrupted_backups_are_cleaned_at_the_next_backup(db, db_path):
    """A backup or restore killed half-way leaves a .part copy as large as the office."""
    folder = backups_dir(db_path)
    stem = backup_stem(db_path)
    old = [folder / f"{stem}-20261101-120000-000000-daily.sqlite3.part",
           folder / f"{stem}-20261101-120000-000000-daily.sqlite3.part-journal",
           db_path.with_name(db_path.name + ".restoring")]
    fresh = folder / f"{stem}-20261201-120000-000000-periodic.sqlite3.part"  # being written now
    other = folder / "another-office-20261101-120000-000000-daily.sqlite3.part"
    for path in old + [fresh, other]:
        path.write_bytes(b"x" * 1000)
    hours_ago = (dt.datetime.now() - dt.timedelta(hours=3)).timestamp()
    for path in old + [other]:
        os.utime(path, (hours_ago, hours_ago))
    backup.make_backup(db_path, "manual")
    backup.rotate(db_path)
    assert [p for p in old if p.exists()] == []
    assert fresh.exists() and other.exists()
