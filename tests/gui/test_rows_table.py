"""The sortable table of whole rows: it sorts itself, quickly, and the selection follows its rows."""

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt

from unionoffice.ui.common.table_model import RECORD_ROLE, RowsTableModel
from unionoffice.ui.common.views import sortable_table


def shown(view, column):
    model = view.model()
    return [model.data(model.index(r, column)) for r in range(model.rowCount())]


def test_clicking_a_header_sorts_by_value_and_the_selection_follows(app, qtbot):
    model = RowsTableModel([("name", "姓名"), ("amount", "金额"), ("on", "日期")])
    view, same = sortable_table(model)
    qtbot.addWidget(view)
    assert same is model
    model.set_rows([{"name": "王五", "amount": Decimal("100.50"), "on": dt.date(2026, 3, 1)},
                    {"name": "张三", "amount": Decimal("9.00"), "on": None},
                    {"name": "李四", "amount": None, "on": dt.date(2025, 12, 31)}])
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert shown(view, 1) == ["9.00", "100.50", ""]  # by value, not as text; the empty cell last
    view.selectRow(1)
    assert model.data(view.currentIndex(), RECORD_ROLE)["name"] == "王五"
    view.sortByColumn(2, Qt.SortOrder.AscendingOrder)
    assert shown(view, 2) == ["2025-12-31", "2026-03-01", ""]
    assert model.data(view.currentIndex(), RECORD_ROLE)["name"] == "王五"  # still the selected one
    assert [model.data(i, RECORD_ROLE)["name"] for i in view.selectionModel().selectedRows()] == ["王五"]
    model.set_rows(list(model.rows()) + [{"name": "赵六", "amount": Decimal("1"), "on": dt.date(2020, 1, 1)}])
    assert shown(view, 2)[0] == "2020-01-01"  # new rows come sorted as the header says
