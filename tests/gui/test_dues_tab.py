import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox

from unionoffice.domain import dues


def test_month_sheet_mark_paid_and_arrears(window, qtbot, monkeypatch):
    tab = window.dues
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    window.tabs.setCurrentWidget(tab)
    last = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    tab.month.setDate(QDate(last))
    assert "正在统计" in tab.status.text()  # counted on a worker thread
    qtbot.waitUntil(lambda: tab.ready and tab._request == last)
    rows = tab.model.rows()
    assert rows and {r["status"] for r in rows} <= {"已缴", "未缴", "缺工资基数"}
    arrears = tab.arrears_model.rows()  # the demo leaves some members three and seven months behind
    candidates = [i for i, r in enumerate(arrears) if r["candidate"]]
    assert candidates and any(r["consecutive"] >= 3 and not r["candidate"] for r in arrears)
    index = tab.arrears_model.index(candidates[0], 0)
    assert tab.arrears_model.data(index, Qt.ItemDataRole.ForegroundRole).color().name() == "#b00020"
    assert "视为自动退会" in arrears[candidates[0]]["note"]
    tab.mark_all()  # on a worker thread, then the month is counted again
    qtbot.waitUntil(lambda: bool(told), timeout=30000)
    assert told[-1].startswith("已登记")
    qtbot.waitUntil(lambda: tab.ready)
    t = dues.totals(last)
    assert t["paid_people"] == t["people"] - t["no_base"]
    assert "已缴" in tab.status.text()
    assert all(r["consecutive"] == 0 for r in tab.arrears_model.rows())  # last month is now paid by all


def test_the_collection_sheet_is_written_off_the_gui_thread(window, qtbot, monkeypatch, tmp_path):
    from decimal import Decimal

    from openpyxl import load_workbook
    from PySide6.QtWidgets import QFileDialog

    import unionoffice.ui.common.saving as saving

    tab = window.dues
    window.tabs.setCurrentWidget(tab)
    last = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    tab.month.setDate(QDate(last))
    out = tmp_path / "dues.xlsx"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    shown = []
    monkeypatch.setattr(saving, "show_written", lambda parent, title, text, path: shown.append((text, path)))
    tab.export()
    qtbot.waitUntil(lambda: bool(shown), timeout=30000)
    assert shown[0][1] == str(out)
    rows = list(load_workbook(out)["会费收缴表"].iter_rows(min_row=3, values_only=True))
    t = dues.totals(last)
    assert len(rows) - 1 == t["people"]
    assert Decimal(str(rows[-1][4])) == Decimal(t["due_fen"]) / 100


def test_one_members_wage_base_set_by_hand(window, qtbot, monkeypatch):
    from PySide6.QtWidgets import QPushButton

    from unionoffice.domain import audit
    from unionoffice.ui.dues import tab as dues_tab

    tab = window.dues
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)
    month = tab.current_month()
    button = tab.findChild(QPushButton, "button_set_wage_base")
    tab.view.clearSelection()
    button.click()
    assert told == ["请在收缴表中选择一名会员。"]

    row = next(i for i, r in enumerate(tab.model.rows()) if r["status"] != "已缴")
    person_id = tab.model.rows()[row]["person_id"]
    tab.view.selectRow(row)
    seen = []

    def fill(dialog):
        dialog.base.setText("5,678.905")
        dialog.accept()
        seen.append((dialog.isVisible(), dialog.error.text()))
        dialog.base.setText("5,678.90")
        seen.append(dialog.dues.text())
        dialog.accept()
        return dialog.result()
    monkeypatch.setattr(dues_tab.WageBaseDialog, "exec", fill)
    button.click()
    assert seen[0][1] == "工资基数：“5,678.905”超过两位小数"
    assert seen[1].startswith("28.35 元")
    assert dues.bases_for(month)[person_id] == 567890
    assert audit.entries("person", person_id, action="wage")[0].after.count("567890") == 1
    qtbot.waitUntil(lambda: tab.ready)
    shown = tab.model.rows()[tab.view.currentIndex().row()]
    assert shown["person_id"] == person_id and str(shown["amount"]) == "28.35"  # still selected, figures new


def test_the_sheet_is_ids_read_a_page_at_a_time_and_sorted_in_sql(window, qtbot, monkeypatch):
    """The month's sheet holds the ids in order and reads only the rows shown (issue 28: the whole
    sheet as rows took hundreds of MB at 300,000 members); the figures are the sheet's; a header
    click sorts in SQL, the selection kept on its person."""
    from unionoffice.ui.common import table_model

    monkeypatch.setattr(table_model, "PAGE", 10)  # the demo's month is 80-odd rows
    tab = window.dues
    window.tabs.setCurrentWidget(tab)
    last = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    tab.month.setDate(QDate(last))
    qtbot.waitUntil(lambda: tab.ready and tab._request == last)
    sheet = dues.sheet(last)
    assert tab.model.ids() == [r.person_id for r in sheet] and len(sheet) > 50
    qtbot.waitUntil(lambda: bool(tab.model._cache))  # the view painted its first rows
    assert len(tab.model._cache) < len(sheet) / 2  # only the pages the view has shown
    t = dues.totals_of(sheet)
    assert f"应缴 {t['people']} 人" in tab.status.text() and f"已缴 {t['paid_people']} 人" in tab.status.text()

    tab.view.selectRow(5)
    chosen = tab.model.id_at(5)
    amount = [name for name, _ in tab.model.columns].index("amount")
    tab.view.sortByColumn(amount, Qt.SortOrder.DescendingOrder)
    assert not tab.ready  # counted on a worker thread
    qtbot.waitUntil(lambda: tab.ready)
    fen = {r.person_id: r.amount_fen for r in sheet}
    shown = [fen[pid] for pid in tab.model.ids() if fen[pid] is not None]
    assert shown == sorted(shown, reverse=True) and sorted(tab.model.ids()) == sorted(fen)
    assert tab.model.data(tab.model.index(0, amount)) == f"{max(shown) / 100:,.2f}"


def test_the_figures_come_first_and_a_sort_while_counting_is_kept(window, qtbot, monkeypatch):
    """The status line's figures are shown before the lists are counted; a header clicked while a
    reload counts sorts the list that arrives, and the tab still becomes ready. What arrives is
    recorded as it arrives (polling for it missed the moment on a small office)."""
    from unionoffice.collation import name_key

    tab = window.dues
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)
    seen = []
    arrived = tab._arrived

    def record(asked, month, part, found, error):
        arrived(asked, month, part, found, error)
        seen.append((part, tab.counted, tab.ready))
        if part == "figures":
            tab.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # 姓名, while the lists are counted

    monkeypatch.setattr(tab, "_arrived", record)
    tab.arrears_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # sorted on the worker thread as the view sorts
    tab.reload()
    qtbot.waitUntil(lambda: tab.ready)
    assert seen[0] == ("figures", True, False)
    assert {part for part, _c, _r in seen[1:]} == {"ids", "arrears"}
    keys = [name_key(tab.model.record(i)["name"]) for i in range(tab.model.rowCount())]
    assert keys == sorted(keys) and len(keys) == len(dues.sheet(tab.current_month()))
    names = [name_key(r["name"]) for r in tab.arrears_model.rows()]
    assert names and names == sorted(names)


def test_the_arrears_in_their_first_order_are_not_sorted_again(demo_db, monkeypatch):
    """The arrears list opens longest behind first, the order dues.arrears gives: a second sort of
    200,000 rows on the worker held the GIL (and froze the window) for nothing. Another order is sorted."""
    import datetime as dt

    from PySide6.QtCore import Qt

    from unionoffice.domain import dues
    from unionoffice.ui.dues import tab as dues_tab

    sorted_by = []
    real = dues_tab.sort_rows
    monkeypatch.setattr(dues_tab, "sort_rows", lambda rows, columns, column, order: (
        sorted_by.append((column, order)), real(rows, columns, column, order))[1])
    month = dt.date.today().replace(day=1)
    model = dues_tab.ArrearsModel([("name", "姓名"), ("department", "部门"), ("consecutive", "连续欠缴（月）"),
                                   ("unpaid", "近12个月欠缴（月）"), ("since", "最早欠缴月份"), ("note", "提示")])
    model.sort(2, Qt.SortOrder.DescendingOrder)
    first = dues_tab._arrears_view(month, model.sorting())
    assert sorted_by == [] and first["rows"] and first["sorted_by"] == (2, Qt.SortOrder.DescendingOrder)
    assert [r["person_id"] for r in first["rows"]] == [r["person_id"] for r in dues.arrears(month)]
    again = [dict(r) for r in first["rows"]]
    real(again, model.columns, 2, Qt.SortOrder.DescendingOrder)  # what the model would make of them
    assert again == first["rows"]
    model.sort(0, Qt.SortOrder.AscendingOrder)
    dues_tab._arrears_view(month, model.sorting())
    assert sorted_by == [(0, Qt.SortOrder.AscendingOrder)]


def test_the_arrears_list_replaced_is_freed_off_the_gui_thread(window, qtbot):
    """200,000 rows freed at each reload took the GUI thread tens of milliseconds: the old list is
    dropped on a worker (plain data only)."""
    import threading

    freed = []

    class Row(dict):
        def __del__(self):
            freed.append(threading.current_thread())

    tab = window.dues
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready, timeout=10000)
    tab.arrears_model.set_rows([Row(r) for r in tab.arrears_model.rows()] or [Row(name="甲", consecutive=1)])
    tab.reload()
    qtbot.waitUntil(lambda: tab.ready and bool(freed), timeout=10000)
    qtbot.wait(100)
    assert freed and threading.main_thread() not in freed
