"""基层工会统计年报 workbook: 基本情况 (every §10 label with its value in the cell to its right), the
breakdown sheets, the logic-check warnings, and the charts as pictures (PNG bytes handed in)."""

from __future__ import annotations

import io
from pathlib import Path

from unionoffice.domain.statistics import AnnualReport
from unionoffice.excel.writing import (
    FORMULA_STARTS, LINE_HEIGHT, PAGE_WIDTH, Column, cell_styles, column_width, key_columns, lines_in, new_workbook,
    print_setup, text_width)
from unionoffice.files import atomic_target

BASIC = [Column("项目", 24), Column("数值", 50)]
PAGE_PIXELS = (PAGE_WIDTH["portrait"] * 7, 930)  # what A4 portrait prints of a picture, width and height
ROW_PIXELS = 20


def write_annual(path: Path | str, report: AnnualReport, warnings: list[str] | None = None,
                 charts: list[tuple[str, bytes]] | None = None) -> Path:
    from openpyxl.drawing.image import Image
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.pagebreak import Break

    wb = new_workbook(write_only=False)
    ws = wb.active
    ws.title = "基本情况"
    unit = report.figures["工会名称"] or report.figures["单位名称"] or "本单位工会"
    ws["A1"] = f"{unit} 基层工会统计年报（{report.period.year}年度）"
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(["项目", "数值"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center")
    for label, value in report.figures.items():
        ws.append([label, None])
        target = ws.cell(row=ws.max_row, column=2)
        if isinstance(value, str):
            target.value = value
            if value.startswith(FORMULA_STARTS):
                target.data_type, target.quotePrefix = "s", True
        else:
            target.value = value
        if label == "入会率":
            target.number_format = "0.0%"
        elif label in ("帮扶金额（元）", "合理化建议创造经济效益（元）"):
            target.number_format = "#,##0.00"
    note_row = ws.max_row + 2
    ws.cell(row=note_row, column=1, value="说明")
    ws.cell(row=note_row, column=2, value=(
        f"存量指标按 {report.period.as_of:%Y-%m-%d} 的登记情况统计"
        + ("（统计期尚未结束，按今天统计）" if not report.period.finished else "")
        + "；流量指标统计期内发生的事项。"))
    styles = cell_styles()
    for row in ws.iter_rows(min_row=2):
        for cell in row:
            if cell.row < note_row:
                cell.border = styles["border"]
            width = BASIC[cell.column - 1].width if cell.column <= len(BASIC) else 0
            if width and isinstance(cell.value, str) and text_width(cell.value) > width - 1:
                cell.alignment = styles["wrap"]  # a long value, or a long label (合理化建议创造经济效益（元）)
                ws.row_dimensions[cell.row].height = max(ws.row_dimensions[cell.row].height or 0,
                                                         lines_in(cell.value, width) * LINE_HEIGHT)
    ws.cell(row=note_row, column=1).alignment = styles["top"]
    # the 项目 column as wide as the longest label (女职工权益保护专项集体合同份数), never wrapped
    widths = [max(BASIC[0].width, max(text_width(label) for label in report.figures) + 1), BASIC[1].width]
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    print_setup(ws, "portrait", widths)

    for name, (header, rows) in report.breakdowns.items():
        sheet = wb.create_sheet(name)
        columns = [Column(h, 16 if i == 0 else 11, "text" if i == 0 else "number") for i, h in enumerate(header)]
        _write_rows(sheet, f"{unit} 职工和会员{name[1:]}统计（截至 {report.period.as_of:%Y-%m-%d}）", columns, rows)

    check = wb.create_sheet("逻辑检查")
    check["A1"] = "逻辑检查（报送前请逐条核实）"
    check["A1"].font = Font(bold=True, size=14)
    check.column_dimensions["A"].width = 86
    for i, text in enumerate(warnings or ["未发现问题。"], start=3):
        check.cell(row=i, column=1, value=text).alignment = cell_styles()["wrap"]
        check.row_dimensions[i].height = lines_in(text, 86) * LINE_HEIGHT
    print_setup(check, "portrait", [86])

    if charts:
        pictures = wb.create_sheet("图表")
        pictures["A1"] = "图表"
        pictures["A1"].font = Font(bold=True, size=14)
        pictures.column_dimensions["A"].width = PAGE_WIDTH["portrait"]
        row = page_top = 3
        for title, png in charts:
            image = Image(io.BytesIO(png))
            scale = min(1, PAGE_PIXELS[0] / image.width, (PAGE_PIXELS[1] - 2 * ROW_PIXELS) / image.height)
            image.width, image.height = int(image.width * scale), int(image.height * scale)
            rows = -(-image.height // ROW_PIXELS) + 2  # the picture, its title and a blank row
            if row > page_top and (row - page_top + rows) * ROW_PIXELS > PAGE_PIXELS[1]:
                pictures.row_breaks.append(Break(id=row - 1))  # a picture never straddles two pages
                page_top = row
            pictures.cell(row=row, column=1, value=title).font = Font(bold=True)
            pictures.add_image(image, f"A{row + 1}")
            row += rows
        print_setup(pictures, "portrait", [PAGE_WIDTH["portrait"]])
    with atomic_target(path) as partial:
        wb.save(partial)
    return Path(path)


def _write_rows(ws, title: str, columns: list[Column], rows: list[list]) -> None:
    """A normal (not write-only) sheet with the §11 look: title, bold frozen header, widths."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws.append([title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([c.header for c in columns])
    styles = cell_styles()
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        cell.border = styles["border"]
    widths = [column_width(c) for c in columns]
    for values in rows:
        ws.append(values)
        for cell in ws[ws.max_row]:
            cell.border = styles["border"]
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type, cell.quotePrefix = "s", True  # text, never a formula
            if isinstance(cell.value, str) and text_width(cell.value) > widths[cell.column - 1] - 1:
                cell.alignment = styles["wrap"]
                ws.row_dimensions[cell.row].height = max(ws.row_dimensions[cell.row].height or 0, lines_in(
                    cell.value, widths[cell.column - 1]) * LINE_HEIGHT)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A3"
    print_setup(ws, widths=widths, keys=key_columns([c.header for c in columns]))



