"""Which columns a list shows, in which order and how wide, chosen by the clerk and remembered per
list (with the window's settings): drag a header to move a column, right-click the header to show or
hide columns or to put them back as they were. Copying and printing follow what is shown."""

from __future__ import annotations

import json

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHeaderView, QMenu, QTableView

from unionoffice.ui.common.places import window_settings

KEY = "columns/{}"


def _state(header: QHeaderView) -> dict:
    return {"order": [header.logicalIndex(v) for v in range(header.count())],
            "hidden": [c for c in range(header.count()) if header.isSectionHidden(c)],
            "widths": {str(c): header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c)}}


class ColumnChoice:
    """The header's menu and the remembering of one list's columns (``name``: the list's own name)."""

    def __init__(self, view: QTableView, name: str):
        self.view, self.name = view, name
        self.header = header = view.horizontalHeader()
        self.default = _state(header)
        header.setSectionsMovable(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self.menu)
        self.restore()
        header.sectionMoved.connect(lambda *_: self.save())
        header.sectionResized.connect(lambda *_: self.save())

    def restore(self) -> None:
        raw = window_settings().value(KEY.format(self.name), "")
        try:
            state = json.loads(raw) if raw else None
        except (TypeError, ValueError):
            state = None
        if not state or sorted(state.get("order", [])) != list(range(self.header.count())):
            return  # nothing kept, or kept for other columns (the list changed since): as built
        self.apply(state)

    def apply(self, state: dict) -> None:
        header = self.header
        header.blockSignals(True)
        for visual, logical in enumerate(state["order"]):
            header.moveSection(header.visualIndex(logical), visual)
        for c in range(header.count()):
            header.setSectionHidden(c, c in state.get("hidden", []))
        for c, width in state.get("widths", {}).items():
            if 0 <= int(c) < header.count():
                header.resizeSection(int(c), int(width))
        header.blockSignals(False)
        header.viewport().update()

    def save(self) -> None:
        window_settings().setValue(KEY.format(self.name), json.dumps(_state(self.header)))

    def show_column(self, column: int, shown: bool) -> None:
        if not shown and self.header.count() - self.header.hiddenSectionCount() <= 1:
            return  # the last column shown stays
        self.header.setSectionHidden(column, not shown)
        self.save()

    def reset(self) -> None:
        self.apply(self.default)
        window_settings().remove(KEY.format(self.name))

    def menu(self, at: QPoint) -> QMenu:
        """The header's right-click menu: a tick for each column, then 恢复默认列."""
        model = self.view.model()
        menu = QMenu(self.view)
        menu.setObjectName("column_menu")
        for visual in range(self.header.count()):
            column = self.header.logicalIndex(visual)
            action = QAction(str(model.headerData(column, Qt.Orientation.Horizontal) or ""), menu)
            action.setCheckable(True)
            action.setChecked(not self.header.isSectionHidden(column))
            action.toggled.connect(lambda shown, c=column: self.show_column(c, shown))
            menu.addAction(action)
        menu.addSeparator()
        menu.addAction("恢复默认列", self.reset)
        self.last_menu = menu
        if at is not None:
            menu.popup(self.header.mapToGlobal(at))
        return menu
