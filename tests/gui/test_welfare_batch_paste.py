"""The 送温暖 batch (issue 22): a column of 证件号码 or names pasted from Excel/WPS lists and ticks
those people, saying who was not found; the batch registered in one go is one Ctrl+Z, refused once
someone has signed for it."""

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox

from tests.helpers import make_id
from unionoffice.db.models import Assistance, AuditLog
from unionoffice.domain import members, welfare
from unionoffice.ui.welfare.dialogs import AssistanceDialog


def _people():
    made = {name: members.create_person({"name": name, "id_number": make_id(seq=600 + 2 * i)},
                                        join=("入会", "2020-01-01"))
            for i, name in enumerate(["送温甲", "送温乙", "送温丙"])}
    members.create_person({"name": "同名丁", "id_number": make_id(seq=610)})
    members.create_person({"name": "同名丁", "id_number": make_id(seq=612)})
    made["非会员"] = members.create_person({"name": "非会员戊", "id_number": make_id(seq=614)})
    return made


def _batch(qtbot, tab):
    dialog = AssistanceDialog(tab, batch=True)
    qtbot.addWidget(dialog)
    dialog.show()
    return dialog


def test_a_pasted_column_lists_and_ticks_those_people_and_says_who_was_not_found(window, qtbot):
    tab = window.welfare
    people = _people()
    dialog = _batch(qtbot, tab)
    dialog.department.setCurrentIndex(1)  # one department: a pasted list may name people of any
    assert dialog.people.count() > 3
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    QGuiApplication.clipboard().setText(  # as copied from WPS: a header, a lower-case x, blanks, bad rows
        f"姓名\t证件号码\r\n送温乙\t{make_id(seq=602).lower()}\r\n送温甲\t\r\n同名丁\t\r\n查无此人\t\r\n"
        f"\t\r\n送温甲\t\r\n")
    dialog.people.setFocus()
    qtbot.keyClick(dialog.people, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.chosen() == [people["送温乙"].id, people["送温甲"].id]
    assert dialog.people.count() == 2 and dialog.department.currentIndex() == 0
    text = dialog.pasted.text()
    assert text.startswith("粘贴名单：勾选 2 人") and "未找到 1 人：查无此人" in text
    assert "同名不止一人（请改用证件号码）：同名丁" in text
    assert dialog.unpaste_button.isVisible()
    assert dialog.count.text() == "已勾选 2 人"
    dialog.amount.setText("300")
    assert dialog.count.text() == "已勾选 2 人，合计 600.00 元"
    dialog.people.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert dialog.count.text() == "已勾选 1 人，合计 300.00 元"
    dialog.amount.setText("3.001")  # not an amount (yet): no total
    assert dialog.count.text() == "已勾选 1 人"
    # without a header, and with 只选会员: the non-member is named as such and not listed
    dialog.only_members.setChecked(True)
    dialog.paste_list(f"送温丙\n{make_id(seq=614)}\n")
    assert dialog.chosen() == [people["送温丙"].id]
    assert "未找到（或不是会员） 1 人" in dialog.pasted.text()
    # with 只选困难建档职工 the pasted people without a file are named, not listed
    dialog.only_filed.setChecked(True)
    dialog.paste_list("送温甲\n")
    assert dialog.chosen() == [] and "未建困难档案，未列入 1 人：送温甲" in dialog.pasted.text()
    dialog.only_filed.setChecked(False)
    # in a text box Ctrl+V pastes text, as everywhere
    dialog.approver.setFocus()
    QGuiApplication.clipboard().setText("王建国")
    qtbot.keyClick(dialog.approver, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert dialog.approver.text() == "王建国" and dialog.chosen() == [people["送温甲"].id]
    dialog.paste_list("   \n")
    assert "剪贴板中没有名单" in dialog.pasted.text() and dialog.chosen() == [people["送温甲"].id]
    dialog.unpaste_button.click()
    assert dialog.people.count() > 3 and not dialog.pasted.text()


def test_a_batch_registered_in_one_go_is_one_undo_refused_once_signed_for(window, qtbot, monkeypatch):
    tab = window.welfare
    window.tabs.setCurrentWidget(tab)
    people = _people()
    told, warned = [], []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)

    def fill(dialog):
        dialog.paste_list("送温甲\n送温乙\n送温丙\n")
        dialog.amount.setText("300")
        dialog.approver.setText("王建国")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(AssistanceDialog, "exec", fill)
    before = Assistance.select().count()
    tab.pay_batch()
    ours = lambda: Assistance.select().where(Assistance.person.in_([p.id for p in people.values()]))  # noqa: E731
    assert ours().count() == 3 and Assistance.select().count() == before + 3
    assert "Ctrl+Z" in told[-1]

    def press(key):
        window.activateWindow()
        tab.pay_view.setFocus()
        qtbot.waitUntil(tab.pay_view.hasFocus)
        qtbot.keyClick(tab.pay_view, key, Qt.KeyboardModifier.ControlModifier)

    press(Qt.Key.Key_Z)
    assert Assistance.select().count() == before
    assert window.statusBar().currentMessage() == "已撤销：批量发放送温暖（3 人次）"
    assert AuditLog.select().where(AuditLog.action == "take_back", AuditLog.table_name == "assistance").count() == 1
    press(Qt.Key.Key_Y)
    assert not warned, warned
    assert ours().count() == 3 and {a.amount_fen for a in ours()} == {30000} and {a.approver for a in ours()} == {"王建国"}
    assert len({a.batch for a in ours()}) == 1
    welfare.mark_signed(ours().first().id)  # someone signed for it meanwhile
    press(Qt.Key.Key_Z)
    assert warned and "无法撤销“批量发放送温暖（3 人次）”" in warned[0] and "已签收" in warned[0]
    assert ours().count() == 3  # nothing taken back



def test_a_batch_listing_cut_at_its_limit_says_so(window, qtbot, monkeypatch):
    from unionoffice.ui.welfare import dialogs

    _people()
    monkeypatch.setattr(dialogs, "BATCH_LISTED", 2)
    dialog = _batch(qtbot, window.welfare)
    assert dialog.people.count() == 2
    assert dialog.count.text() == "已勾选 2 人（只列出前 2 人，请选部门或条件缩小范围，或粘贴名单）"
    dialog.paste_list("送温甲\n送温乙\n送温丙\n")  # a pasted list is listed whole
    assert dialog.people.count() == 3 and dialog.count.text() == "已勾选 3 人"
