"""The one table-model base: column constants with Chinese headers, a sort role with the raw
value, a record role, and rows fetched on demand by id (the Anki browser pattern), so a list of
100,000 people costs one list of ids, not 100,000 Python rows."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Callable, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from unionoffice.collation import name_key, sort_key
from unionoffice.domain.money import yuan_text

SORT_ROLE = Qt.ItemDataRole.UserRole + 1
RECORD_ROLE = Qt.ItemDataRole.UserRole + 2
ID_ROLE = Qt.ItemDataRole.UserRole + 3
PAGE = 200


def display(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, Decimal):  # amounts are handed in as Decimal 元 (money.yuan)
        return yuan_text(value)
    return str(value)


RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


_PERCENT = re.compile(r"\d[\d,]*(\.\d+)?%")


def alignment(value):
    """Numbers, amounts and percentages right-aligned, so their places line up; the rest as the
    style has it."""
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return RIGHT
    if isinstance(value, str) and _PERCENT.fullmatch(value):
        return RIGHT
    return None


class IdTableModel(QAbstractTableModel):
    """Rows are ids; their values come from ``fetch(ids) -> {id: {column_key: value}}`` in pages.

    Sorting is not done here: ``sort()`` calls ``on_sort(column_key, descending)`` so the owner
    re-queries in SQL and hands back the ids in the new order."""

    def __init__(self, columns: Sequence[tuple[str, str]], fetch: Callable[[list[int]], dict],
                 on_sort: Callable[[str, bool], None] | None = None, parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._fetch = fetch
        self._on_sort = on_sort
        self._ids: list[int] = []
        self._cache: dict[int, dict] = {}
        self.page: int | None = None  # rows fetched at once, if not PAGE (a wide table on a large office: fewer)
        self.row_style: Callable[[dict], object] | None = None

    # --- contents ---
    def set_ids(self, ids: list[int]) -> None:
        self.beginResetModel()
        self._ids = list(ids)
        self._cache.clear()
        self.endResetModel()

    def append_ids(self, ids: Sequence[int]) -> None:
        """Rows after the ones shown (the rest of a list whose first page came first): inserted, so
        the view keeps its scroll position, selection and current row."""
        if not ids:
            return
        self.beginInsertRows(QModelIndex(), len(self._ids), len(self._ids) + len(ids) - 1)
        self._ids.extend(ids)
        self.endInsertRows()

    def refresh_ids(self, ids: Sequence[int]) -> None:
        """Re-read these rows (after an edit) and repaint only them."""
        for i in ids:
            self._cache.pop(i, None)
        wanted = set(ids)
        for row, i in enumerate(self._ids):
            if i in wanted:
                self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def ids(self) -> list[int]:
        return self._ids

    def id_at(self, row: int) -> int | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def row_of(self, record_id: int) -> int:
        try:
            return self._ids.index(record_id)
        except ValueError:
            return -1

    def record(self, row: int) -> dict:
        record_id = self._ids[row]
        if record_id not in self._cache:
            size = self.page or PAGE
            start = (row // size) * size
            page = [i for i in self._ids[start:start + size] if i not in self._cache]
            fetched = self._fetch(page)
            for i in page:
                self._cache[i] = fetched.get(i, {})
        return self._cache[record_id]

    # --- Qt API ---
    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.columns[section][1]
            return str(section + 1)
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return Qt.SortOrder.AscendingOrder  # a first click sorts A→Z whatever the style's habit
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        if role == ID_ROLE:
            return self._ids[index.row()]
        if role not in (Qt.ItemDataRole.DisplayRole, SORT_ROLE, RECORD_ROLE,
                        Qt.ItemDataRole.ForegroundRole, Qt.ItemDataRole.TextAlignmentRole):
            return None
        record = self.record(index.row())
        if role == RECORD_ROLE:
            return record
        if role == Qt.ItemDataRole.ForegroundRole:
            return self.row_style(record) if self.row_style else None
        value = record.get(self.columns[index.column()][0])
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return alignment(value)
        return value if role == SORT_ROLE else display(value)

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        if self._on_sort and 0 <= column < len(self.columns):
            self._on_sort(self.columns[column][0], order == Qt.SortOrder.DescendingOrder)


def is_name_column(header: str) -> bool:
    """A column of people's names, by its header: 姓名, 组长, or a person word ending in 人
    (审批人, 捐款人, 候选人 …). Their cells sort with the surname reading, as the roster does."""
    return header in ("姓名", "组长") or header.endswith("人")


def _sort_key(value, text_key: Callable[[str], str] = sort_key) -> tuple:
    """Empty cells after the filled ones; numbers by value, dates by date, text by pinyin (the one
    order of collation, names with ``name_key``)."""
    if value is None or value == "":
        return (1, 0, "")
    if isinstance(value, (int, float, Decimal)) and not isinstance(value, bool):
        return (0, 0, value)
    if isinstance(value, (dt.date, dt.datetime)):
        return (0, 1, value.isoformat())
    text = str(value)
    return (0, 2, text_key(text), text)


def sort_rows(rows: list[dict], columns: Sequence[tuple[str, str]], column: int, order) -> None:
    """Sort dict rows in place by a column as RowsTableModel does (on any thread)."""
    key, header = columns[column][:2]
    text_key = name_key if is_name_column(header) else sort_key
    rows.sort(key=lambda row: _sort_key(row.get(key), text_key), reverse=order == Qt.SortOrder.DescendingOrder)


class RowsTableModel(QAbstractTableModel):
    """A table of plain dict rows handed in by the owner (previews, histories, the dues sheet).

    It sorts itself (``sort``, as a view with sorting enabled asks): one Python sort of the rows.
    A QSortFilterProxyModel would ask ``data()`` for every comparison: tens of seconds at 100,000
    rows, against a tenth of a second."""

    def __init__(self, columns: Sequence[tuple[str, str]], parent=None):
        super().__init__(parent)
        self.columns = list(columns)
        self._rows: list[dict] = []
        self._given: list[dict] = []  # in the owner's order, for sort(-1)
        self._sorted_by: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: list[dict], sorted_by: tuple[int, Qt.SortOrder] | None = None) -> None:
        """Show these rows, sorted as the view sorts. Rows already sorted on a worker thread
        (``sort_rows`` with ``sorting()``) say so in ``sorted_by`` and are not sorted again here if the
        view still sorts that way (at 200,000 rows the sort froze the window for seconds)."""
        self.beginResetModel()
        self._given = list(rows)
        self._rows = list(rows)
        if self._sorted_by is not None and sorted_by != self._sorted_by:
            self._sort_rows(*self._sorted_by)
        self.endResetModel()

    def sorting(self) -> tuple[list[tuple[str, str]], tuple[int, Qt.SortOrder] | None]:
        """What ``sort_rows`` needs to sort rows as this model would (plain data for a worker)."""
        return list(self.columns), self._sorted_by

    def sort(self, column: int, order=Qt.SortOrder.AscendingOrder) -> None:
        """Sort by a column; column -1 (Qt's "no sort column") puts back the owner's order."""
        if column >= len(self.columns):
            return
        self._sorted_by = (column, order) if column >= 0 else None
        self.layoutAboutToBeChanged.emit()
        previous = list(self._rows)
        if column >= 0:
            self._sort_rows(column, order)
        else:
            self._rows = list(self._given)
        where = {id(row): n for n, row in enumerate(self._rows)}
        kept = self.persistentIndexList()  # the selection and the current row follow their rows
        if kept:
            self.changePersistentIndexList(kept, [self.index(where[id(previous[i.row()])], i.column())
                                                  for i in kept])
        self.layoutChanged.emit()

    def _sort_rows(self, column: int, order) -> None:
        sort_rows(self._rows, self.columns, column, order)

    def rows(self) -> list[dict]:
        return self._rows

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.columns[section][1]
        if role == Qt.ItemDataRole.InitialSortOrderRole:
            return Qt.SortOrder.AscendingOrder  # a first click sorts A→Z whatever the style's habit
        return None

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == RECORD_ROLE:
            return row
        key, header = self.columns[index.column()][:2]
        value = row.get(key)
        if role == SORT_ROLE:  # for a QSortFilterProxyModel over small tables: text as its pinyin key
            if isinstance(value, str):
                return name_key(value) if is_name_column(header) else sort_key(value)
            if isinstance(value, (dt.date, dt.datetime)):
                return value.isoformat()  # a Python date reaches Qt as an object it cannot order
            return value
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return display(value)  # the tooltip shows text the column cuts off
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return alignment(value)
        return None
