"""Working in a register's list as in a spreadsheet (issue 22): print the list as shown with a
preview, Ctrl+C the selected rows with their header, Ctrl+V cells from Excel/WPS through the
ledger's own import (preview, rejections, one transaction)."""

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from tests.gui.test_printing import close_preview_soon
from unionoffice.db.models import Activity
from unionoffice.domain import activities, chapter
from unionoffice.ui.common import list_print
from unionoffice.ui.common.clipboard import parse_table


def press(qtbot, window, view, key, modifier=Qt.KeyboardModifier.ControlModifier):
    """A key pressed on a list of the window, the window active and the list focused."""
    window.activateWindow()
    view.setFocus()
    qtbot.waitUntil(view.hasFocus)
    qtbot.keyClick(view, key, modifier)


def copied(qtbot, window, view, also) -> list[list[str]]:
    """Ctrl+C with the row of index ``also`` selected besides the current one: the clipboard's table."""
    from PySide6.QtCore import QItemSelectionModel

    view.selectionModel().select(also, QItemSelectionModel.SelectionFlag.Select | QItemSelectionModel.SelectionFlag.Rows)
    QGuiApplication.clipboard().clear()
    press(qtbot, window, view, Qt.Key.Key_C)
    return parse_table(QGuiApplication.clipboard().text())


def _activities(tab, names):
    made = [activities.create({"name": name, "kind": "讲座", "starts_at": dt.datetime(2026, 3, 1 + n, 9),
                               "place": f"第{n + 1}会议室"}) for n, name in enumerate(names)]
    tab.reload()
    return made


def test_the_list_prints_as_shown_with_its_filter_and_the_chapters_name(window, qtbot, tmp_path):
    chapter.save(chapter.load() | {"union_name": "红星机械厂工会"})
    tab = window.activities
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    _activities(tab, ["安全生产讲座", "法律知识讲座", "心理健康讲座"])
    tab.f_kind.setCurrentIndex(tab.f_kind.findText("讲座"))
    tab.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    tab.view.horizontalHeader().hideSection(1)
    seen = []
    close_preview_soon(seen)
    snap = tab.print_list()
    assert seen and seen[0][1] == "A4" and seen[0][2] == 1
    assert snap.title == f"红星机械厂工会 {tab.register.title}"
    assert "讲座" in snap.subtitle and "2026" in snap.subtitle
    hidden = tab.model.headerData(1, Qt.Orientation.Horizontal)
    assert hidden not in snap.headers and len(snap.headers) == tab.model.columnCount() - 1
    names = [row[0] for row in snap.rows]
    assert len(names) >= 3 and "安全生产讲座" in names
    shown = [tab.proxy.index(r, 0).data() for r in range(tab.proxy.rowCount())]
    assert names == shown  # the rows in the order the list shows them
    assert tab.isVisible()


def test_a_long_list_pages_with_its_header_repeated_and_page_numbers(app, db, tmp_path):
    snap = list_print.ListSnapshot("红星机械厂工会 会员名册", "全部", ["姓名", "部门"], [80, 110],
                                   [[f"职工{n}", "财务部"] for n in range(2000)])
    assert not snap.landscape
    pages = []
    path = tmp_path / "list.pdf"
    assert list_print.list_pdf(snap, str(path), lambda page, total: pages.append((page, total)) or True)
    total = pages[-1][1]
    assert 30 < total < 80 and pages[-1] == (total, total)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    stopped = tmp_path / "stopped.pdf"
    assert not list_print.list_pdf(snap, str(stopped), lambda page, total: page < 3)  # 取消 after 3 pages
    wide = list_print.ListSnapshot("t", "全部", ["a"] * 12, [90] * 12, [])
    assert wide.landscape


def test_ctrl_c_copies_the_selected_rows_with_their_header(window, qtbot):
    tab = window.activities
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    made = _activities(tab, ["篮球赛", "羽毛球赛", "象棋赛"])
    tab.select(made[0].id)
    row = tab.view.currentIndex().row()
    other = next(r for r in range(tab.proxy.rowCount()) if r != row)
    rows = copied(qtbot, window, tab.view, tab.proxy.index(other, 0))
    header = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(tab.model.columnCount())]
    assert rows[0] == header and len(rows) == 3
    assert {rows[1][0], rows[2][0]} == {tab.proxy.index(row, 0).data(), tab.proxy.index(other, 0).data()}
    assert "篮球赛" in {rows[1][0], rows[2][0]}


def _answer_preview(tab, seen, press="导入"):
    def answer():
        box = getattr(tab.importer, "preview_box", None)
        if box is None or not box.isVisible():
            QTimer.singleShot(50, answer)
            return
        seen.append(box.text())
        next(b for b in box.buttons() if b.text() == press).click()

    QTimer.singleShot(50, answer)


def test_pasting_rows_from_excel_goes_through_the_ledgers_checks_and_preview(window, qtbot, monkeypatch):
    tab = window.activities
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    before = Activity.select().count()
    pasted = ("名称\t类型\t开始日期\t地点\r\n"
              "职工运动会\t文体活动\t2026-05-01\t厂区操场\r\n"
              "读书分享会\t不存在的类型\t2026-05-02\t图书室\r\n"
              "\r\n")
    QGuiApplication.clipboard().setText(pasted)
    seen = []
    _answer_preview(tab, seen)
    tab.paste()
    qtbot.waitUntil(lambda: any("新增 1" in t for t in told), timeout=30000)
    assert "新增 1 项" in seen[0] and "拒绝 1 行" in seen[0] and "第 3 行 [类型]" in seen[0]
    assert Activity.select().count() == before + 1
    assert Activity.select().where(Activity.name == "职工运动会").count() == 1
    assert not Activity.select().where(Activity.name == "读书分享会").exists()
    # the new row is in the list
    assert any(tab.proxy.index(r, 0).data() == "职工运动会" for r in range(tab.proxy.rowCount()))


def test_pasted_rows_without_a_header_are_read_in_the_ledgers_order(window, qtbot, monkeypatch):
    tab = window.activities
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    seen = []
    _answer_preview(tab, seen)
    tab.paste("消防演练\t培训\t2026-06-01\n")
    qtbot.waitUntil(lambda: any("新增 1" in t for t in told), timeout=30000)
    assert "没有标题行" in told[0] and "名称、类型、开始日期" in told[0]
    assert Activity.select().where(Activity.name == "消防演练", Activity.kind == "培训").count() == 1


def test_pasting_nothing_says_how_to_copy_and_writes_nothing(window, monkeypatch):
    tab = window.activities
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    before = Activity.select().count()
    assert tab.paste("  \n\t\n") is None
    assert "没有可粘贴的表格内容" in told[0] and Activity.select().count() == before
    QApplication.processEvents()


def test_a_pasted_column_of_numbers_or_names_ticks_people_and_says_who_was_not_found(app, db, qtbot):
    from tests.helpers import make_id
    from unionoffice.domain import members
    from unionoffice.ui.common.people import PeoplePicker

    li = members.create_person({"name": "李桂", "id_number": make_id(seq=301)}, join=("入会", "2020-01-01"))
    wang = members.create_person({"name": "王芳", "id_number": make_id(seq=303)}, join=("入会", "2020-01-01"))
    members.create_person({"name": "张伟", "id_number": make_id(seq=305)}, join=("入会", "2020-01-01"))
    members.create_person({"name": "张伟", "id_number": make_id(seq=307)}, join=("入会", "2020-01-01"))
    outsider = members.create_person({"name": "赵非", "id_number": make_id(seq=309)})
    picker = PeoplePicker(None, title="添加职工代表", hint="勾选", only_members=True)
    qtbot.addWidget(picker)
    picker.show()
    picker.activateWindow()
    qtbot.waitUntil(picker.isActiveWindow)
    QGuiApplication.clipboard().setText(f"姓名\t证件号码\r\n王芳\t{make_id(seq=303).lower()}\r\n李桂\t\r\n"
                                        f"张伟\t\r\n钱多多\t\r\n赵非\t{make_id(seq=309)}\r\n")
    picker.people.setFocus()
    qtbot.keyClick(picker.people, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert picker.chosen() == [wang.id, li.id] and outsider.id not in picker.chosen()
    text = picker.pasted.text()
    assert "勾选 2 人" in text and "钱多多" in text and "赵非" in text and "不是会员" in text
    assert "同名不止一人" in text and "张伟" in text
    assert "已勾选 2 人：王芳、李桂" in picker.summary.text()
    # in the search box Ctrl+V pastes text, as everywhere
    picker.search.setFocus()
    QGuiApplication.clipboard().setText("wf")
    qtbot.keyClick(picker.search, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert picker.search.text() == "wf" and picker.chosen() == [wang.id, li.id]


def test_an_edit_in_a_registers_form_is_undone_and_redone(window, qtbot, monkeypatch):
    from unionoffice.ui.activities.dialog import ActivityDialog

    tab = window.activities
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    made = _activities(tab, ["普法讲座"])[0]

    def change(dialog):
        dialog.widgets["place"].setText("大礼堂")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(ActivityDialog, "exec", change)
    tab.open(made.id)
    assert Activity.get_by_id(made.id).place == "大礼堂"
    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    assert Activity.get_by_id(made.id).place == "第1会议室"
    assert window.statusBar().currentMessage().startswith("已撤销：修改")
    qtbot.keyClick(tab.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert Activity.get_by_id(made.id).place == "大礼堂"
    assert tab.current_id() == made.id

    # another desk moves the place meanwhile: the undo says why and leaves the other desk's change
    from unionoffice.domain import activities as activities_domain
    activities_domain.update(made.id, {**_stored(ActivityDialog, made.id, tab), "place": "职工之家"})
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    assert warned and "无法撤销" in warned[0]
    assert Activity.get_by_id(made.id).place == "职工之家"


def _stored(dialog_class, record_id, parent):
    dialog = dialog_class(record_id, parent)
    try:
        return dialog.values()
    finally:
        dialog.deleteLater()
