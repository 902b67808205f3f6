"""维权 tab, part one: a wage contract from 要约 to 公示 and a dispute to its agreement, as the clerk
would do them on the pages, with their printed documents."""

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QLabel, QMessageBox

from unionoffice.db.models import Notice, Person
from unionoffice.domain import congress, contracts, mediation
from unionoffice.ui.common.register import DateDialog
from unionoffice.ui.rights import printing
from unionoffice.ui.rights.contracts import ContractDialog, MeetingDialog, SignDialog, VoteDialog
from unionoffice.ui.rights.mediation import CloseDialog, MediationDialog, RefuseDialog

TODAY = dt.date.today()


def _dated(monkeypatch, day: dt.date, name: str = ""):
    def answer(self):
        self.date.setDate(QDate(day))
        if name:
            self.name.setText(name)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DateDialog, "exec", answer)


def test_the_rights_tab_sits_after_open_affairs(window):
    index = window.tabs.indexOf(window.rights)
    assert window.tabs.tabText(index) == "维权" and window.tabs.tabText(index - 1) == "厂务公开"
    assert [window.rights.tabText(i) for i in range(2)] == ["集体合同", "劳动争议调解"]


def test_a_wage_contract_from_proposal_to_publication(window, qtbot, monkeypatch, tmp_path):
    tab = window.rights.pages["contracts"]
    window.tabs.setCurrentWidget(window.rights)
    start = TODAY - dt.timedelta(days=80)
    dialog = ContractDialog(None, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("工资专项集体合同（试）")
    dialog.kind.setCurrentText(contracts.WAGES)
    dialog.proposed_on.setDate(QDate(start))
    dialog.proposal.setPlainText("职工工资增长幅度、最低工资标准。")
    dialog.covered.setValue(118)
    dialog.accept()
    contract_id = dialog.record_id
    assert contract_id and not dialog.isVisible()
    tab._after_change(contract_id)
    row = tab.current_row()
    assert row["stage"] == "要约" and tab.buttons["answer"].isEnabled() and not tab.buttons["sign"].isEnabled()

    _dated(monkeypatch, start + dt.timedelta(days=10))
    tab.step(tab.register.action("answer"))
    meeting = MeetingDialog(contract_id, None, tab)
    qtbot.addWidget(meeting)
    meeting.show()
    meeting.held_on.setDate(QDate(start + dt.timedelta(days=15)))
    meeting.union_chief.setText("王建国")
    meeting.accept()
    assert meeting.isVisible() and "企业方首席代表" in meeting.error.text()
    meeting.employer_chief.setText("赵经理")
    meeting.record.setPlainText("职工方提出平均增长6%，企业方同意5%。")
    meeting.accept()
    assert not meeting.isVisible()
    _dated(monkeypatch, start + dt.timedelta(days=20))
    tab.step(tab.register.action("draft"))
    assert contracts.stage(contracts.get(contract_id)) == "草案"

    session = congress.congresses()[0]
    vote = VoteDialog(contract_id, tab)
    qtbot.addWidget(vote)
    vote.show()
    vote.congress.setCurrentIndex(vote.congress.findData(session.id))
    vote.voted_on.setDate(QDate(start + dt.timedelta(days=25)))
    total = contracts.entitled(session, start + dt.timedelta(days=25))
    vote.votes.setValue(total // 2)
    vote.accept()
    assert vote.isVisible() and "未超过全体代表" in vote.error.text() and f"{total} 人" in vote.entitled.text()
    vote.votes.setValue(total // 2 + 1)
    vote.accept()
    assert not vote.isVisible()

    sign = SignDialog(contract_id, tab)
    qtbot.addWidget(sign)
    sign.show()
    sign.signed_on.setDate(QDate(start + dt.timedelta(days=30)))
    sign.accept()
    assert "工资增长幅度" in sign.error.text()  # a wage contract states its increase
    page = ContractDialog(contract_id, tab)
    qtbot.addWidget(page)
    page.show()
    page.wage_increase.setText("职工平均工资增长 5%")
    page.accept()
    sign.accept()
    assert not sign.isVisible()
    _dated(monkeypatch, start + dt.timedelta(days=35))
    tab.select(contract_id)
    tab.step(tab.register.action("file"))
    notices_before = Notice.select().count()
    _dated(monkeypatch, start + dt.timedelta(days=52))
    tab.select(contract_id)
    assert tab.buttons["publicise"].isEnabled()
    window.notices.reload()  # listed already (a tab lists its records when first shown): the 公示 refreshes it
    tab.step(tab.register.action("publicise"))
    c = contracts.get(contract_id)
    assert contracts.stage(c) == "已公示" and Notice.select().count() == notices_before + 1
    assert window.notices.model.rowCount() and any(r["id"] == c.notice_id for r in window.notices.model.rows())

    page = ContractDialog(contract_id, tab)
    qtbot.addWidget(page)
    page.show()
    assert page.meetings_model.rowCount() == 1 and "已公示" in page.findChild(QLabel, "progress").text()
    proposal = tmp_path / "要约书.pdf"
    printing.proposal_pdf(c, str(proposal))
    record = tmp_path / "协商记录.pdf"
    printing.meeting_pdf(c, contracts.meetings(contract_id)[0], 1, str(record))
    assert proposal.read_bytes().startswith(b"%PDF") and record.read_bytes().startswith(b"%PDF")
    assert "二十日内" in printing.proposal_document(c).toPlainText()
    text = printing.meeting_document(c, contracts.meetings(contract_id)[0], 1).toPlainText()
    assert "王建国" in text and "赵经理" in text and "企业方同意5%" in text


def test_a_dispute_from_application_to_agreement(window, qtbot, monkeypatch, tmp_path):
    tab = window.rights.pages["mediation"]
    left = Person.select().where(Person.left_on.is_null(False)).first()
    dialog = MediationDialog(None, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.person.include_left = True
    dialog.person.search.setText(left.name)
    assert dialog.person.choice.count() and "已离职" in dialog.person.choice.currentText()
    dialog.how.setCurrentText("口头")
    dialog.accept()
    assert dialog.isVisible() and "口头申请" in dialog.error.text()
    dialog.request.setPlainText("要求支付解除劳动合同经济补偿金。")
    dialog.kind.setCurrentText("解除、终止劳动合同")
    dialog.amount.setText("12,000.00")
    dialog.applied_on.setDate(QDate(TODAY - dt.timedelta(days=6)))
    dialog.accept()
    case_id = dialog.record_id
    assert case_id and mediation.get(case_id).person_id == left.id
    tab._after_change(case_id)
    assert tab.current_row()["state"] == "待受理" and tab.buttons["accept"].isEnabled()

    _dated(monkeypatch, TODAY - dt.timedelta(days=5), "周调解")
    tab.step(tab.register.action("accept"))
    row = tab.current_row()
    assert row["state"] == "调解中" and row["days_left"] == 10 and tab.buttons["close"].isEnabled()
    close = CloseDialog(case_id, tab)
    qtbot.addWidget(close)
    close.show()
    close.result.setCurrentText("调解成功")
    close.accept()
    assert "协议内容" in close.error.text()
    close.agreement.setPlainText("企业于十日内一次性支付经济补偿金 12,000.00 元。")
    close.accept()
    case = mediation.get(case_id)
    assert case.result == "调解成功" and case.agreement_no.startswith(f"{TODAY.year}调协字第")
    tab._after_change(case_id)
    assert tab.buttons["pdf"].isEnabled()
    pdf = tmp_path / "协议书.pdf"
    printing.agreement_pdf(case, str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    text = printing.agreement_document(case).toPlainText()
    assert case.agreement_no in text and left.name in text and left.id_number not in text  # masked

    other = mediation.create({"person": left.id, "applied_on": TODAY, "kind": "其他", "request": "x"})
    tab._after_change(other.id)
    refuse = RefuseDialog(other.id, tab)
    qtbot.addWidget(refuse)
    refuse.show()
    refuse.accept()
    assert "理由" in refuse.error.text()
    refuse.reason.setText("已申请劳动仲裁")
    refuse.accept()
    assert mediation.get(other.id).result == "不予受理"
    third = mediation.create({"person": left.id, "applied_on": TODAY, "kind": "其他"})
    tab._after_change(third.id)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.delete()
    assert not mediation.search(str(third.number))


def test_a_contracts_attachments_are_saved_and_removed(window, qtbot, monkeypatch, tmp_path):
    from unionoffice.ui.common import register

    c = contracts.search()[0]
    contracts.attach(c["id"], "合同文本.docx", b"contract text")
    dialog = ContractDialog(c["id"], window.rights.pages["contracts"])
    qtbot.addWidget(dialog)
    assert dialog.attachments.count() == 1 and "合同文本.docx" in dialog.attachments.item(0).text()
    dialog.attachments.setCurrentRow(0)
    target = tmp_path / "saved.docx"
    monkeypatch.setattr(register, "ask_save_path", lambda *a, **k: str(target))
    dialog.save_attachment_of(dialog.attachments)
    assert target.read_bytes() == b"contract text"
    dialog.remove_attachment_of(dialog.attachments, dialog._load_attachments)
    assert dialog.attachments.count() == 0 and dialog.changed and not contracts.attachments(c["id"])


def test_the_mediation_ledger_from_its_tab_asks_whether_to_carry_full_id_numbers(window, qtbot, monkeypatch,
                                                                                  tmp_path):
    """The command line has --full; the tab asks, as the 困难帮扶 export does (default: masked)."""
    import openpyxl
    from PySide6.QtWidgets import QInputDialog

    from unionoffice.ui.common import saving

    tab = window.rights.pages["mediation"]
    person = Person.select().where(Person.left_on.is_null()).first()
    mediation.create({"person": person.id, "applied_on": dt.date.today(), "kind": "其他", "request": "加班费"})
    monkeypatch.setattr(QInputDialog, "getInt", lambda *a, **k: (dt.date.today().year, True))
    monkeypatch.setattr(saving.QMessageBox, "exec", lambda self: 0)  # the 已导出 box
    asked = []
    for answer in (QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes):
        target = tmp_path / f"调解台账-{answer.name}.xlsx"
        monkeypatch.setattr(saving, "ask_save_path", lambda *a, **k: str(target))
        monkeypatch.setattr(QMessageBox, "question", lambda *a, answer=answer, **k: asked.append(a[2]) or answer)
        tab.export_ledger()
        qtbot.waitUntil(target.exists, timeout=20000)
        qtbot.wait(200)
        cells = {c for row in openpyxl.load_workbook(target).active.iter_rows(values_only=True) for c in row}
        assert (person.id_number in cells) == (answer == QMessageBox.StandardButton.Yes)
    assert asked[0].startswith("导出完整的证件号码吗？")


def test_each_page_is_built_when_first_shown_or_asked_for(window, qtbot, monkeypatch):
    """Five registers built at once froze the window at the tab's first opening."""
    import importlib

    from unionoffice.ui.rights.tab import PAGES

    made = []
    for _title, where in PAGES:
        module_name, class_name = where.split(":")
        module = importlib.import_module(f"unionoffice.ui.rights.{module_name}")
        real = getattr(module, class_name)
        monkeypatch.setattr(module, class_name, type(class_name, (real,), {
            "__init__": lambda self, *a, _real=real, _name=module_name: (made.append(_name), _real.__init__(self, *a))[1]}))
    window.tabs.setCurrentWidget(window.rights)
    rights = window.rights
    assert made == ["contracts"] and rights.currentWidget() is rights.pages["contracts"]
    assert [rights.tabText(i) for i in range(rights.count())] == [title for title, _ in PAGES]
    qtbot.waitUntil(lambda: rights.pages["contracts"].ready)
    rights.setCurrentIndex(2)
    assert made == ["contracts", "requests"] and rights.currentWidget() is rights.pages["requests"]
    suggestions = rights.pages["suggestions"]  # asked for: built in its place, not shown, not listed
    assert made == ["contracts", "requests", "suggestions"] and not suggestions.loaded
    assert rights.indexOf(suggestions) == 4 and rights.currentIndex() == 2
    seen = []
    rights.changed.connect(lambda: seen.append("changed"))
    suggestions.changed.emit()  # wired as the others
    assert seen == ["changed"]
    rights.setCurrentWidget(suggestions)
    assert made == ["contracts", "requests", "suggestions"]
    qtbot.waitUntil(lambda: suggestions.ready)
