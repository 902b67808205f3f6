"""Widgets are freed on the GUI thread only: Python's cyclic collector, which CPython runs on
whichever thread allocates, is run by a timer on the GUI thread while the window is open."""

import gc
import threading

from PySide6.QtWidgets import QWidget


class Tracked(QWidget):
    freed_on: list[str] = []

    def __del__(self):
        Tracked.freed_on.append(threading.current_thread().name)


def _cycle() -> None:
    w = Tracked()
    w.me = w  # garbage only the cyclic collector can free


_kept: list = []


def _allocate_on_a_worker() -> None:
    def work():
        _kept.extend([i] for i in range(20_000))  # far past generation 0's threshold (700 new objects)

    t = threading.Thread(target=work, name="worker")
    t.start()
    t.join()


def test_a_widget_in_a_cycle_is_freed_on_the_gui_thread_not_a_worker(window, qtbot):
    assert not gc.isenabled()
    Tracked.freed_on.clear()
    _cycle()
    _allocate_on_a_worker()  # CPython's own collector would free the widget here, on "worker"
    assert Tracked.freed_on == []
    qtbot.waitUntil(lambda: Tracked.freed_on != [], timeout=3000)  # the timer's collection
    assert Tracked.freed_on == [threading.main_thread().name]
    _kept.clear()


def test_closing_the_window_gives_the_collector_back(window):
    window.close()
    assert gc.isenabled()


class FakeGc:
    """The few gc functions the collector calls, with counts a test sets."""

    def __init__(self):
        self.count, self.oldest, self.collected = (701, 11, 11), 1000, []

    def get_threshold(self):
        return (700, 10, 10)

    def get_count(self):
        return self.count

    def get_objects(self, generation=None):
        return [None] * self.oldest

    def collect(self, generation=2):
        self.collected.append(generation)

    def disable(self):
        pass

    def isenabled(self):
        return False

    def enable(self):
        pass


def test_the_oldest_generation_is_collected_only_once_it_grew_by_a_quarter(app, monkeypatch):
    """As CPython does: every object of the program is traversed only when the objects that reached
    the oldest generation since its last collection are a quarter of those there then."""
    from PySide6.QtCore import QObject

    from unionoffice.ui.common import collector

    fake = FakeGc()
    monkeypatch.setattr(collector, "gc", fake)
    monkeypatch.setattr(collector, "_was_enabled", collector._was_enabled)  # the fake's answer is not kept
    owner = QObject()
    keeper = collector.GuiThreadCollector(owner, interval_ms=60_000)
    keeper.collect_due()
    assert fake.collected == [2]  # the first: nothing known of the oldest generation yet
    fake.oldest = 1200
    keeper.collect_due()
    assert fake.collected == [2, 1]  # 200 more than the 1,000 there: the middle generation only
    fake.oldest = 1250
    keeper.collect_due()
    assert fake.collected == [2, 1, 2]
    fake.count = (701, 11, 3)
    fake.oldest = 5000
    keeper.collect_due()
    assert fake.collected == [2, 1, 2, 1]  # the oldest's own count not due
    fake.count = (12, 11, 11)
    keeper.collect_due()
    assert fake.collected == [2, 1, 2, 1]  # nothing due
    keeper.timer.stop()
    collector._holders.discard(id(keeper))


def test_the_youngest_objects_are_collected_in_small_batches(window, qtbot):
    """A worker's objects all count in the youngest generation while automatic collection is off: the
    timer looks often enough that each collection has few to look at (a fifth of a second's worth
    took 30-50 ms, a freeze beside a tab's lists being read)."""
    assert window.collector.timer.isActive() and window.collector.timer.interval() <= 50
    before = gc.get_count()[0]
    _allocate_on_a_worker()
    assert gc.get_count()[0] > before + 10_000
    qtbot.waitUntil(lambda: gc.get_count()[0] < 700, timeout=200)
    _kept.clear()
