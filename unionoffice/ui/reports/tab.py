"""报表 tab: every workbook the office sends upward, each with its period, a preview of its figures
and one button to write it; the logic check; the charts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from shiboken6 import isValid
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from unionoffice.domain import activities, congress, members, money, notices, statistics, welfare
from unionoffice.domain import funds
from unionoffice.domain import template_values
from unionoffice.excel import annual_report
from unionoffice import ledgers
from unionoffice.ledgers import funds_report, platform_template, roster_export
from unionoffice.ledgers import activities as activities_ledger
from unionoffice.ledgers import assistance as assistance_ledger
from unionoffice.ledgers import motions as motions_ledger
from unionoffice.ledgers import notices as notices_ledger
from unionoffice.ui.common.places import ask_open_path, ask_save_path
from unionoffice.ui.common.saving import XLSX, show_written
from unionoffice.ui.common.tasks import run_in_background, run_task


@dataclass(frozen=True)
class ReportKind:
    key: str
    title: str
    period: str  # statyear | year | session | none
    filename: str
    sheets: str = ""  # what the workbook holds, when the title does not say it all


KINDS = (
    ReportKind("annual", "基层工会统计年报", "statyear", "基层工会统计年报{p}.xlsx"),
    ReportKind("roster", "会员实名制名册", "none", "会员实名制名册.xlsx"),
    ReportKind("motions", "提案汇总表、提案办理情况表", "session", "{p}提案汇总表.xlsx"),
    ReportKind("notices", "厂务公开台账", "year", "厂务公开台账{p}.xlsx"),
    ReportKind("welfare", "困难帮扶台账", "year", "困难帮扶台账{p}.xlsx",
               "困难职工档案台账、帮扶发放明细、两节送温暖统计表"),
    ReportKind("activities", "活动台账", "year", "活动台账{p}.xlsx"),
    ReportKind("funds", "经费收支报表", "year", "经费收支报表{p}.xlsx",
               "收入支出表、预算执行情况表、现金日记账、银行存款日记账、经审摘要"),
)


def _write(kind: str, path: str, period, options: dict, progress) -> str:
    """Runs on the worker thread: plain data in, the file out (the annual workbook: see
    ReportsTab.start_write)."""
    if kind == "roster":
        roster_export.export_roster(path, include_all=options["all"], masked=options["masked"], progress=progress)
    elif kind == "motions":
        motions_ledger.export_session(path, period)
    elif kind == "notices":
        notices_ledger.export_ledger(path, period)
    elif kind == "welfare":
        assistance_ledger.export_workbook(path, period, full=not options["masked"])
    elif kind == "activities":
        activities_ledger.export_ledger(path, period)
    elif kind == "funds":
        funds_report.write_funds(path, period)
    return path


def _fmt(label: str, value) -> str:
    if label == "入会率":
        return f"{value:.1%}"
    if label == "帮扶金额（元）":
        return money.yuan_text(value)
    return str(value)


def _preview_html(key: str, period, all_people: bool) -> str:
    """The preview of one workbook's figures (on a worker thread)."""
    if key == "annual":
        report = statistics.annual(period, with_breakdowns=False)
        fed = ledgers.feeding()  # which ledger's import feeds a figure (its declaration says)
        rows = "".join(f"<tr><td>{label}</td><td align='right'>{_fmt(label, value)}</td>"
                       f"<td style='color:#666'>{'来源台账：' + '、'.join(fed[label]) if label in fed else ''}</td></tr>"
                       for label, value in report.figures.items())
        warnings = statistics.checks(period, report=report)  # the report's people, not counted again
        checks = "".join(f"<li>{w}</li>" for w in warnings) or "<li>未发现问题。</li>"
        return (f"<h3>基本情况</h3><table cellpadding='3'>{rows}</table>"
                f"<h3>逻辑检查</h3><ul style='color:#b00020'>{checks}</ul>")
    if key == "roster":
        employees, member_count = members.headcount()
        return f"<p>职工 {employees} 人，会员 {member_count} 人（导出{'全部职工' if all_people else '会员'}）。</p>"
    if key == "motions":
        rows = congress.search(congress.MotionFilter(congress_id=period)) if period else []
        return (f"<p>提案 {len(rows)} 件，立案 {sum(r['review_result'] == '立案' for r in rows)} 件，"
                f"办结 {sum(r['finished'] for r in rows)} 件，超期 {sum(r['overdue'] for r in rows)} 件。</p>")
    if key == "notices":
        rows = notices.search(notices.NoticeFilter(year=period))
        return f"<p>厂务公开事项 {len(rows)} 项，意见反馈 {sum(r['feedback'] for r in rows)} 条。</p>"
    if key == "welfare":
        t = welfare.totals(dt.date(period, 1, 1), dt.date(period, 12, 31))
        return (f"<p>帮扶 {t['times']} 人次，金额 {money.text(t['amount_fen'])} 元；送温暖 {t['warmth_times']} 人次；"
                f"金秋助学 {t['aid_people']} 人。</p>")
    if key == "activities":
        rows = activities.search(activities.ActivityFilter(year=period))
        return (f"<p>活动 {len(rows)} 项，报名 {sum(r['signed_up'] for r in rows)} 人次，"
                f"参加 {sum(r['attended'] for r in rows)} 人次，实际费用 "
                f"{money.text(sum(r['cost_fen'] for r in rows))} 元。</p>")
    if key == "funds":
        rows = "".join(f"<tr><td>{label}</td><td align='right'>{money.text(fen)}</td></tr>"
                       for label, fen in funds.statement(period))
        warnings = "".join(f"<li>{w}</li>" for w in funds.budget_warnings(period))
        return (f"<h3>收入支出表（元）</h3><table cellpadding='3'>{rows}</table>"
                + (f"<h3>预算执行</h3><ul style='color:#b00020'>{warnings}</ul>" if warnings else ""))
    return ""


class ReportsTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.pages = QTabWidget()
        self.pages.addTab(self._workbooks_page(), self.tr("报送报表"))
        self.pages.addTab(self._charts_page(), self.tr("图表"))
        self.pages.currentChanged.connect(lambda i: i == 1 and not self.charts_loaded and self.reload_charts())
        layout.addWidget(self.pages)
        self.shown_once = False
        self.preview_ready = False  # the preview shows the figures of the current choice
        self._preview_request = None

    # --- workbooks ---
    def _workbooks_page(self) -> QWidget:
        page = QWidget()
        splitter = QSplitter()
        self.kinds = QListWidget()
        self.kinds.setObjectName("kinds")
        self.kinds.setMinimumWidth(260)  # each title on one line: a wrapped one read as two items
        for kind in KINDS:
            self.kinds.addItem(kind.title)
            if kind.sheets:
                self.kinds.item(self.kinds.count() - 1).setToolTip(kind.sheets)
        self.kinds.currentRowChanged.connect(self.show_kind)
        splitter.addWidget(self.kinds)
        right = QWidget()
        box = QVBoxLayout(right)
        row = QHBoxLayout()
        self.period_label = QLabel()
        self.year = QSpinBox()
        self.year.setRange(2000, 2100)
        self.year.setValue(dt.date.today().year)
        self.session = QComboBox()
        self.masked = QCheckBox(self.tr("屏蔽证件号码、手机和卡号"))
        self.all_people = QCheckBox(self.tr("包括非会员"))
        for w in (self.period_label, self.year, self.session, self.masked, self.all_people):
            row.addWidget(w)
        row.addStretch(1)
        self.year.valueChanged.connect(self.preview)
        self.session.currentIndexChanged.connect(self.preview)
        box.addLayout(row)
        self.preview_text = QTextBrowser()
        self.preview_text.setObjectName("preview")
        box.addWidget(self.preview_text, 1)
        self.write_button = QPushButton(self.tr("生成 Excel…"))
        self.write_button.setObjectName("write")
        self.write_button.clicked.connect(self.write)
        self.template_button = QPushButton(self.tr("按上级模板导出…"))
        self.template_button.setObjectName("fill_template")
        self.template_button.setToolTip(self.tr("把会员填进上级工会平台给的会员信息模板（或把本单位工会信息填进工会组织信息采集表）："
                                                "按模板的表头、下拉列表和日期格式填写"))
        self.template_button.clicked.connect(self.fill_template)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.template_button)
        buttons.addWidget(self.write_button)
        box.addLayout(buttons)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        holder = QVBoxLayout(page)
        holder.addWidget(splitter)
        return page

    def kind(self) -> ReportKind:
        return KINDS[max(0, self.kinds.currentRow())]

    def show_kind(self, _row: int = 0) -> None:
        kind = self.kind()
        self.year.blockSignals(True)
        if kind.period == "statyear":
            self.period_label.setText(self.tr("统计年度（上年10月1日至本年9月30日）："))
            self.year.setValue(statistics.last_finished_year())  # what the higher union asks for
        elif kind.period == "year":
            self.period_label.setText(self.tr("年度："))
            self.year.setValue(dt.date.today().year)
        else:
            self.period_label.setText(self.tr("会议：") if kind.period == "session" else "")
        self.year.blockSignals(False)
        self.year.setVisible(kind.period in ("statyear", "year"))
        self.session.setVisible(kind.period == "session")
        self.masked.setVisible(kind.key in ("roster", "welfare"))
        self.masked.setChecked(kind.key == "welfare")
        self.all_people.setVisible(kind.key == "roster")
        self.template_button.setVisible(kind.key == "roster")
        if kind.period == "session":
            self.session.blockSignals(True)
            self.session.clear()
            for c in congress.congresses():
                self.session.addItem(congress.congress_name(c), c.id)
            self.session.blockSignals(False)
        self.preview()

    def period(self):
        kind = self.kind()
        return self.session.currentData() if kind.period == "session" else self.year.value()

    def preview(self, *_args) -> None:
        """The figures of the chosen workbook, counted on a worker thread (the annual report takes
        about a second at 100,000 people); a newer choice supersedes an answer still on its way."""
        if not self.shown_once:
            return  # nothing to show until the tab is opened
        request = (self.kind().key, self.period(), self.all_people.isChecked())
        sheets = f"<p>工作表：{self.kind().sheets}</p>" if self.kind().sheets else ""
        self._preview_request = request
        self.preview_ready = False
        self.preview_text.setHtml(f"<p style='color:gray'>{self.tr('正在统计…')}</p>")

        def counted(html, error) -> None:
            if not isValid(self.preview_text) or self._preview_request != request:
                return
            self.preview_text.setHtml(sheets + html if error is None else
                                      f"<p style='color:#b00020'>{self.tr('无法统计：')}{error}</p>")
            self.preview_ready = True

        run_in_background(lambda: _preview_html(*request), counted)

    def write(self) -> None:
        kind = self.kind()
        period = self.period()
        if kind.period == "session" and period is None:
            QMessageBox.information(self, kind.title, self.tr("还没有登记会议。"))
            return
        label = self.session.currentText() if kind.period == "session" else str(period)
        path = ask_save_path(self, kind.title, kind.filename.format(p=label), XLSX)
        if path:
            self.start_write(kind.key, path)

    def start_write(self, key: str, path: str, on_done: Callable | None = None) -> None:
        done = on_done or self._written

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, self.tr("生成失败"), str(exc))

        if key != "annual":
            options = {"masked": self.masked.isChecked(), "all": self.all_people.isChecked()}
            self.task = run_task(self, self.tr("正在生成报表…"), _write, key, path, self.period(), options,
                                 on_success=done, on_failure=failed)
            return
        year = self.year.value()

        def write(progress) -> str:  # the report, its checks and its native charts' figures: no Qt work
            report = statistics.annual(year)
            annual_report.write_annual(path, report, statistics.checks(year, report=report),
                                       statistics.chart_figures(year, report.breakdowns, report.join_rates))
            return path

        self.task = run_task(self, self.tr("正在生成报表…"), write, on_success=done, on_failure=failed)

    # --- a higher union platform's own template (domain.md §16) ---
    def fill_template(self) -> None:
        """Ask for the template, read it and find our values its lists lack (worker thread), let the
        clerk pick for those (remembered per template), ask where, then fill it (worker thread)."""
        template = ask_open_path(self, self.tr("选择上级平台的会员信息模板"), self.tr("Excel 工作簿 (*.xlsx)"))
        if template:
            self.start_fill_template(template)

    def start_fill_template(self, template: str, on_done: Callable | None = None) -> None:
        include_all, masked = self.all_people.isChecked(), self.masked.isChecked()

        def failed(exc: Exception) -> None:
            QMessageBox.warning(self, self.tr("按上级模板导出"), str(exc))

        def check(progress):
            if platform_template.template_kind(template) == "organisation":
                return None
            return platform_template.check_template(template, include_all=include_all)

        def checked(result) -> None:
            if result is None:  # a 工会组织信息采集表: filled from 本单位工会信息
                self._ask_and_fill(template, lambda path, progress: platform_template.fill_organisation(
                    template, path), on_done, failed)
                return
            info, lines = result
            name = Path(template).name
            if lines:
                from unionoffice.ui.reports.template_dialog import TemplateValuesDialog

                dialog = TemplateValuesDialog(name, lines, self)
                if dialog.exec() != QDialog.DialogCode.Accepted:
                    return
                if dialog.picks():
                    template_values.remember_choices(info.template_id, dialog.picks(), name=name)
            self._ask_and_fill(template, lambda path, progress: platform_template.fill_template(
                template, path, include_all=include_all, masked=masked, progress=progress), on_done, failed)

        self.task = run_task(self, self.tr("正在读取模板…"), check, on_success=checked, on_failure=failed)

    def _ask_and_fill(self, template: str, fill: Callable, on_done: Callable | None, failed: Callable) -> None:
        """Ask where, then ``fill(path, progress)`` on a worker thread."""
        suggested = str(Path(template).with_name(f"{Path(template).stem}（已填写）.xlsx"))
        path, _ = QFileDialog.getSaveFileName(self, self.tr("按上级模板导出"), suggested,
                                              self.tr("Excel 工作簿 (*.xlsx)"))
        if path:
            self.task = run_task(self, self.tr("正在填写模板…"), fill, path,
                                 on_success=lambda r: (on_done or self._template_filled)(path, r),
                                 on_failure=failed)

    def _template_filled(self, path: str, result) -> None:
        if isinstance(result, platform_template.OrganisationResult):
            text = self.tr("已填写工会组织信息 %d 项。") % len(result.filled)
            if result.empty:
                text += self.tr("\n本单位工会信息中尚未填写、已留空：") + "、".join(result.empty)
            if result.unmapped:
                text += self.tr("\n%d 项的值不在模板的下拉列表中，已留空，见“待补充”工作表。") % len(result.unmapped)
            show_written(self, self.tr("按上级模板导出"), text, path)
            return
        text = self.tr("已按模板填写 %d 人。") % result.written
        if result.unmapped:
            text += self.tr("\n%d 个单元格的值不在模板的下拉列表中，已留空，见“待补充”工作表。") % len(result.unmapped)
        show_written(self, self.tr("按上级模板导出"), text, path)

    def _written(self, path: str) -> None:
        show_written(self, self.tr("报表已生成"), self.tr("报表已生成。"), path)

    # --- charts ---
    def _charts_page(self) -> QWidget:
        page = QWidget()
        outer = QVBoxLayout(page)
        row = QHBoxLayout()
        row.addWidget(QLabel(self.tr("统计年度：")))
        self.chart_year = QSpinBox()
        self.chart_year.setRange(2000, 2100)
        self.chart_year.setValue(statistics.current_year())
        refresh = QPushButton(self.tr("刷新图表"))
        refresh.clicked.connect(self.reload_charts)
        row.addWidget(self.chart_year)
        row.addWidget(refresh)
        row.addStretch(1)
        outer.addLayout(row)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        self.chart_holder = QWidget()
        self.chart_grid = QGridLayout(self.chart_holder)
        scroll.setWidget(self.chart_holder)
        outer.addWidget(scroll)
        self.chart_views = []
        self.charts_loaded = False  # asked for
        self.charts_ready = False  # drawn
        self._charts_request = None
        return page

    def reload_charts(self) -> None:
        """What the charts show is counted on a worker thread, then they are drawn here."""
        from unionoffice.ui.reports import charts  # QtCharts loads only when it is used

        year = self.chart_year.value()
        self.charts_loaded = True
        self.charts_ready = False
        self._charts_request = year

        def counted(data, error) -> None:
            if not isValid(self.chart_holder) or self._charts_request != year:
                return
            self._show_charts(charts.charts_from(data) if error is None else [], error)

        run_in_background(lambda: charts.chart_data(year), counted)

    def _show_charts(self, built: list, error: Exception | None) -> None:
        from unionoffice.ui.reports import charts

        while self.chart_grid.count():
            item = self.chart_grid.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        self.chart_views = []
        if error is not None:
            self.chart_grid.addWidget(QLabel(self.tr("无法统计：%s") % error), 0, 0)
        for i, (title, chart) in enumerate(built):
            box = QGroupBox(title)
            inner = QVBoxLayout(box)
            chart_view = charts.view(chart)
            chart_view.setMinimumHeight(max(300, chart_view.minimumHeight()))  # a long list of names: taller
            inner.addWidget(chart_view)
            copy = QPushButton(self.tr("复制图片"))
            copy.clicked.connect(lambda _=False, v=chart_view: QGuiApplication.clipboard().setPixmap(v.grab()))
            inner.addWidget(copy, alignment=Qt.AlignmentFlag.AlignRight)
            self.chart_grid.addWidget(box, i // 2, i % 2)
            self.chart_views.append(chart_view)
        self.charts_ready = True

    def showEvent(self, event) -> None:
        """Figures and charts are computed when the tab is first looked at, not at start-up."""
        super().showEvent(event)
        if not self.shown_once:
            self.shown_once = True
            self.kinds.setCurrentRow(0)
        if self.pages.currentIndex() == 1 and not self.charts_loaded:
            self.reload_charts()
