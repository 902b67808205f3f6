"""One helper for long work: plain data in, the result or the error back on the GUI thread,
a progress dialog with 取消. Workers never touch widgets."""

from __future__ import annotations

import threading
import traceback
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QProgressDialog, QWidget


class Cancelled(Exception):
    """Raised inside a task when the user pressed 取消."""


class Progress:
    """Handed to the work function: ``progress(done, total, text="")``; raises Cancelled once the
    user asked to stop."""

    def __init__(self, emit: Callable[[int, int, str], None]):
        self._emit = emit
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def __call__(self, done: int, total: int, text: str = "") -> None:
        if self._cancel.is_set():
            raise Cancelled()
        self._emit(done, total, text)


class _Worker(QObject):
    progressed = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object, str)
    finished = Signal()

    def __init__(self, fn: Callable[..., Any], args: tuple):
        super().__init__()
        self.fn, self.args = fn, args
        self.progress = Progress(lambda d, t, s: self.progressed.emit(d, t, s))

    def run(self) -> None:
        try:
            result = self.fn(*self.args, progress=self.progress)
        except Exception as exc:  # handed to the GUI thread, shown there
            self.failed.emit(exc, traceback.format_exc())
        else:
            self.succeeded.emit(result)
        finally:
            from unionoffice.db.models import database

            if database.obj is not None and not database.obj.is_closed():
                database.obj.close()  # this thread's own connection
            self.finished.emit()


class Task(QObject):
    """Runs ``fn(*args, progress=...)`` on a worker thread behind a QProgressDialog.

    The task is nobody's child: it lives (in ``_tasks``) until its thread has finished, so closing
    the widget that started it never destroys a running thread."""

    done = Signal(object)
    error = Signal(object)

    def __init__(self, parent: QWidget, title: str, fn: Callable[..., Any], *args,
                 on_success: Callable[[Any], None] | None = None,
                 on_failure: Callable[[Exception], None] | None = None):
        super().__init__()
        _tasks.add(self)
        self.dialog = QProgressDialog(title, parent.tr("取消"), 0, 0, parent)
        self.dialog.setWindowTitle(title)
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(300)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.thread = QThread()
        self.worker = _Worker(fn, args)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.run)
        self.worker.progressed.connect(self._progress)
        self.worker.succeeded.connect(self._succeeded)
        self.worker.failed.connect(self._failed)
        self.worker.finished.connect(self.thread.quit)
        self.thread.finished.connect(self._cleanup)
        self.dialog.canceled.connect(self.worker.progress.cancel)
        if on_success:
            self.done.connect(on_success)
        if on_failure:
            self.error.connect(on_failure)

    def start(self) -> "Task":
        self.thread.start()
        return self

    def _dialog_alive(self) -> bool:
        from shiboken6 import isValid

        return isValid(self.dialog)  # gone when the widget that started the task was closed

    def _progress(self, done: int, total: int, text: str) -> None:
        if not self._dialog_alive():
            return
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done, total) if total else 0)
        if text:
            self.dialog.setLabelText(text)

    def _succeeded(self, result) -> None:
        if self._dialog_alive():
            self.dialog.close()
        self.done.emit(result)

    def _failed(self, exc: Exception, _trace: str) -> None:
        if self._dialog_alive():
            self.dialog.close()
        self.error.emit(exc)

    def _cleanup(self) -> None:
        self.worker.deleteLater()
        self.thread.deleteLater()
        _tasks.discard(self)
        self.deleteLater()


_tasks: set = set()


def run_task(parent: QWidget, title: str, fn: Callable[..., Any], *args, **callbacks) -> Task:
    return Task(parent, title, fn, *args, **callbacks).start()


class _Relay(QObject):
    finished = Signal(object, object)  # result, error


_running: set = set()


def run_in_background(fn: Callable[[], Any], on_done: Callable[[Any, Exception | None], None]) -> None:
    """Quiet work with no progress dialog (figures for the 概况 tab): ``fn()`` runs on the thread
    pool with its own database connection; ``on_done(result, error)`` runs on the GUI thread."""
    from PySide6.QtCore import QRunnable, QThreadPool

    relay = _Relay()
    relay.finished.connect(lambda result, error: (_running.discard(relay), on_done(result, error)))
    _running.add(relay)

    def work() -> None:
        try:
            result, error = fn(), None
        except Exception as exc:  # shown by on_done on the GUI thread
            result, error = None, exc
        finally:
            from unionoffice.db.models import database

            if database.obj is not None and not database.obj.is_closed():
                database.obj.close()
        relay.finished.emit(result, error)

    QThreadPool.globalInstance().start(QRunnable.create(work))


class Refresher(QObject):
    """A tab's figures counted on the thread pool, one count at a time (组织, 概况).

    ``request(*args)`` counts ``work(*args)`` (plain data in, plain data out, its own database
    connection) and hands the result to ``show(result)`` on the GUI thread, or the error to
    ``fail(error)``. A request while a count runs does not start a second one beside it: the newest
    request is remembered and counted once the running one ends, and the running one's (older) answer
    is dropped. Nothing is shown once the owner is gone."""

    def __init__(self, owner: QObject, work: Callable[..., Any], show: Callable[[Any], None],
                 fail: Callable[[Exception], None]):
        super().__init__(owner)
        self.work, self.show, self.fail = work, show, fail
        self.running = False
        self._next: tuple | None = None  # the arguments of a request made while counting

    @property
    def busy(self) -> bool:
        return self.running or self._next is not None

    def request(self, *args) -> None:
        if self.running:
            self._next = args
            return
        self.running = True
        work = self.work
        run_in_background(lambda: work(*args), self._done)

    def _done(self, result, error: Exception | None) -> None:
        from shiboken6 import isValid

        if not isValid(self):
            return  # its tab was closed meanwhile
        self.running = False
        if self._next is not None:
            args, self._next = self._next, None
            self.request(*args)  # a newer request: its answer is the one to show
            return
        if error is not None:
            self.fail(error)
        else:
            self.show(result)
