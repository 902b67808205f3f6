from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox

from unionoffice.domain import members, welfare
from unionoffice.excel import welfare_io
from unionoffice.ui.welfare import printing
from unionoffice.ui.welfare.dialogs import AssistanceDialog, CampaignDialog, CaseDialog, StepDialog


def test_file_a_case_pay_a_batch_run_a_campaign(window, qtbot, monkeypatch, tmp_path):
    tab = window.welfare
    window.tabs.setCurrentWidget(tab)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    from tests.helpers import make_id

    person_name = "帮扶对象"
    members.create_person({"name": person_name, "id_number": make_id(seq=777, birth="19750505"), "department": "动力厂"})

    case = CaseDialog(None, tab)
    qtbot.addWidget(case)
    case.show()
    case.accept()
    assert "请先选择职工" in case.error.text()
    case.person.search.setText(person_name)
    case.family_size.setValue(4)
    case.family_income.setText("48,000")
    assert case.per_capita.text() == "1,000.00"
    case.accept()
    case_id = case.case_id
    assert case_id, case.error.text()
    assert case_id and welfare.get_case(case_id).stage == "申请"
    for _ in welfare.FLOW[1:]:
        step = StepDialog("下一步", lambda d, a, n: welfare.advance(case_id, d, a, n), tab)
        qtbot.addWidget(step)
        step.show()
        step.actor.setText("李秀英")
        step.accept()
    assert welfare.get_case(case_id).stage == "建档"

    batch = AssistanceDialog(tab, batch=True)
    qtbot.addWidget(batch)
    batch.show()
    for row in range(batch.people.count()):
        batch.people.item(row).setCheckState(
            batch.people.item(row).checkState().Checked if row < 20 else batch.people.item(row).checkState().Unchecked)
    batch.amount.setText("500")
    batch.accept()
    assert "审批人" in batch.error.text()
    batch.approver.setText("王建国")
    batch.accept()
    assert len(batch.saved) == 20

    campaign = CampaignDialog(None, tab)
    qtbot.addWidget(campaign)
    campaign.cause.setText("为重病职工家庭献爱心")
    campaign.accept()
    page = CampaignDialog(campaign.campaign_id, tab)
    qtbot.addWidget(page)
    page.outside.setText("兄弟单位工会")
    page.amount.setText("2,000")
    page.donate()
    assert "收到捐款 2,000.00 元" in page.summary.text()
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    pay = AssistanceDialog(tab)
    qtbot.addWidget(pay)
    pay.show()
    pay.person.search.setText(person_name)
    pay.kind.setCurrentText("医疗救助")
    pay.amount.setText("3000")
    pay.approver.setText("王建国")
    pay.campaign.setCurrentIndex(pay.campaign.findData(campaign.campaign_id))
    pay.accept()
    assert asked and "超过捐款余额" in asked[0] and pay.result() != QDialog.DialogCode.Accepted
    pay.amount.setText("1500")
    pay.accept()
    assert welfare.campaigns()[0]["balance_fen"] == 50000
    tab._after_change()
    assert "共" in tab.pay_status.text()

    out = tmp_path / "welfare.xlsx"
    import datetime as dt

    written = welfare_io.export_workbook(out, dt.date.today().year)
    assert written["payments"] >= 21
    rows = welfare_io.signing_rows(dt.date.today().year)
    pdf = tmp_path / "sign.pdf"
    printing.to_pdf(rows, "帮扶发放明细", str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "领取人签字" in printing.document(rows, "帮扶发放明细").toPlainText()


def test_the_case_list_is_in_name_order_a_to_z(window, qtbot):
    from tests.helpers import make_id
    from unionoffice.collation import name_key
    from unionoffice.ui.common.table_model import RECORD_ROLE

    for i, name in enumerate(("程刚", "陈伟", "李平娟", "林峰", "李桂")):
        person = members.create_person({"name": name, "id_number": make_id(seq=800 + 2 * i, birth="19750505")})
        welfare.open_case(person.id, {"category": "相对困难", "family_size": 3, "family_income": "30000"},
                          "2025-01-05", "李秀英")
    tab = window.welfare
    window.tabs.setCurrentWidget(tab)
    tab.reload()
    model = tab.case_proxy
    names = [model.data(model.index(r, 0), RECORD_ROLE)["name"] for r in range(model.rowCount())]
    assert names == sorted(names, key=name_key) and len(names) >= 5
    ours = [n for n in names if n in ("程刚", "陈伟", "李平娟", "林峰", "李桂")]
    assert ours == ["陈伟", "程刚", "李桂", "李平娟", "林峰"]
    header = tab.case_view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.SortOrder.AscendingOrder)
