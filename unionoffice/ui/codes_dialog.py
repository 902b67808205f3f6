"""代码表: the editable lists (学历, 民族, 就业状况 …), one value a line."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.dialogs import Std, button_box
from unionoffice.domain import codes
from unionoffice.domain.validation import ValidationError


class CodesDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("代码表"))
        self.resize(420, 520)
        layout = QVBoxLayout(self)
        self.category = QComboBox()
        for category in codes.categories():
            self.category.addItem(codes.label(category), category)
        self.category.currentIndexChanged.connect(self.load)
        layout.addWidget(self.category)
        layout.addWidget(QLabel(self.tr("每行一项，可增加、修改或调整顺序：")))
        self.editor = QPlainTextEdit()
        layout.addWidget(self.editor)
        buttons = button_box(self, Std.Save, Std.Close, on_accept=self.save)
        layout.addWidget(buttons)
        self.load()

    def load(self) -> None:
        self.editor.setPlainText("\n".join(codes.values(self.category.currentData())))

    def save(self) -> None:
        try:
            codes.set_values(self.category.currentData(), self.editor.toPlainText().splitlines())
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("代码表"), str(exc))
            return
        self.load()
