"""Python's cyclic garbage collector, run on the GUI thread only, while a main window is open.

A widget caught in a reference cycle is freed when the collector runs, and CPython runs it on
whichever thread happens to allocate past its threshold. The change watcher, the backups, the
figures counted on the thread pool and the import/export tasks all run Python on other threads: a
Qt object freed on one of them crashes the program (segfaults were seen in a thread-pool thread
after 采纳 and beside the change watcher). So automatic collection is off while a window is open, and
a timer on the GUI thread collects by the generation thresholds CPython itself uses."""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

_holders: set[int] = set()  # the windows that want automatic collection off
_was_enabled = True


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = 200):
        super().__init__(parent)
        global _was_enabled
        if not _holders:
            _was_enabled = gc.isenabled()
        _holders.add(id(self))
        gc.disable()
        self.threshold = gc.get_threshold()
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start(interval_ms)

    def collect_due(self) -> None:
        """Collect the generations that CPython would have collected by now."""
        t0, t1, t2 = self.threshold
        c0, c1, c2 = gc.get_count()
        if c0 > t0:
            gc.collect(2 if c1 > t1 and c2 > t2 else 1 if c1 > t1 else 0)

    def stop(self) -> None:
        """The window closes: collect once here, and give CPython its own collection back."""
        self.timer.stop()
        if id(self) in _holders:
            _holders.discard(id(self))
            gc.collect()
            if not _holders and _was_enabled:
                gc.enable()
