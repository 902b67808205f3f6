"""Two desks on one PostgreSQL office, each a real window process: each sees the other's change, and
a save from a stale copy that would overwrite it is refused with both values shown."""

import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QDialog

from unionoffice.db.models import Person
from unionoffice.ui.members import person_dialog
from unionoffice.ui.members.person_dialog import PersonDialog

pytestmark = pytest.mark.server_only
DESK_B = Path(__file__).resolve().parents[1] / "desk_b.py"


def shown_names(tab):
    return [tab.model.record(r)["name"] for r in range(tab.model.rowCount())]


def desk_b(url, person_id, name):
    result = subprocess.run([sys.executable, str(DESK_B), url, "rename", str(person_id), name],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_two_windows_see_each_other_and_refuse_a_lost_update(window, db_path, qtbot, monkeypatch):
    window.watcher.interval = 0.2
    tab = window.members
    window.tabs.setCurrentWidget(tab)
    person = Person.select().where(Person.left_on.is_null()).order_by(Person.id).first()
    assert "王二小" not in shown_names(tab)

    stale = PersonDialog(person.id, tab)  # desk A opens the person …
    qtbot.addWidget(stale)
    stale.show()

    assert desk_b(db_path, person.id, "王二小") == "saved"  # … desk B renames them and saves

    qtbot.waitUntil(lambda: "王二小" in shown_names(tab), timeout=10000)  # A's list shows it
    assert "其他电脑" in window.statusBar().currentMessage()

    warnings = []
    monkeypatch.setattr(person_dialog, "ask_conflict", lambda parent, exc: warnings.append(str(exc)))
    stale.editors["name"].setText("王小二")
    stale.accept()
    assert stale.result() != QDialog.DialogCode.Accepted and stale.isVisible()
    assert warnings and "王二小" in warnings[0] and "王小二" in warnings[0]
    assert Person.get_by_id(person.id).name == "王二小"

    # A's own change to another field, from the same stale copy, merges over B's
    stale.editors["name"].setText("王二小")
    stale.editors["position"].setText("调度员")
    stale.accept()
    assert stale.result() == QDialog.DialogCode.Accepted
    saved = Person.get_by_id(person.id)
    assert (saved.name, saved.position) == ("王二小", "调度员")

    # and B, starting now from the saved record, sees A's change and can go on editing
    assert desk_b(db_path, person.id, "王二") == "saved"
    qtbot.waitUntil(lambda: "王二" in shown_names(tab), timeout=10000)
    assert Person.get_by_id(person.id).position == "调度员"


def test_a_change_made_in_this_window_shows_up_in_the_other_one(window, db_path, qtbot):
    other = Person.select().where(Person.left_on.is_null()).order_by(Person.id.desc()).first()
    desk = subprocess.Popen([sys.executable, str(DESK_B), db_path, "wait", "李四改"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert desk.stdout.readline().strip() == "ready"  # B's window is up, its roster listed
        dialog = PersonDialog(other.id, window.members)
        qtbot.addWidget(dialog)
        dialog.editors["name"].setText("李四改")
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
        out, err = desk.communicate(timeout=60)
    finally:
        if desk.poll() is None:
            desk.kill()
    assert out.strip() == "seen", err


def test_a_slow_server_never_freezes_the_window(window, qtbot, monkeypatch):
    """The poll runs on the watcher's own thread: while it waits on the server, the window works."""
    import threading
    import time

    from unionoffice.db import session

    real = session.last_change_id
    polled = []

    def slow(target):
        polled.append(threading.current_thread() is threading.main_thread())
        if not polled[-1]:
            time.sleep(1.5)  # the network is slow
        return real(target)

    monkeypatch.setattr(session, "last_change_id", slow)
    window.watcher.interval = 0.05
    qtbot.waitUntil(lambda: False in polled, timeout=10000)
    started = time.perf_counter()
    qtbot.wait(300)  # the event loop keeps running meanwhile
    assert time.perf_counter() - started < 1.0
    assert all(p is False for p in polled)
