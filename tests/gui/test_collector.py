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
