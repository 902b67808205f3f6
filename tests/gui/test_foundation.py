import os
import subprocess
import sys
import time

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QPushButton

from unionoffice.domain import chapter


def test_qt_dialogs_speak_chinese(app):
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
    texts = {b.text().replace("&", "") for b in box.findChildren(QPushButton)}
    assert any("确定" in t for t in texts) and any("取消" in t for t in texts)


def test_first_start_dialog_refuses_bad_input_then_saves(app, db, qtbot):
    from unionoffice.ui.chapter_dialog import ChapterDialog

    dialog = ChapterDialog(first_start=True)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editors["unit_name"].setText("华北石化有限公司")
    dialog.editors["union_name"].setText("华北石化有限公司工会委员会")
    qtbot.keyClicks(dialog.editors["credit_code"], "91350100M000100Y44")
    dialog.accept()
    assert dialog.isVisible()
    assert "统一社会信用代码" in dialog.error.text() and "校验位" in dialog.error.text()
    assert not chapter.is_configured()
    dialog.editors["credit_code"].clear()
    qtbot.keyClicks(dialog.editors["credit_code"], "91350100m000100y43")
    qtbot.mouseClick(dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    saved = chapter.load()
    assert saved["union_name"] == "华北石化有限公司工会委员会"
    assert saved["credit_code"] == "91350100M000100Y43"


def test_window_title_and_overview(window, qtbot):
    # The title bar reads "华北石化有限公司工会委员会 — 工会办公室": Qt appends the display name to
    # every window's title, so a title that names the program itself shows it twice.
    from PySide6.QtWidgets import QApplication

    assert QApplication.applicationDisplayName() == "工会办公室"
    assert window.windowTitle() == "华北石化有限公司工会委员会"
    assert window.tabs.tabText(0) == "概况"
    from unionoffice.domain import members

    employees, member_count = members.headcount()
    qtbot.waitUntil(lambda: window.overview.idle)  # figures are counted off the GUI thread
    labels = window.overview.number_labels
    assert labels["employees"].text() == str(employees)
    assert labels["members"].text() == str(member_count)
    assert labels["join_rate"].text() == f"{member_count / employees * 100:.1f}%"
    assert window.overview.chapter_labels["chairman"].text() == "王建国"


def test_geometry_and_last_tab_are_remembered(app, demo_db, db_path, qtbot):
    from unionoffice.ui.main_window import MainWindow

    first = MainWindow(db_path)
    qtbot.addWidget(first)
    first.show()
    height = min(590, first.minimumSizeHint().height() + 15)
    first.resize(700, height)
    first.tabs.setCurrentIndex(1)
    first.close()
    second = MainWindow(db_path)
    qtbot.addWidget(second)
    assert second.tabs.currentIndex() == 1
    assert second.size().height() == first.size().height() == height


def _start(db, env):
    return subprocess.Popen([sys.executable, "-m", "unionoffice", "--db", str(db)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_second_start_is_refused_and_a_killed_lock_is_taken_over(tmp_path, data_dir):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "UNIONOFFICE_DATA_DIR": str(data_dir)}
    db = tmp_path / "office.sqlite3"
    subprocess.run([sys.executable, "-m", "unionoffice", "demo", "--db", str(db), "--members", "20"],
                   check=True, env=env, capture_output=True)
    first = _start(db, env)
    try:
        lock = tmp_path / "office.sqlite3.lock"
        deadline = time.time() + 60
        while not lock.exists() and time.time() < deadline:
            time.sleep(0.1)
        assert lock.exists()
        second = subprocess.run([sys.executable, "-m", "unionoffice", "--db", str(db)],
                                capture_output=True, text=True, env=env, timeout=60)
        assert second.returncode != 0
        assert "已经在另一个工会办公室窗口中打开" in second.stderr
    finally:
        first.kill()  # like a crash: the lock file stays behind
        first.wait()
    assert lock.exists()
    from unionoffice.app import acquire_lock

    taken = acquire_lock(db)
    assert taken is not None
    taken.unlock()


def test_a_damaged_file_is_never_opened_and_the_newest_good_backup_is_offered(tmp_path, data_dir):
    import sqlite3

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "UNIONOFFICE_DATA_DIR": str(data_dir)}
    db = tmp_path / "office.sqlite3"
    run = lambda *a: subprocess.run([sys.executable, "-m", "unionoffice", *map(str, a)],  # noqa: E731
                                    capture_output=True, text=True, env=env, timeout=60)
    assert run("demo", "--db", db, "--members", 300).returncode == 0
    assert run("backup", "--db", db).returncode == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name='person'").fetchone()[0]
    con.close()
    with open(db, "r+b") as fh:
        fh.seek((root - 1) * page + 8)
        fh.write(b"\xff" * 512)
    result = run("--db", db)
    assert result.returncode == 1
    assert "数据文件已损坏" in result.stderr and "最新的完好备份" in result.stderr


def test_lost_committed_changes_are_noticed_at_start(tmp_path, data_dir):
    from unionoffice.db import session

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "UNIONOFFICE_DATA_DIR": str(data_dir)}
    db = tmp_path / "office.sqlite3"
    subprocess.run([sys.executable, "-m", "unionoffice", "demo", "--db", str(db), "--members", "10"],
                   env=env, check=True, capture_output=True)
    subprocess.run([sys.executable, "-m", "unionoffice", "backup", "--db", str(db)],
                   env=env, check=True, capture_output=True)
    # the last session recorded more changes than the file now holds: its -wal was lost
    session.state_path(db).write_text('{"clean": false, "last_change": 999}', encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "unionoffice", "--db", str(db)],
                            capture_output=True, text=True, env=env, timeout=60)
    assert result.returncode == 1 and "少了" in result.stderr and "最新的完好备份" in result.stderr


def test_heavy_tabs_are_listed_when_first_shown_not_at_start(window, qtbot):
    """Start-up stays fast on a big office: the roster, motions, payments and dues are only queried
    when their tab is first opened."""
    window.tabs.setCurrentWidget(window.overview)
    for tab in (window.members, window.congress, window.welfare, window.dues, window.notices, window.activities,
                window.funds, window.organisation, *window.rights.pages.values()):
        if window.tabs.currentWidget() is not tab:
            assert not tab.loaded, tab
    for tab in (window.congress, window.welfare):
        window.tabs.setCurrentWidget(tab)
        qtbot.waitUntil(lambda tab=tab: getattr(tab, "ready", tab.loaded))  # 职代会提案: from a worker thread
    assert window.congress.model.rowCount() > 0
    assert window.welfare.pay_model.rowCount() > 0


def test_closing_the_widget_that_started_a_task_never_destroys_its_thread(app, qtbot):
    import threading

    from PySide6.QtWidgets import QDialog

    from unionoffice.ui.common import tasks

    release = threading.Event()
    results = []
    owner = QDialog()
    task = tasks.run_task(owner, "正在处理…", lambda progress: release.wait(10) and "done",
                          on_success=results.append)
    owner.close()
    owner.deleteLater()
    qtbot.wait(50)  # the owner is gone while the work is still running
    release.set()
    qtbot.waitUntil(lambda: task not in tasks._tasks, timeout=10000)
    assert results == ["done"]


def test_a_background_save_reports_progress_and_a_cancel_is_not_an_error(app, qtbot, monkeypatch, tmp_path):
    from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

    from unionoffice.ui.common import saving
    from unionoffice.ui.common.tasks import Cancelled, _tasks

    out = tmp_path / "out.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    warned, shown, reported = [], [], []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    monkeypatch.setattr(saving, "show_written", lambda parent, title, text, path: shown.append(path))
    parent = QWidget()
    qtbot.addWidget(parent)

    def write(path, progress):
        progress(1, 2, "一半")
        reported.append(path)
        raise Cancelled()

    saving.save_file(parent, "保存", "out.xlsx", saving.XLSX, write, background=True, with_progress=True)
    qtbot.waitUntil(lambda: parent._saving_task not in _tasks, timeout=10000)  # its thread has ended
    assert reported == [str(out)] and not shown and not warned

    def broken(path, progress):
        raise OSError("磁盘已满")

    saving.save_file(parent, "保存", "out.xlsx", saving.XLSX, broken, background=True, with_progress=True)
    qtbot.waitUntil(lambda: bool(warned), timeout=10000)
    assert warned == ["磁盘已满"] and not shown


def _answer_box(monkeypatch, answer: str, told: list) -> None:
    """QMessageBox.exec patched: note the question, then “click” the button named ``answer``."""
    from PySide6.QtWidgets import QMessageBox

    def exec_(box):
        told.append(box.text())
        box.answer = next(b for b in box.buttons() if b.text() == answer)
        return 0

    monkeypatch.setattr(QMessageBox, "exec", exec_)
    monkeypatch.setattr(QMessageBox, "clickedButton", lambda box: box.answer)


def test_cancelling_the_first_start_dialog_asks_before_quitting(app, db, qtbot, monkeypatch):
    """Issue 21: 取消 quit without a word."""
    from unionoffice.ui.chapter_dialog import ChapterDialog

    dialog = ChapterDialog(first_start=True)
    qtbot.addWidget(dialog)
    dialog.show()
    told = []
    _answer_box(monkeypatch, "继续填写", told)
    dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel).click()
    assert "本单位工会信息还没有填写" in told[0] and dialog.isVisible()
    _answer_box(monkeypatch, "退出程序", told)
    dialog.reject()
    assert len(told) == 2 and not dialog.isVisible()
    assert dialog.result() == ChapterDialog.DialogCode.Rejected
    later = ChapterDialog()  # from 设置: 取消 just closes
    qtbot.addWidget(later)
    later.show()
    later.reject()
    assert len(told) == 2 and not later.isVisible()


def test_the_clerk_gives_a_name_once_the_login_name_offered(app, db, qtbot):
    """Issue 21: 登记人 and 操作人 were the login name (“root”)."""
    import getpass

    from unionoffice.domain import audit, members
    from unionoffice.ui.audit_dialog import AuditDialog
    from unionoffice.ui.clerk_dialog import ClerkDialog
    from tests.helpers import make_id

    dialog = ClerkDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.name.text() == getpass.getuser()
    dialog.name.clear()
    dialog.accept()
    assert dialog.isVisible() and "姓名" in dialog.error.text()
    dialog.name.setText("李秀英")
    dialog.accept()
    assert not dialog.isVisible() and audit.clerk_name() == "李秀英"
    again = ClerkDialog()
    qtbot.addWidget(again)
    assert again.name.text() == "李秀英"
    members.create_person({"name": "张伟", "id_number": make_id(seq=111)})
    log = AuditDialog()
    qtbot.addWidget(log)
    newest = log.model.rows()[0]
    assert (newest["actor"], newest["action"], newest["table"]) == ("李秀英", "新增", "职工")
    assert len(newest["at"]) == len("2026-11-30 14:05:09")  # the time too, not only the day


def test_the_program_starts_headless_on_an_office_without_a_clerks_name(tmp_path):
    """The window's start-up on the offscreen platform (the bundle test, the benchmark's cold start)
    must not wait for an answer nobody can give: the 我的姓名 question is asked only on a screen."""

    env = {**os.environ, "UNIONOFFICE_DATA_DIR": str(tmp_path / "data"), "QT_QPA_PLATFORM": "offscreen"}
    db = tmp_path / "office.sqlite3"
    made = subprocess.run([sys.executable, "-m", "unionoffice", "demo", "--db", str(db), "--members", "30"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert made.returncode == 0, made.stderr
    window = subprocess.run([sys.executable, "-m", "unionoffice", "--db", str(db)], capture_output=True,
                            text=True, env={**env, "UNIONOFFICE_QUIT_WHEN_SHOWN": "1"}, timeout=60)
    assert window.returncode == 0 and "shown" in window.stdout, window.stderr


def test_overview_figures_arrive_from_one_worker_count_at_a_time(window, qtbot, monkeypatch):
    import threading

    from tests.helpers import make_id
    from unionoffice.domain import members, overview

    qtbot.waitUntil(lambda: window.overview.idle)
    real, release, threads = overview.headlines, threading.Event(), []

    def held(*args, **kwargs):
        threads.append(threading.current_thread())
        release.wait(10)
        return real(*args, **kwargs)

    monkeypatch.setattr(overview, "headlines", held)
    window.overview.refresh()
    assert not window.overview.idle and window.overview.as_of.text() == "正在统计…"
    qtbot.waitUntil(lambda: len(threads) == 1)
    for _ in range(3):  # saves elsewhere in the window while it counts
        window.data_changed.emit()
        window.tabs.setCurrentIndex(window.tabs.count() - 1)
        window.tabs.setCurrentIndex(0)
    members.create_person({"name": "新来的", "id_number": make_id(seq=812, birth="19990101"), "department": "动力厂"})
    release.set()
    qtbot.waitUntil(lambda: window.overview.idle)
    assert len(threads) == 2 and threading.main_thread() not in threads  # the newest, once, off the GUI thread
    assert window.overview.number_labels["employees"].text() == str(members.headcount()[0])
    assert {k: window.overview.number_labels[k].text() for k in real()} == real()
    assert window.overview.as_of.text().startswith("截至")
