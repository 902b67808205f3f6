from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialog

from unionoffice.domain import congress
from unionoffice.ledgers import motions as motions_ledger
from unionoffice.ui.congress import printing
from unionoffice.ui.congress.dialogs import AssignDialog, MotionDialog, ReplyDialog, ReviewDialog, VerdictDialog


def test_a_session_end_to_end(window, qtbot, monkeypatch, tmp_path):
    tab = window.congress
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    c = congress.save_congress({"term": 11, "session": 1, "starts_on": QDate.currentDate().toPython()})
    members_ = congress.members.search_ids(congress.members.RosterFilter(membership="member"))[:8]
    congress.add_representatives(11, members_, "一线代表团")
    tab.reload_sessions()
    tab.session.setCurrentIndex(tab.session.findData(c.id))

    numbers = []
    for i in range(5):
        dialog = MotionDialog(c.id, None, tab)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.title.setText(f"关于第{i + 1}件事的提案")
        dialog.proposer.setCurrentIndex(1 + i)
        dialog.accept()
        assert dialog.isVisible() and "附议人" in dialog.error.text()
        checked = 0
        for row in range(dialog.seconders.count()):
            item = dialog.seconders.item(row)
            if item.data(Qt.ItemDataRole.UserRole + 2) != dialog.proposer.currentData() and checked < 2:
                item.setCheckState(Qt.CheckState.Checked)
                checked += 1
        dialog.accept()
        assert dialog.result() == QDialog.DialogCode.Accepted
        numbers.append(congress.get(dialog.motion_id).number)
    tab._after_change()
    assert tab.model.rowCount() == 5 and len(set(numbers)) == 5

    def run(dialog_class, motion_id, fill):
        dialog = dialog_class(motion_id, tab)
        qtbot.addWidget(dialog)
        dialog.show()
        fill(dialog)
        dialog.accept()
        return dialog

    ids = [r["id"] for r in sorted(tab.model.rows(), key=lambda r: r["number"])]
    bad = run(ReviewDialog, ids[4], lambda d: d.result.setCurrentText("不立案"))
    assert bad.isVisible() and "理由" in bad.error.text()
    bad.reason.setCurrentText("纯属个人问题")
    bad.accept()
    for motion_id in ids[:4]:
        run(ReviewDialog, motion_id, lambda d: d.result.setCurrentText("立案"))
        run(AssignDialog, motion_id, lambda d: d.lead.setCurrentText("后勤部"))
    reply = run(ReplyDialog, ids[0], lambda d: d.text.setPlainText("已落实。"))
    assert "等级" in reply.error.text()
    reply.grade.setCurrentIndex(1)
    reply.accept()
    run(VerdictDialog, ids[0], lambda d: d.verdict.setCurrentText("满意"))
    run(ReplyDialog, ids[1], lambda d: (d.text.setPlainText("研究中。"), d.grade.setCurrentIndex(2)))
    run(VerdictDialog, ids[1], lambda d: d.verdict.setCurrentText("不满意"))
    tab._after_change()
    stages = {r["number"]: r["stage"] for r in tab.model.rows()}
    assert sorted(stages.values()) == sorted(["已评价", "已交办", "已交办", "已交办", "不立案"])
    qtbot.waitUntil(lambda: window.overview.idle)  # figures are counted off the GUI thread
    assert window.overview.number_labels["motions_open"].text() == str(congress.counts()["open"])

    page = MotionDialog(None, ids[0], tab)
    qtbot.addWidget(page)
    assert [r["action"] for r in page.trail_model.rows()] == ["征集", "审查", "交办", "答复", "提案人意见"]
    assert not page.title.isEnabled()

    out = tmp_path / "session.xlsx"
    assert motions_ledger.export_session(out, c.id) == 5
    pdf = tmp_path / "motion.pdf"
    printing.to_pdf(congress.get(ids[0]), str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    text = printing.document(congress.get(ids[0])).toPlainText()
    assert "提案表" in text and "提案人签名" in text and numbers[0] in text


def test_the_department_filter_follows_the_data(window, qtbot):
    from tests.helpers import make_id

    tab = window.congress
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    c = congress.save_congress({"term": 11, "session": 1, "starts_on": QDate.currentDate().toPython()})
    reps = congress.members.search_ids(congress.members.RosterFilter(membership="member"))[:3]
    congress.add_representatives(11, reps, "一线代表团")
    motion = congress.create_motion(c.id, {"title": "关于节能改造的提案", "category": "生产经营", "proposer_id": reps[0],
                                           "seconder_ids": reps[1:], "submitted_on": QDate.currentDate().toPython()})
    congress.review(motion.id, "立案")
    tab.reload_sessions()
    tab.session.setCurrentIndex(tab.session.findData(c.id))

    def listed():
        return [tab.f_department.itemText(i) for i in range(tab.f_department.count())]
    assert "节能办公室" not in listed()
    dialog = AssignDialog(motion.id, tab)
    qtbot.addWidget(dialog)
    dialog.lead.setCurrentText("节能办公室")  # a department not on the roster
    dialog.accept()
    tab._after_change(motion.id)  # as the tab does after a step
    assert "节能办公室" in listed()
    tab.f_department.setCurrentIndex(tab.f_department.findText("节能办公室"))
    assert [r["id"] for r in tab.model.rows()] == [motion.id]

    congress.members.create_person({"name": "新车间职工", "id_number": make_id(seq=881, birth="19900101"),
                                    "department": "新建三车间"})  # a department added in 会员
    window.tabs.setCurrentWidget(window.members)
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    assert "新建三车间" in listed() and tab.f_department.currentText() == "节能办公室"  # the choice is kept


def test_the_motion_shows_its_review_reason_and_reply_again(window, qtbot):
    tab = window.congress
    today = QDate.currentDate().toPython()
    c = congress.save_congress({"term": 11, "session": 1, "starts_on": today})
    reps = congress.members.search_ids(congress.members.RosterFilter(membership="member"))[:3]
    congress.add_representatives(11, reps, "一线代表团")

    def new(title):
        return congress.create_motion(c.id, {"title": title, "category": "职工权益", "proposer_id": reps[0],
                                             "seconder_ids": reps[1:], "submitted_on": today}).id
    answered, refused = new("关于夜班伙食的提案"), new("关于个人调岗的提案")
    congress.review(answered, "立案", "事关全体夜班职工", today)
    congress.assign(answered, "后勤部", "财务部", QDate.currentDate().addDays(30).toPython(), today)
    congress.reply(answered, "夜班食堂已增加热菜两种，自下月起执行。", "B", today)
    congress.review(refused, "不立案", "纯属个人问题", today)

    page = MotionDialog(None, answered, tab)
    qtbot.addWidget(page)
    shown = {key: w.toPlainText() if hasattr(w, "toPlainText") else w.text() for key, w in page.outcome.items()}
    assert shown["reply_text"] == "夜班食堂已增加热菜两种，自下月起执行。"
    assert shown["reply_grade"] == "B 正在解决或列入计划" and shown["review_reason"] == "事关全体夜班职工"
    assert (shown["lead_department"], shown["co_departments"]) == ("后勤部", "财务部")
    assert page.outcome["reply_text"].isReadOnly()

    page = MotionDialog(None, refused, tab)
    qtbot.addWidget(page)
    assert (page.outcome["review_result"].text(), page.outcome["review_reason"].text()) == ("不立案", "纯属个人问题")
    assert page.outcome["reply_text"].toPlainText() == "" and page.outcome["reply_text"].placeholderText() == "尚未答复"


def test_the_tab_is_a_register_and_archiving_asks_the_date(window, qtbot, monkeypatch):
    """Issue 19: the 职代会提案 tab on the register pattern — the session before the search box, the
    steps on a second bar, 归档 a date step that keeps the selection."""
    from unionoffice.ui.common.register import DateDialog

    tab = window.congress
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)
    today = QDate.currentDate().toPython()
    c = congress.save_congress({"term": 11, "session": 1, "starts_on": today})
    reps = congress.members.search_ids(congress.members.RosterFilter(membership="member"))[:3]
    congress.add_representatives(11, reps, "一线代表团")
    motion = congress.create_motion(c.id, {"title": "关于个人调岗的提案", "category": "职工权益", "proposer_id": reps[0],
                                           "seconder_ids": reps[1:], "submitted_on": today})
    congress.review(motion.id, "不立案", "纯属个人问题", today)
    tab._after_change(reload_sessions=True)
    tab.session.setCurrentIndex(tab.session.findData(c.id))
    assert tab.model.rowCount() == 1 and tab.status.text().startswith("共 1 件：")
    top = tab.layout().itemAt(0).layout()
    assert top.itemAt(0).widget() is tab.session and top.itemAt(1).widget() is tab.search
    assert tab.buttons["archive"].parent() is tab.buttons["review"].parent() is not tab.buttons["add"].parent()

    tab.view.clearSelection()
    tab.view.setCurrentIndex(tab.view.model().index(-1, -1))
    assert not tab.buttons["print"].isEnabled()  # needs a selected motion
    tab.select(motion.id)
    assert tab.buttons["print"].isEnabled()
    day = QDate.currentDate().addDays(-2)

    def answer(dialog):
        assert dialog.windowTitle() == "归档"
        dialog.date.setDate(day)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DateDialog, "exec", answer)
    tab.buttons["archive"].click()
    archived = congress.get(motion.id)
    assert (archived.stage, archived.archived_on) == (congress.ARCHIVED, day.toPython())
    assert tab.current_id() == motion.id  # still selected
    tab.f_overdue.setChecked(True)
    assert tab.model.rowCount() == 0
    tab.grab().save("/tmp/r/congress-tab.png")
