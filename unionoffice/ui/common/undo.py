"""Undo and redo (Ctrl+Z / Ctrl+Y) of the edits made in this session: one QUndoStack per window.
A command holds two domain calls, each its own transaction and audited by the domain (an undo is
written as the edit it reverses); the change is made before it is pushed, so a refused change never
enters the stack. An undo the database refuses (someone changed the record meanwhile, another desk)
says why and leaves the stack as it was."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut, QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from unionoffice.domain.validation import ValidationError


class DomainCommand(QUndoCommand):
    """``undo()`` and ``redo()`` are domain calls; ``after()`` refreshes what shows the records."""

    def __init__(self, text: str, undo: Callable[[], object], redo: Callable[[], object],
                 after: Callable[[], None] = lambda: None):
        super().__init__(text)
        self._undo, self._redo, self._after = undo, redo, after
        self._done = True  # the change was made before the command was pushed
        self.refused = ""

    def redo(self) -> None:
        if self._done:
            self._done = False
            return
        self._run(self._redo)

    def undo(self) -> None:
        self._run(self._undo)

    def _run(self, call: Callable[[], object]) -> None:
        self.refused = ""
        try:
            call()
        except ValidationError as exc:
            self.refused = str(exc)
            self.setObsolete(True)  # the stack drops it: a record that moved on cannot go back
        self._after()


def window_stack(widget: QWidget) -> QUndoStack:
    """The window's undo stack, made on first use with its keys: Ctrl+Z undoes, Ctrl+Y and
    Ctrl+Shift+Z redo (a text box keeps these keys for its own text while it has the focus)."""
    window = widget.window()
    stack = getattr(window, "undo_stack", None)
    if stack is None:
        stack = QUndoStack(window)
        window.undo_stack = stack
        for key, slot in (("Ctrl+Z", lambda: undo(window)), ("Ctrl+Y", lambda: redo(window)),
                          ("Ctrl+Shift+Z", lambda: redo(window))):
            QShortcut(QKeySequence(key), window, slot).setContext(Qt.ShortcutContext.WindowShortcut)
    return stack


def push(widget: QWidget, text: str, undo: Callable[[], object], redo: Callable[[], object],
         after: Callable[[], None] = lambda: None) -> DomainCommand:
    """Record a change already made (``redo`` makes it again, ``undo`` takes it back)."""
    command = DomainCommand(text, undo, redo, after)
    window_stack(widget).push(command)
    return command


def _step(window: QWidget, backwards: bool) -> str:
    stack = window_stack(window)
    if not (stack.canUndo() if backwards else stack.canRedo()):
        return ""
    index = stack.index() - 1 if backwards else stack.index()
    command = stack.command(index)
    text = command.text()
    stack.undo() if backwards else stack.redo()
    if command.refused:
        QMessageBox.warning(window, "撤销" if backwards else "重做",
                            f"无法{'撤销' if backwards else '重做'}“{text}”：{command.refused}")
        return ""
    status = getattr(window, "statusBar", None)
    if callable(status):
        status().showMessage(f"已{'撤销' if backwards else '重做'}：{text}", 5000)
    return text


def undo(window: QWidget) -> str:
    """Ctrl+Z: take back the latest change of this session; what was undone ("" if nothing)."""
    return _step(window, True)


def redo(window: QWidget) -> str:
    return _step(window, False)
