"""Issue 22 walkthrough on a real X display (Xvfb), as a clerk would go: a new office, 20 people by
the short 新增职工 form, the 工会小组 of 15 set by 批量修改, an activity with a sign-up list pasted
from a workbook (its cells copied as tab-separated text, as Excel/WPS put them on the clipboard),
全部签到, Ctrl+Z twice and Ctrl+Y once pressed with xdotool, then the roster and the sign-in sheet to
PDF; then a 送温暖 batch for the same list pasted, and taken back with Ctrl+Z in the window. A
screenshot of the whole screen at each step. Not a test (pytest does not collect this name).

    Xvfb :99 -screen 0 1400x900x24 &
    DISPLAY=:99 PYTHONPATH=$PWD .venv/bin/python tests/walkthrough_22.py /tmp/walk22

Without a window manager the keyboard goes to the window under the pointer: the pointer is moved
onto the window before each key."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

OUT = Path(sys.argv[1] if len(sys.argv) > 1 else tempfile.mkdtemp(prefix="walk22-"))
OUT.mkdir(parents=True, exist_ok=True)
os.environ["UNIONOFFICE_DATA_DIR"] = tempfile.mkdtemp(prefix="walk22-office-")
os.environ.setdefault("QT_QPA_PLATFORM", "xcb")

from openpyxl import Workbook, load_workbook  # noqa: E402
from PySide6.QtCore import QDateTime, QTime, QTimer  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtTest import QTest  # noqa: E402
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton  # noqa: E402

from tests.helpers import make_id  # noqa: E402
from unionoffice.app import ensure_app  # noqa: E402
from unionoffice.db.connection import open_database  # noqa: E402
from unionoffice.paths import default_db_path  # noqa: E402

NAMES = ["王建国", "李秀英", "张伟", "刘洋", "陈静", "杨帆", "赵磊", "黄丽", "周杰", "吴敏",
         "徐强", "孙悦", "马超", "朱琳", "胡斌", "郭婷", "何军", "高雪", "林峰", "罗娟"]
LOG: list[str] = []
shots = 0


def say(text: str) -> None:
    LOG.append(text)
    print(text, flush=True)


def wait(ms: int = 300) -> None:
    QTest.qWait(ms)


def shot(name: str) -> Path:
    global shots
    wait(400)
    shots += 1
    path = OUT / f"{shots:02d}-{name}.png"
    QGuiApplication.primaryScreen().grabWindow(0).save(str(path))
    say(f"  screenshot {path.name}")
    return path


def on_modal(match, action, timeout: float = 20.0) -> None:
    """Once a modal window matching ``match`` (a class or a predicate) is up, run ``action(it)``."""
    start = time.monotonic()

    def poll() -> None:
        widget = QApplication.activeModalWidget()
        ok = widget is not None and (isinstance(widget, match) if isinstance(match, type) else match(widget))
        if ok and widget.isVisible():
            action(widget)
        elif time.monotonic() - start < timeout:
            QTimer.singleShot(100, poll)
        else:
            say(f"  !! no modal window matching {match} appeared")

    QTimer.singleShot(100, poll)


def keys(widget, combo: str) -> None:
    """Keys pressed with xdotool, the pointer first moved onto ``widget``'s window."""
    window = widget.window()
    window.raise_()
    window.activateWindow()
    centre = window.frameGeometry().center()
    subprocess.run(["xdotool", "mousemove", str(centre.x()), str(centre.y())], check=True)
    wait(300)
    subprocess.run(["xdotool", "key", "--clearmodifiers", combo], check=True)
    wait(600)


def workbook_list(path: Path) -> str:
    """A sign-up sheet as a department would send it, and its cells as the clipboard holds them
    after Ctrl+C in Excel/WPS (tab-separated, CRLF)."""
    wb = Workbook()
    ws = wb.active
    ws.title = "报名表"
    ws.append(["序号", "姓名", "证件号码", "部门"])
    for n, i in enumerate([0, 2, 4, 6, 8, 10, 12, 14, 16, 18]):
        ident = make_id(seq=100 + 2 * i)
        ws.append([n + 1, NAMES[i], ident.lower() if n == 3 else ident, "机加工车间" if i < 10 else "装配车间"])
    ws.append([11, "钱多多", "", "后勤"])  # not on the roster
    ws.append([12, "刘洋", "", "机加工车间"])  # by name only
    wb.save(path)
    rows = load_workbook(path).active.iter_rows(values_only=True)
    return "".join("\t".join("" if c is None else str(c) for c in row) + "\r\n" for row in rows)


def main() -> None:
    from unionoffice.domain import activities, members
    from unionoffice.ui.activities.dialog import ActivityDialog
    from unionoffice.ui.activities.printing import to_pdf as sheet_pdf
    from unionoffice.ui.chapter_dialog import ChapterDialog
    from unionoffice.ui.common import list_print
    from unionoffice.ui.common.batch_edit import BatchEditDialog
    from unionoffice.ui.common.people import PeoplePicker
    from unionoffice.ui.main_window import MainWindow
    from unionoffice.ui.members.person_dialog import PersonDialog

    say("1. a new office: the first-start dialog")

    def chapter_form(dialog):
        dialog.editors["unit_name"].setText("红星机械厂")
        dialog.editors["union_name"].setText("红星机械厂工会")
        shot("chapter")
        dialog.accept()

    on_modal(ChapterDialog, chapter_form)
    ChapterDialog(first_start=True).exec()

    window = MainWindow(default_db_path())
    window.resize(1300, 840)
    window.move(0, 0)
    window.show()
    wait(800)
    shot("main-window")

    say("2. 20 people by the short 新增职工 form (保存并继续)")
    tab = window.members
    window.tabs.setCurrentWidget(tab)

    def enter_people(dialog):
        dialog.join.setChecked(True)
        for i, name in enumerate(NAMES):
            dialog.editors["name"].setText(name)
            dialog.editors["id_number"].setText(make_id(seq=100 + 2 * i))
            dialog.editors["department"].setCurrentText("机加工车间" if i < 10 else "装配车间")
            if i in (0, 19):
                wait(200)
                shot(f"new-person-{i + 1}")
            dialog.save_next.click()
            wait(30)
        shot("after-20-saved")
        say(f"  form says: {dialog.error.text()}")
        dialog.accept()

    on_modal(PersonDialog, enter_people, timeout=60)
    tab.add_person()
    wait(500)
    say(f"  roster now: {tab.model.rowCount()} people")
    shot("roster-20")

    say("3. 工会小组 of 15 by 批量修改")
    view = tab.view
    selection = view.selectionModel()
    view.selectRow(0)
    for row in range(1, 15):
        selection.select(tab.model.index(row, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    wait(200)
    shot("15-selected")

    def batch(dialog):
        dialog.field.setCurrentIndex(dialog.field.findData("union_group"))
        dialog.value.setCurrentText("第一工会小组")
        wait(200)
        shot("batch-edit-preview")
        say(f"  preview: {dialog.summary.text()}")
        dialog.accept()

    on_modal(BatchEditDialog, batch)
    tab.batch_edit()
    wait(400)
    grouped = sum(1 for p in members.search_ids(members.RosterFilter())
                  if members.get_person(p).union_group_id)
    say(f"  people with a 工会小组: {grouped}")
    shot("roster-grouped")

    say("4. an activity, and a sign-up list pasted from a workbook")
    atab = window.activities
    window.tabs.setCurrentWidget(atab)
    state = {}

    def new_activity(dialog):
        dialog.name.setText("职工趣味运动会")
        dialog.kind.setCurrentText("文体活动")
        dialog.starts.setDateTime(QDateTime(dt.date.today(), QTime(14, 0)))
        dialog.place.setText("厂区操场")
        dialog.cap.setValue(30)
        shot("new-activity")
        on_modal(lambda w: isinstance(w, ActivityDialog) and w is not dialog, sign_ups, timeout=30)
        dialog.accept()

    def sign_ups(page):
        state["page"] = page
        page.tabs.setCurrentIndex(1)
        wait(300)
        text = workbook_list(OUT / "报名表.xlsx")
        say("  workbook cells copied as:\n    " + text.replace("\r\n", "\n    ").rstrip())

        def picker_paste(picker):
            QGuiApplication.clipboard().setText(text)
            picker.people.setFocus()
            keys(picker, "ctrl+v")
            say(f"  picker: {picker.pasted.text()}")
            shot("picker-after-ctrl-v")
            on_modal(QMessageBox, message("sign-up-message"))
            picker.accept()

        on_modal(PeoplePicker, picker_paste)
        page.findChild(QPushButton, "button_add_people").click()
        wait(300)
        say(f"  list: {page.people_status.text()}")
        shot("signed-up")
        page.findChild(QPushButton, "button_check_in_all").click()
        wait(300)
        say(f"  after 全部签到: {page.people_status.text()}")
        shot("checked-in-all")
        page.people_view.setFocus()
        keys(page.people_view, "ctrl+z")
        say(f"  Ctrl+Z: {page.people_note.text()} / {page.people_status.text()}")
        shot("undo-1")
        keys(page.people_view, "ctrl+z")
        say(f"  Ctrl+Z: {page.people_note.text()} / {page.people_status.text()}")
        shot("undo-2")
        keys(page.people_view, "ctrl+y")
        say(f"  Ctrl+Y: {page.people_note.text()} / {page.people_status.text()}")
        shot("redo-1")
        page.accept()

    def message(name):
        def close(box):
            say(f"  message: {box.text()}")
            shot(name)
            box.accept()
        return close

    on_modal(lambda w: isinstance(w, ActivityDialog) and w.record_id is None, new_activity)
    atab.add()
    wait(500)
    shot("activities-list")
    activity = activities.search(activities.ActivityFilter(text="趣味运动会"))[0]
    say(f"  in the list: 报名 {activity['signed_up']}, 参加 {activity['attended']}")

    say("5. the roster and the sign-in sheet to PDF")
    window.tabs.setCurrentWidget(tab)
    wait(300)
    snap = list_print.snapshot(tab.view, "职工名册", tab.list_filter_text(), window)
    roster_pdf = OUT / "职工名册.pdf"
    list_print.list_pdf(snap, str(roster_pdf))
    sheet = OUT / "签到表.pdf"
    sheet_pdf(activities.get(activity["id"]), str(sheet))
    for pdf in (roster_pdf, sheet):
        subprocess.run(["pdftoppm", "-png", "-r", "60", str(pdf), str(OUT / pdf.stem)], check=True)
        say(f"  {pdf.name}: {pdf.stat().st_size} bytes")
    say("6. a 送温暖 batch for the people of the same list, pasted; then Ctrl+Z in the window")
    from unionoffice.db.models import Assistance
    from unionoffice.ui.welfare.dialogs import AssistanceDialog

    wtab = window.welfare
    window.tabs.setCurrentWidget(wtab)
    wtab.pages.setCurrentIndex(1)  # 帮扶发放
    text = workbook_list(OUT / "报名表.xlsx")

    def batch_paste(dialog):
        dialog.resize(700, 760)
        wait(300)
        shot("welfare-batch-before-paste")
        QGuiApplication.clipboard().setText(text)
        dialog.people.setFocus()
        keys(dialog.people, "ctrl+v")
        say(f"  batch: {dialog.pasted.text()} — listed {dialog.people.count()}, ticked {len(dialog.chosen())}")
        dialog.amount.setText("300")
        dialog.approver.setText("王建国")
        shot("welfare-batch-after-paste")
        on_modal(QMessageBox, message("welfare-batch-saved"))
        dialog.accept()

    on_modal(lambda w: isinstance(w, AssistanceDialog) and w.batch, batch_paste)
    wtab.pay_batch()
    wait(400)
    say(f"  assistance records: {Assistance.select().count()}")
    shot("welfare-payments")
    keys(window, "ctrl+z")
    say(f"  Ctrl+Z in the window: {window.statusBar().currentMessage()}; records: {Assistance.select().count()}")
    shot("welfare-undone")
    say(f"done: {OUT}")
    (OUT / "log.txt").write_text("\n".join(LOG), encoding="utf-8")
    window.close()
    QApplication.instance().quit()


if __name__ == "__main__":
    app = ensure_app()
    open_database(default_db_path())
    QTimer.singleShot(0, main)
    app.exec()
