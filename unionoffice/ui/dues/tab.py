"""会费 tab: the month's collection sheet, marking payments (one, all, or from a paid list), payroll
imports for the wage base, the arrears list, the 会费收缴表.

The month is counted on worker threads in three parts, each shown as it arrives: first the status
line's figures (one aggregate query), then side by side the sheet's ids in the chosen order (its rows
are read a page at a time as they are shown, like the roster) and the arrears list, sorted as its
view sorts."""

from __future__ import annotations

import datetime as dt

from shiboken6 import isValid
from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.places import ask_open_path
from unionoffice.ui.common.dates import DateEdit
from unionoffice.domain import dues, money
from unionoffice.domain.validation import ValidationError
from unionoffice.domain.wording import chinese_month
from unionoffice.ledgers import wages as wages_ledger
from unionoffice.excel.reading import ImportFileError
from unionoffice.ui.common.bars import Bar
from unionoffice.ui.common.saving import XLSX, save_file
from unionoffice.ui.common.ledger_import import LedgerImport
from unionoffice.ui.common.views import sortable_table
from unionoffice.ui.common.table_model import IdTableModel, RowsTableModel, sort_rows
from unionoffice.ui.common.tasks import run_in_background, run_task
from unionoffice.ui.dues.dialog import WageBaseDialog

ORANGE, RED = QBrush(QColor("#b26a00")), QBrush(QColor("#b00020"))


class ArrearsModel(RowsTableModel):
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            row = self.rows()[index.row()]
            return RED if row["candidate"] else ORANGE if row["consecutive"] >= dues.HIGHLIGHT_MONTHS else None
        return super().data(index, role)


SHEET_COLUMNS = [("name", "姓名"), ("department", "部门"), ("base", "工资基数（元）"), ("amount", "会费（元）"),
                 ("status", "缴费状态"), ("paid_on", "缴费日期")]


def _record(row: dues.SheetRow) -> dict:
    return {"person_id": row.person_id, "name": row.name, "department": row.department,
            "base": money.yuan(row.base_fen), "amount": money.yuan(row.amount_fen),
            "status": "已缴" if row.paid_on else ("缺工资基数" if row.base_fen is None else "未缴"),
            "paid_on": row.paid_on}


class SheetModel(IdTableModel):
    """The month's collection sheet: the ids in the chosen order, a page of rows read from the
    database as the view shows them (a month of 300,000 members is one list of ids)."""

    def __init__(self, on_sort, parent=None):
        super().__init__(SHEET_COLUMNS, self._page, on_sort, parent)
        self.month: dt.date | None = None

    def show_month(self, month: dt.date, ids: list[int]) -> None:
        self.month = month
        self.set_ids(ids)

    def _page(self, ids: list[int]) -> dict:
        if self.month is None:
            return {}
        return {pid: _record(row) for pid, row in dues.sheet_records(self.month, ids).items()}

    def rows(self) -> list[dict]:
        """Every row, read now (for a check or a test; the view reads pages)."""
        return [self.record(row) for row in range(self.rowCount())]


def _arrears_view(month: dt.date, sorting=None) -> dict:
    """The arrears list as the tab shows it, sorted as its view sorts (``RowsTableModel.sorting``),
    and how many are HIGHLIGHT_MONTHS or more behind: plain data counted on a worker thread."""
    arrears = dues.arrears(month)
    months: dict[dt.date, str] = {}
    for r in arrears:
        r["since"] = months.setdefault(r["since"], r["since"].strftime("%Y-%m"))
        r["note"] = ("连续6个月未缴，视为自动退会候选（由工会决定）" if r["candidate"]
                     else "连续3个月以上未缴" if r["consecutive"] >= dues.HIGHLIGHT_MONTHS else "")
    columns, sorted_by = sorting or (None, None)
    if sorted_by is not None and not (columns[sorted_by[0]][0] == "consecutive"
                                      and sorted_by[1] == Qt.SortOrder.DescendingOrder):
        sort_rows(arrears, columns, *sorted_by)  # (the longest behind first is the order they come in)
    return {"rows": arrears, "sorted_by": sorted_by,
            "behind": sum(r["consecutive"] >= dues.HIGHLIGHT_MONTHS for r in arrears)}


def _month_view(month: dt.date, order: tuple[str, bool] = ("department", False)) -> dict:
    """All the tab counts for a month (the benchmark's measure; the tab counts the parts apart)."""
    return {"figures": dues.figures(month), "ids": dues.sheet_ids(month, *order), "arrears": _arrears_view(month)["rows"]}


class DuesTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("月份：")))
        self.month = DateEdit(QDate.currentDate())
        self.month.setDisplayFormat("yyyy年M月")
        self.month.setCalendarPopup(True)
        self.month.dateChanged.connect(self.reload)
        top.addWidget(self.month)
        bar = Bar()
        for text, slot in ((self.tr("标记已缴"), self.mark_selected), (self.tr("全部标记已缴"), self.mark_all),
                           (self.tr("撤销缴费"), self.undo), (self.tr("设置工资基数…"), self.set_wage_base),
                           (self.tr("导入工资…"), self.import_wages),
                           (self.tr("导入缴费名单…"), self.import_paid),
                           (self.tr("导出收缴表…"), self.export)):
            button = QPushButton(text)
            button.setObjectName(f"button_{slot.__name__}")
            button.clicked.connect(slot)
            bar.addWidget(button)
        top.addWidget(bar, 1)
        layout.addLayout(top)
        self.pages = QTabWidget()
        self.order = ("department", False)
        self.model = SheetModel(self._sort, self)
        self.view, self.proxy = sortable_table(self.model)
        self.view.sortByColumn(1, Qt.SortOrder.AscendingOrder)
        self.pages.addTab(self.view, self.tr("收缴表"))
        self.arrears_model = ArrearsModel([("name", "姓名"), ("department", "部门"), ("consecutive", "连续欠缴（月）"),
                                           ("unpaid", "近12个月欠缴（月）"), ("since", "最早欠缴月份"),
                                           ("note", "提示")], self)
        self.arrears_view, _ = sortable_table(self.arrears_model)
        self.arrears_view.setObjectName("arrears")
        self.arrears_view.sortByColumn(2, Qt.SortOrder.DescendingOrder)  # the longest behind first
        self.pages.addTab(self.arrears_view, self.tr("欠缴名单"))
        layout.addWidget(self.pages, 1)
        self.status = QLabel()
        self.status.setObjectName("status")
        layout.addWidget(self.status)
        self.wages = LedgerImport.declared(self, wages_ledger.LEDGER, lambda _s: self._after_change(), self.tr("导入工资"),
                                           lambda p: wages_ledger.read_wages(p, self.current_month()))
        self.loaded = False  # asked for its figures
        self.counted = False  # the status line's figures shown
        self.ready = False  # showing the figures, the sheet and the arrears
        self._request = None
        self._asked = 0  # the latest request of the sheet's ids: an older answer is dropped
        self._reloads = 0
        self._waiting: set[str] = set()
        self._keep: int | None = None  # the person to select again once the month is shown
        self.task = None

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload()

    def current_month(self) -> dt.date:
        return self.month.date().toPython().replace(day=1)

    def reload(self, *_args) -> None:
        """The month's figures, sheet and arrears are counted on worker threads (seconds at 100,000
        members), each shown as it arrives; an answer for a month the user has already left (or a
        sort since replaced) is dropped."""
        self.loaded = True
        self.ready = self.counted = False
        month = self.current_month()
        self._request = month
        self._asked += 1
        self._reloads += 1
        reload = self._reloads
        self._waiting = {"figures", "ids", "arrears"}
        self.status.setText(self.tr("正在统计 %s 的会费…") % chinese_month(month))

        def counted(found, error) -> None:  # the figures first, alone; then the lists side by side
            if not isValid(self.status) or reload != self._reloads:
                return  # a newer reload counts again
            self._arrived(self._asked, month, "figures", found, error)
            if error is None:
                asked, order = self._asked, self.order  # a header clicked meanwhile: its order
                sorting = self.arrears_model.sorting()
                for part, work in (("ids", lambda: dues.sheet_ids(month, *order)),
                                   ("arrears", lambda: _arrears_view(month, sorting))):
                    run_in_background(work, lambda found, error, part=part: self._arrived(asked, month, part, found,
                                                                                          error))
        run_in_background(lambda: dues.figures(month), counted)

    def _sort(self, key: str, descending: bool) -> None:
        """A header clicked: the ids again in that column's order, counted in SQL."""
        self.order = (key, descending)
        if self.model.month is None or self.model.month != self._request:
            return  # the month's ids are still being counted: they come in the order just set
        month = self._request
        self._asked += 1
        asked = self._asked
        self._waiting.add("ids")
        self.ready = False
        run_in_background(lambda: dues.sheet_ids(month, key, descending),
                          lambda found, error: self._arrived(asked, month, "ids", found, error))

    def _arrived(self, asked: int, month: dt.date, part: str, found, error: Exception | None) -> None:
        if not isValid(self.status) or self._request != month or (part == "ids" and asked != self._asked):
            return
        if error is not None:
            self.status.setText(self.tr("无法统计会费：%s") % error)
            return
        self._waiting.discard(part)
        if part == "figures":
            t = found
            self.status.setText(self.tr("%s：应缴 %d 人 %s 元 · 已缴 %d 人 %s 元%s") % (
                chinese_month(month), t["people"], money.text(t["due_fen"]), t["paid_people"],
                money.text(t["paid_fen"]), self.tr(" · 缺工资基数 %d 人") % t["no_base"] if t["no_base"] else ""))
            self.counted = True
        elif part == "ids":
            self.model.show_month(month, found)
            if self._keep is not None:
                row = self.model.row_of(self._keep)
                if row >= 0:
                    self.view.selectRow(row)
                self._keep = None
        else:
            shown = self.arrears_model.rows()  # the month's list before: 200,000 rows at 300,000 people
            self.arrears_model.set_rows(found["rows"], found["sorted_by"])
            run_in_background(shown.clear, lambda _result, _error: None)  # freed on a worker, plain data alone
            self.pages.setTabText(1, self.tr("欠缴名单（%d）") % found["behind"])
        self.ready = not self._waiting

    def _after_change(self) -> None:
        self.reload()
        self.changed.emit()

    def _selected_people(self) -> list[int]:
        return [self.model.id_at(i.row()) for i in self.view.selectionModel().selectedRows()]

    def _mark(self, call) -> None:
        """Record payments on a worker thread (全部标记已缴 may be 100,000 members)."""
        def marked(count: int) -> None:
            self._after_change()
            QMessageBox.information(self, self.tr("会费"), self.tr("已登记 %d 人缴费。") % count)

        def refused(exc: Exception) -> None:
            QMessageBox.warning(self, self.tr("会费"), exc.reason if isinstance(exc, ValidationError) else str(exc))

        self.task = run_task(self, self.tr("正在登记缴费…"), lambda progress: call(),
                             on_success=marked, on_failure=refused)

    def mark_selected(self) -> None:
        people = self._selected_people()
        if people:
            self._mark(lambda: dues.mark_paid(self.current_month(), people))

    def mark_all(self) -> None:
        if QMessageBox.question(self, self.tr("全部标记已缴"), self.tr("把本月有工资基数的应缴会员全部登记为已缴？")) \
                == QMessageBox.StandardButton.Yes:
            self._mark(lambda: dues.mark_all_paid(self.current_month()))

    def undo(self) -> None:
        for person_id in self._selected_people():
            dues.undo_payment(self.current_month(), person_id)
        self._after_change()

    def set_wage_base(self) -> None:
        """设置工资基数 of the one member selected, typed by hand."""
        people = self._selected_people()
        if len(people) != 1:
            QMessageBox.information(self, self.tr("设置工资基数"), self.tr(
                "请在收缴表中选择一名会员。" if not people else "一次设置一名会员的工资基数，请只选一人。"))
            return
        row = self.model.record(self.model.row_of(people[0]))
        dialog = WageBaseDialog(row["person_id"], row["name"], row["department"], self.current_month(), self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._keep = row["person_id"]
            self._after_change()

    def import_wages(self) -> None:
        self.wages.choose_and_start()

    def import_paid(self) -> None:
        path = ask_open_path(self, self.tr("选择缴费名单"), self.tr("Excel 工作簿或 CSV 文件 (*.xlsx *.xls *.csv)"))
        if not path:
            return
        try:
            people, rejections = wages_ledger.read_paid_list(path, self.current_month())
        except ImportFileError as exc:
            QMessageBox.warning(self, self.tr("无法导入"), str(exc))
            return
        if rejections:
            QMessageBox.warning(self, self.tr("缴费名单"), "\n".join(
                f"第 {r.row} 行 [{r.column}]：{r.reason}" for r in rejections[:20]))
        self._mark(lambda: dues.mark_paid(self.current_month(), people))

    def export(self) -> None:
        month = self.current_month()

        def write(path: str) -> str:
            t = wages_ledger.export_month(path, month)
            return f"应缴 {t['people']} 人，已缴 {t['paid_people']} 人。"
        save_file(self, self.tr("导出会费收缴表"), f"会费收缴表{month:%Y%m}.xlsx", XLSX, write, background=True)
