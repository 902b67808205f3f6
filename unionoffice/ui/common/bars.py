"""A row of buttons or filters that never forces the window wider than the screen: what does not
fit goes behind the toolbar's » menu (a 1366×768 laptop at 150% has only 911 logical pixels)."""

from __future__ import annotations

from PySide6.QtWidgets import QSizePolicy, QToolBar, QWidget


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
