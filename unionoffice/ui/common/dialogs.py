"""Pieces every dialog uses: the button row, the inline error line that names the field, and a
width that shows the whole title."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox, QLabel, QWidget

Std = QDialogButtonBox.StandardButton
TITLE_BAR_EXTRA = 140  # the title bar's icon, margins and close button, besides the title itself


def button_box(dialog: QDialog, accept_button=Std.Ok, reject_button=Std.Cancel,
               on_accept=None) -> QDialogButtonBox:
    buttons = QDialogButtonBox(accept_button | reject_button)
    buttons.accepted.connect(on_accept or dialog.accept)
    buttons.rejected.connect(dialog.reject)
    fit_title(dialog)
    return buttons


ERROR_STYLE, DONE_STYLE = "color: #b00020;", "color: #1b7f3b;"


class MessageLabel(QLabel):
    """The line under a form: ``setText`` says what is wrong, in red; ``done`` says what just went
    well, in green (a success in red reads as a failure)."""

    def setText(self, text: str) -> None:  # noqa: N802 - Qt's name
        self.setStyleSheet(ERROR_STYLE)
        super().setText(text)

    def done(self, text: str) -> None:
        self.setStyleSheet(DONE_STYLE)
        super().setText(text)


def error_label() -> MessageLabel:
    """Red, wrapped, hidden until there is something wrong; the dialog stays open meanwhile."""
    label = MessageLabel()
    label.setObjectName("error")
    label.setStyleSheet(ERROR_STYLE)
    label.setWordWrap(True)
    return label


def title_width(window: QWidget) -> int:
    """How wide a window must be for its title bar to show the whole title as Qt writes it there:
    with " — 工会办公室" (the application display name) after it."""
    title = window.windowTitle()
    name = QApplication.applicationDisplayName()
    if name and not title.endswith(name):
        title = f"{title} — {name}" if title else name
    return window.fontMetrics().horizontalAdvance(title) + TITLE_BAR_EXTRA


class _TitleFitter(QObject):
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show or (event.type() == QEvent.Type.WindowTitleChange
                                                 and watched.isVisible()):
            # An explicit minimum replaces the layout's own, so keep the larger of the two.
            watched.setMinimumWidth(max(watched.minimumSizeHint().width(), title_width(watched)))
        return False


def fit_title(window: QWidget) -> None:
    """Keep ``window`` at least as wide as its title from when it is shown (a small dialog such as
    审查提案 or 会籍变动 otherwise cut its title to "审查…"). Every dialog built with ``button_box``
    gets this."""
    if getattr(window, "_title_fitter", None) is None:
        window._title_fitter = _TitleFitter(window)
        window.installEventFilter(window._title_fitter)


class _DialogWatcher(QObject):
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.ChildPolished:  # a complete object by then, shown next
            child = event.child()
            if child.isWidgetType() and child.inherits("QDialog"):
                fit_title(child)
        return False


def fit_dialog_titles(owner: QWidget) -> None:
    """Every dialog opened with ``owner`` as its parent fits its title, also those Qt builds for
    QInputDialog.getInt / getText (导出厂务公开台账, 批准入会 … were cut short)."""
    if getattr(owner, "_dialog_watcher", None) is None:
        owner._dialog_watcher = _DialogWatcher(owner)
        owner.installEventFilter(owner._dialog_watcher)
