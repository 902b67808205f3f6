"""What every ledger importer shares (domain.md §13): the plan with its counts and rejections, the
JSON summary of the command line, and the rejection report."""

from __future__ import annotations

from dataclasses import dataclass, field
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

    def summary(self) -> dict:
        result = {
            "imported": len(self.new), "updated": len(self.updates), "unchanged": self.unchanged,
            "rejected": len(self.rejections),
            "rejections": [{"row": r.row, "column": r.column, "reason": r.reason}
                           for r in self.rejections],
            "unknown_columns": list(self.unknown_columns),
        }
        if self.notes:
            result["notes"] = list(self.notes)
        return result


def as_written(value):
    """A cell as the user typed it: whole numbers without .0."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value)) if abs(value) >= 1e11 else int(value)
    return value


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
