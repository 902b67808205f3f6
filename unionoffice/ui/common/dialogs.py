"""Pieces every dialog uses: the button row, the inline error line that names the field, and a
width that shows the whole title."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

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


def form_layout(dialog: QDialog, form, accept_button=Std.Ok, reject_button=Std.Cancel) -> QVBoxLayout:
    """A dialog of one form: the form, the red error line below it (``dialog.error``) and the buttons."""
    layout = QVBoxLayout(dialog)
    layout.addLayout(form)
    dialog.error = error_label()
    layout.addWidget(dialog.error)
    layout.addWidget(button_box(dialog, accept_button, reject_button))
    return layout


def title_width(window: QWidget) -> int:
    """How wide a window must be for its title bar to show the whole title as Qt writes it there:
    with " — 工会办公室" (the application display name) after it."""
    title = window.windowTitle()
    name = QApplication.applicationDisplayName()
    if name and not title.endswith(name):
        title = f"{title} — {name}" if title else name
    return window.fontMetrics().horizontalAdvance(title) + TITLE_BAR_EXTRA


INPUTS = (QLineEdit, QComboBox, QAbstractSpinBox, QPlainTextEdit, QTextEdit)


def _is_input(widget: QWidget) -> bool:
    return (isinstance(widget, INPUTS) and widget.isVisible() and widget.isEnabled()
            and not getattr(widget, "isReadOnly", lambda: False)())


def focus_first_input(dialog: QWidget) -> None:
    """Put the cursor in the dialog's first field, where typing can begin, unless the dialog chose
    one itself: Qt's own first stop is often the tab bar of a form's pages (基本信息 …), so the
    clerk's first keystrokes went nowhere."""
    current = dialog.focusWidget()
    if current is not None and _is_input(current):
        return
    widget = dialog.nextInFocusChain()
    for _ in range(500):  # the chain is a ring; a dialog has far fewer widgets
        if widget is dialog:
            return
        if dialog.isAncestorOf(widget) and _is_input(widget):
            widget.setFocus()
            return
        widget = widget.nextInFocusChain()


class _TitleFitter(QObject):
    """Installed on every dialog built with ``button_box``: its width fits its title, and when first
    shown its cursor is in its first field."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Show or (event.type() == QEvent.Type.WindowTitleChange
                                                 and watched.isVisible()):
            # An explicit minimum replaces the layout's own, so keep the larger of the two.
            watched.setMinimumWidth(max(watched.minimumSizeHint().width(), title_width(watched)))
        if event.type() == QEvent.Type.Show and not getattr(watched, "_first_focus_done", False):
            watched._first_focus_done = True
            QTimer.singleShot(0, watched, lambda: focus_first_input(watched))  # after Qt's own choice
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
