import time

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QMessageBox

from unionoffice.db import backup
from unionoffice.db.models import Person
from unionoffice.domain import members
from unionoffice.ui.backups import BackupDialog
from tests.helpers import make_id


def test_make_and_restore_a_backup_from_the_dialog(window, qtbot, monkeypatch, db_path):
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    dialog = BackupDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    before = dialog.model.rowCount()
    dialog.backup_now()  # on a worker thread
    qtbot.waitUntil(lambda: dialog.model.rowCount() == before + 1 and dialog.counted, timeout=10000)
    employees, member_count = members.headcount()
    newest = dialog.model.rows()[0]
    assert (newest["kind"], newest["employees"], newest["members"]) == ("手动", employees, member_count)

    members.create_person({"name": "误录入", "id_number": make_id(seq=901, birth="20000101")})
    window.data_changed.emit()
    qtbot.waitUntil(lambda: window.overview.idle)  # figures are counted off the GUI thread
    assert window.overview.number_labels["employees"].text() == str(employees + 1)
    dialog.view.selectRow(0)
    dialog.restore_selected()  # a file at once, an office on a server on a worker thread
    qtbot.waitUntil(lambda: bool(told), timeout=30000)
    assert "已恢复" in told[-1]
    assert members.headcount() == (employees, member_count)
    qtbot.waitUntil(lambda: window.overview.idle)  # figures are counted off the GUI thread
    assert window.overview.number_labels["employees"].text() == str(employees)
    assert any(b.label == "before-restore" for b in backup.list_backups(db_path))


def test_exit_backs_up_only_when_something_changed(window, db_path):
    count = len(backup.list_backups(db_path))
    window.backups.at_exit()
    assert len(backup.list_backups(db_path)) == count
    members.create_person({"name": "新人", "id_number": make_id(seq=903, birth="20000101")})
    window.backups.at_exit()
    assert [b.label for b in backup.list_backups(db_path)][0] == "exit"
    thread = window.backups.maybe_backup_in_background()
    assert thread is None  # nothing changed since the exit backup


def test_the_days_first_backup_can_be_made_in_the_background_once(window):
    from unionoffice.db import backup

    before = len(backup.list_backups(window.db_path))
    thread = window.backups.daily_in_background()
    if thread is None:  # the file's daily backup was made at start already
        assert backup.backed_up_today(window.db_path)
    else:
        thread.join(60)
        assert len(backup.list_backups(window.db_path)) == before + 1
    assert window.backups.daily_in_background() is None
    assert backup.backed_up_today(window.db_path)


@pytest.mark.server_only
def test_restoring_onto_the_server_keeps_the_window_working(window, qtbot, monkeypatch):
    """The copy onto the server runs on a worker thread: the event loop keeps turning meanwhile."""
    from unionoffice.db import transfer

    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    told, refused = [], []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: refused.append(a[2]))
    copy = transfer.file_to_server

    def slow_copy(*args, **kwargs):
        time.sleep(1.5)  # a large office over a slow network
        return copy(*args, **kwargs)

    monkeypatch.setattr(transfer, "file_to_server", slow_copy)
    employees, member_count = members.headcount()
    saved = window.backups.backup_now("manual")
    members.create_person({"name": "误录入", "id_number": make_id(seq=905, birth="20000101")})
    dialog = BackupDialog(window)
    qtbot.addWidget(dialog)
    dialog.show()
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)
    dialog._restore(saved)
    assert not told  # returned at once
    qtbot.waitUntil(lambda: bool(told or refused), timeout=30000)
    timer.stop()
    assert not refused and "已恢复" in told[-1]
    assert len(ticks) >= 15  # the window was never frozen for the 1.5 s
    assert members.headcount() == (employees, member_count)
    assert not Person.select().where(Person.name == "误录入").exists()
    qtbot.waitUntil(lambda: window.overview.idle)
    assert window.overview.number_labels["employees"].text() == str(employees)
