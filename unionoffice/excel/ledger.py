"""What every ledger importer shares (domain.md §13): the plan with its counts and rejections, the
JSON summary of the command line, and the rejection report."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Callable


from unionoffice.excel.writing import Column, new_workbook, start_sheet, value_cell
from unionoffice.files import atomic_target


@dataclass
class Rejection:
    row: int
    column: str
    reason: str
    cells: list = field(default_factory=list)


@dataclass
class LedgerPlan:
    """A checked ledger: rows to add, rows to update (id, values, before), how many unchanged."""

    path: Path
    sheet: str
    header_row: int
    header: list[str]
    unknown_columns: list[str]
    new: list[dict] = field(default_factory=list)
    updates: list[tuple[int, dict, dict]] = field(default_factory=list)
    unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what else the import did (people added …)
    skipped: list[tuple[int, str]] = field(default_factory=list)  # rows not read: 合计, filtered out …

    @classmethod
    def of(cls, path, data) -> "LedgerPlan":
        """An empty plan for the sheet ``reading.read_sheet`` found."""
        return cls(Path(path), data.sheet, data.header_row, data.header, data.unknown_columns,
                   skipped=list(data.skipped))

    def summary(self) -> dict:
        result = {
            "imported": len(self.new), "updated": len(self.updates), "unchanged": self.unchanged,
            "rejected": len(self.rejections),
            "rejections": [{"row": r.row, "column": r.column, "reason": r.reason}
                           for r in self.rejections],
            "unknown_columns": list(self.unknown_columns),
            "sheet": self.sheet,
            "skipped": [{"row": row, "reason": reason} for row, reason in self.skipped],
        }
        if self.notes:
            result["notes"] = list(self.notes)
        return result


def as_written(value):
    """A cell as the user saw it in Excel: whole numbers without .0; a number of 16 digits or more
    (an ID or card number saved as a number) as Excel shows it, 2.10102E+17, never as real-looking
    digits that the file does not hold."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 1e15:
        return number_as_shown(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) >= 1e11 else int(value)
    return value


def number_as_shown(value: float) -> str:
    """How Excel shows a long number in a General cell: 210102198512034911 → 2.10102E+17."""
    return f"{value:.6G}"


def number_digits(value: float) -> str:
    """The digits a number cell really keeps: Excel's 15 significant ones, the rest zeros
    (210102198512034911 → 210102198512035000)."""
    return f"{Decimal(f'{value:.15G}'):f}".split(".")[0]


def id_as_number_reason(value: float, field: str = "证件号码") -> str:
    """Why an ID saved as a number is refused, with what the file holds."""
    return (f"{field}以数字形式保存（文件中是 {number_as_shown(value)}，即 {number_digits(value)}）："
            f"Excel 只保留 15 位有效数字，后几位已丢失；请把该列设置为“文本”格式后重新填写")


def write_rejections(path: Path | str, source: Path, header: list[str], rejections: list[Rejection],
                     text_columns: tuple[int, ...] = (),
                     progress: Callable[[int, int, str], None] | None = None) -> Path:
    """The rejected rows as they were in the file, with 行号, 错误列 and 错误原因 in front. Nothing
    is left at ``path`` when ``progress`` raises (取消)."""

    wb = new_workbook()
    ws = wb.create_sheet("被拒绝的行")
    names = [h or f"列{i + 1}" for i, h in enumerate(header)]
    columns = [Column("行号", 8, "number"), Column("错误列", 14), Column("错误原因", 48)] + [
        Column(h, 14, "idtext" if i in text_columns else "text") for i, h in enumerate(names)]
    rows = []  # all of them before the sheet is begun: a write-only sheet cannot be abandoned tidily
    for n, r in enumerate(rejections):
        if progress and n % 2000 == 0:
            progress(n, len(rejections), "正在保存拒绝清单…")
        cells = list(r.cells) + [None] * (len(names) - len(r.cells))
        values = [r.row, r.column, r.reason] + [as_written(v) for v in cells[:len(names)]]
        rows.append([value_cell(ws, v, c) for v, c in zip(values, columns)])
    start_sheet(ws, f"{source.name} 中被拒绝的行（共 {len(rejections)} 行）", columns)
    for row in rows:
        ws.append(row)
    with atomic_target(path) as partial:
        wb.save(partial)
    return Path(path)
