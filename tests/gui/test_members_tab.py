import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from unionoffice.db.models import Person
from unionoffice.domain import members
from unionoffice.ui.members.person_dialog import EventDialog, PersonDialog
from tests.conftest import SAMPLE
from tests.helpers import make_id


def shown_names(tab):
    return [tab.model.record(r)["name"] for r in range(tab.model.rowCount())]


def test_search_by_pinyin_initials_as_you_type(window, qtbot):
    tab = window.members
    window.tabs.setCurrentWidget(tab)
    members.create_person({"name": "张伟", "id_number": make_id(seq=111), "mobile": "13800009876"})
    tab.reload()
    total = tab.model.rowCount()
    qtbot.keyClicks(tab.search, "zw")
    names = shown_names(tab)
    assert "张伟" in names and len(names) < total
    assert all(members.pinyin_keys(n)[1].startswith("zw") or "zw" in members.pinyin_keys(n)[0]
               for n in names)
    tab.search.clear()
    qtbot.keyClicks(tab.search, "9876")
    assert shown_names(tab) == ["张伟"]
    assert tab.status.text().startswith("职工 1 · 会员 0")


def test_sort_by_header_is_done_in_sql(window):
    tab = window.members
    tab.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # 出生日期
    births = [tab.model.record(r)["birth_date"] for r in range(tab.model.rowCount())]
    assert births == sorted(births, reverse=True)


def test_transfer_out_changes_the_join_rate(window, qtbot):
    tab = window.members
    tab.f_membership.setCurrentIndex(tab.f_membership.findData("member"))
    before_employees, before_members = members.headcount()
    tab.view.selectRow(0)
    person_id = tab.current_id()
    dialog = EventDialog(person_id, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentText("转出")
    dialog.date.setDate(QDate.currentDate())
    dialog.accept()
    assert dialog.isVisible() and "原因" in dialog.error.text()  # a reason is required
    dialog.reason.setCurrentText("劳动(工作)关系发生变化")
    dialog.also_left.setChecked(False)  # membership moves elsewhere; still employed here
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    tab._after_change(person_id)
    assert members.headcount() == (before_employees, before_members - 1)
    qtbot.waitUntil(lambda: window.overview.idle)  # figures are counted off the GUI thread
    assert window.overview.number_labels["members"].text() == str(before_members - 1)
    assert person_id not in tab.model.ids()  # filtered to members only


def test_person_dialog_keeps_bad_input_open(window, qtbot):
    dialog = PersonDialog(None, window.members)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.editors["name"].setText("新同事")
    qtbot.keyClicks(dialog.editors["id_number"], "110101198503121230")
    dialog.accept()
    assert dialog.isVisible()
    assert "证件号码" in dialog.error.text() and "校验位" in dialog.error.text()
    dialog.editors["id_number"].clear()
    qtbot.keyClicks(dialog.editors["id_number"], make_id(seq=123))
    dialog.join.setChecked(True)
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    person = Person.get(Person.name == "新同事")
    assert person.membership_state == "入会" and person.gender == "男"


def test_reveal_shows_the_number_and_is_logged(window, qtbot):
    from unionoffice.db.models import AuditLog

    person = Person.select().first()
    dialog = PersonDialog(person.id, window.members)
    qtbot.addWidget(dialog)
    assert "*" in dialog.editors["id_number"].text()
    dialog.reveal("id_number")
    assert dialog.editors["id_number"].text() == person.id_number
    assert AuditLog.select().where(AuditLog.action == "reveal").count() == 1


def test_import_from_the_tab_with_preview(window, qtbot, monkeypatch):
    tab = window.members
    before = Person.select().count()
    monkeypatch.setattr("unionoffice.ui.members.import_dialog.ImportPreviewDialog.exec",
                        lambda self: QDialog.DialogCode.Accepted)
    shown = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: shown.append(a[2]))
    tab.start_import(str(SAMPLE))
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert "新增 374 人" in shown[0] and "拒绝 26 行" in shown[0]
    assert Person.select().count() == before + 374
    assert tab.preview_dialog.rejections.rowCount() == 26


def test_transfer_out_can_record_leaving(window, qtbot):
    tab = window.members
    tab.f_membership.setCurrentIndex(tab.f_membership.findData("member"))
    tab.view.selectRow(0)
    person_id = tab.current_id()
    employees, _ = members.headcount()
    dialog = EventDialog(person_id, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentText("转出")
    assert dialog.also_left.isChecked()
    dialog.reason.setCurrentText("劳动(工作)关系发生变化")
    dialog.accept()
    assert members.get_person(person_id).left_on == dt.date.today()
    assert members.headcount()[0] == employees - 1


@pytest.mark.parametrize("choice", ["theirs", "mine", None])
def test_a_refused_save_offers_the_saved_values_or_to_keep_mine(window, qtbot, monkeypatch, choice):
    """Another desk (here: the domain, as the other desk would) saved the same field meanwhile."""
    from unionoffice.ui.members import person_dialog

    person = Person.select().where(Person.left_on.is_null()).order_by(Person.id).first()
    dialog = PersonDialog(person.id, window.members)
    qtbot.addWidget(dialog)
    dialog.show()
    members.update_person(person.id, {**members.person_values(person), "position": "班组长"})
    shown = []
    monkeypatch.setattr(person_dialog, "ask_conflict", lambda parent, exc: shown.append(str(exc)) or choice)
    dialog.editors["position"].setText("调度员")
    dialog.editors["note"].setText("夜班")
    dialog.accept()
    assert "班组长" in shown[0] and "调度员" in shown[0]
    saved = Person.get_by_id(person.id)
    if choice == "mine":  # knowingly kept: saved, both of this desk's fields
        assert dialog.result() == QDialog.DialogCode.Accepted
        assert (saved.position, saved.note) == ("调度员", "夜班")
        return
    assert dialog.isVisible() and (saved.position, saved.note) == ("班组长", "")
    if choice == "theirs":  # the saved value is in the form, the clerk's other edit kept
        assert dialog.editors["position"].text() == "班组长" and dialog.editors["note"].text() == "夜班"
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
        saved = Person.get_by_id(person.id)
        assert (saved.position, saved.note) == ("班组长", "夜班")


def test_the_rejection_list_is_saved_on_a_worker_thread_and_reads_back(app, db, qtbot, monkeypatch, tmp_path):
    """A file whose ID numbers were all saved as numbers: every row rejected, and the list of them
    written without freezing the preview."""
    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    from unionoffice.ledgers import roster_import
    from unionoffice.ui.common import saving
    from unionoffice.ui.members.import_dialog import ImportPreviewDialog
    from tests.helpers import write_roster

    rows = [[f"职工{n}", 110101198503120000 + n, "13812345678"] for n in range(3000)]
    plan = roster_import.classify(roster_import.read_roster(
        write_roster(tmp_path / "全是数字.xlsx", ["姓名", "身份证号", "手机号码"], rows)))
    assert len(plan.rejections) == 3000 and not plan.new
    out = tmp_path / "被拒绝的行.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    told = []
    monkeypatch.setattr(saving, "show_written", lambda parent, title, text, path: told.append((text, path)))
    dialog = ImportPreviewDialog(plan)
    qtbot.addWidget(dialog)
    dialog.write_report()
    assert not told  # returned at once; the workbook is written by the task
    qtbot.waitUntil(lambda: bool(told), timeout=30000)
    assert told == [("已保存被拒绝的 3000 行（行号、错误列、原因在前，其后是文件中的原样内容）。", str(out))]
    ws = load_workbook(out, read_only=True)["被拒绝的行"]
    values = [tuple(r) for r in ws.iter_rows(values_only=True)]
    header_at = next(i for i, r in enumerate(values) if r[:3] == ("行号", "错误列", "错误原因"))
    data = values[header_at + 1:]
    assert len(data) == 3000
    assert data[0][:4] == (2, "身份证号", plan.rejections[0].reason, "职工0")
    assert "数字形式" in data[-1][2] and data[-1][0] == 3001


def test_a_ledger_imports_rejection_list_is_saved_by_a_task(app, db, qtbot, monkeypatch, tmp_path):
    """The 保存拒绝清单… button of any ledger import (提案, 帮扶, 活动 …) writes on a worker thread."""
    from types import SimpleNamespace

    from openpyxl import load_workbook
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QFileDialog, QWidget

    from unionoffice.excel.ledger import Rejection
    from unionoffice.ui.common import saving
    from unionoffice.ui.common.ledger_import import LedgerImport

    rejections = [Rejection(n + 3, "金额", "不是数字", ["张伟", "一百"]) for n in range(2500)]
    plan = SimpleNamespace(path=tmp_path / "帮扶发放明细.xlsx", header=["姓名", "金额"], rejections=rejections,
                           new=[], updates=[],
                           summary=lambda: {"imported": 0, "updated": 0, "unchanged": 0, "rejected": 2500,
                                            "unknown_columns": [], "rejections": [
                                                {"row": r.row, "column": r.column, "reason": r.reason}
                                                for r in rejections]})
    out = tmp_path / "被拒绝的行.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    told = []
    monkeypatch.setattr(saving, "show_written", lambda parent, title, text, path: told.append((text, path)))
    parent = QWidget()
    qtbot.addWidget(parent)
    importer = LedgerImport(parent, "导入帮扶发放明细", read=None, apply=None, done=lambda s: None)

    def press_save() -> None:
        box = importer.preview_box
        next(b for b in box.buttons() if b.text() == "保存拒绝清单…").click()

    QTimer.singleShot(100, press_save)
    importer.preview(plan)
    assert not told
    qtbot.waitUntil(lambda: bool(told), timeout=30000)
    assert told == [("已保存被拒绝的 2500 行（行号、错误列、原因在前，其后是文件中的原样内容）。", str(out))]
    rows = [tuple(r) for r in load_workbook(out, read_only=True)["被拒绝的行"].iter_rows(values_only=True)]
    assert rows[-1][:5] == (2502, "金额", "不是数字", "张伟", "一百")
    assert sum(1 for r in rows if r[2:3] == ("不是数字",)) == 2500
    QApplication.processEvents()


def test_transfer_out_with_leaving_ends_in_post_and_the_ticked_box_does_not_count_leavers(window, qtbot):
    """转出 with 离职: 就业状况 follows (其他, as the dialog suggests); with 含已离职 ticked the one who
    left is listed but 职工, 会员 and 入会率 count the two still here, and the line says so."""
    tab = window.members
    window.tabs.setCurrentWidget(tab)
    stays = members.create_person({"name": "留下甲", "id_number": make_id(seq=201)}, join=("入会", "2020-01-01"))
    goes = members.create_person({"name": "离开乙", "id_number": make_id(seq=203)}, join=("入会", "2020-01-01"))
    members.create_person({"name": "留下丙", "id_number": make_id(seq=205)})
    dialog = EventDialog(goes.id, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.kind.setCurrentText("转出")
    dialog.reason.setCurrentText("劳动(工作)关系发生变化")
    assert dialog.also_left.isChecked() and dialog.status_after.isEnabled()
    assert dialog.status_after.currentText() == "其他"
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert members.get_person(goes.id).employment_status == "其他"

    tab.search.setText("留下")
    assert tab.status.text().startswith("职工 2 · 会员 1 · 入会率 50.0%")
    tab.search.setText("乙")
    tab.f_left.setChecked(True)
    assert shown_names(tab) == ["离开乙"]
    assert tab.status.text().startswith("职工 0 · 会员 0 · 入会率 0.0%")
    assert "已离职 1" in tab.status.text()
    tab.search.setText("")
    employees, member_count = members.headcount()
    assert tab.status.text().startswith(f"职工 {employees} · 会员 {member_count} ·")


def test_shortcuts_work_right_after_clicking_the_tab(window, qtbot, monkeypatch):
    """Ctrl+F and Ctrl+N answer as soon as the 会员 tab is clicked (the focus still on the tab bar)."""
    opened = []
    monkeypatch.setattr(PersonDialog, "exec", lambda d: opened.append(d.windowTitle()) or 0)
    window.tabs.setCurrentIndex(0)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    bar = window.tabs.tabBar()
    index = window.tabs.indexOf(window.members)
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert window.tabs.currentWidget() is window.members
    bar.setFocus()  # where a click leaves the focus on a platform that gives tabs the focus
    qtbot.keyClick(bar, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.members.search.hasFocus()
    bar.setFocus()
    qtbot.keyClick(bar, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert opened == ["新增职工"]


def test_a_new_person_starts_in_the_name_and_sees_the_membership_choice(window, qtbot):
    """新增职工: the cursor is in 姓名, and 登记为会员 is on screen without scrolling (outside the
    scrolled 25-field form, next to the buttons)."""
    dialog = PersonDialog(None, window.members)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.editors["name"].hasFocus())
    scroll = dialog.tabs.widget(0)
    assert not scroll.isAncestorOf(dialog.join) and dialog.join.isVisible()
    assert not dialog.join.visibleRegion().isEmpty() and not dialog.join_date.visibleRegion().isEmpty()


def test_import_preview_shows_who_is_added_and_who_is_changed(app, db, qtbot, tmp_path):
    """Issue 21: the preview listed only the rejections."""
    from unionoffice.ledgers import roster_import
    from unionoffice.ui.members.import_dialog import ImportPreviewDialog
    from tests.helpers import write_roster

    members.create_person({"name": "老职工", "id_number": make_id(seq=201), "department": "动力厂",
                           "mobile": "13800001111"})
    members.create_person({"name": "非会员", "id_number": make_id(seq=203)})
    rows = [["新职工", make_id(seq=205), "财务部", "13800002222", ""],
            ["老职工", make_id(seq=201), "财务部", "13800003333", ""],
            ["非会员", make_id(seq=203), "", "", "是"],
            ["", make_id(seq=207), "财务部", "", ""]]
    plan = roster_import.classify(roster_import.read_roster(
        write_roster(tmp_path / "r.xlsx", ["姓名", "身份证号", "部门", "手机号码", "是否会员"], rows)))
    dialog = ImportPreviewDialog(plan)
    qtbot.addWidget(dialog)
    assert [dialog.pages.tabText(i) for i in range(3)] == ["新增 1 人", "更新 2 人", "拒绝 1 行"]
    new = dialog.new_people.rows()[0]
    assert (new["row"], new["name"], new["department"]) == (2, "新职工", "财务部")
    assert new["id_number"] == make_id(seq=205)[:4] + "*" * 10 + make_id(seq=205)[-4:]  # masked
    changed = dialog.updated_people.rows()
    assert changed[0]["name"] == "老职工"
    assert changed[0]["changes"] == "移动电话：138****1111 → 138****3333；工作单位/部门：动力厂 → 财务部"
    assert (changed[1]["name"], changed[1]["changes"]) == ("非会员", "入会")
    assert dialog.rejections.rowCount() == 1
