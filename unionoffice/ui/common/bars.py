"""A row of buttons or filters that never forces the window wider than the screen: what does not
fit goes behind the toolbar's » menu (a 1366×768 laptop at 150% has only 911 logical pixels)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton, QSizePolicy, QToolBar, QWidget


class Bar(QToolBar):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setMovable(False)
        self.setFloatable(False)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setStyleSheet("QToolBar { border: 0px; spacing: 4px; }")

    def addStretch(self, _factor: int = 1) -> None:  # noqa: N802 - mirrors QBoxLayout
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.addWidget(spacer)

    @classmethod
    def of_buttons(cls, items, parent: QWidget | None = None) -> Bar:
        """A bar of push buttons from (text, slot) or (text, slot, name) items; a name becomes the
        button's objectName ``button_<name>``."""
        bar = cls(parent)
        for text, slot, *name in items:
            button = QPushButton(text)
            if name:
                button.setObjectName(f"button_{name[0]}")
            button.clicked.connect(slot)
            bar.addWidget(button)
        return bar


def search_field(placeholder: str, on_change) -> QLineEdit:
    """The search box every list starts with: cleared with one click, searching as one types."""
    field = QLineEdit()
    field.setObjectName("search")
    field.setClearButtonEnabled(True)
    field.setPlaceholderText(placeholder)
    field.textChanged.connect(on_change)
    return field


def year_combo(ahead: int = 0) -> QComboBox:
    """全部年度, then this year (selected) and the nine before it (and ``ahead`` years to come)."""
    combo = QComboBox()
    combo.addItem(combo.tr("全部年度"), None)
    this_year = dt.date.today().year
    for year in range(this_year + ahead, this_year - 10, -1):
        combo.addItem(f"{year}年", year)
    combo.setCurrentIndex(combo.findData(this_year))
    return combo


def refill(combo: QComboBox, first: str, names) -> None:
    """Replace a filter's choices (``first`` = everything, then ``names``) after the data changed,
    keeping the current choice when it is still there, without firing the filter meanwhile."""
    current = combo.currentData()
    combo.blockSignals(True)
    combo.clear()
    combo.addItem(first, "")
    for name in names:
        combo.addItem(name, name)
    combo.setCurrentIndex(max(0, combo.findData(current)))
    combo.blockSignals(False)
