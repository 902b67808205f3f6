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


START = """
import json, sys, threading, time
from unionoffice import app as app_module
from unionoffice.db import backup, check, write_gate
from unionoffice.ui.main_window import MainWindow

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

check.quick_check = slow_check
MainWindow.show = show
code = app_module.run(sys.argv[1])
times.update(code=code, backed_up=backup.backed_up_today(sys.argv[1]), held=write_gate.held())
print("RESULT " + json.dumps(times), flush=True)
"""


def test_the_window_shows_before_the_check_and_the_daily_backup_end(tmp_path, data_dir, monkeypatch):
    """The check ends only once the window is up: a start that waited for it would not show. In a
    process of its own, as a clerk starts the program (a started and quit application leaves Qt's
    thread pool unusable for the tests after it)."""
    import json
    import os
    import subprocess
    import sys
    from pathlib import Path

    from unionoffice.db.connection import close_database, open_database
    from unionoffice.domain import demo

    path = tmp_path / "office.sqlite3"
    open_database(path)
    demo.fill(30, seed=3)
    close_database()
    root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "UNIONOFFICE_QUIT_WHEN_SHOWN": "1", "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")])}
    done = subprocess.run([sys.executable, "-c", START, str(path)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert "shown " in done.stdout, done.stderr[-2000:]
    times = json.loads(done.stdout.split("RESULT ", 1)[1])
    assert times["code"] == 0
    assert times["shown"] <= times["check_ended"] < times["shown"] + 10
    assert times["backed_up"]  # made after the check, still
    assert not times["held"]
