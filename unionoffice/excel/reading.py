"""Reading ledgers from .xlsx/.xls with python-calamine: the sheet and header row the importer knows
best (domain.md §3, §13), blank rows skipped, a 合计/总计/填表说明 row ends the data."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from unionoffice.domain.validation import clean_text

END_MARKERS = ("合计", "总计", "填表说明", "说明：", "填表人")
HEADER_SCAN_ROWS = 10
MAX_ROWS = 150_000  # the largest sheet read; larger ones are refused before they are loaded
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
    rows: list[tuple[int, list]]  # (Excel row number, cells)
    header: list[str]  # the header row's own text, to name columns as the user's file does

    def title(self, key: str, default: str = "") -> str:
        col = self.columns.get(key)
        return self.header[col] if col is not None and col < len(self.header) else (default or key)


def header_key(text: str, aliases: dict[str, str]) -> str | None:
    label = re.sub(r"\(.*?\)|（.*?）|[\s*＊]", "", clean_text(text))  # 公示期（天） → 公示期
    return aliases.get(label)


def _header_score(cells: list, aliases: dict[str, str]) -> int:
    return len({header_key(c, aliases) for c in cells if isinstance(c, str)} - {None})


def check_workbook_file(path: Path) -> None:
    """Refuse what is not a workbook, or is one built to exhaust the machine, before opening it."""
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
        return
    if not head.startswith(XLSX_MAGIC):
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
                    if rows > MAX_ROWS:
                        raise ImportFileError(
                            f"工作表有 {rows:,} 行，超过一次导入 {MAX_ROWS:,} 行的上限；请分成几个文件导入")
    except zipfile.BadZipFile:
        raise ImportFileError(f"{path.name} 已损坏，无法作为 Excel 工作簿打开") from None


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


_DATA, _BLANK, _END = "data", "blank", "end"
_MARKER_CHARS = frozenset(m[0] for m in END_MARKERS)


def _row_kind(cells: list) -> str:
    """A data row, a blank row (only empty cells or spaces), or the row that ends the data: one
    whose first three filled cells include a 合计/总计/填表说明… text."""
    filled = 0
    for cell in cells:
        if cell is None or cell == "":
            continue
        if type(cell) is str:
            if cell.isspace():
                continue
            # only a text holding a marker's first character can start with a marker once cleaned
            if not _MARKER_CHARS.isdisjoint(cell) and clean_text(cell).startswith(END_MARKERS):
                return _END
        filled += 1
        if filled == 3:
            break
    return _DATA if filled else _BLANK


def read_sheet(path: Path | str, aliases: dict[str, str], required: tuple[str, ...]) -> SheetData:
    """Find the sheet and header row naming the most known columns and return its data rows."""
    path = Path(path)
    check_workbook_file(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise ImportFileError(unreadable(path, exc)) from None
    best = None
    for name in workbook.sheet_names:
        try:
            sheet = workbook.get_sheet_by_name(name)
        except Exception:
            continue
        if sheet.total_height > MAX_ROWS:
            raise ImportFileError(
                f"工作表“{name}”有 {sheet.total_height:,} 行，超过一次导入 {MAX_ROWS:,} 行的上限；请分成几个文件导入")
        rows = sheet.to_python(skip_empty_area=False)
        for i, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
            score = _header_score(cells, aliases)
            if best is None or score > best[0]:
                best = (score, name, i, rows)
    if best is None:
        raise ImportFileError("工作簿里没有任何内容")
    if best[0] < 2:
        names = "".join(f"“{next(a for a, k in aliases.items() if k == key)}”" for key in required)
        raise ImportFileError(f"在前 10 行中找不到表头行（需要{names}等列名）")
    _, sheet, index, rows = best
    header = rows[index]
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
    data: list[tuple[int, list]] = []
    for offset, cells in enumerate(rows[index + 1:], start=index + 2):
        kind = _row_kind(cells)
        if kind is _END:
            break
        if kind is _DATA:
            data.append((offset, cells))
    if not data:
        raise ImportFileError(f"工作表“{sheet}”只有表头，没有数据行")
    return SheetData(sheet, index + 1, columns, unknown, data,
                     ["" if c is None else str(c).strip() for c in header])
