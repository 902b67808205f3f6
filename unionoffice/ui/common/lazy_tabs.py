"""Tabs built the first time they are shown or asked for: an empty page stands in a QTabWidget for
each until then (the main window's tabs, the 维权 tab's pages)."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QWidget


def put_in_place(tabs: QTabWidget, index: int, widget: QWidget) -> None:
    """Put ``widget`` where the stand-in page at ``index`` is, with its title, current if the stand-in
    was. It goes in before the stand-in and is made current before the stand-in leaves: removing the
    current page would show (and so load) its neighbour for a moment. No change of the current tab
    is signalled; the stand-in is freed later (on this, the GUI thread)."""
    stand_in = tabs.widget(index)
    shown = tabs.currentIndex() == index
    tabs.blockSignals(True)
    try:
        tabs.insertTab(index, widget, tabs.tabText(index))
        if shown:
            tabs.setCurrentIndex(index)
        tabs.removeTab(index + 1)
    finally:
        tabs.blockSignals(False)
    stand_in.deleteLater()
