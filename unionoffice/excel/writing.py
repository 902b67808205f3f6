"""Shared conventions of every export (domain.md §11): title row, bold frozen header, fitted
widths, A4 landscape with repeated header rows, text that can never become a formula.

Every workbook the program writes is made by ``new_workbook()``: its sheets pass every cell through
``guard()`` as it is written (write-only sheets) or when the workbook is saved (ordinary sheets), so
a title, a header copied from the user's file or a value typed by a user is never a live formula,
whichever writer wrote it. ``tests/unit/test_exports_safe.py`` checks that no module makes a
workbook any other way."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# what an .xlsx cannot hold (openpyxl refuses it): control characters other than tab and line breaks
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def writable(text: str) -> str:
    """Stored text as a cell can hold it: an export never fails on what the database holds."""
    return text if text.isprintable() else _ILLEGAL.sub("", text)
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12
    kind: str = "text"  # text | date | number | money | idtext (an ID/phone: always a text cell)


def sheet_title(name: str) -> str:
    for ch in '[]:*?/\\':
        name = name.replace(ch, "_")
    return name[:31]


WriteOnlyCell = None  # openpyxl's class, loaded with the first workbook written (not at start-up)


def _load_openpyxl() -> None:
    global WriteOnlyCell
    from openpyxl.cell import WriteOnlyCell as cell_class

    WriteOnlyCell = cell_class


_guarded_classes: dict[str, type] = {}
_FIRST = frozenset(s[0] for s in FORMULA_STARTS)


def guard(cell) -> None:
    """Make ``cell`` text if Excel or WPS could read it as a formula (it begins with = + - @ or a
    tab, CR or LF): a string cell with a quote prefix, shown and kept as typed."""
    value = cell._value
    if cell.data_type == "f" or (isinstance(value, str) and value and value[0] in _FIRST):
        cell.data_type = "s"
        cell.quotePrefix = True


def _classes() -> tuple[type, type]:
    """The guarded workbook and write-only sheet (openpyxl loads with the first workbook written)."""
    if not _guarded_classes:
        from openpyxl import Workbook
        from openpyxl.cell.cell import Cell
        from openpyxl.worksheet._write_only import WriteOnlyWorksheet

        class GuardedSheet(WriteOnlyWorksheet):
            def append(self, row):
                row = list(row)
                for i, value in enumerate(row):
                    if value.__class__ is str:  # the common case, checked without a call
                        if value and value[0] in _FIRST:
                            row[i] = safe_text(self, value)
                    elif isinstance(value, Cell):
                        guard(value)
                    elif isinstance(value, str) and value[:1] in _FIRST:
                        row[i] = safe_text(self, str(value))
                super().append(row)

        class GuardedWorkbook(Workbook):
            def create_sheet(self, title=None, index=None):
                if not self.write_only:
                    return super().create_sheet(title, index)
                sheet = GuardedSheet(parent=self, title=title)
                self._add_sheet(sheet=sheet, index=index)
                return sheet

            def save(self, filename):
                for ws in self.worksheets:
                    if not isinstance(ws, WriteOnlyWorksheet):
                        for row in ws.iter_rows():
                            for cell in row:
                                guard(cell)
                super().save(filename)

        _guarded_classes.update(workbook=GuardedWorkbook, sheet=GuardedSheet)
    return _guarded_classes["workbook"], _guarded_classes["sheet"]


def new_workbook(write_only: bool = True):
    """The only way a writer makes a workbook: every cell in it is guarded (§11)."""
    return _classes()[0](write_only=write_only)


def safe_text(ws: "Worksheet", value: str, *, force_text: bool = False):
    """A text cell that Excel and WPS show as text, never evaluate."""
    if WriteOnlyCell is None:
        _load_openpyxl()
    cell = WriteOnlyCell(ws, value=writable(value))
    if value and (value.startswith(FORMULA_STARTS) or force_text):
        cell.data_type = "s"
        cell.quotePrefix = True
    if force_text:
        cell.number_format = TEXT_FORMAT
    return cell


def value_cell(ws: "Worksheet", value, column: Column):
    if value is None or value == "":
        return None
    if column.kind == "idtext":
        return safe_text(ws, str(value), force_text=True)
    if isinstance(value, str):
        value = writable(value)
        return safe_text(ws, value) if value.startswith(FORMULA_STARTS) else value
    if WriteOnlyCell is None:
        _load_openpyxl()
    if column.kind == "date" and isinstance(value, (dt.date, dt.datetime)):
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = DATE_FORMAT
        return cell
    if column.kind == "money":
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = "#,##0.00"
        return cell
    return value


PAGE_FOOTER = "第 &P 页 共 &N 页"  # Excel/WPS fill in the page number and the page count


def print_setup(ws: "Worksheet", orientation: str = "landscape") -> None:
    """How every sheet the writers make prints: A4, fitted to one page wide (as many pages long as it
    takes), the header rows repeated, and “第 1 页 共 3 页” at the foot of each page."""
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddFooter.center.text = PAGE_FOOTER
    ws.evenFooter.center.text = PAGE_FOOTER


def start_sheet(ws: "Worksheet", title: str, columns: list[Column]) -> None:
    """Write-only sheet: widths, print setup, the title row and the bold header row (frozen)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    if WriteOnlyCell is None:
        _load_openpyxl()
    for i, column in enumerate(columns, start=1):
        ws.column_dimensions[get_column_letter(i)].width = column.width
    ws.freeze_panes = "A3"
    print_setup(ws)
    title_cell = WriteOnlyCell(ws, value=title)
    title_cell.font = Font(bold=True, size=14)
    ws.append([title_cell])
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.append(cell)
    ws.append(header)
