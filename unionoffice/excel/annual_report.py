"""基层工会统计年报 workbook: 基本情况 (every §10 label with its value in the cell to its right), the
breakdown sheets, the logic-check warnings, and the charts: native Excel charts drawn from the figures
(editable in Excel and WPS, no Qt needed)."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

from unionoffice.domain.statistics import AnnualReport
from unionoffice.excel.writing import (
    LINE_HEIGHT, PAGE_WIDTH, Column, GuardedSheet, column_width, key_columns, lines_in, new_workbook, print_setup,
    set_widths, start_sheet, text_width)
from unionoffice.files import atomic_target

BASIC = [Column("项目", 24), Column("数值", 50)]
PAGE_PIXELS = (PAGE_WIDTH["portrait"] * 7, 930)  # what A4 portrait prints of a chart, width and height
ROW_PIXELS = 20
CHART_SIZE = (760, 420)  # as the 报表 tab draws them
DATA_SHEET = "图表数据"


def write_annual(path: Path | str, report: AnnualReport, warnings: list[str] | None = None,
                 charts: dict | None = None) -> Path:
    """``charts``: the figures of ``statistics.chart_figures`` (native charts), or None for no 图表
    sheet."""
    wb = new_workbook(write_only=False)
    ws = wb.create_sheet("基本情况")
    unit = report.figures["工会名称"] or report.figures["单位名称"] or "本单位工会"
    ws.cell(0, 0, f"{unit} 基层工会统计年报（{report.period.year}年度）", "title")
    ws.cell(1, 0, "项目", "bold", "center", "border")
    ws.cell(1, 1, "数值", "bold", "center", "border")
    row = 2
    for label, value in report.figures.items():
        number_format = ("0.0%" if label == "入会率" else "#,##0.00"
                         if label in ("帮扶金额（元）", "合理化建议创造经济效益（元）") else None)
        ws.cell(row, 0, label, "border")
        if isinstance(value, str) and text_width(value) > BASIC[1].width - 1:
            ws.cell(row, 1, value, "border", "wrap")
            ws.ws.set_row(row, lines_in(value, BASIC[1].width) * LINE_HEIGHT)
        else:
            ws.cell(row, 1, value, "border", number_format=number_format)
        row += 1
    note = (f"存量指标按 {report.period.as_of:%Y-%m-%d} 的登记情况统计"
            + ("（统计期尚未结束，按今天统计）" if not report.period.finished else "")
            + "；流量指标统计期内发生的事项。")
    ws.cell(row + 1, 0, "说明", "top")
    if text_width(note) > BASIC[1].width - 1:
        ws.cell(row + 1, 1, note, "wrap")
        ws.ws.set_row(row + 1, lines_in(note, BASIC[1].width) * LINE_HEIGHT)
    else:
        ws.cell(row + 1, 1, note)
    # the 项目 column as wide as the longest label (女职工权益保护专项集体合同份数), never wrapped
    widths = [max(BASIC[0].width, max(text_width(label) for label in report.figures) + 1), BASIC[1].width]
    set_widths(ws, widths)
    ws.ws.freeze_panes(2, 0)
    print_setup(ws, "portrait", widths)

    for name, (header, rows) in report.breakdowns.items():
        sheet = wb.create_sheet(name)
        columns = [Column(h, 16 if i == 0 else 11, "text" if i == 0 else "number") for i, h in enumerate(header)]
        _write_rows(sheet, f"{unit} 职工和会员{name[1:]}统计（截至 {report.period.as_of:%Y-%m-%d}）", columns, rows)

    check = wb.create_sheet("逻辑检查")
    check.cell(0, 0, "逻辑检查（报送前请逐条核实）", "title")
    set_widths(check, [86])
    for i, text in enumerate(warnings or ["未发现问题。"], start=2):
        check.cell(i, 0, text, "wrap")
        check.ws.set_row(i, lines_in(text, 86) * LINE_HEIGHT)
    print_setup(check, "portrait", [86])

    if charts:
        _native_charts(wb, charts)
    with atomic_target(path) as partial:
        wb.save(partial)
    return Path(path)


def _write_rows(ws: GuardedSheet, title: str, columns: list[Column], rows: list[list]) -> None:
    """A sheet with the §11 look: title, bold frozen header, widths, borders, long text wrapped."""
    widths = [column_width(c) for c in columns]
    ws.cell(0, 0, title, "title")
    for i, column in enumerate(columns):
        ws.cell(1, i, column.header, "header")
    for r, values in enumerate(rows, start=2):
        lines = 1
        for c, value in enumerate(values):
            if isinstance(value, str) and text_width(value) > widths[c] - 1:
                ws.cell(r, c, value, "border", "wrap")
                lines = max(lines, lines_in(value, widths[c]))
            else:
                ws.cell(r, c, value, "border")
        if lines > 1:
            ws.ws.set_row(r, lines * LINE_HEIGHT)
    set_widths(ws, widths)
    ws.ws.freeze_panes(2, 0)
    print_setup(ws, widths=widths, keys=key_columns([c.header for c in columns]))


class _Pages:
    """Places charts down the 图表 sheet: a title row above each, never one straddling two pages."""

    def __init__(self, ws: GuardedSheet):
        self.ws, self.row, self.page_top, self.breaks = ws, 2, 2, []
        ws.cell(0, 0, "图表", "title")
        set_widths(ws, [PAGE_WIDTH["portrait"]])

    def place(self, title: str, height: int) -> int:
        """The row to put a chart of ``height`` pixels at (its title above it)."""
        rows = -(-height // ROW_PIXELS) + 2  # the chart, its title and a blank row
        if self.row > self.page_top and (self.row - self.page_top + rows) * ROW_PIXELS > PAGE_PIXELS[1]:
            self.breaks.append(self.row)
            self.page_top = self.row
        self.ws.cell(self.row, 0, title, "bold")
        at = self.row + 1
        self.row += rows
        return at

    def finish(self) -> None:
        if self.breaks:
            self.ws.ws.set_h_pagebreaks(self.breaks)
        print_setup(self.ws, "portrait", [PAGE_WIDTH["portrait"]])


def _native_charts(wb, data: dict) -> None:
    """The five charts of the 报表 tab as Excel charts, their figures on the 图表数据 sheet."""
    year, departments, ages, paid, kinds = (data[k] for k in ("year", "departments", "ages", "paid", "kinds"))
    plans = [
        ("入会率", "近五个统计年度入会率（%）", "line", [f"{y}年度" for y, _ in data["join_rates"]],
         {"入会率": [round(rate * 100, 1) for _, rate in data["join_rates"]]}, ""),
        ("各部门会员人数", "各部门职工和会员人数", "bar", [r[0] for r in departments],
         {"职工": [r[1] for r in departments], "会员": [r[2] for r in departments]}, "人"),
        ("年龄与性别结构", "职工年龄与性别结构", "column", [r[0] for r in ages],
         {"男": [r[1] - r[3] for r in ages], "女": [r[3] for r in ages]}, "人"),
        ("每月帮扶金额", f"{year}统计年度每月帮扶金额（元，取整）", "column", [f"{int(m[5:])}月" for m, _ in paid],
         {"帮扶金额": [round(float(v)) for _, v in paid]}, ""),
        ("各类活动次数", f"{year}统计年度各类活动次数", "bar", [k for k, _ in kinds], {"活动": [n for _, n in kinds]}, "次"),
    ]
    figures = wb.create_sheet(DATA_SHEET)
    start_sheet(figures, f"{DATA_SHEET}（{year}统计年度，图表据此绘制）",
                [Column("图表／类别", 28), Column("数值", 12, "number"), Column("数值", 12, "number")])
    pages = _Pages(wb.create_sheet("图表"))
    for name, title, kind, categories, sets, unit in plans:
        figures.append([name, *sets])
        first = figures.written
        for i, category in enumerate(categories):
            figures.append([category, *(values[i] for values in sets.values())])
        last = figures.written - 1
        empty = not any(v for values in sets.values() for v in values)
        chart = wb.book.add_chart({"type": kind})
        for s, (series, values) in enumerate(sets.items(), start=1):
            options = {"name": series, "values": [DATA_SHEET, first, s, max(first, last), s],
                       "categories": [DATA_SHEET, first, 0, max(first, last), 0],
                       "data_labels": {"value": not empty, "position": "outside_end" if kind != "line" else "above"}}
            if kind == "line":
                options["marker"] = {"type": "circle", "size": 6}
            chart.add_series(options)
        chart.set_title({"name": title + ("（无记录）" if empty else ""), "name_font": {"size": 12, "bold": True}})
        chart.set_legend({"position": "bottom"} if len(sets) > 1 else {"none": True})
        values_axis = {"name": unit, "min": 0, "major_gridlines": {"visible": True}, "num_format": "0"}
        if kind == "line":
            rates = [v for values in sets.values() for v in values] + [100]
            low = max(0, math.floor((min(rates) - 10) / 10) * 10)
            values_axis.update(min=low, max=100, major_unit=10)
        else:
            top, step = _count_axis(max([v for values in sets.values() for v in values] + [0]))
            values_axis.update(max=top, major_unit=step)
        if kind == "bar":  # names on the left, the first on top
            chart.set_x_axis(values_axis)
            chart.set_y_axis({"reverse": True})
        else:
            chart.set_y_axis(values_axis)
        height = CHART_SIZE[1]
        if kind == "bar":
            height = max(height, 150 + len(categories) * (16 * len(sets) + 8))
        # a little narrower than column A: anchored within it, not to its far edge (which LibreOffice,
        # measuring the column in its own font, would place past the page's side)
        scale = min(1, (PAGE_PIXELS[0] - 10) / CHART_SIZE[0], (PAGE_PIXELS[1] - 2 * ROW_PIXELS) / height)
        chart.set_size({"width": int(CHART_SIZE[0] * scale), "height": int(height * scale)})
        at = pages.place(name, int(height * scale))
        pages.ws.ws.insert_chart(at, 0, chart, {"object_position": 1})
    pages.finish()


def _count_axis(top: float) -> tuple[int, int]:
    """(maximum, step) of a value axis from 0 whose ticks fall on whole numbers 1, 2, 5, 10 … apart
    (as the 报表 tab's charts); an empty chart still gets 0 to 5."""
    steps = (base * m for base in (10 ** k for k in itertools.count()) for m in (1, 2, 5))
    step = next(s for s in steps if math.ceil(top * 1.1 / s) <= 5)
    intervals = max(1, math.ceil(top * 1.1 / step)) if top > 0 else 5
    return intervals * step, step
