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


INTERVAL_MS = 50  # a worker reading a tab's lists makes tens of thousands of objects in a fifth of a
# second, all of them the youngest generation here: collected every 200 ms they took 30-50 ms each


class GuiThreadCollector(QObject):
    def __init__(self, parent: QObject, interval_ms: int = INTERVAL_MS):
        super().__init__(parent)
        global _was_enabled
        if not _holders:
            _was_enabled = gc.isenabled()
        _holders.add(id(self))
        gc.disable()
        self.threshold = gc.get_threshold()
        self.long_lived = 0  # the objects in the oldest generation after its last collection
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.collect_due)
        self.timer.start(interval_ms)

    def collect_due(self) -> None:
        """Collect the generations that CPython would have collected by now. Like CPython, the
        oldest generation (every object of the program: a tenth to a quarter of a second at 300,000
        people) is collected only once the objects that reached it since its last collection are a
        quarter of those that were there then; otherwise every tenth collection of the middle
        generation froze the window while a tab's lists were read."""
        t0, t1, t2 = self.threshold
        c0, c1, c2 = gc.get_count()
        if c0 <= t0:
            return
        generation = 1 if c1 > t1 else 0
        if generation == 1 and c2 > t2:
            oldest = len(gc.get_objects(generation=2))  # a list of pointers: far quicker than a collection
            if oldest - self.long_lived >= self.long_lived / 4:
                generation = 2
        gc.collect(generation)
        if generation == 2:
            self.long_lived = len(gc.get_objects(generation=2))

    def stop(self) -> None:
        """The window closes: collect once here, and give CPython its own collection back."""
        self.timer.stop()
        if id(self) in _holders:
            _holders.discard(id(self))
            gc.collect()
            if not _holders and _was_enabled:
                gc.enable()
