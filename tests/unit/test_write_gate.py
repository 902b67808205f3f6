"""Cold start (issue 28): the office file's page check and the day's first backup run on a worker
thread while the window opens; writes wait for them, and a damaged file is never written to."""

import threading
import time

import pytest

from unionoffice.db import write_gate
from unionoffice.db.models import Person
from unionoffice.domain import members
from tests.helpers import make_id

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
def gate():
    yield write_gate
    write_gate.release()


def _write_on_a_thread(outcome: dict) -> threading.Thread:
    def write():
        from unionoffice.db.models import database

        try:
            members.create_person({"name": "后写", "id_number": make_id(seq=902)})
            outcome["written_at"] = time.monotonic()
        except Exception as exc:  # noqa: BLE001 - recorded for the test
            outcome["error"] = exc
        finally:
            database.obj.close()

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def test_a_write_waits_for_the_check_while_reading_goes_on(db, gate):
    members.create_person({"name": "先有", "id_number": make_id(seq=900)})
    gate.hold()
    outcome: dict = {}
    thread = _write_on_a_thread(outcome)
    time.sleep(0.3)
    assert "written_at" not in outcome and thread.is_alive()  # waiting
    assert Person.select().count() == 1  # reading is not held
    released_at = time.monotonic()
    gate.release()
    thread.join(5)
    assert outcome["written_at"] >= released_at and Person.select().count() == 2


def test_nothing_is_written_into_a_file_the_check_found_damaged(db, gate):
    gate.hold()
    outcome: dict = {}
    thread = _write_on_a_thread(outcome)
    time.sleep(0.1)
    gate.refuse("数据文件已损坏：第 3 页")
    thread.join(5)
    assert isinstance(outcome["error"], write_gate.WritesRefused) and "已损坏" in str(outcome["error"])
    with pytest.raises(write_gate.WritesRefused):
        members.create_person({"name": "不写", "id_number": make_id(seq=904)})
    gate.release()
    assert Person.select().count() == 0


def test_the_window_shows_before_the_check_and_the_daily_backup_end(tmp_path, data_dir, monkeypatch, capsys):
    """The check ends only once the window is up: a start that waited for it would not show."""
    from unionoffice import app as app_module
    from unionoffice.db import backup, check
    from unionoffice.db.connection import close_database, open_database
    from unionoffice.domain import demo
    from unionoffice.ui.main_window import MainWindow

    path = tmp_path / "office.sqlite3"
    open_database(path)
    demo.fill(30, seed=3)
    close_database()
    shown, times, real = threading.Event(), {}, check.quick_check

    def slow_check(p):
        shown.wait(15)
        times["check_ended"] = time.time()
        return real(p)

    real_show = MainWindow.show

    def show(self):
        real_show(self)
        times["shown"] = time.time()
        shown.set()

    monkeypatch.setattr(check, "quick_check", slow_check)
    monkeypatch.setattr(MainWindow, "show", show)
    monkeypatch.setenv("UNIONOFFICE_QUIT_WHEN_SHOWN", "1")
    assert app_module.run(str(path)) == 0
    assert "shown " in capsys.readouterr().out
    assert times["shown"] <= times["check_ended"] < times["shown"] + 10
    assert backup.backed_up_today(path)  # made after the check, still
    assert not write_gate.held()
