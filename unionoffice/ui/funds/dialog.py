"""A voucher (记账凭证): its fields, the categories and 明细科目 of the code list following 收支, the
§14 warnings asked before saving, and its scans."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog, QHBoxLayout, QLabel, QLineEdit, QListWidget, QMessageBox, QPushButton, QSpinBox,
    QVBoxLayout, QWidget)

from unionoffice.domain import funds, members, money
from unionoffice.domain.validation import ValidationError
from unionoffice.ui.common.dates import date_edit
from unionoffice.ui.common.dialogs import Std, button_box
from unionoffice.ui.common.people import PeoplePicker
from unionoffice.ui.common.register import Field, RecordDialog, clerk


def _date(v) -> QWidget:
    edit = date_edit(v.on if v else None)
    edit.setMaximumDate(QDate.currentDate())  # a voucher dated after today is refused
    return edit


def _number(v) -> QSpinBox:
    box = QSpinBox()
    box.setRange(0, 99999)
    box.setSpecialValueText("自动编号")
    box.setValue(v.number if v else 0)
    return box


def _amount(v) -> QWidget:
    edit = QLineEdit(money.text(v.amount_fen) if v else "")
    edit.setPlaceholderText("0.00")
    return edit


class PersonField(QWidget):
    """领款人 (for the limits per member): picked from the roster, or none."""

    def __init__(self, person_id: int | None):
        super().__init__()
        self.person_id = person_id
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.name = QLabel()
        row.addWidget(self.name, 1)
        for text, slot in ((self.tr("选择…"), self.pick), (self.tr("清除"), lambda: self.set(None))):
            button = QPushButton(text)
            button.clicked.connect(slot)
            row.addWidget(button)
        self.set(person_id)

    def set(self, person_id: int | None) -> None:
        self.person_id = person_id
        self.name.setText(members.get_person(person_id).name if person_id else self.tr("（无）"))

    def pick(self) -> None:
        picker = PeoplePicker(self, title=self.tr("选择领款人"), hint=self.tr("勾选领取这笔款项的职工（一人）："),
                              whole_units=False)
        if picker.exec() == QDialog.DialogCode.Accepted and picker.chosen():
            self.set(picker.chosen()[0])


class VoucherDialog(RecordDialog):
    domain = funds
    fields = [
        Field("on", "日期", required=True, attr="date", make=_date, read=lambda e: e.date().toPython()),
        Field("number", "凭证号", make=_number, read=lambda b: b.value() or None),
        Field("direction", "收支", "choice", required=True, choices=funds.DIRECTIONS,
              default=funds.SPENDING),
        Field("category", "类别", "choice", required=True),
        Field("item", "明细科目", "choice"),
        Field("summary", "摘要", in_place=True),
        Field("amount", "金额（元）", required=True, make=_amount, read=lambda e: e.text()),
        Field("settlement", "结算方式", "choice", choices=funds.SETTLEMENTS, default=funds.BANK, in_place=True),
        Field("handler", "经办人", default=clerk),
        Field("approver", "审批人", required=True, in_place=True),
        Field("pages", "附件张数", "number", options={"maximum": 999}),
        Field("person", "领款人", make=lambda v: PersonField(v.person_id if v else None), read=lambda w: w.person_id),
    ]

    def __init__(self, voucher_id: int | None = None, parent: QWidget | None = None):
        super().__init__(voucher_id, parent)
        v = self.record
        self.setWindowTitle(self.tr("新增凭证") if v is None else self.tr("凭证 %s") % funds.describe(v.id))
        self.resize(560, 620)
        page = self.form_page()
        self.direction.currentTextChanged.connect(self._fill_categories)
        self.category.currentTextChanged.connect(self._fill_items)
        self._fill_categories(self.direction.currentText())
        if v is not None:
            self.category.setCurrentText(v.category)
            self.item.setCurrentText(v.item)
        self.attachments = QListWidget()
        self.attachments.setMaximumHeight(90)
        row = QHBoxLayout()
        for text, slot in ((self.tr("添加附件…"), self.add_attachment), (self.tr("另存附件…"), self.save_attachment),
                           (self.tr("删除附件"), self.remove_attachment)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setEnabled(v is not None)
            row.addWidget(button)
        row.addStretch(1)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.attachments)
        box.addLayout(row)
        if v is None:
            box.addWidget(QLabel(self.tr("保存凭证后即可添加扫描件（存放在数据文件中，随备份一起保存）。")))
        self.form.addRow(self.tr("附件（扫描件）"), holder)
        self._load_attachments()
        layout = QVBoxLayout(self)
        layout.addWidget(page)
        layout.addWidget(self.error)
        layout.addWidget(button_box(self, Std.Save, Std.Cancel))

    def _fill_categories(self, direction: str) -> None:
        current = self.category.currentText()
        self.category.clear()
        self.category.addItems(funds.categories(direction))
        if current:
            self.category.setCurrentText(current)

    def _fill_items(self, category: str) -> None:
        current = self.item.currentText()
        self.item.clear()
        self.item.addItems([""] + funds.items(category))
        self.item.setCurrentText(current)

    def accept(self) -> None:
        """The §14 warnings (a limit passed, a copy of a linked line) are asked before saving."""
        try:
            found = funds.warnings(self.values(), self.record_id)
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        if found and QMessageBox.question(
                self, self.tr("请核对"), "\n\n".join(found) + "\n\n" + self.tr("仍要保存这张凭证吗？"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No) != QMessageBox.StandardButton.Yes:
            return
        super().accept()
