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


NAMES = ["程刚", "李平娟", "陈伟", "林峰", "李桂", "章安", "张强"]  # as the domain handed them


def _header_click(qtbot, view, column):
    from PySide6.QtCore import QPoint

    header = view.horizontalHeader()
    x = header.sectionViewportPosition(column) + header.sectionSize(column) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, header.height() // 2))


def test_a_table_keeps_the_domain_order_until_a_header_is_clicked_then_sorts_names_by_pinyin(app, qtbot):
    model = RowsTableModel([("name", "姓名"), ("department", "部门")])
    view, _ = sortable_table(model)
    qtbot.addWidget(view)
    view.show()
    model.set_rows([{"name": n, "department": d} for n, d in zip(NAMES, ["动力厂", "安保部", "财务部",
                                                                         "动力厂", "安保部", "财务部", "动力厂"])])
    assert shown(view, 0) == NAMES  # no sort of its own (Qt's default: the first column Z→A)
    assert view.horizontalHeader().sortIndicatorSection() == -1
    _header_click(qtbot, view, 0)  # a first click is A→Z, whatever the style's habit
    assert shown(view, 0) == ["陈伟", "程刚", "李桂", "李平娟", "林峰", "张强", "章安"]
    _header_click(qtbot, view, 0)
    assert shown(view, 0) == ["章安", "张强", "林峰", "李平娟", "李桂", "程刚", "陈伟"]
    _header_click(qtbot, view, 1)
    assert shown(view, 1) == ["安保部", "安保部", "财务部", "财务部", "动力厂", "动力厂", "动力厂"]
    view.sortByColumn(-1, Qt.SortOrder.AscendingOrder)
    assert shown(view, 0) == NAMES  # back to the order handed in


def test_a_proxy_over_rows_sorts_names_by_pinyin_too(app, qtbot):
    from PySide6.QtCore import QSortFilterProxyModel
    from PySide6.QtWidgets import QTableView

    from unionoffice.ui.common.table_model import SORT_ROLE

    model = RowsTableModel([("number", "编号"), ("proposer", "提案人")])
    model.set_rows([{"number": i, "proposer": n} for i, n in enumerate(NAMES)])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    qtbot.addWidget(view)
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
    assert shown(view, 1) == ["陈伟", "程刚", "李桂", "李平娟", "林峰", "张强", "章安"]


def test_amounts_are_written_one_way_and_numbers_line_up_on_the_right(app):
    """Money is "1,234.50" in every table (as in the status lines and printed forms), and numbers,
    amounts and percentages are right-aligned; text keeps the default alignment."""
    from unionoffice.domain import money
    from unionoffice.ui.common.table_model import IdTableModel

    model = RowsTableModel([("name", "姓名"), ("amount", "金额"), ("people", "人数"), ("rate", "入会率")])
    model.set_rows([{"name": "王五", "amount": money.yuan(1153184), "people": 12, "rate": "86.0%"}])
    cells = [model.index(0, c) for c in range(4)]
    assert [model.data(i) for i in cells] == ["王五", "11,531.84", "12", "86.0%"]
    assert model.data(cells[1]) == money.text(1153184)
    right = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    assert [model.data(i, Qt.ItemDataRole.TextAlignmentRole) for i in cells] == [None, right, right, right]

    ids = IdTableModel([("name", "姓名"), ("amount", "金额")],
                       lambda wanted: {i: {"name": "张三", "amount": Decimal("2862.8")} for i in wanted})
    ids.set_ids([1])
    assert ids.data(ids.index(0, 1)) == "2,862.80"
    assert ids.data(ids.index(0, 1), Qt.ItemDataRole.TextAlignmentRole) == right
    assert ids.data(ids.index(0, 0), Qt.ItemDataRole.TextAlignmentRole) is None


def test_a_proxy_over_rows_sorts_dates_and_times_newest_first_when_asked(app, qtbot):
    """A register list (a proxy over its rows) declared newest first: Python dates reached Qt as
    objects it cannot order, and the list stayed in the domain's order under a 降序 arrow."""
    from PySide6.QtCore import QSortFilterProxyModel

    from unionoffice.ui.common.table_model import SORT_ROLE

    days = [dt.date(2026, 9, 17), dt.date(2026, 11, 19), dt.date(2025, 12, 31), None, dt.date(2026, 10, 22)]
    model = RowsTableModel([("on", "收到日期"), ("at", "时间")])
    model.set_rows([{"on": d, "at": dt.datetime.combine(d, dt.time(9, n)) if d else None}
                    for n, d in enumerate(days)])
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    for column in (0, 1):
        proxy.sort(column, Qt.SortOrder.DescendingOrder)
        dated = [proxy.index(r, 0).data() for r in range(proxy.rowCount()) if proxy.index(r, 0).data()]
        assert dated == ["2026-11-19", "2026-10-22", "2026-09-17", "2025-12-31"]


def test_rows_sorted_on_a_worker_are_not_sorted_again(qtbot):
    """Rows sorted off the GUI thread (sort_rows with the model's sorting()) are shown as handed in
    while the view still sorts that way, and sorted here once it sorts another way (the 会费
    arrears list: 200,000 rows sorted on the GUI thread froze the window for seconds)."""
    from PySide6.QtCore import Qt

    from unionoffice.ui.common.table_model import RowsTableModel, sort_rows

    model = RowsTableModel([("name", "姓名"), ("n", "月数")])
    model.sort(1, Qt.SortOrder.DescendingOrder)
    rows = [{"name": "甲", "n": 1}, {"name": "乙", "n": 3}, {"name": "丙", "n": 2}]
    columns, sorted_by = model.sorting()
    ready = list(rows)
    sort_rows(ready, columns, *sorted_by)
    assert [r["n"] for r in ready] == [3, 2, 1]
    model.set_rows(ready, sorted_by)
    assert model.rows() == ready
    marked = [dict(r, n=-r["n"]) for r in ready]  # not in the view's order: said sorted, kept as given
    model.set_rows(marked, sorted_by)
    assert [r["n"] for r in model.rows()] == [-3, -2, -1]
    model.set_rows(marked, (0, Qt.SortOrder.AscendingOrder))  # sorted another way: sorted again here
    assert [r["n"] for r in model.rows()] == [-1, -2, -3]
    model.set_rows(marked)
    assert [r["n"] for r in model.rows()] == [-1, -2, -3]
