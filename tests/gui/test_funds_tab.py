import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QMessageBox

from unionoffice.domain import funds, members
from unionoffice.ui.common.table_model import RECORD_ROLE
from unionoffice.ui.funds.dialog import VoucherDialog
from unionoffice.ui.funds.tab import AmountsDialog


def _row_of(tab, predicate):
    for row in range(tab.proxy.rowCount()):
        if predicate(tab.proxy.data(tab.proxy.index(row, 0), RECORD_ROLE)):
            return row
    raise AssertionError("row not found")


def test_the_tab_follows_dues_and_shows_the_books_with_linked_lines(window, qtbot):
    tab = window.funds
    names = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    assert names.index("经费") == names.index("会费") + 1
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    rows = tab.model.rows()
    assert any(r["linked"] and r["source"] == "困难帮扶" for r in rows)
    assert any(not r["linked"] for r in rows)
    assert "联动记录" in tab.status.text()
    statement = dict(funds.statement(dt.date.today().year))
    assert f"{statement['收入合计'] / 100:,.2f}" in tab.summary.text()
    assert tab.chart_view.chart().series()[0].count() > 0  # a bar set per category spent
    assert tab.journals["现金"].rows()[0]["summary"] == "上年结转"


def test_a_voucher_needs_an_approver_and_the_limit_is_asked(window, qtbot, monkeypatch):
    tab = window.funds
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    person = members.search_ids(members.RosterFilter())[0]
    dialog = VoucherDialog(None, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.date.setDate(QDate.currentDate().addDays(-1))
    dialog.direction.setCurrentText("支出")
    dialog.category.setCurrentText("职工活动支出")
    dialog.item.setCurrentText("会员活动支出-节日慰问")
    dialog.amount.setText("2,500.00")
    dialog.widgets["person"].set(person)
    dialog.accept()
    assert dialog.isVisible() and "审批人" in dialog.error.text()
    dialog.approver.setText("工会主席")
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.StandardButton.No)
    dialog.accept()
    assert dialog.isVisible() and "节日慰问每人每年限额 2,000.00 元" in asked[0]
    assert members.get_person(person).name in asked[0]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    dialog.accept()
    assert not dialog.isVisible()
    saved = funds.get(dialog.record_id)
    assert (saved.amount_fen, saved.person_id, saved.approver) == (250000, person, "工会主席")


def test_a_linked_line_is_not_edited_here_and_a_closed_month_refuses(window, qtbot, monkeypatch):
    tab = window.funds
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    row = _row_of(tab, lambda r: r["source"] == "困难帮扶")
    tab.view.selectRow(row)
    assert not tab.buttons["delete"].isEnabled()
    record = tab.current_row()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.edit()
    assert window.tabs.currentWidget() is window.welfare

    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    year = dt.date.today().year
    voucher = next(r for r in tab.model.rows() if not r["linked"] and r["on"].month not in funds.closed_months(year))
    funds.close_month(year, voucher["on"].month)
    tab.reload()
    dialog = VoucherDialog(voucher["id"], tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.amount.setText("1.00")
    dialog.accept()
    assert dialog.isVisible() and "已结账" in dialog.error.text()
    assert record["record_id"] is not None


def test_opening_balances_and_budget_are_entered_in_yuan(window, qtbot):
    tab = window.funds
    year = tab.year()
    for m in funds.closed_months(year):
        funds.reopen_month(year, m)
    dialog = AmountsDialog("年初余额", {"现金": 0, "银行存款": 0},
                           lambda v: funds.set_opening(year, v["现金"], v["银行存款"]), tab)
    qtbot.addWidget(dialog)
    dialog.edits["现金"].setText("1,234.5")
    dialog.edits["银行存款"].setText("99.999")
    dialog.accept()
    assert "两位小数" in dialog.error.text()
    dialog.edits["银行存款"].setText("100000")
    dialog.accept()
    assert dialog.result() == QDialog.DialogCode.Accepted
    start = funds.opening(year)
    assert (start["现金"], start["银行存款"]) == (123450, 10000000)


def test_a_reward_line_opens_its_suggestion_on_the_rights_tab(window, qtbot, monkeypatch):
    from unionoffice.domain import suggestions

    tab = window.funds
    today = dt.date.today()
    pid = members.search_ids(members.RosterFilter())[0]
    s = suggestions.create({"number": f"JY{today.year}-901", "submitted_on": today, "person": pid,
                            "title": "余热回收", "result": "采纳", "reviewed_on": today})
    suggestions.pay_reward(s.id, "600", today)
    for m in funds.closed_months(today.year):
        funds.reopen_month(today.year, m)
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    tab.reload()
    tab.view.selectRow(_row_of(tab, lambda r: r["source"] == "合理化建议" and r["record_id"] == s.id))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    tab.edit()
    page = window.rights.pages["suggestions"]
    assert window.tabs.currentWidget() is window.rights and window.rights.currentWidget() is page
    assert page.current_row()["id"] == s.id


def test_a_reload_reads_the_years_linked_lines_once(window, qtbot, monkeypatch):
    """The list, statement, budget execution, journals and chart of one reload share one reading of
    the linked lines (issue 28: 会费's paid_by_month took 0.7 s a call at 100,000 members and a reload
    asked for it about 18 times); outside a reload each call reads afresh."""
    tab = window.funds
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)
    shown = (tab.model.rows(), tab.summary.text())
    reads = []
    original = funds.linked_lines
    monkeypatch.setattr(funds, "linked_lines", lambda start, end: reads.append(start) or original(start, end))
    tab.reload()
    assert len(reads) == 1
    assert (tab.model.rows(), tab.summary.text()) == shown  # the same figures
    funds.lines(dt.date.today().year)
    funds.lines(dt.date.today().year)
    assert len(reads) == 3
