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
            written = 0  # rows appended so far (openpyxl does not count them)

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
                ledger = getattr(self, "ledger", None)
                if ledger and self.written < PRINTED_ROWS:
                    row = ledger_row(self, row, *ledger)
                super().append(row)
                self.written += 1

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
PRINT_DATE = "打印日期：&D"  # and the date it is printed on
MIN_SCALE = 0.7  # smaller is unreadable on paper: a wider sheet is split across pages instead
# how many character widths (Excel's column width unit) the printable width of A4 holds at 100 %,
# with the half-inch side margins print_setup sets
PAGE_WIDTH = {"portrait": 90, "landscape": 135}
KEY_HEADERS = ("序号", "行号", "编号", "姓名")  # repeated at the left of every page a wide sheet prints on
ID_HEADERS = ("证件号码", "身份证号", "身份证号码", "公民身份号码", "卡号")
MIN_WIDTH = {"idtext": 21, "date": 11, "money": 13, "number": 8}  # an 18-digit ID whole, numbers with room


def text_width(text: str) -> int:
    """How many character widths ``text``'s longest line takes (a Chinese character takes two)."""
    return max((sum(2 if ord(c) > 0x2E7F else 1 for c in line) for line in str(text).split("\n")), default=0)


# Borders and wrapping are for sheets a clerk prints: past this many rows (a 100,000-person roster for
# the higher union's platform) the rest is written plain, at a plain writer's speed; the print
# settings (scale, repeated titles, page numbers) still hold for every row.
PRINTED_ROWS = 5_000

LINE_HEIGHT = 15  # points: one line of 11-point text
MAX_LINES = 27  # Excel's tallest row (409 points); a longer text prints its first lines


def lines_in(text: str, width: float) -> int:
    """How many lines ``text`` wraps onto in a column ``width`` wide."""
    room = max(1, int(width) - 1)
    return min(MAX_LINES, sum(max(1, -(-text_width(line) // room)) for line in str(text).split("\n")))


def column_width(column: Column) -> float:
    """The width a column prints at: its declared width, no narrower than its kind needs (an ID whole)
    and than its header wrapped onto two lines."""
    kind = "idtext" if column.header in ID_HEADERS else column.kind
    return max(column.width, MIN_WIDTH.get(kind, 0), (text_width(column.header) + 1) // 2 + 2)


def key_columns(headers: list[str]) -> int:
    """How many leading columns identify a row (序号, 姓名): repeated on every page across."""
    count = 0
    for i, header in enumerate(headers[:3]):
        if header in KEY_HEADERS:
            count = i + 1
    return count


def layout(widths: list[float], orientation: str = "landscape", keys: int = 0) -> tuple[str, int]:
    """(orientation, pages across) for columns of ``widths``: the preferred orientation when the sheet
    fits its width at MIN_SCALE or larger, else landscape; a sheet too wide for landscape at MIN_SCALE
    is split onto as many pages across as it takes (each repeating the ``keys`` first columns)."""
    total = sum(widths)
    for candidate in dict.fromkeys((orientation, "landscape")):
        if total <= PAGE_WIDTH[candidate] / MIN_SCALE:
            return candidate, 1
    room = PAGE_WIDTH["landscape"] / MIN_SCALE
    key = sum(widths[:keys]) if sum(widths[:keys]) < room / 2 else 0
    rest = total - key
    pages = 1
    while rest > pages * (room - key):
        pages += 1
    return "landscape", pages


def print_setup(ws: "Worksheet", orientation: str = "landscape", widths: list[float] | None = None,
                keys: int = 0) -> None:
    """How every sheet the writers make prints: A4, the title and header rows repeated, fitted to the
    page width but never below MIN_SCALE (a wider sheet goes landscape, then across several pages that
    repeat its key columns), and “第 1 页 共 3 页” with the print date at the foot of each page."""
    from openpyxl.utils import get_column_letter

    pages = 1
    if widths:
        orientation, pages = layout(widths, orientation, keys)
        if pages > 1 and keys:
            ws.print_title_cols = f"A:{get_column_letter(keys)}"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = orientation
    ws.page_setup.paperSize = 9  # A4
    ws.page_setup.fitToWidth = pages
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    for footer in (ws.oddFooter, ws.evenFooter):
        footer.center.text = PAGE_FOOTER
        footer.right.text = PRINT_DATE


_styles: dict[str, object] = {}


def cell_styles() -> dict[str, object]:
    """The shared border and alignments of ledger cells (openpyxl loads with the first workbook)."""
    if not _styles:
        from openpyxl.styles import Alignment, Border, Side

        thin = Side(style="thin", color="808080")
        _styles.update(border=Border(left=thin, right=thin, top=thin, bottom=thin),
                       wrap=Alignment(wrap_text=True, vertical="top"), top=Alignment(vertical="top"))
    return _styles


def ledger_row(ws: "Worksheet", row: list, columns: list[Column], widths: list[float]) -> list:
    """A data row of a ledger as cells: thin borders; text that holds a line break or is longer than
    its column wraps within it (the row grows to hold it)."""
    from openpyxl.cell.cell import Cell
    from openpyxl.styles.cell_style import StyleArray

    ids = ws.parent.__dict__.get("_ledger_style_ids")
    if ids is None:  # the shared styles' numbers in this workbook, looked up once (hashing a Border is slow)
        styles = cell_styles()
        ids = ws.parent._ledger_style_ids = (ws.parent._borders.add(styles["border"]),
                                             ws.parent._alignments.add(styles["wrap"]),
                                             ws.parent._alignments.add(styles["top"]))
    border, wrap, top = ids
    cells = []
    lines = 1
    for i, value in enumerate(list(row) + [None] * (len(columns) - len(row))):
        cell = value if isinstance(value, Cell) else WriteOnlyCell(ws, value=value)
        text = cell._value if cell.data_type == "s" else None
        style = cell._style
        if style is None:
            style = cell._style = StyleArray()
        style.borderId = border
        if text and i < len(widths) and ("\n" in text or (2 * len(text) > widths[i] - 1
                                                           and text_width(text) > widths[i] - 1)):
            style.alignmentId = wrap
            lines = max(lines, lines_in(text, widths[i]))
        else:
            style.alignmentId = top
        cells.append(cell)
    if lines > 1:  # the row grows to hold its wrapped text (LibreOffice does not work it out itself)
        ws.row_dimensions[ws.written + 1].height = lines * LINE_HEIGHT
    return cells


def start_sheet(ws: "Worksheet", title: str, columns: list[Column]) -> None:
    """Write-only sheet: widths, print setup, the title row and the bold header row (frozen). The rows
    appended after it are ledger rows (``ledger_row``)."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    if WriteOnlyCell is None:
        _load_openpyxl()
    widths = [column_width(c) for c in columns]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    print_setup(ws, widths=widths, keys=key_columns([c.header for c in columns]))
    title_cell = WriteOnlyCell(ws, value=title)
    title_cell.font = Font(bold=True, size=14)
    ws.append([title_cell])
    header = []
    for column in columns:
        cell = WriteOnlyCell(ws, value=column.header)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = cell_styles()["border"]
        header.append(cell)
    lines = max(lines_in(c.header, w) for c, w in zip(columns, widths))
    if lines > 1:
        ws.row_dimensions[2].height = lines * LINE_HEIGHT
    ws.append(header)
    ws.ledger = (columns, widths)
