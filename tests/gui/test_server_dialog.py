"""设置 → 数据库连接, and the password asked at start for an office on a server."""

import threading
import time

import pytest

from unionoffice import app as app_module
from unionoffice import credentials


def test_start_asks_for_the_password_until_it_is_right_and_can_remember_it(app, monkeypatch, tmp_path):
    tries, asked, kept, told = [], [], {}, []

    def open_database(url, password=None, **_):
        tries.append(password)
        if password != "正确的密码":
            raise RuntimeError('FATAL:  password authentication failed for user "union"')

    monkeypatch.setattr("unionoffice.db.connection.open_database", open_database)
    monkeypatch.setattr(credentials, "get_password", lambda url: None)
    monkeypatch.setattr(credentials, "set_password", lambda url, pw: kept.setdefault(url, pw) or True)
    monkeypatch.setattr(app_module, "tell", lambda kind, text: told.append(text))
    answers = iter([("错的", False), ("正确的密码", True)])
    url = "postgresql://union@db.example:5432/unionoffice"
    assert app_module.connect_server(url, ask=lambda u, again: asked.append(again) or next(answers))
    assert tries == [None, "错的", "正确的密码"] and asked == [False, True]
    assert kept == {url: "正确的密码"} and not told

    # giving up at the prompt opens nothing and says nothing more
    assert not app_module.connect_server(url, ask=lambda u, again: None)
    # a server that cannot be reached is named, in Chinese, with the reason
    monkeypatch.setattr("unionoffice.db.connection.open_database",
                        lambda url, **_: (_ for _ in ()).throw(RuntimeError("could not connect to server")))
    assert not app_module.connect_server(url, ask=lambda u, again: pytest.fail("not a password problem"))
    assert "无法打开数据库服务器上的办公数据" in told[-1] and "db.example" in told[-1]


def test_the_choice_of_database_is_kept_for_the_next_start(app, qtbot, monkeypatch):
    from unionoffice.ui.server_dialog import ServerDialog

    from unionoffice.db.connection import ServerStatus

    monkeypatch.setattr("unionoffice.ui.server_dialog.QMessageBox.information", lambda *a: None)
    answers = {"192.168.1.9": ServerStatus("无法连接数据库服务器：timeout expired", 0, 0),
               "192.168.1.20": ServerStatus("", 11, 300)}
    monkeypatch.setattr("unionoffice.ui.server_dialog.server_status",
                        lambda url, pw: answers[credentials.url_parts(url)["host"]])
    dialog = ServerDialog(None)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.local.isChecked() and not dialog.host.isEnabled()
    dialog.server.setChecked(True)
    dialog.accept()
    assert dialog.isVisible() and "主机" in dialog.status.text()  # incomplete: stays open
    dialog.host.setText("192.168.1.9")
    dialog.user.setText("union")
    dialog.accept()  # a server that does not answer is not saved
    qtbot.waitUntil(lambda: "无法连接" in dialog.status.text())
    assert dialog.isVisible() and credentials.saved_server() is None
    dialog.host.setText("192.168.1.20")
    dialog.test()
    qtbot.waitUntil(lambda: "300 名职工" in dialog.status.text())
    dialog.accept()
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert credentials.saved_server() == "postgresql://union@192.168.1.20:5432/unionoffice"
    again = ServerDialog(None)
    qtbot.addWidget(again)
    assert again.server.isChecked() and again.host.text() == "192.168.1.20"
    again.local.setChecked(True)
    again.accept()
    assert credentials.saved_server() is None
    credentials.save_server("postgresql://union@192.168.1.20:54x2/unionoffice")  # edited by hand
    mended = ServerDialog(None)
    qtbot.addWidget(mended)
    assert mended.host.text() == "192.168.1.20" and mended.port.value() == 5432


@pytest.mark.server_only
def test_move_the_local_office_to_the_server_from_the_dialog(app, qtbot, monkeypatch):
    from unionoffice.db import transfer
    from unionoffice.db.connection import close_database, open_database
    from unionoffice.domain import demo
    from unionoffice.paths import default_db_path
    from unionoffice.ui.server_dialog import ServerDialog
    from tests.conftest import _admin, _server_url

    open_database(default_db_path())
    demo.fill(40, seed=2)
    close_database()
    name = "uo_dialog_move"
    _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    _admin(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
    try:
        url = _server_url(name)
        parts = credentials.url_parts(url)
        dialog = ServerDialog(default_db_path())
        qtbot.addWidget(dialog)
        dialog.server.setChecked(True)
        dialog.host.setText(parts["host"])
        dialog.port.setValue(parts["port"])
        dialog.database.setText(parts["database"])
        dialog.user.setText(parts["user"])
        dialog.test()
        qtbot.waitUntil(lambda: "连接成功" in dialog.status.text(), timeout=20000)
        assert "空的" in dialog.status.text()
        dialog.move_local_data()
        qtbot.waitUntil(lambda: "已迁移" in dialog.status.text() or "失败" in dialog.status.text(), timeout=60000)
        assert "逐表核对行数一致" in dialog.status.text()
        from unionoffice.ui.common import tasks

        qtbot.waitUntil(lambda: dialog.task not in tasks._tasks, timeout=10000)  # its thread has ended
        assert transfer.people_on(url) == 40
        dialog.move_local_data()  # a second time: the server holds data now, nothing is overwritten
        qtbot.waitUntil(lambda: "迁移失败" in dialog.status.text(), timeout=20000)
        assert "40 名职工" in dialog.status.text() and "为免覆盖" in dialog.status.text()
        qtbot.waitUntil(lambda: dialog.task not in tasks._tasks, timeout=10000)
        assert transfer.people_on(url) == 40
    finally:
        _admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def test_a_slow_server_at_start_shows_a_window_that_can_be_cancelled(app, qtbot, monkeypatch):
    """Connecting runs on a thread of its own: the event loop turns, 正在连接… is on screen, and
    取消 gives up at once instead of after the connect timeout."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QProgressDialog, QPushButton

    release = threading.Event()
    monkeypatch.setattr("unionoffice.db.connection.open_database",
                        lambda url, password=None, **_: release.wait(10) and None)
    monkeypatch.setattr(credentials, "get_password", lambda url: "pw")
    url = "postgresql://union@db.example:5432/unionoffice"
    ticks, seen = [], []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)

    def look_then_answer() -> None:
        seen.extend(w.labelText() for w in QApplication.topLevelWidgets()
                    if isinstance(w, QProgressDialog) and w.isVisible())
        release.set()  # the server answers

    QTimer.singleShot(800, look_then_answer)
    started = time.monotonic()
    assert app_module.connect_server(url, ask=lambda u, again: pytest.fail("no password problem"))
    assert 0.7 < time.monotonic() - started < 5
    assert len(seen) == 1 and seen[0].startswith("正在连接数据库服务器") and "db.example" in seen[0]
    assert len(ticks) >= 10  # the event loop kept turning while it waited

    release.clear()

    def cancel() -> None:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, QProgressDialog) and w.isVisible():
                w.findChild(QPushButton).click()  # 取消

    QTimer.singleShot(600, cancel)
    started = time.monotonic()
    assert not app_module.connect_server(url, ask=lambda u, again: pytest.fail("no password problem"))
    assert time.monotonic() - started < 3  # not the 10 s the attempt would take
    timer.stop()
    release.set()
