from openpyxl import load_workbook

from unionoffice.domain import statistics
from unionoffice.ui.reports.tab import KINDS


def test_every_workbook_is_written_and_reads_back(window, qtbot, tmp_path):
    tab = window.reports
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.shown_once and tab.preview_ready)
    assert tab.kinds.count() == len(KINDS)
    assert "职工人数" in tab.preview_text.toPlainText()
    for row, kind in enumerate(KINDS):
        tab.kinds.setCurrentRow(row)
        if kind.period == "session":
            assert tab.session.count() > 0
        path = tmp_path / f"{kind.key}.xlsx"
        done = []
        tab.start_write(kind.key, str(path), on_done=done.append)
        qtbot.waitUntil(lambda: bool(done), timeout=30000)
        wb = load_workbook(path)
        assert wb.sheetnames, kind.key
    wb = load_workbook(tmp_path / "annual.xlsx")
    figures = {r[0]: r[1] for r in wb["基本情况"].iter_rows(min_row=3, values_only=True)}
    report = statistics.annual(statistics.last_finished_year(), with_breakdowns=False)  # the year the tab offers
    assert figures["统计期间"] == report.period.text
    assert figures["职工人数"] == report.figures["职工人数"]
    assert figures["会员人数"] == report.figures["会员人数"]
    current = statistics.annual(statistics.current_year(), with_breakdowns=False)  # still running: as of today
    qtbot.waitUntil(lambda: window.overview.idle)  # figures are counted off the GUI thread
    assert current.figures["职工人数"] == int(window.overview.number_labels["employees"].text())
    assert len(wb["图表"]._charts) == 5  # native charts (issue 28)


def test_charts_are_drawn(window, qtbot):
    tab = window.reports
    window.tabs.setCurrentWidget(tab)
    tab.pages.setCurrentIndex(1)
    tab.reload_charts()
    qtbot.waitUntil(lambda: tab.charts_ready)
    assert len(tab.chart_views) == 5
    assert all(v.chart().series() for v in tab.chart_views)
    assert not tab.chart_views[1].grab().isNull()


def test_figures_are_counted_off_the_gui_thread_and_the_newest_choice_wins(window, qtbot, monkeypatch):
    """At 100,000 people the annual figures take about a second: the window keeps working, and an
    answer for a choice the user has already left is not shown."""
    import time

    from PySide6.QtCore import QTimer

    tab = window.reports
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.preview_ready)
    annual = statistics.annual

    def slow_annual(*args, **kwargs):
        time.sleep(1.0)
        return annual(*args, **kwargs)

    monkeypatch.setattr(statistics, "annual", slow_annual)
    ticks = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(50)
    tab.kinds.setCurrentRow(1)  # 会员实名制名册: quick
    tab.kinds.setCurrentRow(0)  # the annual report again: slow
    assert "正在统计" in tab.preview_text.toPlainText()
    tab.kinds.setCurrentRow(1)  # left before its figures came
    qtbot.waitUntil(lambda: tab.preview_ready)
    qtbot.wait(1500)  # the annual figures arrive meanwhile, and are dropped
    timer.stop()
    assert tab.preview_text.toPlainText().startswith("职工") and "基本情况" not in tab.preview_text.toPlainText()
    assert len(ticks) >= 20


def test_a_reports_join_rate_chart_ends_at_its_own_year(app, demo_db):
    """Issue 21: the 2026 report's 入会率 chart had a 2027年度 point (today's statistical year)."""
    from unionoffice.ui.reports import charts

    year = statistics.last_finished_year()
    data = charts.chart_data(year)
    assert [y for y, _ in data["join_rates"]] == list(range(year - 4, year + 1))
    chart = charts.join_rate_chart(data["join_rates"])
    assert chart.axes()[0].categories()[-1] == f"{year}年度"


def test_the_annual_preview_names_the_ledger_that_feeds_a_figure(window, qtbot):
    """Issue 19: a figure a ledger's import feeds says which ledger (its declaration's ``figures``)."""
    tab = window.reports
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.shown_once and tab.preview_ready)
    cells = tab.preview_text.toPlainText().splitlines()  # a table's cells one a line
    lines = {cells[i]: " ".join(cells[i:i + 3]) for i in range(len(cells) - 2)}
    assert lines["帮扶人次"].endswith("来源台账：帮扶发放明细")
    assert lines["入会率"].endswith("来源台账：职工花名册")
    assert lines["厂务公开事项数"].endswith("来源台账：厂务公开台账")
    assert "来源台账" not in lines["工会小组数"]
    tab.grab().save("/tmp/r/reports-preview.png")
