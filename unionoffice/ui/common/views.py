"""A sortable table of whole rows (up to the whole roster: the dues sheet, the non-members), and
the few methods every tab built on one shares."""

from __future__ import annotations

from typing import Callable, Iterable

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from unionoffice.ui.common.table_model import RECORD_ROLE, RowsTableModel


def sortable_table(model: RowsTableModel) -> tuple[QTableView, RowsTableModel]:
    """A read-only table of whole rows, sorted by clicking a header (first click A→Z, names by
    pinyin). Until then the rows stay in the order the domain gave them (no arrow shown): Qt's
    default would sort the first column Z→A at once. The model sorts itself (no
    QSortFilterProxyModel: see RowsTableModel); the second value is the model the view shows, for
    the callers' ``data(index, RECORD_ROLE)`` on the view's indexes."""
    view = QTableView()
    view.setModel(model)
    view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view, model


def opens_with(view: QTableView, slot, on_list_only: bool = False) -> None:
    """Enter (either key) and a double-click on the list open its current record; ``on_list_only``:
    Enter only while the list itself has the focus (in a cell's editor Enter saves the cell)."""
    for key in ("Return", "Enter"):
        shortcut = QShortcut(QKeySequence(key), view, slot)
        if on_list_only:
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
    view.doubleClicked.connect(lambda _index: slot())


def select_record(view: QTableView, record_id, key: str = "id") -> bool:
    """Select the row whose record has ``record[key] == record_id`` (after a reload); False if gone."""
    model = view.model()
    for row in range(model.rowCount()):
        record = model.data(model.index(row, 0), RECORD_ROLE)
        if record and record.get(key) == record_id:
            view.selectRow(row)
            return True
    return False


def tab_shortcuts(tab: QWidget, keys: Iterable[tuple[str, Callable]]) -> None:
    """A tab's own shortcuts (Ctrl+N, Ctrl+F …), answering as soon as the tab is shown, even while
    the focus is still on the tab bar just clicked. They are window-wide; Qt skips a shortcut whose
    widget is hidden, so only the current tab's answer and each tab may use the same keys."""
    for key, slot in keys:
        QShortcut(QKeySequence(key), tab, slot).setContext(Qt.ShortcutContext.WindowShortcut)


class RecordList:
    """For a tab whose list is ``self.view`` over ``self.proxy`` (records with an "id"), with a
    ``reload()`` and a ``changed`` signal: which record is selected, select one, refresh after an edit."""

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.proxy.data(index, RECORD_ROLE)["id"] if index.isValid() else None

    def select(self, record_id: int) -> None:
        select_record(self.view, record_id)

    def _after_change(self, record_id: int | None = None) -> None:
        self.reload()
        if record_id:
            self.select(record_id)
        self.changed.emit()
