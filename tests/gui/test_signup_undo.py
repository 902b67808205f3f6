"""Undo and redo of an activity's sign-ups and attendance (issue 22): 报名 (also of a pasted list),
退出报名, 签到 of a selection, 全部签到 — each one step of the main window's stack, taken back in one
audited transaction, from the activity's page or from the window once the page is closed; an undo
the list no longer allows is refused and says why."""

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

from tests.helpers import make_id
from unionoffice.db.models import AuditLog, Signup
from unionoffice.domain import activities, members
from unionoffice.ui.activities.dialog import ActivityDialog
from unionoffice.ui.common.people import PeoplePicker


def _people(n, seq=500):
    return [members.create_person({"name": name, "id_number": make_id(seq=seq + 2 * i)})
            for i, name in enumerate(["甲一", "乙二", "丙三", "丁四", "戊五", "己六"][:n])]


def _page(qtbot, window, activity_id):
    page = ActivityDialog(activity_id, window.activities)
    qtbot.addWidget(page)
    page.show()
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    page.tabs.setCurrentIndex(1)
    page.people_view.setFocus()
    return page


def _key(qtbot, page, key, modifier=Qt.KeyboardModifier.ControlModifier):
    page.activateWindow()
    page.people_view.setFocus()
    qtbot.waitUntil(page.people_view.hasFocus)
    qtbot.keyClick(page.people_view, key, modifier)


def _list(activity_id):
    return [(r["name"], r["status"], r["attended"]) for r in activities.signups(activity_id)]


def _restores(activity_id):
    return AuditLog.select().where(AuditLog.action == "restore_signups", AuditLog.row_id == activity_id).count()


def _sign_up_a_pasted_pair(page, monkeypatch) -> list:
    """Sign up 甲一 and 乙二 through the picker, pasted as a column of names without a header; the
    warnings shown from then on."""
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))

    def paste(picker):
        picker.paste_list("甲一\n乙二\n")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PeoplePicker, "exec", paste)
    page.add_people()
    return warned


def test_a_pasted_sign_up_list_is_undone_and_redone_with_ctrl_z_and_ctrl_y(window, qtbot, monkeypatch):
    people = _people(3)
    activity = activities.create({"name": "趣味运动会", "kind": "文体活动",
                                  "starts_at": dt.datetime.combine(dt.date.today(), dt.time(14, 0))})
    page = _page(qtbot, window, activity.id)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)

    def paste(picker):
        picker.paste_list(f"姓名\t证件号码\r\n甲一\t\r\n乙二\t{make_id(seq=502)}\r\n无此人\t\r\n")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PeoplePicker, "exec", paste)
    page.add_people()
    assert _list(activity.id) == [("甲一", "报名", False), ("乙二", "报名", False)]
    _key(qtbot, page, Qt.Key.Key_Z)
    assert _list(activity.id) == [] and page.people_model.rowCount() == 0
    assert "已撤销：趣味运动会：报名 2 人" in page.people_note.text()
    assert _restores(activity.id) == 1
    _key(qtbot, page, Qt.Key.Key_Y)
    assert _list(activity.id) == [("甲一", "报名", False), ("乙二", "报名", False)]
    assert page.people_model.rowCount() == 2 and _restores(activity.id) == 2
    # once the page is closed, Ctrl+Z in the window still takes the sign-up back, and the list shows it
    page.accept()
    tab = window.activities
    window.tabs.setCurrentWidget(tab)
    tab.reload()
    assert people[2].id not in {r["person_id"] for r in activities.signups(activity.id)}
    window.activateWindow()
    tab.view.setFocus()
    qtbot.waitUntil(tab.view.hasFocus)
    qtbot.keyClick(tab.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert _list(activity.id) == []
    assert window.statusBar().currentMessage() == "已撤销：趣味运动会：报名 2 人"
    row = next(r for r in tab.model.rows() if r["id"] == activity.id)
    assert row["signed_up"] == 0


def test_check_in_of_a_selection_and_check_in_all_are_each_one_undo(window, qtbot, monkeypatch):
    people = _people(4)
    activity = activities.create({"name": "消防培训", "kind": "培训",
                                  "starts_at": dt.datetime.combine(dt.date.today(), dt.time(9, 0))})
    activities.sign_up(activity.id, [p.id for p in people])
    page = _page(qtbot, window, activity.id)
    selection = page.people_view.selectionModel()
    page.people_view.selectRow(0)
    selection.select(page.people_model.index(2, 0), selection.SelectionFlag.Select | selection.SelectionFlag.Rows)
    page.findChild(QPushButton, "button_check_in").click()
    assert [a for _n, _s, a in _list(activity.id)] == [True, False, True, False]
    page.findChild(QPushButton, "button_check_in_all").click()
    assert all(a for _n, _s, a in _list(activity.id))
    _key(qtbot, page, Qt.Key.Key_Z)  # 全部签到 taken back: the two checked in before stay so
    assert [a for _n, _s, a in _list(activity.id)] == [True, False, True, False]
    assert "全部签到（2 人）" in page.people_note.text()
    assert "签到 2" in page.people_status.text()
    _key(qtbot, page, Qt.Key.Key_Z)  # then the 签到 of the selection
    assert not any(a for _n, _s, a in _list(activity.id))
    assert "签到 2 人" in page.people_note.text()
    _key(qtbot, page, Qt.Key.Key_Y)
    _key(qtbot, page, Qt.Key.Key_Y)
    assert all(a for _n, _s, a in _list(activity.id))
    assert _restores(activity.id) == 4


def test_undoing_a_withdrawal_puts_the_waiting_list_back_in_its_order(window, qtbot, monkeypatch):
    people = _people(4)
    activity = activities.create({"name": "书法比赛", "kind": "文体活动", "cap": 2,
                                  "starts_at": dt.datetime.combine(dt.date.today(), dt.time(9, 0))})
    activities.sign_up(activity.id, [p.id for p in people])
    before = _list(activity.id)
    assert [s for _n, s, _a in before] == ["报名", "报名", "候补", "候补"]
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    page = _page(qtbot, window, activity.id)
    page.people_view.selectRow(0)
    page.withdraw()
    assert [(n, s) for n, s, _a in _list(activity.id)] == [("乙二", "报名"), ("丙三", "报名"), ("丁四", "候补"),
                                                           ("甲一", "退出")]
    assert page.step() == "书法比赛：甲一 退出报名"
    assert _list(activity.id) == before
    assert page.people_model.rows()[2]["queue"] == 1 and page.people_model.rows()[2]["name"] == "丙三"


def test_an_undo_the_list_no_longer_allows_is_refused_and_says_why(window, qtbot, monkeypatch):
    people = _people(2)
    activity = activities.create({"name": "健康讲座", "kind": "讲座",
                                  "starts_at": dt.datetime.combine(dt.date.today(), dt.time(9, 0))})
    page = _page(qtbot, window, activity.id)
    warned = _sign_up_a_pasted_pair(page, monkeypatch)
    activities.mark_attendance(activity.id, people[1].id, True)  # at another desk, meanwhile
    assert page.step() == ""
    assert warned and "无法撤销“健康讲座：报名 2 人”" in warned[0]
    assert "乙二的报名已有变动（原为报名，现为报名、已签到）" in warned[0]
    assert Signup.select().where(Signup.activity == activity.id).count() == 2  # nothing written
    assert _restores(activity.id) == 0


def test_the_picker_lists_who_a_paste_ticked_to_look_over_and_untick(app, db, qtbot):
    people = _people(3)
    picker = PeoplePicker(None, title="添加报名人员", hint="勾选")
    qtbot.addWidget(picker)
    picker.show()
    picker.paste_list("序号\t姓名\r\n1\t丙三\r\n2\t甲一\r\n3\t无此人\r\n")
    shown = [picker.people.item(i).text().split("　")[0] for i in range(picker.people.count())]
    assert shown == ["丙三", "甲一"] and "未找到 1 人：无此人" in picker.pasted.text()
    picker.people.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert picker.chosen() == [people[0].id] and picker.people.count() == 2  # still there to tick again
    picker.search.setText("乙")
    assert [picker.people.item(i).text()[:2] for i in range(picker.people.count())] == ["乙二"]


def test_undoing_a_sign_up_of_an_activity_deleted_since_is_refused(window, qtbot, monkeypatch):
    _people(2)
    activity = activities.create({"name": "登山", "kind": "文体活动",
                                  "starts_at": dt.datetime.combine(dt.date.today(), dt.time(9, 0))})
    page = _page(qtbot, window, activity.id)
    warned = _sign_up_a_pasted_pair(page, monkeypatch)
    page.accept()
    activities.delete(activity.id)
    window.tabs.setCurrentWidget(window.activities)
    window.activities.reload()
    window.activateWindow()
    window.activities.view.setFocus()
    qtbot.waitUntil(window.activities.view.hasFocus)
    qtbot.keyClick(window.activities.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert warned == ["无法撤销“登山：报名 2 人”：活动：此活动已被删除"]
    assert Signup.select().where(Signup.activity == activity.id).count() == 0


def test_ctrl_v_on_the_list_signs_up_a_pasted_column_and_ctrl_z_takes_it_back(window, qtbot, monkeypatch):
    from PySide6.QtGui import QGuiApplication

    people = _people(3)
    activity = activities.create({"name": "合唱排练", "kind": "文体活动",
                                  "starts_at": dt.datetime.combine(dt.date.today(), dt.time(18, 0))})
    page = _page(qtbot, window, activity.id)
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    QGuiApplication.clipboard().setText(f"序号\t姓名\t证件号码\r\n1\t丙三\t\r\n2\t\t{make_id(seq=500)}\r\n"
                                        "3\t查无此人\t\r\n")
    _key(qtbot, page, Qt.Key.Key_V)
    assert [r["person_id"] for r in activities.signups(activity.id)] == [people[2].id, people[0].id]
    assert told[-1] == "报名 2 人。\n未找到 1 人：查无此人。"
    assert page.people_model.rowCount() == 2
    _key(qtbot, page, Qt.Key.Key_Z)
    assert activities.signups(activity.id) == []
    assert "已撤销：合唱排练：粘贴报名 2 人" in page.people_note.text()
    QGuiApplication.clipboard().setText("查无此人\n")
    _key(qtbot, page, Qt.Key.Key_V)
    assert told[-1] == "未找到 1 人：查无此人" and activities.signups(activity.id) == []


def test_a_page_closed_with_cancel_after_a_sign_up_leaves_no_undo_step_that_would_save_its_typing(
        window, qtbot, monkeypatch):
    """Typing a new 名称, signing someone up (written at once) and then 取消: the name was never saved,
    so no 修改 step may hold it (a Ctrl+Y would have saved what was cancelled)."""
    from unionoffice.ui.common import undo

    people = _people(1)
    activity = activities.create({"name": "趣味运动会", "kind": "文体活动",
                                  "starts_at": dt.datetime.combine(dt.date.today(), dt.time(14, 0))})

    def typed_signed_and_cancelled(page):
        page.widgets["name"].setText("改了没保存的名称")
        activities.sign_up(activity.id, [people[0].id])
        page.changed = True
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(ActivityDialog, "exec", typed_signed_and_cancelled)
    window.tabs.setCurrentWidget(window.activities)
    window.activities.open(activity.id)
    stack = undo.window_stack(window)
    assert [stack.command(i).text() for i in range(stack.count())] == []
    assert activities.get(activity.id).name == "趣味运动会"
