"""Pieces every dialog uses: the button row and the inline error line that names the field."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel

Std = QDialogButtonBox.StandardButton


def button_box(dialog: QDialog, accept_button=Std.Ok, reject_button=Std.Cancel,
               on_accept=None) -> QDialogButtonBox:
    buttons = QDialogButtonBox(accept_button | reject_button)
    buttons.accepted.connect(on_accept or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def error_label() -> QLabel:
    """Red, wrapped, hidden until there is something wrong; the dialog stays open meanwhile."""
    label = QLabel()
    label.setObjectName("error")
    label.setStyleSheet("color: #b00020;")
    label.setWordWrap(True)
    return label
