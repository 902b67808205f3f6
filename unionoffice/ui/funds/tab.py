"""经费 tab: the chapter's own books for a year — vouchers and the lines linked from 困难帮扶, 活动
and 会费 (shown with their source, edited there), the opening balances, 结账 and 反结账, the budget
and its execution, the two journals and a chart of spending — declared as a register."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCharts import QChartView
from PySide6.QtCore import Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QDialog, QFormLayout, QInputDialog, QLabel, QLineEdit, QMessageBox, QTabWidget, QVBoxLayout, QWidget)

from unionoffice.domain import funds, money
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import funds_report
from unionoffice.ledgers import vouchers as vouchers_ledger
from unionoffice.ui.common.dialogs import Std, button_box, error_label
from unionoffice.ui.common.register import Action, Filter, Ledger, Register, RegisterTab, selected
from unionoffice.ui.common.saving import XLSX, save_file
from unionoffice.ui.common.table_model import RowsTableModel
from unionoffice.ui.common.views import sortable_table
from unionoffice.ui.funds.chart import spending_chart
from unionoffice.ui.funds.dialog import VoucherDialog

COLUMNS = [("on", "日期"), ("number_text", "凭证号"), ("summary", "摘要"), ("direction", "收支"), ("category", "类别"),
           ("item", "明细科目"), ("amount", "金额（元）"), ("settlement", "结算方式"), ("approver", "审批人"),
           ("pages", "附件"), ("source", "来源")]
EXECUTION = [("category", "支出类别"), ("budget", "预算（元）"), ("spent", "已支出（元）"), ("remaining", "余额（元）"),
             ("rate_text", "执行率"), ("warning", "提示")]
JOURNAL = [("on", "日期"), ("number_text", "凭证号"), ("summary", "摘要"), ("income", "收入（元）"),
           ("spending", "支出（元）"), ("balance", "余额（元）"), ("source", "来源")]
LINKED_COLOUR = "#1f5fa8"  # a line linked from another register: shown, never edited here


def _year(f: dict) -> int:
    return f.get("year") or dt.date.today().year


def _rows(text: str, f: dict) -> list[dict]:
    rows = funds.books(_year(f), text, f["direction"], f["category"], f["source"])
    for r in rows:
        r["amount"] = money.yuan(r["amount_fen"])
        r["pages"] = None if r["linked"] else r["pages"]
    return rows


def _status(rows: list[dict]) -> str:
    income = sum(r["amount_fen"] for r in rows if r["direction"] == funds.INCOME)
    spending = sum(r["amount_fen"] for r in rows if r["direction"] == funds.SPENDING)
    linked = sum(r["linked"] for r in rows)
    return (f"共 {len(rows)} 笔（凭证 {len(rows) - linked} 张，联动记录 {linked} 条，蓝色）· 收入 {money.text(income)} 元"
            f" · 支出 {money.text(spending)} 元")


REGISTER = Register(
    title="经费", object_name="vouchers", columns=COLUMNS,
    search_hint="搜索摘要、科目、经办人、审批人、凭证号", query=_rows, status=_status,
    filters=[Filter("year", year=True), Filter("direction", "全部收支", funds.DIRECTIONS),
             Filter("category", "全部类别", lambda: funds.categories(funds.INCOME) + funds.categories(funds.SPENDING)),
             Filter("source", "全部来源", ("凭证",) + tuple(s.name for s in funds.SOURCES))],
    actions=[Action("add", "新增凭证", "add", "Ctrl+N"), Action("edit", "打开", "edit", when=selected),
             Action("delete", "删除", "delete", when=lambda r: not r["linked"]),
             Action("opening", "年初余额…", "set_opening"), Action("budget", "预算…", "edit_budget"),
             Action("limits", "限额…", "edit_limits"),
             Action("close", "结账…", "close_month"), Action("reopen", "反结账…", "reopen_month"),
             Action("report", "经费报表…", "write_report"),
             Action("export", "导出凭证…", "export_ledger"), Action("import", "导入凭证…", "import_ledger")],
    sort=(0, Qt.SortOrder.AscendingOrder),
    widths={0: 95, 1: 60, 2: 200, 3: 45, 6: 100},
    colour=lambda r: LINKED_COLOUR if r["linked"] else None,
    ledger=Ledger(vouchers_ledger.LEDGER),
    side_stretch=(3, 2),
    pick_first="请先在列表中选择一笔。",
    remove=funds.delete, remove_title="删除凭证",
    remove_question=lambda voucher_id: "删除%s？" % funds.describe(voucher_id),
)


class AmountsDialog(QDialog):
    """Amounts in 元 by label (年初余额, 预算): typed with two decimals at most, kept in 分."""

    def __init__(self, title: str, amounts: dict[str, int], save, parent=None, note: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.save = save
        layout = QVBoxLayout(self)
        if note:
            layout.addWidget(QLabel(note))
        form = QFormLayout()
        self.edits: dict[str, QLineEdit] = {}
        for label, fen in amounts.items():
            edit = QLineEdit(money.text(fen) if fen else "")
            edit.setPlaceholderText("0.00")
            edit.setObjectName(f"amount_{label}")
            form.addRow(label + "（元）", edit)
            self.edits[label] = edit
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(button_box(self, Std.Save, Std.Cancel))

    def accept(self) -> None:
        try:
            self.save({label: edit.text() for label, edit in self.edits.items()})
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class FundsTab(RegisterTab):
    register = REGISTER
    dialog = VoucherDialog

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.f_year.removeItem(self.f_year.findData(None))  # the books are kept a year at a time

    def year(self) -> int:
        return self.f_year.currentData() or dt.date.today().year

    # --- the side panel: budget execution, journals, chart ---
    def side_panel(self) -> QWidget:
        self.panel = QTabWidget()
        self.panel.setMaximumWidth(640)  # the books' list keeps the room
        page = QWidget()
        layout = QVBoxLayout(page)
        self.summary = QLabel()
        self.summary.setObjectName("funds_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.execution_view, self.execution = sortable_table(RowsTableModel(EXECUTION))
        self.execution_view.setObjectName("execution")
        layout.addWidget(self.execution_view, 1)
        self.budget_warning = QLabel()
        self.budget_warning.setObjectName("budget_warning")
        self.budget_warning.setWordWrap(True)
        self.budget_warning.setStyleSheet("color: #b00020;")
        layout.addWidget(self.budget_warning)
        self.panel.addTab(page, self.tr("收支与预算执行"))
        self.journals = {}
        for settlement in funds.SETTLEMENTS:
            view, model = sortable_table(RowsTableModel(JOURNAL))
            view.setObjectName(f"journal_{settlement}")
            self.journals[settlement] = model
            self.panel.addTab(view, self.tr(f"{settlement}日记账"))
        self.chart_view = QChartView()
        self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.chart_view.setMinimumSize(360, 300)
        self.panel.addTab(self.chart_view, self.tr("支出图表"))
        return self.panel

    @classmethod
    def count(cls, text: str, filters: dict) -> tuple[list[dict], object]:
        """The list and the side panel from one reading of the year's lines (funds.counting)."""
        with funds.counting():
            return super().count(text, filters)

    @classmethod
    def side_data(cls, filters: dict) -> dict:
        """The year's statement, budget execution, journals and spending by month (plain data,
        counted with the books: on a worker thread when the tab is first shown)."""
        year = _year(filters)
        execution = funds.execution(year)
        for r in execution:
            r.update(budget=money.yuan(r["budget_fen"]), spent=money.yuan(r["spent_fen"]),
                     remaining=money.yuan(r["remaining_fen"]), rate_text=funds_report.rate_text(r["rate"]))
        journals = {}
        for settlement in funds.SETTLEMENTS:
            journal = funds.journal(year, settlement)
            lines = [{"on": None, "number_text": "", "summary": "上年结转", "income": None, "spending": None,
                      "balance": money.yuan(journal["opening_fen"]), "source": ""}]
            lines += [{**r, "income": money.yuan(r["income_fen"]), "spending": money.yuan(r["spending_fen"]),
                       "balance": money.yuan(r["balance_fen"])} for r in journal["rows"]]
            journals[settlement] = lines
        return {"year": year, "statement": dict(funds.statement(year)), "opening": funds.opening(year),
                "closed": funds.closed_months(year), "execution": execution,
                "warnings": funds.budget_warnings(year) + funds.negative_balances(year), "journals": journals,
                "spending": funds.spending_by_month(year)}

    def after_reload(self, _rows: list[dict]) -> None:
        side = self.side
        year, statement, start, closed = side["year"], side["statement"], side["opening"], side["closed"]
        self.summary.setText(
            f"{year}年　年初结余 {money.text(statement['年初结余'])} 元（现金 {money.text(start[funds.CASH])}，"
            f"银行存款 {money.text(start[funds.BANK])}{'' if start['set'] else '，尚未录入'}）<br>"
            f"收入合计 {money.text(statement['收入合计'])} 元　支出合计 {money.text(statement['支出合计'])} 元<br>"
            f"本年结余 {money.text(statement['本年结余'])} 元　年末结余 {money.text(statement['年末结余'])} 元<br>"
            f"已结账：{'、'.join(f'{m}月' for m in closed) or '无'}")
        self.execution.set_rows(side["execution"])
        self.budget_warning.setText("\n".join(side["warnings"]))
        for settlement, model in self.journals.items():
            model.set_rows(side["journals"][settlement])
        self.chart_view.setChart(spending_chart(year, side["spending"]))

    # --- a linked line is edited at its source ---
    def edit(self) -> None:
        row = self.current_row()
        if row and row["linked"]:
            self.show_source(row)
            return
        super().edit()

    def show_source(self, row: dict) -> None:
        source = next(s for s in funds.SOURCES if s.name == row["source"])
        answer = QMessageBox.question(
            self, self.tr("联动记录"),
            self.tr("这笔来自“%s”（%s），已自动记入账簿，在“%s”中修改，不必也不能在经费中改动。\n\n转到“%s”？")
            % (source.name, row["summary"], source.name, source.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        window = self.window()
        name, _, page = source.tab.partition("/")  # "rights/suggestions": a page of the 维权 tab
        tab = getattr(window, name, None)
        if tab is not None and hasattr(window, "tabs"):
            window.tabs.setCurrentWidget(tab)
            if page:
                tab.setCurrentWidget(tab.pages[page])
                tab = tab.pages[page]
            if isinstance(row["record_id"], int) and hasattr(tab, "select"):
                if hasattr(tab, "reload"):
                    tab.reload()  # the record may be newer than the list (another desk, the command line)
                tab.select(row["record_id"])

    # --- the year's books ---
    def set_opening(self) -> None:
        year = self.year()
        start = funds.opening(year)
        dialog = AmountsDialog(self.tr("%d年年初余额") % year, {"现金": start[funds.CASH], "银行存款": start[funds.BANK]},
                               lambda v: funds.set_opening(year, v["现金"], v["银行存款"]), self,
                               self.tr("每年录入一次（上年年末余额）；该年有月份结账后不能再改。"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change()

    def edit_budget(self) -> None:
        year = self.year()
        planned = funds.budgets(year)

        def save(values: dict) -> None:
            for category, text in values.items():
                funds.set_budget(year, category, text or 0)

        dialog = AmountsDialog(self.tr("%d年预算") % year,
                               {c: planned.get(c, 0) for c in funds.categories(funds.SPENDING)}, save, self,
                               self.tr("按支出类别填写经工会委员会通过的年度预算。"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change()

    def edit_limits(self) -> None:
        """The §14 limits that vary by province: settings of the chapter, not constants."""
        per = {limit.name: limit for limit in funds.LIMITS}
        labels = {f"{name}（{'每人每年' if per[name].per == 'year' else '每次'}）": name for name in per}
        current = funds.limits()
        dialog = AmountsDialog(self.tr("慰问限额"), {label: current[name] for label, name in labels.items()},
                               lambda v: funds.set_limits({labels[label]: text for label, text in v.items()}),
                               self, self.tr("超过限额的支出凭证在保存前提示（仍可保存）。按本省规定填写。"))
        dialog.exec()

    def close_month(self) -> None:
        year = self.year()
        today = dt.date.today()
        months = [m for m in range(1, 13) if dt.date(year, m, 1) <= today and m not in funds.closed_months(year)]
        if not months:
            QMessageBox.information(self, self.tr("结账"), self.tr("%d年没有可结账的月份。") % year)
            return
        month, ok = QInputDialog.getItem(self, self.tr("结账"), self.tr("结账后，该月的凭证不能再增删改："),
                                         [f"{year}年{m}月" for m in months], 0, False)
        if ok:
            self._run(self.tr("结账"), lambda: funds.close_month(year, months[[f"{year}年{m}月" for m in months]
                                                                             .index(month)]))

    def reopen_month(self) -> None:
        year = self.year()
        closed = funds.closed_months(year)
        if not closed:
            QMessageBox.information(self, self.tr("反结账"), self.tr("%d年没有已结账的月份。") % year)
            return
        names = [f"{year}年{m}月" for m in closed]
        month, ok = QInputDialog.getItem(self, self.tr("反结账"), self.tr("重新打开哪个月（记入操作日志）："), names,
                                         len(names) - 1, False)
        if not ok:
            return
        reason, ok = QInputDialog.getText(self, self.tr("反结账"), self.tr("原因："))
        if ok:
            self._run(self.tr("反结账"), lambda: funds.reopen_month(year, closed[names.index(month)], reason))

    def _run(self, title: str, action) -> None:
        try:
            action()
        except ValidationError as exc:
            QMessageBox.warning(self, title, exc.reason)
            return
        self._after_change()

    def write_report(self) -> None:
        year = self.year()
        save_file(self, self.tr("经费收支报表"), f"经费收支报表{year}.xlsx", XLSX,
                  lambda path: funds_report.write_funds(path, year) and "已生成收入支出表、预算执行情况表、现金日记账、"
                                                                        "银行存款日记账和经审摘要。",
                  background=True)

    def export_ledger(self) -> None:
        year = self.year()  # read here: the workbook is written on a worker thread
        save_file(self, self.tr("导出凭证"), f"记账凭证{year}.xlsx", XLSX,
                  lambda path: f"已导出 {vouchers_ledger.LEDGER.export(path, year)} 笔。", background=True)
