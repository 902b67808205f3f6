"""设置工资基数: one member's wage base typed by hand, from a month on, with the dues it makes and the
bases recorded before (setting a month again replaces its base, which is how a slip is undone)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from unionoffice.ui.common.dates import DateEdit
from unionoffice.domain import dues, money
from unionoffice.domain.validation import ValidationError
from unionoffice.ui.common.dialogs import button_box, error_label
from unionoffice.ui.common.table_model import RowsTableModel


class WageBaseDialog(QDialog):
    def __init__(self, person_id: int, name: str, department: str, month: dt.date,
                 parent: QWidget | None = None):
        super().__init__(parent)
        self.person_id = person_id
        self.setWindowTitle(self.tr("设置工资基数 — %s") % name)
        self.resize(460, 420)
        form = QFormLayout()
        form.addRow(self.tr("会员"), QLabel(f"{name}　{department}"))
        self.month = DateEdit(QDate(month))
        self.month.setObjectName("month")
        self.month.setDisplayFormat("yyyy年MM月")
        self.month.setCalendarPopup(True)
        self.month.dateChanged.connect(self._fill_current)
        form.addRow(self.tr("生效月份"), self.month)
        self.base = QLineEdit()
        self.base.setObjectName("base")
        self.base.setPlaceholderText(self.tr("如 5,678.90"))
        self.base.textChanged.connect(self._preview)
        form.addRow(self.tr("工资基数（元）*"), self.base)
        self.dues = QLabel()
        self.dues.setObjectName("dues")
        form.addRow(self.tr("每月会费"), self.dues)
        note = QLabel(self.tr("从生效月份起使用，直到下一次变动；已缴月份的会费不变。"
                              "同一月份再设置一次即替换（可用来改正输错的基数）。"))
        note.setWordWrap(True)
        self.history = RowsTableModel([("month_text", "生效月份"), ("base", "工资基数（元）"), ("source", "来源")], self)
        history = QTableView()
        history.setModel(self.history)
        history.verticalHeader().hide()
        history.horizontalHeader().setStretchLastSection(True)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(QLabel(self.tr("以往的工资基数：")))
        layout.addWidget(history, 1)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(button_box(self))
        self._load_history()
        self._fill_current()

    def chosen_month(self) -> dt.date:
        return self.month.date().toPython().replace(day=1)

    def _load_history(self) -> None:
        self.entries = dues.base_history(self.person_id)
        self.history.set_rows([{"month_text": f"{e['month']:%Y-%m}", "base": money.text(e["base_fen"]),
                                "source": e["source"]} for e in self.entries])

    def _fill_current(self, *_args) -> None:
        """The base in force in the chosen month, as a starting point."""
        month = self.chosen_month()
        current = next((e for e in self.entries if e["month"] <= month), None)
        self.base.setText(money.text(current["base_fen"]) if current else "")
        self._preview()

    def _preview(self, *_args) -> None:
        try:
            fen = dues.check_base(self.base.text())
        except ValidationError as exc:
            self.dues.setText("" if not self.base.text().strip() else exc.reason)
            return
        self.dues.setText(self.tr("%s 元（去掉 10 元以下零头后乘 0.5%%）") % money.text(dues.dues_fen(fen)))

    def accept(self) -> None:
        try:
            dues.set_base(self.person_id, self.chosen_month(), self.base.text())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
