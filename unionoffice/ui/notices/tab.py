"""厂务公开 tab: notices with filters, what is on the board now, the workflow buttons, print,
the year's ledger out and existing ledgers in."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.dates import DateEdit
from unionoffice.domain import notices
from unionoffice.domain.validation import ValidationError
from unionoffice.domain.wording import month_day
from unionoffice.ledgers import notices as notices_ledger
from unionoffice.ui.common import printing as common_printing
from unionoffice.ui.common.dialogs import button_box
from unionoffice.ui.common.bars import Bar, search_field, year_combo
from unionoffice.ui.common.views import RecordList, tab_shortcuts
from unionoffice.ui.common.table_model import RECORD_ROLE, SORT_ROLE, RowsTableModel
from unionoffice.ui.common.ledger_import import LedgerImport
from unionoffice.ui.common.saving import PDF, export_year_ledger, save_file
from unionoffice.ui.notices import printing
from unionoffice.ui.notices.dialog import NoticeDialog

COLUMNS = [("title", "标题"), ("category", "类别"), ("state", "状态"), ("published_on", "公开日期"),
           ("ends_on", "公示截止"), ("period_days", "公示期（天）"), ("department", "责任部门"),
           ("form", "公开形式"), ("feedback", "反馈"), ("unanswered", "待答复")]
STATE_COLOURS = {"公示中": "#1b7f3b", "公示期满": "#b26a00", "草稿": "#777777", "已归档": "#555555"}


class NoticeModel(RowsTableModel):
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            colour = STATE_COLOURS.get(self.rows()[index.row()]["state"])
            return QBrush(QColor(colour)) if colour else None
        return super().data(index, role)


class DateDialog(QDialog):
    """Asks one date (and optionally a name) for 审核 / 发布."""

    def __init__(self, title: str, label: str, parent=None, *, name_label: str = "", name: str = "",
                 allow_future: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout()
        self.name = QLineEdit(name)
        if name_label:
            form.addRow(name_label, self.name)
        self.date = DateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        if not allow_future:
            self.date.setMaximumDate(QDate.currentDate())
        form.addRow(label, self.date)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(button_box(self))


class NoticesTab(RecordList, QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.search = search_field(self.tr("搜索标题、类别、责任部门"), self.reload)
        self.search.setMaximumWidth(260)  # ten buttons beside it: all shown at the default 1200 width
        top.addWidget(self.search, 1)
        buttons = Bar()
        top.addWidget(buttons, 3)
        self.buttons: dict[str, QPushButton] = {}
        for text, slot, name in ((self.tr("新建"), self.add, "add"), (self.tr("编辑"), self.edit, "edit"),
                                 (self.tr("审核…"), self.review, "review"),
                                 (self.tr("发布…"), self.publish, "publish"),
                                 (self.tr("归档"), self.archive, "archive"),
                                 (self.tr("打印…"), self.print_notice, "print"),
                                 (self.tr("导出PDF…"), self.export_pdf, "pdf"),
                                 (self.tr("删除"), self.delete, "delete"),
                                 (self.tr("导出台账…"), self.export_ledger, "export"),
                                 (self.tr("导入台账…"), self.import_ledger, "import")):
            button = QPushButton(text)
            button.setObjectName(f"button_{name}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
            self.buttons[name] = button
        layout.addLayout(top)

        filters = Bar()
        self.f_category = QComboBox()
        self.f_category.addItem(self.tr("全部类别"), "")
        for c in notices.CATEGORIES:
            self.f_category.addItem(c, c)
        self.f_state = QComboBox()
        self.f_state.addItem(self.tr("全部状态"), "")
        for s in notices.STATES:
            self.f_state.addItem(s, s)
        self.f_year = year_combo(ahead=1)
        for combo in (self.f_category, self.f_state, self.f_year):
            combo.currentIndexChanged.connect(self.reload)
            filters.addWidget(combo)
        filters.addStretch(1)
        layout.addWidget(filters)

        self.model = NoticeModel(COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)  # a year holds tens of notices: a proxy is fine
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setObjectName("notices")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # newest publication first
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.doubleClicked.connect(lambda _i: self.edit())
        self.view.setColumnWidth(0, 300)
        self.view.setColumnWidth(1, 160)

        board = QGroupBox(self.tr("正在公示"))
        board_layout = QVBoxLayout(board)
        self.board = QListWidget()
        self.board.setObjectName("board")
        self.board.itemDoubleClicked.connect(self._open_board_item)
        board_layout.addWidget(self.board)
        splitter = QSplitter()
        splitter.addWidget(self.view)
        splitter.addWidget(board)
        splitter.setStretchFactor(0, 4)
        splitter.setStretchFactor(1, 1)
        layout.addWidget(splitter, 1)
        self.status = QLabel()
        self.status.setObjectName("status")
        layout.addWidget(self.status)
        tab_shortcuts(self, (("Ctrl+N", self.add), ("Ctrl+F", self.search.setFocus),
                          ("Ctrl+P", self.print_notice)))
        for key in ("Return", "Enter"):
            QShortcut(QKeySequence(key), self.view, self.edit)
        self.importer = LedgerImport(self, self.tr("导入厂务公开台账"), notices_ledger.read_ledger,
                                     notices_ledger.apply, lambda _summary: self._after_change())
        self.reload()

    # --- list ---
    def current_filter(self) -> notices.NoticeFilter:
        return notices.NoticeFilter(self.search.text(), self.f_category.currentData() or "",
                                    self.f_state.currentData() or "", self.f_year.currentData())

    def reload(self, *_args) -> None:
        selected = self.current_id()
        rows = notices.search(self.current_filter())
        self.model.set_rows(rows)
        by_state = {s: sum(r["state"] == s for r in rows) for s in notices.STATES}
        self.status.setText(self.tr("共 %d 项：") % len(rows) + " · ".join(
            f"{s} {n}" for s, n in by_state.items() if n))
        self.board.clear()
        today = dt.date.today()
        for r in notices.on_board():
            left = (r["ends_on"] - today).days + 1
            self.board.addItem(f"{r['title']}\n　至 {month_day(r['ends_on'])}，还剩 {left} 天"
                               + (f"，待答复 {r['unanswered']} 条" if r["unanswered"] else ""))
            self.board.item(self.board.count() - 1).setData(RECORD_ROLE, r["id"])
        if selected:
            self.select(selected)

    def _need_selection(self) -> int | None:
        notice_id = self.current_id()
        if notice_id is None:
            QMessageBox.information(self, self.tr("厂务公开"), self.tr("请先在列表中选择一项。"))
        return notice_id

    def _open_board_item(self, item) -> None:
        self.open(item.data(RECORD_ROLE))

    # --- workflow ---
    def add(self) -> None:
        dialog = NoticeDialog(None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(dialog.notice_id)

    def edit(self) -> None:
        notice_id = self._need_selection()
        if notice_id:
            self.open(notice_id)

    def open(self, notice_id: int) -> None:
        dialog = NoticeDialog(notice_id, self)
        dialog.exec()
        if dialog.changed:
            self._after_change(notice_id)

    def _act(self, title: str, action) -> None:
        try:
            notice = action()
        except ValidationError as exc:
            QMessageBox.warning(self, title, exc.reason)
            return
        self._after_change(notice.id)

    def review(self) -> None:
        notice_id = self._need_selection()
        if not notice_id:
            return
        notice = notices.get(notice_id)
        dialog = DateDialog(self.tr("审核"), self.tr("审核日期"), self, name_label=self.tr("审核人"),
                            name=notice.reviewer)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._act(self.tr("审核"), lambda: notices.review(notice_id, dialog.name.text(),
                                                             dialog.date.date().toPython()))

    def publish(self) -> None:
        notice_id = self._need_selection()
        if not notice_id:
            return
        dialog = DateDialog(self.tr("发布（开始公示）"), self.tr("公开日期"), self, allow_future=True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._act(self.tr("发布"), lambda: notices.publish(notice_id, dialog.date.date().toPython()))

    def archive(self) -> None:
        notice_id = self._need_selection()
        if notice_id:
            self._act(self.tr("归档"), lambda: notices.archive(notice_id))

    def delete(self) -> None:
        notice_id = self._need_selection()
        if not notice_id:
            return
        if QMessageBox.question(self, self.tr("删除"), self.tr("删除这个未发布的事项？")) \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            notices.delete(notice_id)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("删除"), exc.reason)
            return
        self._after_change()

    # --- print ---
    def print_notice(self) -> None:
        notice_id = self._need_selection()
        if not notice_id:
            return
        notice = notices.get(notice_id)
        common_printing.preview(self, self.tr("打印预览 — %s") % notice.title,
                                lambda printer: printing.print_document(printing.document(notice), printer))

    def export_pdf(self) -> None:
        notice_id = self._need_selection()
        if not notice_id:
            return
        notice = notices.get(notice_id)
        save_file(self, self.tr("导出PDF"), f"{notice.title}.pdf", PDF,
                  lambda path: printing.to_pdf(notice, path) and "已导出 PDF。")

    # --- ledger ---
    def export_ledger(self) -> None:
        export_year_ledger(self, self.tr("导出厂务公开台账"), "厂务公开台账", self.f_year.currentData(),
                           notices_ledger.export_ledger)

    def import_ledger(self) -> None:
        self.importer.choose_and_start()

    def start_import(self, path: str) -> None:
        self.importer.start(path)
