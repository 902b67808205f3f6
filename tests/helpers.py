"""Small builders shared by tests: valid ID numbers and rosters written as the user's HR would."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook

from unionoffice.domain.validation import id_check_char


def make_id(birth: str = "19850312", area: str = "110101", seq: int = 123) -> str:
    first17 = f"{area}{birth}{seq:03d}"
    return first17 + id_check_char(first17)


def write_roster(path: Path, header: list[str], rows: list[list], *, title_rows: list[list] | None = None,
                 footer: list[list] | None = None, sheet: str = "花名册", text_columns=()) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for row in title_rows or []:
        ws.append(row)
    ws.append(header)
    for row in rows:
        ws.append(row)
    for row in footer or []:
        ws.append(row)
    for col in text_columns:
        for cell in ws[col]:
            cell.number_format = "@"
    wb.save(path)
    return path


TODAY = dt.date.today()
