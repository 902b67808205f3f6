"""The roster as a spreadsheet (issue 22): print it as shown and print a person's card, Ctrl+C the
selected people with the header, Ctrl+V people from Excel/WPS through the roster import."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QMessageBox

from tests.gui.test_printing import close_preview_soon
from tests.gui.test_quick_lists import copied, press
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
    person = _listed(tab, {"name": "卡片张", "id_number": make_id(seq=311), "mobile": "13800001111"},
                     join=("入会", "2020-01-01"))
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
    rows = copied(qtbot, window, tab.view, tab.model.index(2, 0))
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


def _listed(tab, values, join=None):
    """A person added and selected in the roster."""
    person = members.create_person(values, join=join)
    tab.reload()
    tab.select(person.id)
    return person


def _people(n, department="装配车间"):
    return [members.create_person({"name": f"批改{chr(0x4e00 + k)}", "id_number": make_id(seq=500 + 2 * k),
                                   "department": department}) for k in range(n)]


def test_batch_edit_previews_writes_once_and_undoes_and_redoes(window, qtbot, monkeypatch):
    from unionoffice.ui.common.batch_edit import BatchEditDialog

    tab = _show(window)
    people = _people(20)
    tab.search.setText("批改")
    assert tab.model.rowCount() == 20
    chosen = [p.id for p in people[:15]]
    tab.reselect(chosen)
    assert sorted(tab.selected_ids()) == sorted(chosen)
    seen = {}

    def answer(dialog):
        dialog.field.setCurrentIndex(dialog.field.findData("union_group"))
        dialog.value.setCurrentText("装配一组")
        seen["rows"], seen["summary"] = dialog.model.rowCount(), dialog.summary.text()
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(BatchEditDialog, "exec", answer)
    audits = AuditLog.select().count()
    tab.batch_edit()
    assert seen["rows"] == 15 and "将把 15 人的“工会小组”改为“装配一组”" in seen["summary"]
    group_of = lambda: {p.id: members.person_values(members.get_person(p.id))["union_group"] for p in people}
    assert [g for i, g in group_of().items() if g == "装配一组"] == ["装配一组"] * 15
    assert AuditLog.select().count() == audits + 15
    assert sorted(tab.selected_ids()) == sorted(chosen)  # the selection kept

    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    assert set(group_of().values()) == {""}
    assert AuditLog.select().count() == audits + 30  # the undo is audited too
    assert "已撤销：批量修改工会小组（15 人）" in window.statusBar().currentMessage()
    qtbot.keyClick(tab.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert list(group_of().values()).count("装配一组") == 15
    members_column = [label for _k, label in members.ROSTER_COLUMNS].index("工会小组")
    shown = {tab.model.index(r, members_column).data() for r in range(tab.model.rowCount())}
    assert "装配一组" in shown


def test_a_refused_batch_edit_names_the_person_and_writes_nothing(window, qtbot):
    from unionoffice.ui.common.batch_edit import BatchEditDialog

    people = _people(3)
    dialog = BatchEditDialog([p.id for p in people], window.members)
    qtbot.addWidget(dialog)
    dialog.field.setCurrentIndex(dialog.field.findData("position"))
    dialog.value.setCurrentText("岗" * 300)
    dialog.accept()
    assert dialog.isVisible() is False or dialog.result() != QDialog.DialogCode.Accepted
    assert "批改" in dialog.error.text() and "岗位" in dialog.error.text()
    assert all(members.get_person(p.id).position in ("", None) for p in people)


def _column(key):
    return [k for k, _label in members.ROSTER_COLUMNS].index(key)


def _edit(qtbot, tab, person_id, key, text):
    """F2 on the cell, type over its value, Enter."""
    from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit

    index = tab.model.index(tab.model.row_of(person_id), _column(key))
    tab.view.setCurrentIndex(index)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, (QLineEdit, QComboBox)) and editor is not tab.view
    if isinstance(editor, QComboBox):
        editor.setCurrentText(text)
    else:
        editor.setText(text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_edit_in_place_saves_through_the_checks_moves_down_and_undoes(window, qtbot):
    tab = _show(window)
    people = _people(3)
    tab.search.setText("批改")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    first = tab.model.id_at(0)
    _edit(qtbot, tab, first, "position", "钳工")
    assert members.get_person(first).position == "钳工"
    assert tab.model.index(0, _column("position")).data() == "钳工"
    assert tab.view.currentIndex().row() == 1 and tab.view.currentIndex().column() == _column("position")
    _edit(qtbot, tab, first, "hire_date", "2019.7.1")
    assert members.get_person(first).hire_date == __import__("datetime").date(2019, 7, 1)

    # refused: said at the cell and in the status line, nothing saved
    _edit(qtbot, tab, first, "hire_date", "2019-13-45")
    assert tab.status.text().startswith("未保存：入职日期：") and "2019-13-45" in tab.cells.refused
    assert members.get_person(first).hire_date == __import__("datetime").date(2019, 7, 1)
    _edit(qtbot, tab, first, "name", "")
    assert "姓名" in tab.cells.refused and members.get_person(first).name.startswith("批改")
    assert tab.model.index(tab.model.row_of(first), _column("name")).data().startswith("批改")

    # a code-list field offers its codes
    _edit(qtbot, tab, first, "employment_form", "劳务派遣")
    assert members.get_person(first).employment_form == "劳务派遣"

    # undo the last three saved edits, newest first; redo one
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert members.get_person(first).employment_form != "劳务派遣"
    qtbot.keyClick(tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert members.get_person(first).hire_date is None
    qtbot.keyClick(tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert members.get_person(first).position in ("", None)
    qtbot.keyClick(tab.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert members.get_person(first).position == "钳工"
    # Enter on the list (not in a cell) still opens the person's page
    assert tab.view.editTriggers() & tab.view.EditTrigger.EditKeyPressed


def test_new_person_short_form_derives_saves_one_after_another_and_undoes(window, qtbot, monkeypatch):
    from unionoffice.ui.members.person_dialog import PersonDialog

    tab = _show(window)
    before = Person.select().count()
    seen = {}

    def enter(dialog):
        dialog.show()
        seen["hidden"] = not dialog.editors["ethnicity"].isVisible() and dialog.editors["mobile"].isVisible()
        for n in range(3):
            dialog.editors["name"].setText(f"速录{n}")
            dialog.editors["id_number"].setText(make_id(seq=601 + 2 * n))
            if n == 0:
                seen["derived"] = dialog.derived.text()
                dialog.editors["department"].setCurrentText("速录车间")
                dialog.join.setChecked(True)
            dialog.save_next.click()
        seen["message"] = dialog.error.text()
        seen["department"] = dialog.editors["department"].currentText()
        dialog.more.click()
        seen["more"] = dialog.editors["ethnicity"].isVisible()
        dialog.accept()  # nothing typed after the last one: closes
        return dialog.result()

    monkeypatch.setattr(PersonDialog, "exec", enter)
    tab.add_person()
    assert seen["hidden"] and seen["more"] and seen["department"] == "速录车间"
    assert seen["derived"] == "出生日期 1985-03-12 · 性别 男（由证件号码得出）"
    assert "已保存 3 人" in seen["message"]
    assert Person.select().count() == before + 3
    added = list(Person.select().where(Person.name.startswith("速录")))
    assert {p.membership_state for p in added} == {"入会"} and {p.department.name for p in added} == {"速录车间"}

    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    assert Person.select().count() == before
    qtbot.keyClick(tab.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert Person.select().where(Person.name.startswith("速录")).count() == 3
    assert {p.membership_state for p in Person.select().where(Person.name.startswith("速录"))} == {"入会"}


def test_a_deleted_person_comes_back_with_ctrl_z(window, qtbot, monkeypatch):
    tab = _show(window)
    person = _listed(tab, {"name": "误删者", "id_number": make_id(seq=701), "position": "电工"},
                     join=("入会", "2021-05-04"))
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    tab.delete_current()
    assert "Ctrl+Z" in asked[0] and "Ctrl+Z" in tab.status.text()
    assert not Person.select().where(Person.name == "误删者").exists()
    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    back = Person.get(Person.name == "误删者")
    assert back.position == "电工" and back.membership_state == "入会"
    assert [(e.kind, str(e.date)) for e in members.history(back.id)] == [("入会", "2021-05-04")]
    assert back.member_card_no == person.member_card_no


def test_the_clerks_columns_are_remembered_and_copied_and_printed_as_shown(window, qtbot, db_path):
    from unionoffice.ui.main_window import MainWindow

    tab = _show(window)
    menu = tab.columns.menu(None)
    ticks = {a.text(): a for a in menu.actions() if a.isCheckable()}
    assert len(ticks) == len(members.ROSTER_COLUMNS) and all(a.isChecked() for a in ticks.values())
    ticks["出生日期"].setChecked(False)
    header = tab.view.horizontalHeader()
    header.moveSection(header.visualIndex(_column("mobile")), 1)  # 移动电话 dragged next to 姓名
    tab.view.selectRow(0)
    tab.copy_rows()
    assert parse_table(QGuiApplication.clipboard().text())[0][:3] == ["姓名", "移动电话", "性别"]

    again = MainWindow(db_path)  # the program started anew
    qtbot.addWidget(again)
    view = again.members.view
    h = view.horizontalHeader()
    assert h.isSectionHidden(_column("birth_date"))
    assert [h.logicalIndex(v) for v in range(3)] == [_column("name"), _column("mobile"), _column("gender")]
    again.members.columns.reset()
    assert not h.isSectionHidden(_column("birth_date")) and h.logicalIndex(1) == _column("gender")
    # the register lists remember theirs too
    assert again.activities.columns.name == again.activities.view.objectName()
