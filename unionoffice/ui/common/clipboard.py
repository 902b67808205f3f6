"""A list and the clipboard, as with Excel and WPS: Ctrl+C copies the selected rows with their header
(tab-separated, the shown columns in their order), and Ctrl+V hands tab-separated text to the list's
import. Also the list's own keys and right-click menu (复制, 粘贴, 打印列表…)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractItemView, QApplication, QMenu, QTableView

from unionoffice.ui.common.list_print import shown_columns


def _clean(text: str) -> str:
    """A cell as one line: tabs and line breaks would split it into other cells and rows."""
    return " ".join(str(text).split())


def selected_rows(view: QTableView) -> list[int]:
    """The selected rows in the list's order; the current row when nothing is selected."""
    rows = sorted({index.row() for index in view.selectionModel().selectedRows()})
    if not rows and view.currentIndex().isValid():
        rows = [view.currentIndex().row()]
    return rows


def rows_text(view: QTableView, rows: list[int]) -> str:
    """The rows as tab-separated text, the header first."""
    model, columns = view.model(), shown_columns(view)
    lines = ["\t".join(_clean(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns)]
    for row in rows:
        lines.append("\t".join(_clean(model.data(model.index(row, c)) or "") for c in columns))
    return "\r\n".join(lines) + "\r\n"


def copy_rows(view: QTableView) -> int:
    """Ctrl+C: the selected rows with their header to the clipboard; how many rows were copied."""
    rows = selected_rows(view)
    if rows:
        QGuiApplication.clipboard().setText(rows_text(view, rows))
    return len(rows)


def parse_table(text: str) -> list[list[str]]:
    """Tab-separated text as copied from Excel/WPS: rows of cells, blank lines dropped. A cell Excel
    quoted (it held a line break or a quote) is read back whole."""
    import csv
    import io

    rows = list(csv.reader(io.StringIO(text.replace("\r\n", "\n").replace("\r", "\n")), delimiter="\t"))
    return [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]


def list_actions(view: QTableView, items: list[tuple[str, str, Callable[[], None]]]) -> dict[str, QAction]:
    """The list's own actions — (text, key, slot) — on its keys (while the list has the focus) and on
    its right-click menu; the list takes several rows at once (Ctrl/Shift+click) for them."""
    view.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    view.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
    actions = {}
    for text, key, slot in items:
        action = QAction(text, view)
        if key:
            action.setShortcut(QKeySequence(key))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _=False, s=slot: s())
        view.addAction(action)
        actions[text] = action
    for key in ("Menu", "Shift+F10"):  # the menu from the keyboard, at the current row
        QShortcut(QKeySequence(key), view, lambda: menu_at_cursor(view)).setContext(
            Qt.ShortcutContext.WidgetShortcut)
    return actions


def menu_at_cursor(view: QTableView) -> QAction | None:
    """The list's menu (its actions, as on a right-click) under the current cell; the chosen action."""
    if QApplication.activePopupWidget() is not None:
        return None
    rect = view.visualRect(view.currentIndex())
    where = view.viewport().mapToGlobal(rect.bottomLeft() if rect.isValid() else view.viewport().rect().topLeft())
    return QMenu.exec(view.actions(), where, None, view)
