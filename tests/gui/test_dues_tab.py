import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox

from unionoffice.domain import dues


def test_month_sheet_mark_paid_and_arrears(window, qtbot, monkeypatch):
    tab = window.dues
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.tabs.setCurrentWidget(tab)
    last = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    tab.month.setDate(QDate(last))
    qtbot.waitUntil(lambda: tab.loaded)
    rows = tab.model.rows()
    assert rows and {r["status"] for r in rows} <= {"已缴", "未缴", "缺工资基数"}
    tab.mark_all()
    t = dues.totals(last)
    assert t["paid_people"] == t["people"] - t["no_base"]
    assert "已缴" in tab.status.text()
    tab.pages.setCurrentIndex(1)
    assert tab.arrears_model.rowCount() >= 0
