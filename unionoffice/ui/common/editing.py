"""Editing simple fields in the list, as in a spreadsheet: F2 or typing starts, Enter saves and goes
down, Tab saves and goes right, Esc leaves the value as it was. The value goes through the same
checks as the record's page (the owner's ``save(record id, key, value)`` raises ValidationError);
a refused value is said at the cell and in the list's status line, and nothing is saved.

Kinds: text, choice (an editable list: departments, groups), code (a code list), date, money, number,
yesno. Any model with ``EditableColumns`` takes these edits: the roster's id model, a register's rows
(through its sort proxy)."""

from __future__ import annotations

from typing import Callable, Sequence

from PySide6.QtCore import QAbstractProxyModel, QEvent, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QStyledItemDelegate,
    QTableView,
    QToolTip,
)

from unionoffice.domain.validation import ValidationError
from unionoffice.ui.common.table_model import IdTableModel, display


class EditableColumns:
    """A table model mixin: its ``editable`` columns (key → kind) may be edited in place; the model
    has ``columns`` (key, label …) and ``id_at(row)``."""

    editable: dict[str, str] = {}

    def kind(self, column: int) -> str | None:
        return self.editable.get(self.columns[column][0]) if 0 <= column < len(self.columns) else None

    def flags(self, index):
        flags = super().flags(index)
        if index.isValid() and self.kind(index.column()):
            flags |= Qt.ItemFlag.ItemIsEditable
        return flags

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.EditRole:
            return super().data(index, Qt.ItemDataRole.DisplayRole)
        return super().data(index, role)


class EditableIdTableModel(EditableColumns, IdTableModel):
    """An IdTableModel whose ``editable`` columns (key → kind) may be edited in place."""

    def __init__(self, *args, editable: dict[str, str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.editable = editable or {}


def source(index: QModelIndex) -> QModelIndex:
    """The index in the model that holds the rows, through any sort/filter proxies."""
    while isinstance(index.model(), QAbstractProxyModel):
        index = index.model().mapToSource(index)
    return index


class CellEditor(QStyledItemDelegate):
    """The editors of a list's editable cells, saving through ``save(record_id, key, value)``.
    ``choices(key)`` lists a choice or code field's values; ``told(text)`` shows a refusal."""

    def __init__(self, view: QTableView, save: Callable[[int, str, str], None],
                 choices: Callable[[str], Sequence[str]], told: Callable[[str], None]):
        super().__init__(view)
        self.view, self.save, self.choices, self.told = view, save, choices, told
        self.refused = ""
        self.refused_cell = QPersistentModelIndex()  # framed in red, its reason on hover, until the next save
        view.setItemDelegate(self)
        view.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.AnyKeyPressed)

    def createEditor(self, parent, option, index):
        index = source(index)
        model = index.model()
        kind, key = model.kind(index.column()), model.columns[index.column()][0]
        if kind in ("choice", "code", "yesno"):
            editor = QComboBox(parent)
            editor.setEditable(kind == "choice")
            editor.addItems(["是", "否"] if kind == "yesno" else [""] + list(self.choices(key)))
        else:
            editor = QLineEdit(parent)
            if kind == "date":
                editor.setPlaceholderText("2026-03-01")
            elif kind == "money":
                editor.setPlaceholderText("0.00")
            elif kind == "number":
                editor.setPlaceholderText("0")
        editor.installEventFilter(self)
        return editor

    def setEditorData(self, editor, index):
        text = display(index.data(Qt.ItemDataRole.EditRole))
        if isinstance(editor, QComboBox):
            editor.setCurrentText(text) if editor.isEditable() else editor.setCurrentIndex(max(editor.findText(text), 0))
        else:
            editor.setText(text)

    def setModelData(self, editor, model, index: QModelIndex):
        value = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        if value == display(index.data(Qt.ItemDataRole.EditRole)):
            return
        cell = source(index)
        model = cell.model()
        key = model.columns[cell.column()][0]
        record_id = model.id_at(cell.row())
        self.refused, self.refused_cell = "", QPersistentModelIndex()
        try:
            self.save(record_id, key, value.strip())
        except ValidationError as exc:
            self.refused, self.refused_cell = str(exc), QPersistentModelIndex(index)
            self.told(self.view.tr("未保存：%s") % exc)
            rect = self.view.visualRect(index)
            QToolTip.showText(self.view.viewport().mapToGlobal(rect.bottomLeft()), self.refused, self.view)
        self.view.viewport().update()

    def _is_refused(self, index) -> bool:
        return self.refused_cell.isValid() and QModelIndex(self.refused_cell) == index

    def paint(self, painter, option, index):
        super().paint(painter, option, index)
        if self._is_refused(index):  # the refused cell, framed in red
            painter.save()
            painter.setPen(QPen(QColor("#c62828"), 2))
            painter.drawRect(option.rect.adjusted(1, 1, -1, -1))
            painter.restore()

    def helpEvent(self, event, view, option, index):
        if event.type() == QEvent.Type.ToolTip and self._is_refused(index):
            QToolTip.showText(event.globalPos(), self.view.tr("未保存：%s") % self.refused, view)
            return True
        return super().helpEvent(event, view, option, index)

    def eventFilter(self, editor, event):
        """Enter saves and goes down a row in the same column (as Excel); Tab is Qt's own (right)."""
        if event.type() == QEvent.Type.KeyPress and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
            current = self.view.currentIndex()
            below = current.sibling(current.row() + 1, current.column())
            if below.isValid():
                self.view.setCurrentIndex(below)
            return True
        return super().eventFilter(editor, event)
