"""Reading ledgers from .xlsx/.xls with python-calamine: the sheet and header row the importer knows
best (domain.md §3, §13), blank rows skipped, a 合计/总计/填表说明 row ends the data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from python_calamine import CalamineWorkbook

from unionoffice.domain.validation import clean_text

END_MARKERS = ("合计", "总计", "填表说明", "说明：", "填表人")
HEADER_SCAN_ROWS = 10


class ImportFileError(Exception):
    """The file cannot be imported at all (not a workbook, no header row)."""


@dataclass
class SheetData:
    sheet: str
    header_row: int  # Excel row number (1-based)
    columns: dict[str, int]  # canonical key → column index
    unknown_columns: list[str]
    rows: list[tuple[int, list]]  # (Excel row number, cells)


def header_key(text: str, aliases: dict[str, str]) -> str | None:
    label = re.sub(r"[\s*＊（）()]|\(.*?\)|（.*?）", "", clean_text(text))
    return aliases.get(label)


def _header_score(cells: list, aliases: dict[str, str]) -> int:
    return len({header_key(c, aliases) for c in cells if isinstance(c, str)} - {None})


def read_sheet(path: Path | str, aliases: dict[str, str], required: tuple[str, ...]) -> SheetData:
    """Find the sheet and header row naming the most known columns and return its data rows."""
    path = Path(path)
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:
        raise ImportFileError(f"不是可读取的 Excel 工作簿（.xlsx/.xls）：{path.name}（{exc}）") from None
    best = None
    for name in workbook.sheet_names:
        try:
            rows = workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)
        except Exception:
            continue
        for i, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
            score = _header_score(cells, aliases)
            if best is None or score > best[0]:
                best = (score, name, i, rows)
    if best is None or best[0] < 2:
        raise ImportFileError("在前 10 行中找不到表头行（需要“姓名”“证件号码”等列名）")
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
        raise ImportFileError(f"表头缺少必需的列：{'、'.join(missing)}")
    data: list[tuple[int, list]] = []
    for offset, cells in enumerate(rows[index + 1:], start=index + 2):
        texts = [c for c in cells if not (c is None or (isinstance(c, str) and not c.strip()))]
        if not texts:
            continue
        first = [clean_text(c) for c in texts[:3] if isinstance(c, str)]
        if any(t.startswith(END_MARKERS) for t in first):
            break
        data.append((offset, list(cells)))
    return SheetData(sheet, index + 1, columns, unknown, data)
