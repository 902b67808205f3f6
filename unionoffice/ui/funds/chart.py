"""The 经费 tab's chart: spending by category and month (stacked bars, 元), drawn with QtCharts as
the 报表 charts are."""

from __future__ import annotations

from PySide6.QtCharts import QBarCategoryAxis, QBarSet, QChart, QStackedBarSeries
from PySide6.QtCore import Qt

from unionoffice.ui.reports.charts import _chart, count_axis


def spending_chart(year: int, by_month: dict[str, list[int]]) -> QChart:
    """``by_month``: each spending category's 分 per month (``funds.spending_by_month``)."""
    used = {category: months for category, months in by_month.items() if any(months)}
    chart = _chart(f"{year}年各月支出（元，按类别）" + ("（无记录）" if not used else ""))
    series = QStackedBarSeries()
    for category, months in used.items():
        bar_set = QBarSet(category)
        bar_set.append([fen / 100 for fen in months])
        series.append(bar_set)
    chart.addSeries(series)
    names = QBarCategoryAxis()
    names.append([f"{m}月" for m in range(1, 13)])
    top = max([sum(months[m] for months in used.values()) / 100 for m in range(12)] + [0])
    values = count_axis(top, "元")
    chart.addAxis(names, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(names)
    series.attachAxis(values)
    chart.legend().setVisible(bool(used))
    return chart
