"""The 报表 charts (QtCharts): 入会率 over five statistical years, members by department, age and
gender structure, assistance paid per month, activities per type, drawn in the 报表 tab (the annual
workbook has the same charts as native Excel charts, excel/annual_report.py)."""

from __future__ import annotations

import itertools
import math

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QHorizontalBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QFont, QPainter

from unionoffice.domain import statistics


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    font = QFont()
    font.setPointSize(12)
    font.setBold(True)
    chart.setTitleFont(font)
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def count_axis(top: float, title: str = "") -> QValueAxis:
    """A value axis from 0 whose ticks fall on whole numbers (1, 2, 5, 10, 20, 50 … apart): counts
    and amounts never read 0, 1, 1, 2. An empty chart still gets 0 to 5."""
    steps = (base * m for base in (10 ** k for k in itertools.count()) for m in (1, 2, 5))
    step = next(s for s in steps if math.ceil(top * 1.1 / s) <= 5)
    intervals = max(1, math.ceil(top * 1.1 / step)) if top > 0 else 5
    axis = QValueAxis()
    axis.setRange(0, intervals * step)
    axis.setTickCount(intervals + 1)
    axis.setLabelFormat("%.0f")
    axis.setTitleText(title)
    return axis


def _bars(title: str, categories: list[str], sets: dict[str, list[float]], y_title: str = "", *,
          across: bool = False) -> QChart:
    """Bars per category. ``across``: horizontal bars with the names on the left, where a long name
    (炼油一车间, 合理化建议征集) has room instead of being cut to "炼油…"; the first category on top."""
    empty = not any(v for values in sets.values() for v in values)
    chart = _chart(title + ("（无记录）" if empty else ""))
    series = QHorizontalBarSeries() if across else QBarSeries()
    for name, values in sets.items():
        bar_set = QBarSet(name)
        bar_set.append([float(round(v)) for v in (reversed(values) if across else values)])
        bar_set.setLabelColor(QColor("#333333"))
        series.append(bar_set)
    series.setLabelsVisible(not empty)
    series.setLabelsFormat("@value")
    series.setLabelsPosition(QAbstractBarSeries.LabelsPosition.LabelsOutsideEnd)  # never cut by a thin bar
    if across:
        series.setBarWidth(0.8)  # room for each bar's figure beside it
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.append(list(reversed(categories)) if across else categories)
    values = count_axis(max([max(v) for v in sets.values() if v] + [0]), y_title)
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft if across else Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom if across else Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(names)
    series.attachAxis(values)
    chart.legend().setVisible(len(sets) > 1)
    return chart


def join_rate_chart(history: list[tuple[int, float]]) -> QChart:
    chart = _chart("近五个统计年度入会率（%）")
    series = QLineSeries()
    series.setName("入会率")
    series.setPointsVisible(True)
    series.setPointLabelsVisible(True)
    series.setPointLabelsFormat("@yPoint")
    for i, (_year, rate) in enumerate(history):
        series.append(QPointF(i, round(rate * 100, 1)))
    chart.addSeries(series)
    axis_x = QBarCategoryAxis()
    axis_x.append([f"{year}年度" for year, _ in history])
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    series.attachAxis(axis_x)
    axis_y = QValueAxis()
    low = max(0, math.floor((min([r * 100 for _, r in history] + [100]) - 10) / 10) * 10)
    axis_y.setRange(low, 100)
    axis_y.setTickCount(int((100 - low) / 10) + 1)  # 70, 80, 90, 100: not 72, 79, 86, 93
    axis_y.setLabelFormat("%.0f")
    chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(axis_y)
    chart.legend().setVisible(False)
    return chart


def chart_data(year: int, breakdowns: dict | None = None) -> dict:
    """What the five charts show: database work only, so it can run on a worker thread (at 100,000
    people it takes half a second). ``breakdowns`` from an annual report already counted saves
    counting twice."""
    return statistics.chart_figures(year, breakdowns)


def charts_from(data: dict) -> list[tuple[str, QChart]]:
    """The five charts of ``chart_data`` (Qt objects: on the GUI thread)."""
    year, departments, ages, paid, kinds = (data[k] for k in ("year", "departments", "ages", "paid", "kinds"))
    return [
        ("入会率", join_rate_chart(data["join_rates"])),
        ("各部门会员人数", _bars("各部门职工和会员人数", [r[0] for r in departments],
                                {"职工": [r[1] for r in departments], "会员": [r[2] for r in departments]}, "人",
                                across=True)),
        ("年龄与性别结构", _bars("职工年龄与性别结构", [r[0] for r in ages],
                                {"男": [r[1] - r[3] for r in ages], "女": [r[3] for r in ages]}, "人")),
        ("每月帮扶金额", _bars(f"{year}统计年度每月帮扶金额（元，取整）", [f"{int(m[5:])}月" for m, _ in paid],
                              {"帮扶金额": [float(v) for _, v in paid]})),
        ("各类活动次数", _bars(f"{year}统计年度各类活动次数", [k for k, _ in kinds], {"活动": [n for _, n in kinds]}, "次",
                              across=True)),
    ]


def needed_height(chart: QChart) -> int:
    """Height for every name of a horizontal bar chart to have its row (one bar's figure each, plus
    the title, the value axis and the legend); other charts fit the usual height."""
    height = 240
    for series in chart.series():
        if isinstance(series, QHorizontalBarSeries) and series.count():
            rows = series.barSets()[0].count()
            height = max(height, 150 + rows * (16 * series.count() + 8))
    return height


def view(chart: QChart) -> QChartView:
    chart_view = QChartView(chart)
    chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
    chart_view.setMinimumSize(360, needed_height(chart))
    return chart_view
