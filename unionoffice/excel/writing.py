"""Shared conventions of every export (domain.md §11): title row, bold frozen header, fitted
widths, A4 landscape with repeated header rows, text that can never become a formula."""

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
