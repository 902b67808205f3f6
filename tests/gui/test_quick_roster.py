"""The roster as a spreadsheet (issue 22): print it as shown and print a person's card, Ctrl+C the
selected people with the header, Ctrl+V people from Excel/WPS through the roster import."""

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.gui.test_printing import close_preview_soon
from tests.helpers import make_id
from unionoffice.db.models import AuditLog, Person
from unionoffice.domain import chapter, members
from unionoffice.ui.common.clipboard import parse_table
from unionoffice.ui.members import card


def _show(window):
    tab = window.members
    window.tabs.setCurrentWidget(tab)
    tab.reload_choices()
    return tab


def test_the_roster_prints_as_shown_landscape_with_its_filter(window, qtbot):
    chapter.save(chapter.load() | {"union_name": "红星机械厂工会"})
    tab = _show(window)
    tab.f_department.setCurrentIndex(1)
    department = tab.f_department.currentText()
    seen = []
    close_preview_soon(seen)
    snap = tab.print_list()
    assert seen and seen[0][1] == "A4" and seen[0][2] >= 1
    assert snap.title == "红星机械厂工会 职工名册" and snap.landscape
    assert f"部门：{department}" in snap.subtitle
    assert len(snap.rows) == tab.model.rowCount() > 0
    column = snap.headers.index("部门")
    assert {row[column] for row in snap.rows} == {department}
    assert snap.headers[:2] == ["姓名", "性别"]
    assert "*" in snap.rows[0][snap.headers.index("证件号码")]  # printed as shown: masked


def test_a_persons_card_prints_in_full_and_the_printing_is_logged(window, qtbot):
    tab = _show(window)
    person = members.create_person({"name": "卡片张", "id_number": make_id(seq=311), "mobile": "13800001111"},
                                   join=("入会", "2020-01-01"))
    tab.reload()
    tab.select(person.id)
    seen = []
    close_preview_soon(seen)
    tab.print_card()
    assert seen and "卡片张" in seen[0][0] and seen[0][2] == 1
    text = card.document(person.id).toPlainText()
    assert make_id(seq=311) in text and "13800001111" in text and "入会" in text and "2020-01-01" in text
    assert AuditLog.select().where(AuditLog.action == "reveal", AuditLog.row_id == person.id).count() == 2


def test_ctrl_c_copies_the_selected_people_with_the_header(window, qtbot):
    tab = _show(window)
    tab.view.selectRow(0)
    tab.view.selectionModel().select(tab.model.index(2, 0), QItemSelectionModel.SelectionFlag.Select
                                     | QItemSelectionModel.SelectionFlag.Rows)
    tab.view.setFocus()
    window.activateWindow()
    qtbot.waitUntil(tab.view.hasFocus)
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(tab.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    rows = parse_table(QGuiApplication.clipboard().text())
    assert rows[0] == [label for _key, label in members.ROSTER_COLUMNS]
    assert [r[0] for r in rows[1:]] == [tab.model.index(0, 0).data(), tab.model.index(2, 0).data()]


def test_pasting_people_goes_through_the_roster_import(window, qtbot, monkeypatch):
    tab = _show(window)
    before = Person.select().count()
    monkeypatch.setattr("unionoffice.ui.members.import_dialog.ImportPreviewDialog.exec",
                        lambda self: QDialog.DialogCode.Accepted)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    tab.paste(f"姓名\t身份证号\t部门\n粘贴甲\t{make_id(seq=411)}\t财务部\n粘贴乙\t{make_id(seq=413)}\t财务部\n"
              "粘贴丙\t12345\t财务部\n")
    qtbot.waitUntil(lambda: any("新增" in t for t in told), timeout=30000)
    assert "新增 2 人" in told[-1] and "拒绝 1 行" in told[-1]
    assert Person.select().count() == before + 2
    assert Person.get(Person.name == "粘贴甲").department.name == "财务部"
    rejected = tab.preview_dialog.rejections
    assert rejected.rowCount() == 1
