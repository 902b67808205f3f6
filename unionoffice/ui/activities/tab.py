"""活动 tab: activities with filters, a month view of what is coming, sign-up and attendance in
each activity's page, the sign-in sheet, the year's ledger out and in."""

from __future__ import annotations


from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QTextCharFormat
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QDialog,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionoffice.domain import activities, money
from unionoffice.ledgers import activities as activities_ledger
from unionoffice.ui.activities import printing
from unionoffice.ui.activities.dialog import ActivityDialog
from unionoffice.ui.common.ledger_import import LedgerImport
from unionoffice.ui.common.saving import PDF, export_year_ledger, save_file
from unionoffice.ui.common.bars import Bar, refill, search_field, year_combo
from unionoffice.ui.common.views import RecordList, tab_shortcuts
from unionoffice.ui.common.table_model import RECORD_ROLE, SORT_ROLE, RowsTableModel

COLUMNS = [("name", "名称"), ("kind", "类型"), ("starts_at", "开始时间"), ("place", "地点"),
           ("department", "组织部门"), ("signed_up", "报名"), ("waiting", "候补"), ("attended", "参加"),
           ("cap_text", "名额"), ("budget", "预算（元）"), ("cost", "实际费用（元）")]


class ActivitiesTab(RecordList, QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = search_field(self.tr("搜索名称、地点、组织部门"), self.reload)
        top.addWidget(self.search, 1)
        buttons = Bar()
        top.addWidget(buttons, 2)
        for text, slot, name in ((self.tr("新建"), self.add, "add"), (self.tr("打开"), self.edit, "edit"),
                                 (self.tr("删除"), self.delete, "delete"),
                                 (self.tr("签到表PDF…"), self.sign_in_sheet, "sheet"),
                                 (self.tr("导出台账…"), self.export_ledger, "export"),
                                 (self.tr("导入台账…"), self.import_ledger, "import")):
            button = QPushButton(text)
            button.setObjectName(f"button_{name}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout.addLayout(top)
        filters = Bar()
        self.f_kind = QComboBox()
        self.f_kind.addItem(self.tr("全部类型"), "")
        for kind in activities.KINDS:
            self.f_kind.addItem(kind, kind)
        self.f_year = year_combo(ahead=1)
        self.f_department = QComboBox()
        self.f_department.addItem(self.tr("全部部门"), "")
        for combo in (self.f_kind, self.f_year, self.f_department):
            combo.currentIndexChanged.connect(self.reload)
            filters.addWidget(combo)
        filters.addStretch(1)
        layout.addWidget(filters)

        self.model = RowsTableModel(COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)  # a year holds tens to hundreds of activities
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setObjectName("activities")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(2, Qt.SortOrder.DescendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.view.setColumnWidth(0, 220)
        self.view.setColumnWidth(2, 130)

        month = QGroupBox(self.tr("活动日历"))
        month_layout = QVBoxLayout(month)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("calendar")
        self.calendar.setGridVisible(True)
        self.calendar.currentPageChanged.connect(lambda *_: self._mark_calendar())
        self.calendar.selectionChanged.connect(self._show_day)
        month_layout.addWidget(self.calendar)
        self.day_list = QListWidget()
        self.day_list.itemDoubleClicked.connect(lambda item: self.open(item.data(RECORD_ROLE)))
        month_layout.addWidget(self.day_list)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(month)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.status = QLabel()
        self.status.setObjectName("status")
        layout.addWidget(self.status)
        tab_shortcuts(self, (("Ctrl+N", self.add), ("Ctrl+F", self.search.setFocus)))
        for key in ("Return", "Enter"):
            QShortcut(QKeySequence(key), self.view, self.edit)
        self.importer = LedgerImport(self, self.tr("导入活动台账"), activities_ledger.read_ledger,
                                     activities_ledger.apply, lambda _s: self._after_change())
        self.reload()

    def reload(self, *_args) -> None:
        selected = self.current_id()
        refill(self.f_department, self.tr("全部部门"), activities.departments())
        rows = activities.search(activities.ActivityFilter(
            self.search.text(), self.f_kind.currentData() or "", self.f_year.currentData(),
            self.f_department.currentData() or ""))
        for r in rows:
            r["cap_text"] = r["cap"] or "不限"
            r["budget"] = money.yuan(r["budget_fen"])
            r["cost"] = money.yuan(r["cost_fen"])
        self.model.set_rows(rows)
        self.status.setText(self.tr("共 %d 项活动 · 报名 %d 人次 · 参加 %d 人次 · 实际费用 %s 元") % (
            len(rows), sum(r["signed_up"] for r in rows), sum(r["attended"] for r in rows),
            money.text(sum(r["cost_fen"] for r in rows))))
        self._mark_calendar()
        self._show_day()
        if selected:
            self.select(selected)

    def _mark_calendar(self) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())
        bold = QTextCharFormat()
        bold.setFontWeight(700)
        bold.setForeground(Qt.GlobalColor.darkBlue)
        bold.setBackground(Qt.GlobalColor.yellow)
        for day in activities.days_with_activities(self.calendar.yearShown(), self.calendar.monthShown()):
            self.calendar.setDateTextFormat(QDate(day), bold)

    def _show_day(self) -> None:
        day = self.calendar.selectedDate().toPython()
        self.day_list.clear()
        for r in activities.search(activities.ActivityFilter(month=(day.year, day.month))):
            if r["starts_at"].date() >= day:
                self.day_list.addItem(f"{r['starts_at']:%m-%d %H:%M}　{r['name']}")
                self.day_list.item(self.day_list.count() - 1).setData(RECORD_ROLE, r["id"])

    def add(self) -> None:
        dialog = ActivityDialog(None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(dialog.activity_id)
            self.open(dialog.activity_id)  # straight on to sign-ups

    def edit(self) -> None:
        activity_id = self.current_id()
        if activity_id:
            self.open(activity_id)

    def open(self, activity_id: int) -> None:
        dialog = ActivityDialog(activity_id, self)
        dialog.exec()
        if dialog.changed:
            self._after_change(activity_id)

    def delete(self) -> None:
        activity_id = self.current_id()
        if not activity_id:
            return
        activity = activities.get(activity_id)
        if QMessageBox.question(self, self.tr("删除活动"), self.tr("删除“%s”及其报名、签到记录？") % activity.name) \
                != QMessageBox.StandardButton.Yes:
            return
        activities.delete(activity_id)
        self._after_change()

    def sign_in_sheet(self) -> None:
        activity_id = self.current_id()
        if not activity_id:
            QMessageBox.information(self, self.tr("签到表"), self.tr("请先在列表中选择一项活动。"))
            return
        activity = activities.get(activity_id)
        save_file(self, self.tr("保存签到表"), f"{activity.name}签到表.pdf", PDF,
                  lambda path: printing.to_pdf(activity, path) and "签到表已保存。")

    def export_ledger(self) -> None:
        export_year_ledger(self, self.tr("导出活动台账"), "活动台账", self.f_year.currentData(),
                           activities_ledger.export_ledger)

    def import_ledger(self) -> None:
        self.importer.choose_and_start()



