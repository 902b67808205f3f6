"""Shared conventions of every export (domain.md §11): title row, bold frozen header, fitted
widths, A4 landscape with repeated header rows, text that can never become a formula.

Every workbook the program writes is made by ``new_workbook()``: its sheets pass every cell through
the guard as it is written (xlsxwriter's streaming sheets, issue 28) or when the workbook is saved
(ordinary openpyxl sheets), so a title, a header copied from the user's file or a value typed by a
user is never a live formula, whichever writer wrote it. ``tests/unit/test_exports_safe.py`` checks
that no module makes a workbook any other way."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# what an .xlsx cannot hold (openpyxl refuses it): control characters other than tab and line breaks
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def writable(text: str) -> str:
    """Stored text as a cell can hold it: an export never fails on what the database holds."""
    return text if text.isprintable() else _ILLEGAL.sub("", text)
DATE_FORMAT = "yyyy-mm-dd"
TEXT_FORMAT = "@"
MONEY_FORMAT = "#,##0.00"


@dataclass(frozen=True)
class Column:
    header: str
    width: float = 12
    kind: str = "text"  # text | date | number | money | idtext (an ID/phone: always a text cell)


def sheet_title(name: str) -> str:
    for ch in '[]:*?/\\':
        name = name.replace(ch, "_")
    return name[:31]


_FIRST = frozenset(s[0] for s in FORMULA_STARTS)


def guard(cell) -> None:
    """Make an openpyxl ``cell`` text if Excel or WPS could read it as a formula (it begins with = + -
    @ or a tab, CR or LF): a string cell with a quote prefix, shown and kept as typed."""
    value = cell._value
    if cell.data_type == "f" or (isinstance(value, str) and value and value[0] in _FIRST):
        cell.data_type = "s"
        cell.quotePrefix = True


class Cell:
    """A value with how it shows: a number format, and a quote prefix that keeps text text."""

    __slots__ = ("value", "number_format", "quote")

    def __init__(self, value, number_format: str | None = None, quote: bool = False):
        self.value, self.number_format, self.quote = value, number_format, quote


TITLE, HEADER = "title", "header"
BORDERED, WRAPPED = ("border", "top"), ("border", "wrap")  # a printed ledger cell: its text on one line, wrapped


class GuardedSheet:
    """A sheet streamed to disk row by row (xlsxwriter, constant memory): ``append`` writes the next
    row, each text beginning like a formula with a quote prefix. After ``start_sheet`` its rows are
    ledger rows: borders on the first PRINTED_ROWS, text that is too long for its column wrapped."""

    def __init__(self, book: "GuardedWorkbook", ws):
        self.book, self.ws, self.title = book, ws, ws.name
        self.written = 0  # rows appended so far
        self.ledger: tuple[list[Column], list[float]] | None = None

    def cell(self, r: int, c: int, value, *role: str, number_format: str | None = None) -> None:
        """One cell anywhere (a workbook made with ``new_workbook(write_only=False)``), guarded as
        ``append``'s: ``role`` names the parts of its look (ROLES)."""
        if value is None:
            if role:
                self.ws._write_blank(r, c, None, self.book.style(number_format, False, role))
            return
        self._write(r, c, Cell(value, number_format) if number_format else value, self.book.style, role)
        self.written = max(self.written, r + 1)

    def append(self, row) -> None:
        r = self.written
        if self.ledger and r < PRINTED_ROWS:
            self._ledger_row(r, list(row), *self.ledger)
        else:
            write, book = self._write, self.book
            for c, value in enumerate(row):
                if value is not None:
                    write(r, c, value, book.plain)
        self.written = r + 1

    def values(self, values, columns: list[Column]) -> None:
        """The next ledger row from its plain values (what ``append`` writes of ``value_cell`` of each
        value under its column), in one pass: the kinds of value a ledger holds (blank, text, a number,
        a date in a date column, an amount in a money column) are written straight to their cell, any
        other through ``value_cell`` and ``_write``. Issue 28: a ledger's own cost is its cells'."""
        r = self.written
        if self.ledger is None:
            self.append([value_cell(self, v, c) for v, c in zip(values, columns)])
            return
        if r < PRINTED_ROWS:
            self._bordered_values(r, values, columns, self.ledger[1])
        else:
            self._plain_values(r, values, columns)
        self.written = r + 1

    def _bordered_values(self, r: int, values, columns: list[Column], widths: list[float]) -> None:
        ws, style = self.ws, self.book.style
        top, wrap = style(None, False, BORDERED), style(None, False, WRAPPED)
        lines, i = 1, -1
        for i, (value, column) in enumerate(zip(values, columns)):
            cls = value.__class__
            if value is None or (cls is str and not value):
                ws._write_blank(r, i, None, top)
                continue
            kind = column.kind
            if cls is str and kind != "idtext" and value.isprintable():  # no line break, nothing to strip
                room = widths[i] - 1
                if 2 * len(value) > room and text_width(value) > room:
                    lines = max(lines, lines_in(value, widths[i]))
                    ws._write_string(r, i, value, style(None, True, WRAPPED) if value[0] in _FIRST else wrap)
                else:
                    ws._write_string(r, i, value, style(None, True, BORDERED) if value[0] in _FIRST else top)
            elif (cls is int or cls is float or cls is Decimal) and kind != "idtext":
                ws._write_number(r, i, value, style(MONEY_FORMAT, False, BORDERED) if kind == "money" else top)
            elif (cls is dt.date or cls is dt.datetime) and kind == "date":
                ws._write_datetime(r, i, value, style(DATE_FORMAT, False, BORDERED))
            else:
                cell = value_cell(self, value, column)
                if cell is None:
                    ws._write_blank(r, i, None, top)
                    continue
                text = cell.value if cell.__class__ is Cell else cell
                role = BORDERED
                if text.__class__ is str and text and ("\n" in text or (
                        2 * len(text) > widths[i] - 1 and text_width(text) > widths[i] - 1)):
                    role = WRAPPED
                    lines = max(lines, lines_in(text, widths[i]))
                self._write(r, i, cell, style, role)
        for i in range(i + 1, len(columns)):
            ws._write_blank(r, i, None, top)
        if lines > 1:  # the row grows to hold its wrapped text (LibreOffice does not work it out itself)
            ws.set_row(r, lines * LINE_HEIGHT)

    def _plain_values(self, r: int, values, columns: list[Column]) -> None:
        ws = self.ws
        for i, (value, column) in enumerate(zip(values, columns)):
            if value is None:
                continue
            cls, kind = value.__class__, column.kind
            if cls is str and kind != "idtext" and value.isprintable():
                if value:
                    ws._write_string(r, i, value, self.book.style(None, True) if value[0] in _FIRST else None)
            elif (cls is int or cls is float or cls is Decimal) and kind != "idtext":
                ws._write_number(r, i, value, self.book.style(MONEY_FORMAT, False) if kind == "money" else None)
            elif (cls is dt.date or cls is dt.datetime) and kind == "date":
                ws._write_datetime(r, i, value, self.book.style(DATE_FORMAT, False))
            else:
                cell = value_cell(self, value, column)
                if cell is not None:
                    self._write(r, i, cell, self.book.plain)

    def _write(self, r: int, c: int, value, formats, role: tuple = ()) -> None:
        """One cell: ``formats`` maps (number format, quote prefix) to the cell's format."""
        cls = value.__class__
        if cls is str:
            if value and value[0] in _FIRST:
                self.ws._write_string(r, c, value, formats(None, True, role))
            else:
                self.ws._write_string(r, c, value, formats(None, False, role) if role else None)
        elif cls is int or cls is float:
            self.ws._write_number(r, c, value, formats(None, False, role) if role else None)
        elif cls is Cell:
            text = value.value
            if isinstance(text, str):
                quote = value.quote or (text[:1] in _FIRST and text != "")
                self.ws._write_string(r, c, text, formats(value.number_format, quote, role))
            elif text is None:
                self.ws._write_blank(r, c, None, formats(value.number_format, False, role))
            elif isinstance(text, (dt.date, dt.datetime)):
                shown = value.number_format or (DATETIME_FORMAT if isinstance(text, dt.datetime) else DATE_FORMAT)
                self.ws._write_datetime(r, c, text, formats(shown, False, role))
            elif isinstance(text, bool):
                self.ws._write_boolean(r, c, text, formats(value.number_format, False, role))
            else:
                self.ws._write_number(r, c, text, formats(value.number_format, False, role))
        elif isinstance(value, bool):
            self.ws._write_boolean(r, c, value, formats(None, False, role) if role else None)
        elif isinstance(value, (int, float, Decimal)):
            self.ws._write_number(r, c, value, formats(None, False, role) if role else None)
        elif isinstance(value, (dt.date, dt.datetime)):
            shown = DATETIME_FORMAT if isinstance(value, dt.datetime) else DATE_FORMAT
            self.ws._write_datetime(r, c, value, formats(shown, False, role))
        else:  # a str subclass, or anything else: its text
            self._write(r, c, str.__str__(value) if isinstance(value, str) else str(value), formats, role)

    def _ledger_row(self, r: int, row: list, columns: list[Column], widths: list[float]) -> None:
        """A data row of a ledger: thin borders; text that holds a line break or is longer than its
        column wraps within it (the row grows to hold it)."""
        row += [None] * (len(columns) - len(row))
        lines, wrapped = 1, set()
        for i, value in enumerate(row):
            text = value.value if value.__class__ is Cell else value
            if text.__class__ is str and text and i < len(widths) and (
                    "\n" in text or (2 * len(text) > widths[i] - 1 and text_width(text) > widths[i] - 1)):
                wrapped.add(i)
                lines = max(lines, lines_in(text, widths[i]))
        if lines > 1:  # the row grows to hold its wrapped text (LibreOffice does not work it out itself)
            self.ws.set_row(r, lines * LINE_HEIGHT)
        book = self.book
        for i, value in enumerate(row):
            role = WRAPPED if i in wrapped else BORDERED
            if value is None:
                self.ws._write_blank(r, i, None, book.style(None, False, role))
            else:
                self._write(r, i, value, book.style, role)


@functools.lru_cache(maxsize=None)
def streamed_sheet_class():
    """xlsxwriter's worksheet with its innermost loop, a streamed cell's XML, written in one step for
    the cells a ledger holds (blank, number, date, plain text); any other cell as xlsxwriter writes it.
    Issue 28: a ledger's cells all carry a format (its borders), and xlsxwriter escapes each format
    number as if it were text (through a caught TypeError): a bordered ledger wrote at half a plain
    sheet's pace. The bytes are xlsxwriter's own (tests/unit/test_export_speed.py compares them)."""
    from xlsxwriter.worksheet import Worksheet

    try:  # xlsxwriter's own names for its cells (3.3); another release writes with its own loop
        from xlsxwriter.utility import _preserve_whitespace, xl_rowcol_to_cell_fast
        from xlsxwriter.worksheet import CellBlankTuple, CellDatetimeTuple, CellNumberTuple, CellStringTuple
    except ImportError:
        return Worksheet

    class StreamedSheet(Worksheet):
        def _write_cell(self, row: int, col: int, cell) -> None:
            cls = cell.__class__
            if not self.constant_memory or not (cls is CellBlankTuple or cls is CellStringTuple
                                                or cls is CellNumberTuple or cls is CellDatetimeTuple):
                return super()._write_cell(row, col, cell)
            if cell.format:
                style = f' s="{cell.format._get_xf_index()}"'
            elif row in self.row_info and self.row_info[row].row_format:
                style = f' s="{self.row_info[row].row_format._get_xf_index()}"'
            elif col in self.col_info and self.col_info[col].column_format is not None:
                style = f' s="{self.col_info[col].column_format._get_xf_index()}"'
            else:
                style = ""
            ref = xl_rowcol_to_cell_fast(row, col)
            if cls is CellBlankTuple:
                self.fh.write(f'<c r="{ref}"{style}/>')
            elif cls is CellStringTuple:
                text = cell.string
                if not text.isprintable() or "_x" in text:  # else nothing for it to escape
                    text = self._escape_control_characters(text)
                if text.startswith("<r>") and text.endswith("</r>"):  # as xlsxwriter: written as it is
                    return super()._write_cell(row, col, cell)
                space = ' xml:space="preserve"' if _preserve_whitespace(text) else ""
                self.fh.write(f'<c r="{ref}"{style} t="inlineStr"><is><t{space}>{self._escape_data(text)}</t></is></c>')
            else:
                self.fh.write(f'<c r="{ref}"{style}><v>{cell.number:.16G}</v></c>')

    return StreamedSheet


IN_MEMORY_ROWS = 5000  # a workbook of at most this many rows is packaged in memory (``save``)


class GuardedWorkbook:
    """The streaming workbook ``new_workbook()`` makes: xlsxwriter with constant memory, text never
    read as a formula, a number or a link. Sheets are made with ``create_sheet`` and written in order;
    ``save`` writes the file."""

    def __init__(self, constant_memory: bool = True):
        import xlsxwriter

        self.book = xlsxwriter.Workbook(None, {"constant_memory": constant_memory, "strings_to_formulas": False,
                                               "strings_to_urls": False, "strings_to_numbers": False})
        self.worksheets: list[GuardedSheet] = []
        self._formats: dict[tuple, object] = {}

    def create_sheet(self, title: str | None = None, index=None) -> GuardedSheet:
        title = _unique_title([ws.title for ws in self.worksheets], title or "Sheet")
        sheet = GuardedSheet(self, self.book.add_worksheet(title, worksheet_class=streamed_sheet_class()))
        self.worksheets.append(sheet)
        return sheet

    def style(self, number_format: str | None, quote: bool, role: tuple = ()):
        """The shared format of a cell (xlsxwriter formats are made once per workbook)."""
        key = (number_format, quote, role)
        found = self._formats.get(key)
        if found is None:
            props: dict = {}
            if number_format:
                props["num_format"] = number_format
            if quote:
                props["quote_prefix"] = True
            for part in role:
                props.update(ROLES[part])
            found = self._formats[key] = self.book.add_format(props) if props else None
        return found

    def plain(self, number_format: str | None, quote: bool, role: tuple = ()):
        return self.style(number_format, quote)

    def save(self, filename) -> None:
        if not self.worksheets:
            self.create_sheet()
        from xlsxwriter.exceptions import FileCreateError

        self.book.filename = str(filename)
        # A small workbook's parts are put together in memory, not each in a temporary file (a ledger
        # of a few dozen rows: 3 ms instead of 8); a large one's rows stay streamed from disk.
        rows = sum((sheet.ws.dim_rowmax or 0) + 1 for sheet in self.worksheets)
        self.book.in_memory = rows <= IN_MEMORY_ROWS
        try:
            self.book.close()
        except FileCreateError as exc:  # the OSError itself (disk full, no permission …), to be worded
            cause = exc.args[0] if exc.args and isinstance(exc.args[0], OSError) else None
            if cause is None:
                raise
            raise cause from None


BORDER = {"border": 1, "border_color": "#808080"}
# what a cell's format is made of (a cell takes several: ("border", "wrap"))
ROLES = {"border": BORDER, "wrap": {"text_wrap": True, "valign": "top"}, "top": {"valign": "top"},
         "bold": {"bold": True}, "center": {"align": "center"}, TITLE: {"bold": True, "font_size": 14},
         HEADER: {**BORDER, "bold": True, "align": "center", "valign": "vcenter", "text_wrap": True}}
DATETIME_FORMAT = "yyyy-mm-dd h:mm:ss"


def _unique_title(taken: list[str], title: str) -> str:
    """A sheet name not yet in the workbook, as openpyxl made one: 名单, 名单1, 名单2 …"""
    lower = {t.lower() for t in taken}
    if title.lower() not in lower:
        return title
    n = 1
    while f"{title}{n}".lower() in lower:
        n += 1
    return f"{title}{n}"


def new_workbook(write_only: bool = True) -> GuardedWorkbook:
    """The only way a writer makes a workbook: every cell in it is guarded (§11). Write-only: streamed
    row by row in constant memory (``append``); otherwise its cells can be written anywhere (``cell``)
    and it can hold charts (``book``)."""
    return GuardedWorkbook(constant_memory=write_only)


def safe_text(ws, value: str, *, force_text: bool = False) -> Cell:
    """A text cell that Excel and WPS show as text, never evaluate."""
    value = writable(value)
    return Cell(value, TEXT_FORMAT if force_text else None,
                bool(value and (value.startswith(FORMULA_STARTS) or force_text)))


def value_cell(ws, value, column: Column):
    if value is None or value == "":
        return None
    if column.kind == "idtext":
        return safe_text(ws, str(value), force_text=True)
    if isinstance(value, str):
        value = writable(value)
        return safe_text(ws, value) if value.startswith(FORMULA_STARTS) else value
    if column.kind == "date" and isinstance(value, (dt.date, dt.datetime)):
        return Cell(value, DATE_FORMAT)
    if column.kind == "money":
        return Cell(value, MONEY_FORMAT)
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


_WIDE = re.compile("[\u2e80-\U0010ffff]")  # what takes two character widths (CJK and after)


def text_width(text: str) -> int:
    """How many character widths ``text``'s longest line takes (a Chinese character takes two)."""
    return max(len(line) + len(_WIDE.findall(line)) for line in str(text).split("\n"))


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


def print_setup(ws: GuardedSheet, orientation: str = "landscape", widths: list[float] | None = None,
                keys: int = 0) -> None:
    """How every sheet the writers make prints: A4, the title and header rows repeated, fitted to the
    page width but never below MIN_SCALE (a wider sheet goes landscape, then across several pages that
    repeat its key columns), and “第 1 页 共 3 页” with the print date at the foot of each page."""
    pages = 1
    if widths:
        orientation, pages = layout(widths, orientation, keys)
    sheet = ws.ws
    if pages > 1 and keys:
        sheet.repeat_columns(0, keys - 1)
    sheet.repeat_rows(0, 1)
    sheet.set_landscape() if orientation == "landscape" else sheet.set_portrait()
    sheet.set_paper(9)  # A4
    sheet.fit_to_pages(pages, 0)
    sheet.set_margins(left=0.5, right=0.5, top=1, bottom=1)
    sheet.set_footer(f"&C{PAGE_FOOTER}&R{PRINT_DATE}", {"margin": 0.5})


def set_widths(ws: GuardedSheet, widths: list[float]) -> None:
    """Column widths in Excel's unit. xlsxwriter stores a width with Excel's padding added: the file
    holds ``width`` itself, as openpyxl wrote it before."""
    for i, width in enumerate(widths):
        ws.ws.set_column(i, i, width - 5 / 7 + 1e-9)


def start_sheet(ws: GuardedSheet, title: str, columns: list[Column]) -> None:
    """A streaming sheet: widths, print setup, the title row and the bold header row (frozen). The rows
    appended after it are ledger rows."""
    widths = [column_width(c) for c in columns]
    set_widths(ws, widths)
    ws.ws.freeze_panes(2, 0)
    print_setup(ws, widths=widths, keys=key_columns([c.header for c in columns]))
    ws._write(0, 0, title, ws.book.style, (TITLE,))
    lines = max(lines_in(c.header, w) for c, w in zip(columns, widths))
    if lines > 1:
        ws.ws.set_row(1, lines * LINE_HEIGHT)
    for i, column in enumerate(columns):
        ws._write(1, i, column.header, ws.book.style, (HEADER,))
    ws.written = 2
    ws.ledger = (columns, widths)
