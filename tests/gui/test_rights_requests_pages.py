"""The 维权 tab's 职工诉求, 劳动保护检查 and 合理化建议 pages on real widgets."""

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QInputDialog, QMessageBox

from unionoffice.domain import inspections, members, requests, suggestions
from unionoffice.ui.common.register import DateDialog
from unionoffice.ui.rights import inspections as inspection_page
from unionoffice.ui.rights import follow_up_printing as printing
from unionoffice.ui.rights import requests as request_page
from unionoffice.ui.rights import suggestions as suggestion_page


def _page(window, module):
    window.tabs.setCurrentWidget(window.rights)
    page = window.rights.pages[module]
    window.rights.setCurrentWidget(page)
    return page


def _select(page, record_id):
    page.select(record_id)
    assert page.current_id() == record_id


def test_forum_with_three_requests_two_closed(window, qtbot, monkeypatch, tmp_path):
    page = _page(window, "requests")
    forum = request_page.ForumDialog(page)
    qtbot.addWidget(forum)
    forum.show()
    forum.accept()
    assert forum.isVisible() and "主题" in forum.error.text()  # said, nothing written
    forum.topic.setText("三季度职工座谈会")
    forum.held_on.setDate(QDate.currentDate().addDays(-5))
    forum.count.setValue(15)
    forum.collected.setPlainText("张伟：更衣室柜子不够\n班车路线希望延长\n李娜: 希望开设子女暑托班\n")
    forum.accept()
    assert not forum.isVisible()
    page.reload()
    rows = requests.forum_requests(forum.forum_id)
    assert [(r["proposer"], r["content"]) for r in rows] == [
        ("张伟", "更衣室柜子不够"), ("匿名", "班车路线希望延长"), ("李娜", "希望开设子女暑托班")]
    assert any("三季度职工座谈会" in page.forums.item(i).text() and "收集诉求 3 件" in page.forums.item(i).text()
               for i in range(page.forums.count()))

    for r in rows[:2]:
        _select(page, r["id"])
        assert page.buttons["close"].isEnabled()
        dialog = request_page.CloseDialog(r["id"], page)
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.result.setCurrentText("已解决")
        dialog.satisfaction.setCurrentText("满意")
        dialog.reply.setPlainText("已办理")
        dialog.accept()
        page._after_change(r["id"])
        assert not page.buttons["close"].isEnabled()  # 办结 only what is still open
    states = [r["state"] for r in requests.forum_requests(forum.forum_id)]
    assert states == ["已办结", "已办结", "办理中"]

    edit = request_page.GrievanceDialog(rows[2]["id"], page)
    qtbot.addWidget(edit)
    edit.show()
    assert edit.widgets["forum_id"].currentData() == forum.forum_id  # the link is kept on save
    edit.department.setCurrentText("后勤服务中心")
    edit.due_on.setDate(QDate.currentDate().addDays(-6))
    edit.accept()
    assert "早于收到日期" in edit.error.text()
    edit.due_on.setDate(QDate.currentDate().addDays(-1))
    edit.accept()
    assert requests.get(rows[2]["id"]).forum_id == forum.forum_id
    page.reload()
    _select(page, rows[2]["id"])
    assert page.current_row()["state"] == "超期"

    pdf = tmp_path / "办理情况.pdf"
    printing.requests_to_pdf(requests.forum_requests(forum.forum_id), "三季度职工座谈会", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    text = printing.requests_html(requests.forum_requests(forum.forum_id), "x")
    assert "更衣室柜子不够" in text and "已办结 2 件" in text and "超期 1 件" in text

    window.data_changed.emit()
    qtbot.waitUntil(lambda: window.overview.idle)
    assert window.overview.number_labels["requests_open"].text().startswith(str(requests.counts()["open"]))


def test_new_request_needs_content_and_may_be_anonymous(window, qtbot):
    page = _page(window, "requests")
    dialog = request_page.GrievanceDialog(None, page)
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.number.text() == requests.next_number()
    dialog.accept()
    assert "内容" in dialog.error.text()
    dialog.content.setPlainText("停车棚雨天漏水")
    dialog.accept()
    g = requests.get(dialog.record_id)
    assert (g.proposer, g.due_on, g.closed_on) == ("匿名", None, None)


def test_inspection_with_two_hazards_one_closed(window, qtbot, monkeypatch, tmp_path):
    page = _page(window, "inspections")
    dialog = inspection_page.InspectionDialog(None, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.scope.setText("炼油一车间装置区")
    dialog.accept()
    inspection_id = dialog.record_id
    opened = inspection_page.InspectionDialog(inspection_id, page)
    qtbot.addWidget(opened)
    opened.show()
    department = members.departments()[0][1]
    for text in ("压力表超期未检", "配电柜门未上锁"):
        hazard = inspection_page.HazardDialog(inspection_id, None, opened)
        qtbot.addWidget(hazard)
        hazard.show()
        hazard.description.setText(text)
        hazard.department.setCurrentText(department)
        hazard.due_on.setDate(QDate.currentDate().addDays(10))
        hazard.accept()
        opened._done()
    assert opened.hazard_model.rowCount() == 2
    opened.hazard_view.selectRow(0)
    monkeypatch.setattr(DateDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    opened.fix_hazard()
    opened.verify_hazard()  # the clerk's own name as 验证人
    states = [h["state"] for h in inspections.hazards(inspection_id)]
    assert states == ["已验证", "待整改"]
    page.reload()
    _select(page, inspection_id)
    row = page.current_row()
    assert (row["found"], row["fixed"], row["open"]) == (2, 1, 1)

    pdf = tmp_path / "通知书.pdf"
    monkeypatch.setattr(QInputDialog, "getItem", lambda *a, **k: (department, True))
    monkeypatch.setattr("unionoffice.ui.common.saving.ask_save_path", lambda *a, **k: str(pdf))
    monkeypatch.setattr(QMessageBox, "exec", lambda self: 0)
    page.notice_pdf()
    assert pdf.read_bytes().startswith(b"%PDF")
    html = printing.hazard_notice_html(department)
    assert "配电柜门未上锁" in html and "压力表超期未检" not in html and department in html


def test_suggestion_adopted_with_benefit(window, qtbot, monkeypatch):
    page = _page(window, "suggestions")
    dialog = suggestion_page.SuggestionDialog(None, page)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.title.setText("循环水泵变频改造")
    dialog.accept()
    assert "建议人" in dialog.error.text()
    person_id = members.search_ids(members.RosterFilter())[0]
    dialog.person.search.setText(members.get_person(person_id).name)
    dialog.person.choice.setCurrentIndex(dialog.person.choice.findData(person_id))
    dialog.accept()
    suggestion_id = dialog.record_id
    page.reload()
    _select(page, suggestion_id)
    assert page.buttons["adopt"].isEnabled() and not page.buttons["implement"].isEnabled()
    monkeypatch.setattr(DateDialog, "exec", lambda self: QDialog.DialogCode.Accepted)
    page.step(suggestion_page.REGISTER.action("adopt"))
    assert page.current_id() == suggestion_id and not page.buttons["adopt"].isEnabled()
    assert page.buttons["implement"].isEnabled()

    def fill(amount):
        def run(self):
            self.amount.setText(amount)
            self.accept()
            return self.result()
        return run

    monkeypatch.setattr(suggestion_page.AmountDialog, "exec", fill("12.345"))
    page.implement()  # more than two decimals: refused, nothing written
    assert suggestions.get(suggestion_id).benefit_fen == 0
    monkeypatch.setattr(suggestion_page.AmountDialog, "exec", fill("58,000"))
    page.implement()
    monkeypatch.setattr(suggestion_page.AmountDialog, "exec", fill("800"))
    page.pay_reward()
    s = suggestions.get(suggestion_id)
    assert (s.result, s.benefit_fen, s.reward_fen, s.reward_paid_on) == ("采纳", 5800000, 80000, dt.date.today())
    assert not page.buttons["delete"].isEnabled()  # a paid reward is in the books
    assert any(r["source_id"] == suggestion_id for r in suggestions.paid_rewards())
    assert page.by_department.rows()[-1]["department"] == "合计"


def test_an_empty_date_box_takes_a_typed_date(app, qtbot):
    from PySide6.QtCore import Qt

    from unionoffice.ui.common.dates import date_value, optional_date

    edit = optional_date(None)
    qtbot.addWidget(edit)
    edit.show()
    edit.activateWindow()
    edit.setFocus()
    qtbot.waitUntil(edit.hasFocus)
    assert date_value(edit) is None and edit.text() == "未填"
    qtbot.keyClicks(edit, "2026-12-15")  # typed over 未填 (it was appended to the words, and lost)
    assert date_value(edit) == dt.date(2026, 12, 15)
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    assert date_value(edit) is None
