"""A small sortable table (tens to a few thousand rows: a proxy model is fine there), and the few
methods every tab built on one shares."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel
from PySide6.QtWidgets import QAbstractItemView, QTableView

from unionoffice.ui.common.table_model import RECORD_ROLE, SORT_ROLE


def sortable_table(model) -> tuple[QTableView, QSortFilterProxyModel]:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.horizontalHeader().setStretchLastSection(True)
    return view, proxy


class RecordList:
    """For a tab whose list is ``self.view`` over ``self.proxy`` (records with an "id"), with a
    ``reload()`` and a ``changed`` signal: which record is selected, select one, refresh after an edit."""

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.proxy.data(index, RECORD_ROLE)["id"] if index.isValid() else None

    def select(self, record_id: int) -> None:
        for row in range(self.proxy.rowCount()):
            if self.proxy.data(self.proxy.index(row, 0), RECORD_ROLE)["id"] == record_id:
                self.view.selectRow(row)
                return

    def _after_change(self, record_id: int | None = None) -> None:
        self.reload()
        if record_id:
            self.select(record_id)
        self.changed.emit()
