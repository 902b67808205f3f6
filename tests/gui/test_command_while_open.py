"""A command-line import into the office the window has open: the window shows it within seconds."""

import subprocess
import sys

import pytest

from tests.conftest import SAMPLE


@pytest.mark.sqlite_only
def test_the_window_picks_up_a_command_line_import(app, demo_db, db_path, qtbot, monkeypatch):
    from unionoffice.domain import members
    from unionoffice.ui.main_window import MainWindow

    monkeypatch.setenv("UNIONOFFICE_POLL_MS", "200")
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    before = members.headcount()[0]
    result = subprocess.run([sys.executable, "-m", "unionoffice", "import", "members", str(SAMPLE),
                             "--db", str(db_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with qtbot.waitSignal(window.watcher.changed_elsewhere, timeout=10000):
        pass
    assert "命令行" in window.statusBar().currentMessage()
    assert members.headcount()[0] == before + 374
    window.watcher.stop()


@pytest.mark.sqlite_only
@pytest.mark.parametrize("kind", ["newer", "foreign"])
def test_the_window_refuses_a_newer_or_foreign_file_unchanged(app, tmp_path, capsys, kind):
    import hashlib
    import sqlite3

    from unionoffice.app import run
    from unionoffice.db.connection import close_database, open_database

    path = tmp_path / "office.sqlite3"
    if kind == "newer":
        open_database(path).execute_sql("UPDATE schema_version SET version = 999")
        close_database()
    else:
        con = sqlite3.connect(path)
        con.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        con.commit()
        con.close()
    con = sqlite3.connect(path)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    assert run(str(path)) == 1
    said = capsys.readouterr().err
    assert ("此数据文件由较新版本" if kind == "newer" else "不是工会办公室的数据文件") in said
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


def test_the_windows_own_changes_are_not_taken_for_another_programs(app, demo_db, db_path, qtbot, monkeypatch):
    """A change this window makes while a dialog is still open (an activity saved, people signed up)
    is written before the dialog tells the window: the watcher must not take it for a command's or
    another desk's, reload every tab under the open dialog and say "其他程序写入的修改已刷新"."""
    import datetime as dt

    from unionoffice.domain import activities
    from unionoffice.ui.main_window import MainWindow

    monkeypatch.setenv("UNIONOFFICE_POLL_MS", "100")
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    seen = []
    window.watcher.changed_elsewhere.connect(lambda: seen.append(1))
    activities.create({"name": "拔河比赛", "kind": activities.KINDS[0],
                       "starts_at": dt.datetime.now() + dt.timedelta(days=1)})  # no data_changed yet
    qtbot.wait(800)  # several polls
    assert seen == [] and "已刷新" not in window.statusBar().currentMessage()
    window.watcher.stop()
