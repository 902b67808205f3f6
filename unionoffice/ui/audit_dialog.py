"""操作日志: who changed what and when, with filters. Personal numbers appear masked, as stored."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.dates import DateEdit
from unionoffice.domain import audit
from unionoffice.ui.common.dialogs import Std, button_box
from unionoffice.ui.common.table_model import RowsTableModel

class AuditDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("操作日志"))
        self.resize(1000, 560)
        layout = QVBoxLayout(self)
        filters = QHBoxLayout()
        self.action = QComboBox()
        self.action.addItem(self.tr("全部操作"), None)
        for key, text in audit.ACTIONS.items():
            self.action.addItem(text, key)
        self.table = QComboBox()
        self.table.addItem(self.tr("全部对象"), None)
        for key, text in audit.TABLES.items():
            self.table.addItem(text, key)
        self.text = QLineEdit()
        self.text.setPlaceholderText(self.tr("内容包含…"))
        self.since = DateEdit(QDate.currentDate().addMonths(-1))
        self.until = DateEdit(QDate.currentDate())
        for edit in (self.since, self.until):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.dateChanged.connect(self.load)
        self.action.currentIndexChanged.connect(self.load)
        self.table.currentIndexChanged.connect(self.load)
        self.text.textChanged.connect(self.load)
        for widget in (self.action, self.table, self.text, QLabel(self.tr("从")), self.since,
                       QLabel(self.tr("到")), self.until):
            filters.addWidget(widget)
        layout.addLayout(filters)
        self.model = RowsTableModel([("at", "时间"), ("actor", "操作人"), ("action", "操作"),
                                     ("table", "对象"), ("row_id", "记录号"), ("before", "改动前"),
                                     ("after", "改动后")], self)
        view = QTableView()
        view.setModel(self.model)
        view.verticalHeader().hide()
        view.setColumnWidth(0, 150)  # the date and the time on one line
        header = view.horizontalHeader()
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(6, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(view)
        layout.addWidget(button_box(self, Std.Close, Std.NoButton))
        self.load()

    def load(self, *_args) -> None:
        rows = audit.entries(self.table.currentData(), action=self.action.currentData(),
                             text=self.text.text().strip(), since=self.since.date().toPython(),
                             until=self.until.date().toPython())
        self.model.set_rows(audit.readable(rows))
