"""Reading ledgers from .xlsx/.xls with python-calamine, and from .csv (UTF-8 or GBK): the visible
sheet and header row the importer knows best (domain.md §3, §13), blank rows skipped, rows hidden by
a filter and 合计/小计 lines skipped and counted, a 合计/总计/填表说明 line ends the data."""

from __future__ import annotations

import csv
import html
import io
import re
import zipfile
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Iterable, Iterator

from python_calamine import CalamineWorkbook

from unionoffice.domain.validation import clean_text

NOTE_MARKERS = ("填表说明", "说明：", "说明:", "填表人", "制表人")
TOTAL_LABEL = re.compile(r"(合计|总计|小计|共计)(人数|金额)?(?:[:：]?\d.*|[:：]?)")  # 合计, 合计：286人
ID_LIKE = re.compile(r"\d{15}(?:\d{2}[\dXx])?")
HEADER_SCAN_ROWS = 10
MAX_ROWS = 1_000_000  # the largest sheet read; larger ones are refused before they are loaded
MAX_FILE_BYTES = 200 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024
MAX_RATIO = 100  # a member that unpacks more than 100× its packed size, past 20 MB, is a bomb
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ImportFileError(Exception):
    """The file cannot be imported at all (not a workbook, no header row)."""


@dataclass
class SheetData:
    sheet: str
    header_row: int  # Excel row number (1-based)
    columns: dict[str, int]  # canonical key → column index
    unknown_columns: list[str]
    rows: Iterable[tuple[int, list]]  # (Excel row number, cells): a list, or read once (``lazy``)
    header: list[str]  # the header row's own text, to name columns as the user's file does
    skipped: list[tuple[int, str]] = field(default_factory=list)  # (Excel row, why) of rows not read
    hidden_sheets: list[str] = field(default_factory=list)  # hidden sheets passed over
    height: int = 0  # rows in the sheet below the header (an upper bound of the data rows, for progress)
    width: int = 0  # the widest row's length

    def title(self, key: str, default: str = "") -> str:
        col = self.columns.get(key)
        return self.header[col] if col is not None and col < len(self.header) else (default or key)


def header_key(text: str, aliases: dict[str, str]) -> str | None:
    label = re.sub(r"\(.*?\)|（.*?）|[\s*＊]", "", clean_text(text))  # 公示期（天） → 公示期
    return aliases.get(label)


def _header_score(cells: list, aliases: dict[str, str]) -> int:
    return len({header_key(c, aliases) for c in cells if isinstance(c, str)} - {None})


def check_workbook_file(path: Path) -> str:
    """Refuse what is not a workbook, or is one built to exhaust the machine, before opening it.
    Returns the kind read: "xlsx", "xls" or "csv"."""
    try:
        size = path.stat().st_size
        with open(path, "rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        from unionoffice.files import os_reason

        raise ImportFileError(f"无法读取文件：{path.name}（{os_reason(exc)}）") from None
    if size == 0:
        raise ImportFileError(f"文件是空的：{path.name}")
    if size > MAX_FILE_BYTES:
        raise ImportFileError(f"文件太大（{size // 1024 // 1024} MB，上限 {MAX_FILE_BYTES // 1024 // 1024} MB）")
    if head.startswith(XLS_MAGIC):
        return "xls"
    if not head.startswith(XLSX_MAGIC):
        if path.suffix.lower() in (".csv", ".txt"):
            return "csv"
        raise ImportFileError(f"{path.name} 不是 Excel 工作簿（可能是改了扩展名的文本、图片或其他文件）")
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
            total = sum(m.file_size for m in members)
            if total > MAX_UNPACKED_BYTES or any(
                    m.file_size > 20 * 1024 * 1024 and m.file_size > MAX_RATIO * max(m.compress_size, 1)
                    for m in members):
                raise ImportFileError(f"{path.name} 解压后异常巨大（疑似“压缩炸弹”），已拒绝打开")
            for m in members:
                if m.filename.startswith("xl/worksheets/") and m.filename.endswith(".xml"):
                    with archive.open(m) as fh:
                        rows = _dimension_rows(fh.read(4096))
                    if rows > MAX_ROWS:  # declared: count the rows that hold something
                        rows = _rows_with_data(archive, m.filename)
                    if rows > MAX_ROWS:
                        raise ImportFileError(
                            f"工作表有 {rows:,} 行数据，超过一次导入 {MAX_ROWS:,} 行的上限；请分成几个文件导入")
    except zipfile.BadZipFile:
        raise ImportFileError(f"{path.name} 已损坏，无法作为 Excel 工作簿打开") from None
    return "xlsx"


def unreadable(path: Path, exc: BaseException) -> str:
    """Why the reader could not open a workbook, in Chinese (its own message is English)."""
    if "password" in str(exc).lower() or "encrypt" in str(exc).lower():
        return (f"{path.name} 设有打开密码，程序无法读取。请在 Excel/WPS 中打开它，取消密码后另存，"
                "再导入另存的文件。")
    return (f"{path.name} 已损坏，或不是可读取的 Excel 工作簿（.xlsx/.xls）。"
            "请在 Excel/WPS 中打开它并另存为 .xlsx，再导入另存的文件。")


def _dimension_rows(head: bytes) -> int:
    m = re.search(rb'<dimension ref="[A-Z]+\d+:[A-Z]+(\d+)"', head)
    return int(m[1]) if m else 0


_ROW = re.compile(rb"<row\b[^>]*?(?:/>|>(.*?)</row>)", re.S)
_VALUE = re.compile(rb"<v>|<v\s[^>]*>|<is>|<t[ >]")


def _rows_with_data(archive: zipfile.ZipFile, member: str, stop: int = MAX_ROWS + 1) -> int:
    """How many rows of a worksheet hold a value (a sheet may declare 1,048,576 formatted rows and
    hold four); counting stops past ``stop``."""
    count, tail = 0, b""
    with archive.open(member) as fh:
        while count < stop:
            chunk = fh.read(1 << 20)
            if not chunk:
                break
            text = tail + chunk
            last = text.rfind(b"</row>")
            cut = last + 6 if last >= 0 else 0
            for m in _ROW.finditer(text, 0, cut):
                if m[1] and _VALUE.search(m[1]):
                    count += 1
            tail = text[cut:]
    return count


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → its worksheet XML member, from the workbook's own index."""
    try:
        book = archive.read("xl/workbook.xml").decode("utf-8", "replace")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8", "replace")
    except KeyError:
        return {}
    targets = {}
    for rel in re.finditer(r"<Relationship\b[^>]*>", rels):
        rid, target = re.search(r'Id="([^"]+)"', rel[0]), re.search(r'Target="([^"]+)"', rel[0])
        if rid and target:
            t = target[1].lstrip("/")
            targets[rid[1]] = t if t.startswith("xl/") else "xl/" + t
    found = {}
    for tag in re.finditer(r"<(?:\w+:)?sheet\b[^>]*>", book):
        name, rid = re.search(r'\bname="([^"]*)"', tag[0]), re.search(r'\br:id="([^"]+)"', tag[0])
        if name and rid and rid[1] in targets:
            found[html.unescape(name[1])] = targets[rid[1]]
    return found


_HIDDEN_ROW = re.compile(rb'<row\b[^>]*?\br="(\d+)"[^>]*?\bhidden="(?:1|true)"|'
                         rb'<row\b[^>]*?\bhidden="(?:1|true)"[^>]*?\br="(\d+)"')
_NO_CACHED_VALUE = re.compile(rb"(?:</f>|<f\b[^>]*/>)\s*(?:<v\s*/>|<v>\s*</v>)?\s*</c>")


def _filtered_rows(path: Path, sheet: str) -> set[int]:
    """Excel row numbers hidden by an active filter (the sheet says so in its first bytes:
    filterMode="1"); an unfiltered sheet is not read twice."""
    with zipfile.ZipFile(path) as archive:
        member = _sheet_members(archive).get(sheet)
        if member is None:
            return set()
        with archive.open(member) as fh:
            head = fh.read(4096)
        if not re.search(rb'filterMode="(?:1|true)"', head):
            return set()
        data = archive.read(member)
    return {int(m[1] or m[2]) for m in _HIDDEN_ROW.finditer(data)}


def _has_uncalculated_formulas(path: Path, sheet: str) -> bool:
    """Whether the sheet holds formulas saved without their calculated values (a file written by a
    program, never opened in Excel or WPS): their cells read as empty."""
    try:
        with zipfile.ZipFile(path) as archive:
            member = _sheet_members(archive).get(sheet)
            return member is not None and bool(_NO_CACHED_VALUE.search(archive.read(member)))
    except (zipfile.BadZipFile, OSError):
        return False


_DATA, _BLANK, _END, _TOTAL = "data", "blank", "end", "total"
_MARKER_CHARS = frozenset("合总小共填说制")


def _row_kind(cells: list) -> str:
    """A data row, a blank row (only empty cells or spaces), a total line (a 合计/总计/小计 label
    among its first three filled cells and no ID number in it: recognised by what it is, never by
    a prefix, so 总计划部 is a department), or the note that ends the data (a first cell beginning
    with 填表说明, 说明：, 填表人 …)."""
    filled = 0
    label = None
    for cell in cells:
        if cell is None or cell == "":
            continue
        if type(cell) is str:
            if cell.isspace():
                continue
            if filled < 3 and not _MARKER_CHARS.isdisjoint(cell):
                text = clean_text(cell).replace(" ", "")
                if filled == 0 and text.startswith(NOTE_MARKERS):
                    return _END
                if label is None and TOTAL_LABEL.fullmatch(text):
                    label = text
        filled += 1
        if filled == 3 and label is None:
            break
    if not filled:
        return _BLANK
    if label is not None and not any(type(c) is str and ID_LIKE.fullmatch(c.strip()) for c in cells):
        return _TOTAL + ":" + label
    return _DATA


def _csv_rows(path: Path) -> list[list]:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ImportFileError(f"{path.name} 的文字编码无法识别（应为 UTF-8 或 GBK）")
    del raw
    head = text[:8192].splitlines()[:HEADER_SCAN_ROWS]
    delimiter = max((",", "\t", ";"), key=lambda d: max((line.count(d) for line in head), default=0))
    rows = [[c if c.strip() else None for c in row]
            for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
    if len(rows) > MAX_ROWS:
        raise ImportFileError(f"文件有 {len(rows):,} 行，超过一次导入 {MAX_ROWS:,} 行的上限；请分成几个文件导入")
    return rows


_HEAD_ROWS = HEADER_SCAN_ROWS + 1  # the rows the header search looks at, and a second header row under them


@dataclass
class _Sheet:
    name: str
    visible: bool
    head: list[list]  # its first rows
    rest: Iterator[list]  # the rows after them, read as they are asked for
    height: int
    width: int


def _sheets(path: Path, kind: str) -> Iterator[_Sheet]:
    """Each sheet in the workbook's order, its first rows read and the others left in the reader
    (a 300,000-row sheet is not held as Python lists while it is checked)."""
    if kind == "csv":
        rows = _csv_rows(path)
        yield _Sheet(path.stem, True, rows[:_HEAD_ROWS], iter(rows[_HEAD_ROWS:]), len(rows),
                     max(map(len, rows), default=0))
        return
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise ImportFileError(unreadable(path, exc)) from None
    try:
        visible = {m.name: str(m.visible).endswith("Visible") for m in workbook.sheets_metadata}
    except Exception:
        visible = {}
    for name in workbook.sheet_names:
        try:
            sheet = workbook.get_sheet_by_name(name)
        except Exception:
            continue
        height = sheet.total_height + 1  # calamine gives the last row's index, counted from 0
        if height > MAX_ROWS:
            raise ImportFileError(
                f"工作表“{name}”有 {height:,} 行，超过一次导入 {MAX_ROWS:,} 行的上限；请分成几个文件导入")
        rows = _sheet_rows(sheet)
        head = [row for _, row in zip(range(_HEAD_ROWS), rows)]
        end = sheet.end or (-1, -1)  # the last cell's (row, column), counted from 0
        yield _Sheet(name, visible.get(name, True), head, rows, end[0] + 1, end[1] + 1)


def _sheet_rows(sheet) -> Iterator[list]:
    """A sheet's rows from its first row and first column (cell A1), as ``to_python`` with
    ``skip_empty_area=False`` gives them, one at a time: ``iter_rows`` starts at row 1 but at the
    first column that holds something."""
    pad = sheet.start[1] if sheet.start else 0
    if pad <= 0:
        return iter(sheet.iter_rows())
    blank = [""] * pad
    return (blank + row for row in sheet.iter_rows())


def _sub_header(cells: list, known_cols: set[int], aliases: dict[str, str]) -> dict[int, str]:
    """The known column names of a row next to the header row, in columns the header row leaves
    unnamed: a two-row header (联系方式 over 手机 | 座机, or 基本信息 over 性别 | 民族 …)."""
    found = {}
    for col, cell in enumerate(cells):
        if isinstance(cell, str) and col not in known_cols and header_key(cell, aliases):
            found[col] = cell
    return found


def read_sheet(path: Path | str, aliases: dict[str, str], required: tuple[str, ...], *,
               lazy: bool = False) -> SheetData:
    """Find the sheet and header row naming the most known columns (a visible sheet before a
    hidden one) and return its data rows. ``lazy``: the rows are read as the caller goes through
    them, once (``skipped`` fills as it goes, and a sheet without data rows, or with formulas
    saved without their values, raises ImportFileError at the end of them)."""
    path = Path(path)
    kind = check_workbook_file(path)
    best = None
    hidden = []
    for found in _sheets(path, kind):
        if not found.visible:
            hidden.append(found.name)
        for i, cells in enumerate(found.head[:HEADER_SCAN_ROWS]):
            score = _header_score(cells, aliases)
            rank = (found.visible and score >= 2, score)
            if best is None or rank > best[0]:
                best = (rank, found, i)
        if best is None or best[1] is not found:
            found.rest = iter(())  # the reader lets go of a sheet not chosen
    if best is None:
        raise ImportFileError("工作簿里没有任何内容")
    if best[0][1] < 2:
        names = "".join(f"“{next(a for a, k in aliases.items() if k == key)}”" for key in required)
        raise ImportFileError(f"在前 10 行中找不到表头行（需要{names}等列名）")
    _, chosen, index = best
    sheet, rows = chosen.name, chosen.head
    header = list(rows[index])
    known_cols = {col for col, cell in enumerate(header)
                  if isinstance(cell, str) and header_key(cell, aliases)}
    last = index
    for other in (index - 1, index + 1):  # a header written over two rows (merged cells)
        if 0 <= other < len(rows):
            cells = rows[other]
            extra = _sub_header(cells, known_cols, aliases)
            # the row below is a data row unless it leaves the header's own columns empty (merged)
            if extra and (other < index or all(col >= len(cells) or cells[col] in (None, "")
                                               for col in known_cols)):
                header += [None] * (max(extra) + 1 - len(header))
                for col, text in extra.items():
                    header[col] = text
                known_cols |= set(extra)
                last = max(last, other)
    columns: dict[str, int] = {}
    unknown: list[str] = []
    for col, cell in enumerate(header):
        text = clean_text(cell)
        if not text:
            continue
        key = header_key(text, aliases)
        if key is None:
            if text != "序号":
                unknown.append(text)
        elif key not in columns:
            columns[key] = col
    missing = [k for k in required if k not in columns]
    if missing:
        names = [next(a for a, k in aliases.items() if k == key) for key in missing]
        raise ImportFileError(f"表头缺少必需的列：{'、'.join(names)}")
    skipped: list[tuple[int, str]] = []
    data = SheetData(sheet, index + 1, columns, unknown, [],
                     ["" if c is None else str(c).strip() for c in header], skipped,
                     [h for h in hidden if h != sheet], max(chosen.height - last - 1, 0),
                     max(chosen.width, len(header)))
    data.rows = _data_rows(path, kind, data, chain(rows[last + 1:], chosen.rest), last + 2, required)
    if not lazy:
        data.rows = list(data.rows)
    return data


def _data_rows(path: Path, kind: str, data: SheetData, rows: Iterator[list], first: int,
               required: tuple[str, ...]) -> Iterator[tuple[int, list]]:
    """The data rows under the header, with their Excel row numbers; rows that are not data go to
    ``data.skipped``."""
    filtered = _filtered_rows(path, data.sheet) if kind == "xlsx" else set()
    skipped = data.skipped
    needed = [data.columns[key] for key in required]
    found = 0
    missing_needed = False  # a required cell empty: maybe a formula saved without its value
    ended = None
    for offset, cells in enumerate(rows, start=first):
        row_kind = _row_kind(cells)
        if row_kind is _BLANK:
            continue
        if ended:
            skipped.append((offset, f"在第 {ended} 行（合计或说明）之后，未读取"))
            continue
        if offset in filtered:
            skipped.append((offset, "被筛选隐藏，未读取"))
            continue
        if row_kind is _END:
            ended = offset
            continue
        if row_kind is not _DATA:
            label = row_kind.partition(":")[2]
            skipped.append((offset, f"“{label}”行，不是数据"))
            if not label.startswith("小计"):  # a 小计 closes a group, a 合计/总计 the data
                ended = offset
            continue
        found += 1
        if not missing_needed:
            for col in needed:  # (a loop, not any() over a generator made for every row)
                if len(cells) <= col or cells[col] in (None, ""):
                    missing_needed = True
                    break
        yield offset, cells
    if not found:
        raise ImportFileError(f"工作表“{data.sheet}”只有表头，没有数据行")
    if kind == "xlsx" and missing_needed and _has_uncalculated_formulas(path, data.sheet):
        raise ImportFileError(
            f"{path.name} 保存时没有保存公式的计算结果（由其他程序生成、未在 Excel 中打开过），"
            "读到的是空单元格；请先用 Excel 或 WPS 打开该文件，保存后再导入")
