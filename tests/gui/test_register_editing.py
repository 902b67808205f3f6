"""Register lists as a spreadsheet (issue 22): simple fields edited in their cells through the form's
own save and checks (Enter down, Tab right, a refusal said at the cell and not saved), and Ctrl+Z /
Ctrl+Y over what is done in a list — an edit in a cell, a record added, a record deleted, a paste —
each undo one transaction, audited, refused when the record moved on; every step on the selected
record from the keyboard, the record kept selected."""

import datetime as dt

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QDialog, QLineEdit, QMenu, QMessageBox

from tests.gui.test_quick_lists import _answer_preview, press
from unionoffice.db.models import AuditLog, Grievance, Notice
from unionoffice.domain import notices, requests
from unionoffice.ui.common.register import DateDialog


def _notices(window):
    tab = window.notices
    window.tabs.setCurrentWidget(tab)
    window.activateWindow()
    return tab


def _requests(window):
    window.tabs.setCurrentWidget(window.rights)
    page = window.rights.pages["requests"]
    window.rights.setCurrentWidget(page)
    window.activateWindow()
    return page


def _column(tab, key):
    return [k for k, _label in tab.register.columns].index(key)


def _open_cell(qtbot, tab, record_id, key):
    """The cell of ``key`` on the record's row made current, F2: its editor."""
    tab.select(record_id)
    index = tab.view.currentIndex().siblingAtColumn(_column(tab, key))
    tab.view.setCurrentIndex(index)
    tab.view.setFocus()
    qtbot.keyClick(tab.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, (QLineEdit, QComboBox)) and editor is not tab.view
    return editor


def _type(editor, text):
    editor.setCurrentText(text) if isinstance(editor, QComboBox) else editor.setText(text)


def _edit(qtbot, tab, record_id, key, text, key_press=Qt.Key.Key_Return):
    editor = _open_cell(qtbot, tab, record_id, key)
    _type(editor, text)
    qtbot.keyClick(editor, key_press)
    return editor


def test_notice_cells_save_through_the_form_move_down_and_refuse_with_the_reason(window, qtbot):
    tab = _notices(window)
    first = notices.create({"title": "食堂菜价调整", "category": "其他"})
    second = notices.create({"title": "夏季高温补贴", "category": "其他"})
    tab.reload()
    tab.view.sortByColumn(_column(tab, "title"), Qt.SortOrder.AscendingOrder)
    row_of = {tab.proxy.index(r, 0).data(): r for r in range(tab.proxy.rowCount())}
    upper = first if row_of["食堂菜价调整"] < row_of["夏季高温补贴"] else second
    lower = second if upper is first else first

    # a text field: saved, the row shows it, Enter goes down in the same column
    _edit(qtbot, tab, upper.id, "department", "后勤处")
    assert Notice.get_by_id(upper.id).department == "后勤处"
    current = tab.view.currentIndex()
    assert current.column() == _column(tab, "department")
    assert tab.proxy.data(current, 0x0102)["id"] == lower.id  # RECORD_ROLE: the row below
    assert tab.proxy.index(row_of[Notice.get_by_id(upper.id).title], _column(tab, "department")).data() == "后勤处"

    # a code list offers its codes; a number through the form's bounds
    editor = _open_cell(qtbot, tab, upper.id, "category")
    assert isinstance(editor, QComboBox) and not editor.isEditable()
    assert editor.findText("职工切身利益") >= 0
    editor.setCurrentText("职工切身利益")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert Notice.get_by_id(upper.id).category == "职工切身利益"

    # refused: the reason at the cell and in the status line; nothing saved
    _edit(qtbot, tab, upper.id, "period_days", "400")
    assert "公示期" in tab.cells.refused and "366" in tab.cells.refused
    assert tab.status.text().startswith("未保存：")
    assert Notice.get_by_id(upper.id).period_days == notices.default_period()
    _edit(qtbot, tab, upper.id, "title", "")
    assert "标题" in tab.cells.refused and Notice.get_by_id(upper.id).title == upper.title

    # Tab saves and goes right, to the next cell one may edit
    _edit(qtbot, tab, upper.id, "title", "食堂菜价公示", Qt.Key.Key_Tab)
    assert Notice.get_by_id(upper.id).title == "食堂菜价公示"
    assert tab.view.currentIndex().column() == _column(tab, "category")

    # what a workflow step owns is not edited in place
    tab.select(upper.id)
    state = tab.view.currentIndex().siblingAtColumn(_column(tab, "state"))
    assert not state.flags() & Qt.ItemFlag.ItemIsEditable
    reviewer_columns = [k for k, _l in tab.register.columns if k in ("reviewer", "published_on", "ends_on")]
    for key in reviewer_columns:
        assert not state.siblingAtColumn(_column(tab, key)).flags() & Qt.ItemFlag.ItemIsEditable


def test_request_cells_take_a_date_as_typed_and_the_domain_refuses_a_future_one(window, qtbot):
    page = _requests(window)
    grievance = requests.create({"number": "SQ-1", "received_on": dt.date(2026, 3, 1), "content": "停车棚漏雨",
                                 "source": "主席信箱", "category": "其他"})
    page.reload()
    _edit(qtbot, page, grievance.id, "received_on", "2026.3.5")
    assert Grievance.get_by_id(grievance.id).received_on == dt.date(2026, 3, 5)
    future = (dt.date.today() + dt.timedelta(days=30)).strftime("%Y-%m-%d")
    _edit(qtbot, page, grievance.id, "received_on", future)
    assert page.cells.refused.startswith("收到日期") and "今天之后" in page.cells.refused
    assert "未保存：收到日期" in page.status.text()
    refused = page.cells.refused_cell  # the cell stays framed in red with its reason until the next save
    assert refused.isValid() and page.proxy.data(refused, 0x0102)["id"] == grievance.id
    assert refused.column() == _column(page, "received_on")
    assert Grievance.get_by_id(grievance.id).received_on == dt.date(2026, 3, 5)
    _edit(qtbot, page, grievance.id, "received_on", "2026-02-30")
    assert "不是存在的日期" in page.cells.refused
    _edit(qtbot, page, grievance.id, "proposer", "张伟")
    assert Grievance.get_by_id(grievance.id).proposer == "张伟" and not page.cells.refused_cell.isValid()
    # a choice one may type over (责任部门), and the edit is undone from the list
    _edit(qtbot, page, grievance.id, "department", "设备科")
    assert Grievance.get_by_id(grievance.id).department == "设备科"
    press(qtbot, window, page.view, Qt.Key.Key_Z)
    assert Grievance.get_by_id(grievance.id).department == ""
    assert Grievance.get_by_id(grievance.id).received_on == dt.date(2026, 3, 5)
    assert page.current_id() == grievance.id


def test_an_edit_in_a_cell_is_undone_redone_and_an_undo_refused_when_the_record_moved_on(window, qtbot,
                                                                                          monkeypatch):
    tab = _notices(window)
    notice = notices.create({"title": "职工体检", "category": "其他"})
    tab.reload()
    _edit(qtbot, tab, notice.id, "department", "工会办公室")
    audits = AuditLog.select().count()
    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    assert Notice.get_by_id(notice.id).department == ""
    assert AuditLog.select().count() == audits + 1  # the undo is audited as the edit it reverses
    assert window.statusBar().currentMessage() == "已撤销：修改厂务公开的责任部门"
    qtbot.keyClick(tab.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert Notice.get_by_id(notice.id).department == "工会办公室"

    # another desk changes the same field meanwhile: the undo says why and leaves it
    values = {"title": "职工体检", "category": "其他", "department": "人事处"}
    notices.update(notice.id, values)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    assert warned and "无法撤销" in warned[0] and "人事处" in warned[0]
    assert Notice.get_by_id(notice.id).department == "人事处"
    assert not window.undo_stack.canRedo()


def test_an_added_record_is_undone_and_redone_with_its_id(window, qtbot, monkeypatch):
    from unionoffice.ui.notices.dialog import NoticeDialog

    tab = _notices(window)

    def fill(dialog):
        dialog.widgets["title"].setText("年度评优公示")
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(NoticeDialog, "exec", fill)
    tab.add()
    added = Notice.get(Notice.title == "年度评优公示")
    assert tab.current_id() == added.id
    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    assert not Notice.select().where(Notice.title == "年度评优公示").exists()
    assert window.statusBar().currentMessage() == "已撤销：新增厂务公开"
    qtbot.keyClick(tab.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    back = Notice.get(Notice.title == "年度评优公示")
    assert back.id == added.id and tab.current_id() == added.id
    actions = [e.action for e in AuditLog.select().where(AuditLog.table_name == "notice",
                                                         AuditLog.row_id == added.id).order_by(AuditLog.id)]
    assert actions == ["create", "delete", "create"]

    # published since: the register's own rule refuses the undo, and says why
    notices.review(added.id, "王建国")
    notices.publish(added.id)
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    assert warned and "无法撤销" in warned[0]
    assert Notice.select().where(Notice.id == added.id).exists()


def test_a_deleted_record_comes_back_with_what_hangs_on_it(window, qtbot, monkeypatch):
    tab = _notices(window)
    notice = notices.create({"title": "食堂承包方案", "category": "其他", "department": "后勤处"})
    notices.attach(notice.id, "方案.pdf", b"%PDF-1.4 x" * 50)
    notices.annotate(notice.id, "职代会讨论后再公开")
    tab.reload()
    tab.select(notice.id)
    asked = []
    monkeypatch.setattr(QMessageBox, "question",
                        lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.Yes)
    tab.delete()
    assert "可按 Ctrl+Z 撤销" in asked[0] and "Ctrl+Z" in tab.status.text()
    assert not Notice.select().where(Notice.id == notice.id).exists()
    assert not notices.attachments(notice.id)
    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    back = Notice.get_by_id(notice.id)
    assert (back.title, back.department) == ("食堂承包方案", "后勤处")
    assert [name for _id, name, _size in notices.attachments(notice.id)] == ["方案.pdf"]
    assert notices.attachment_data(notices.attachments(notice.id)[0][0])[1] == b"%PDF-1.4 x" * 50
    assert [n.text for n in notices.notes(notice.id)] == ["职代会讨论后再公开"]
    assert tab.current_id() == notice.id
    qtbot.keyClick(tab.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert not Notice.select().where(Notice.id == notice.id).exists()


def test_a_paste_is_undone_in_one_step_new_rows_removed_changed_fields_restored(window, qtbot, monkeypatch):
    tab = _notices(window)
    kept = notices.create({"title": "劳保用品发放", "category": "其他", "department": "后勤处"})
    tab.reload()
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    seen = []
    _answer_preview(tab, seen)
    tab.paste("标题\t类别\t责任部门\n"
              "劳保用品发放\t职工切身利益\t安全科\n"        # an update of the existing one
              "职工疗休养安排\t职工切身利益\t工会办公室\n"  # new
              "职工书屋开放\t不存在的类别\t工会办公室\n")  # rejected
    qtbot.waitUntil(lambda: any("新增 1" in t for t in told), timeout=30000)
    assert "新增 1 项" in seen[0] and "更新 1 项" in seen[0] and "拒绝 1 行" in seen[0]
    new = Notice.get(Notice.title == "职工疗休养安排")
    assert Notice.get_by_id(kept.id).category == "职工切身利益"
    audits = AuditLog.select().count()

    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    assert not Notice.select().where(Notice.id == new.id).exists()
    again = Notice.get_by_id(kept.id)
    assert (again.category, again.department) == ("其他", "后勤处")
    assert window.statusBar().currentMessage().startswith("已撤销：导入厂务公开台账（新增 1，更新 1）")
    undone = AuditLog.select().where(AuditLog.id > audits, AuditLog.action == "undo_import").get()
    assert str(new.id) in undone.after and str(kept.id) in undone.after

    qtbot.keyClick(tab.view, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert Notice.get_by_id(new.id).title == "职工疗休养安排"
    assert Notice.get_by_id(kept.id).department == "安全科"

    # the pasted record edited since: the undo is refused, nothing is taken back
    notices.update(new.id, {"title": "职工疗休养安排", "category": "职工切身利益", "department": "人事处"})
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    assert warned and "已被修改" in warned[0]
    assert Notice.select().where(Notice.id == new.id).exists()
    assert Notice.get_by_id(kept.id).department == "安全科"


def test_a_step_from_the_lists_menu_by_keyboard_keeps_the_selection(window, qtbot, monkeypatch):
    tab = _notices(window)
    notices.create({"title": "另一事项", "category": "其他"})
    notice = notices.create({"title": "年度体检安排", "category": "职工切身利益"})
    tab.reload()
    tab.select(notice.id)
    day = QDate.currentDate().addDays(-1)

    def answer(dialog):
        dialog.date.setDate(day)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DateDialog, "exec", answer)
    assert tab.record_actions["review"].isEnabled() and not tab.record_actions["publish"].isEnabled()
    chosen = []

    def choose():
        menu = QApplication.activePopupWidget()
        if not isinstance(menu, QMenu):
            QTimer.singleShot(50, choose)
            return
        chosen.append([a.text() for a in menu.actions()])
        qtbot.keyClick(menu, Qt.Key.Key_Down)  # the arrows go over the enabled items only
        while menu.activeAction().text() != "审核…":
            qtbot.keyClick(menu, Qt.Key.Key_Down)
        qtbot.keyClick(menu, Qt.Key.Key_Return)

    QTimer.singleShot(50, choose)
    tab.view.setFocus()
    qtbot.waitUntil(tab.view.hasFocus)
    qtbot.keyClick(tab.view, Qt.Key.Key_Menu)
    qtbot.waitUntil(lambda: Notice.get_by_id(notice.id).reviewed_on is not None, timeout=5000)
    assert Notice.get_by_id(notice.id).reviewed_on == day.toPython()
    assert "审核…" in chosen[0] and "发布…" in chosen[0] and "复制所选行" in chosen[0]
    assert tab.current_id() == notice.id
    assert tab.record_actions["publish"].isEnabled()


def test_a_motions_cells_save_through_its_hand_made_form_until_it_is_reviewed(window, qtbot):
    from unionoffice.db.models import Motion
    from unionoffice.domain import congress

    tab = window.congress
    window.tabs.setCurrentWidget(tab)
    window.activateWindow()
    c = congress.save_congress({"term": 11, "session": 1, "starts_on": dt.date.today()})
    reps = congress.members.search_ids(congress.members.RosterFilter(membership="member"))[:4]
    congress.add_representatives(11, reps, "一线代表团")
    motion = congress.create_motion(c.id, {"title": "关于食堂的提案", "category": congress.CATEGORIES[0],
                                           "proposer_id": reps[0], "seconder_ids": reps[1:3]})
    tab.reload_sessions()
    tab.session.setCurrentIndex(tab.session.findData(c.id))
    _edit(qtbot, tab, motion.id, "title", "关于改善夜班食堂的提案")
    saved = Motion.get_by_id(motion.id)
    assert saved.title == "关于改善夜班食堂的提案" and saved.proposer_id == reps[0]
    assert sorted(p for p, _n in congress.seconders(motion.id)) == sorted(reps[1:3])  # the form's other fields kept
    press(qtbot, window, tab.view, Qt.Key.Key_Z)
    assert Motion.get_by_id(motion.id).title == "关于食堂的提案"
    # reviewed: the register's own rule refuses, said at the cell
    congress.review(motion.id, "立案")
    tab.reload()
    _edit(qtbot, tab, motion.id, "title", "改名")
    assert "审查之后提案内容不能再改" in tab.cells.refused
    assert Motion.get_by_id(motion.id).title == "关于食堂的提案"
