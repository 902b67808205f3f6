"""困难帮扶 tab: hardship files, assistance paid (one by one or in a batch), donation campaigns;
the year's workbook, the signing list, payment ledgers in."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionoffice.domain import members, money, welfare
from unionoffice.ledgers import assistance as assistance_ledger
from unionoffice.ui.common import undo
from unionoffice.ui.common.bars import Bar, year_combo
from unionoffice.ui.common.saving import PDF, XLSX, save_file
from unionoffice.ui.common.ledger_import import LedgerImport
from unionoffice.ui.common.views import opens_with, select_record, sortable_table
from unionoffice.ui.common.table_model import RECORD_ROLE, RowsTableModel
from unionoffice.ui.common.tasks import Refresher
from unionoffice.ui.welfare import printing
from unionoffice.ui.welfare.dialogs import AssistanceDialog, CampaignDialog, CaseDialog, StepDialog


def _cases(f: welfare.CaseFilter) -> list[dict]:
    rows = welfare.cases(f)
    for r in rows:
        r["per_capita"] = money.yuan(r["per_capita_fen"])
    return rows


def _payments(f: welfare.AssistanceFilter) -> list[dict]:
    rows = welfare.assistance(f)
    for r in rows:
        r["amount"] = money.yuan(r["amount_fen"])
        r["signed_text"] = "√" if r["signed"] else ""
    return rows


def _campaigns() -> list[dict]:
    rows = welfare.campaigns()
    for r in rows:
        r["collected"], r["paid"], r["balance"] = (money.yuan(r["collected_fen"]), money.yuan(r["paid_fen"]),
                                                   money.yuan(r["balance_fen"]))
    return rows


def _lists(cases: welfare.CaseFilter, payments: welfare.AssistanceFilter) -> tuple[list[dict], list[dict], list[dict]]:
    """The tab's three lists as plain data (read on a worker thread when the tab is first shown)."""
    return _cases(cases), _payments(payments), _campaigns()


class WelfareTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.pages = QTabWidget()
        self.pages.addTab(self._cases_page(), self.tr("困难职工档案"))
        self.pages.addTab(self._payments_page(), self.tr("帮扶发放"))
        self.pages.addTab(self._campaigns_page(), self.tr("捐款"))
        layout.addWidget(self.pages)
        self.importer = LedgerImport.declared(self, assistance_ledger.LEDGER, lambda _s: self._after_change())
        self.loaded = False  # 5,000 payments are listed when the tab is first shown, not at start-up
        self.ready = False  # listed

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.load_in_background()

    def load_in_background(self) -> None:
        """The first listing is read on a worker thread (5,000 payments froze the window a few tenths
        of a second) while the lists say 正在读取…; ``ready`` once shown. A reload meanwhile (a
        change, another filter) is read on the GUI thread as ever and wins."""
        self.loaded, self.ready = True, False
        for status in (self.case_status, self.pay_status):
            status.setText(self.tr("正在读取…"))
        if not hasattr(self, "_refresher"):
            self._refresher = Refresher(self, _lists, self._loaded, self._load_failed)
        self._first = request = (self._case_filter(), self._pay_filter())
        self._refresher.request(*request)

    def _loaded(self, lists: tuple[list[dict], list[dict], list[dict]]) -> None:
        if self.ready:
            return  # reloaded meanwhile: shown already
        cases, payments = self._first  # a list searched or filtered since was read and shown then
        if cases == self._case_filter():
            self._show_cases(lists[0])
        if payments == self._pay_filter():
            self._show_payments(lists[1])
        self._show_campaigns(lists[2])
        self.ready = True

    def _load_failed(self, error: Exception) -> None:
        if not self.ready:
            for status in (self.case_status, self.pay_status):
                status.setText(self.tr("无法读取：%s") % error)


    # --- pages ---
    def _cases_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.case_search = QLineEdit()
        self.case_search.setPlaceholderText(self.tr("姓名或拼音首字母"))
        self.case_search.textChanged.connect(self.reload_cases)
        top.addWidget(self.case_search, 1)
        buttons = Bar.of_buttons(((self.tr("新建档案…"), self.new_case), (self.tr("打开"), self.open_case),
                                  (self.tr("下一步…"), self.advance, "advance"), (self.tr("年度复核…"), self.review),
                                  (self.tr("退档…"), self.close_case)))
        self.advance_button = buttons.findChild(QPushButton, "button_advance")
        widest = max((self.tr("下一步：%s…") % step for step in welfare.FLOW[1:]),
                     key=self.advance_button.fontMetrics().horizontalAdvance)
        self.advance_button.setMinimumWidth(self.advance_button.fontMetrics().horizontalAdvance(widest) + 24)
        top.addWidget(buttons, 2)
        layout.addLayout(top)
        filters = Bar()
        self.c_category = QComboBox()
        self.c_category.addItem(self.tr("全部类别"), "")
        for c in welfare.CATEGORIES:
            self.c_category.addItem(c, c)
        self.c_stage = QComboBox()
        self.c_stage.addItem(self.tr("全部环节"), "")
        for s in welfare.FLOW + (welfare.CLOSED,):
            self.c_stage.addItem(s, s)
        self.c_status = QComboBox()
        self.c_status.addItem(self.tr("全部状态"), "")
        for s in ("增量", "存量", "返困"):
            self.c_status.addItem(s, s)
        self.c_year = year_combo()
        for w in (self.c_category, self.c_stage, self.c_status, self.c_year):
            w.currentIndexChanged.connect(self.reload_cases)
            filters.addWidget(w)
        layout.addWidget(filters)
        self.case_model = RowsTableModel([("name", "姓名"), ("department", "部门"), ("category", "档案类别"),
                                          ("status", "档案状态"), ("stage", "流程环节"), ("main_cause", "主要致困原因"),
                                          ("family_size", "家庭人口"), ("per_capita", "月人均收入（元）"),
                                          ("applied_on", "申请日期"), ("filed_on", "建档日期"),
                                          ("reviewed_on", "最近复核")], self)
        self.case_view, self.case_proxy = sortable_table(self.case_model)
        self.case_view.setObjectName("cases")
        self.case_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # by name, as the roster
        opens_with(self.case_view, self.open_case)
        self.case_view.selectionModel().selectionChanged.connect(lambda *_: self._name_next_step())
        layout.addWidget(self.case_view, 1)
        self.case_status = QLabel()
        layout.addWidget(self.case_status)
        return page

    def _payments_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        top = QHBoxLayout()
        self.pay_search = QLineEdit()
        self.pay_search.setPlaceholderText(self.tr("姓名、拼音首字母或批次"))
        self.pay_search.textChanged.connect(self.reload_payments)
        top.addWidget(self.pay_search, 1)
        top.addWidget(Bar.of_buttons(((self.tr("登记帮扶…"), self.pay), (self.tr("批量发放…"), self.pay_batch),
                                       (self.tr("已签收"), self.mark_signed), (self.tr("删除"), self.delete_payment),
                                       (self.tr("签领表PDF…"), self.signing_list),
                                       (self.tr("导出帮扶台账…"), self.export),
                                       (self.tr("导入发放明细…"), self.import_ledger))), 2)
        layout.addLayout(top)
        filters = Bar()
        self.p_kind = QComboBox()
        self.p_kind.addItem(self.tr("全部类型"), "")
        for k in welfare.KINDS:
            self.p_kind.addItem(k, k)
        self.p_year = year_combo()
        for w in (self.p_kind, self.p_year):
            w.currentIndexChanged.connect(self.reload_payments)
            filters.addWidget(w)
        layout.addWidget(filters)
        self.pay_model = RowsTableModel([("on", "日期"), ("name", "姓名"), ("department", "部门"), ("kind", "类型"),
                                         ("occasion", "事由"), ("amount", "金额（元）"), ("goods", "实物"),
                                         ("source", "资金来源"), ("approver", "审批人"), ("signed_text", "签收"),
                                         ("batch", "批次")], self)
        self.pay_view, self.pay_proxy = sortable_table(self.pay_model)
        layout.addWidget(self.pay_view, 1)
        self.pay_status = QLabel()
        self.pay_status.setObjectName("pay_status")
        layout.addWidget(self.pay_status)
        return page

    def _campaigns_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(Bar.of_buttons(((self.tr("新建捐款活动…"), self.new_campaign),
                                          (self.tr("打开（登记捐款）"), self.open_campaign))))
        self.campaign_model = RowsTableModel([("cause", "捐款事由"), ("starts_on", "开始日期"), ("donors", "捐款笔数"),
                                              ("collected", "收到（元）"), ("paid", "已支出（元）"),
                                              ("balance", "余额（元）")], self)
        self.campaign_view, self.campaign_proxy = sortable_table(self.campaign_model)
        opens_with(self.campaign_view, self.open_campaign)
        layout.addWidget(self.campaign_view, 1)
        return page

    # --- loading ---
    def reload(self) -> None:
        self.loaded = True
        self.reload_cases()
        self.reload_payments()
        self.reload_campaigns()
        self.ready = True

    def _case_filter(self) -> welfare.CaseFilter:
        return welfare.CaseFilter(self.case_search.text(), self.c_category.currentData() or "",
                                  self.c_stage.currentData() or "", self.c_status.currentData() or "",
                                  self.c_year.currentData())

    def _pay_filter(self) -> welfare.AssistanceFilter:
        return welfare.AssistanceFilter(self.pay_search.text(), self.p_kind.currentData() or "",
                                        self.p_year.currentData())

    def reload_cases(self, *_args) -> None:
        self._show_cases(_cases(self._case_filter()))

    def _show_cases(self, rows: list[dict]) -> None:
        selected = self._current(self.case_view)
        self.case_model.set_rows(rows)
        if selected is not None:
            select_record(self.case_view, selected)  # the case just worked on stays selected
        filed = sum(r["stage"] == "建档" for r in rows)
        self.case_status.setText(self.tr("共 %d 份档案，其中已建档 %d 份") % (len(rows), filed))
        self._name_next_step()

    def _current(self, view) -> int | None:
        index = view.currentIndex()
        if not index.isValid() or not view.selectionModel().isRowSelected(index.row()):
            return None
        return view.model().data(index, RECORD_ROLE)["id"]

    def _name_next_step(self) -> None:
        """The 下一步 button names the step it records (入户调查, 公示 …) for the selected case."""
        case_id = self._current(self.case_view)
        row = self.case_model.data(self.case_view.currentIndex(), RECORD_ROLE) if case_id else None
        step = welfare.next_step(row["stage"]) if row else None
        self.advance_button.setText(self.tr("下一步：%s…") % step if step else self.tr("下一步…"))
        self.advance_button.setToolTip(self.tr("记录所选档案的下一环节“%s”") % step if step else
                                       welfare.no_next_step(row["stage"]) if row else
                                       self.tr("先在列表中选择一份档案"))

    def reload_payments(self, *_args) -> None:
        self._show_payments(_payments(self._pay_filter()))

    def _show_payments(self, rows: list[dict]) -> None:
        selected = self._current(self.pay_view)
        self.pay_model.set_rows(rows)
        if selected is not None:
            select_record(self.pay_view, selected)
        self.pay_status.setText(self.tr("共 %d 人次，金额合计 %s 元，未签收 %d 笔") % (
            len(rows), money.text(sum(r["amount_fen"] for r in rows)), sum(not r["signed"] for r in rows)))

    def reload_campaigns(self) -> None:
        self._show_campaigns(_campaigns())

    def _show_campaigns(self, rows: list[dict]) -> None:
        selected = self._current(self.campaign_view)
        self.campaign_model.set_rows(rows)
        if selected is not None:
            select_record(self.campaign_view, selected)

    def _after_change(self) -> None:
        self.reload()
        self.changed.emit()

    def _selected(self, view, proxy) -> dict | None:
        index = view.currentIndex()
        if not index.isValid():
            QMessageBox.information(self, self.tr("困难帮扶"), self.tr("请先在列表中选择一项。"))
            return None
        return proxy.data(index, RECORD_ROLE)

    # --- files ---
    def new_case(self) -> None:
        dialog = CaseDialog(None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change()

    def open_case(self) -> None:
        row = self._selected(self.case_view, self.case_proxy)
        if row:
            dialog = CaseDialog(row["id"], self)
            dialog.exec()
            if dialog.changed:
                self._after_change()

    def _step(self, title: str, action, **kw) -> None:
        row = self._selected(self.case_view, self.case_proxy)
        if row and StepDialog(title, lambda d, a, n: action(row["id"], d, a, n), self, **kw).exec() \
                == QDialog.DialogCode.Accepted:
            self._after_change()

    def advance(self) -> None:
        row = self._selected(self.case_view, self.case_proxy)
        if not row:
            return
        stage = welfare.get_case(row["id"]).stage  # as saved now (another desk may have moved it on)
        step = welfare.next_step(stage)
        if step is None:
            QMessageBox.information(self, self.tr("档案下一步"), f"{row['name']}：{welfare.no_next_step(stage)}。")
            self.reload_cases()
            return
        self._step(self.tr("下一步：%s — %s") % (step, row["name"]),
                   lambda i, d, a, n: welfare.advance(i, d, a, n), step=step)

    def review(self) -> None:
        self._step(self.tr("年度复核"), lambda i, d, a, n: welfare.review(i, d, a, n))

    def close_case(self) -> None:
        self._step(self.tr("退档"), lambda i, d, a, n: welfare.close_case(i, n, d, a), reason_label=self.tr("退档原因"))

    # --- payments ---
    def pay(self) -> None:
        dialog = AssistanceDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            name = members.get_person(dialog.person.person_id()).name
            self._undoable_payments(self.tr("登记%s（%s）") % (dialog.kind.currentText(), name), dialog.saved)
            self._after_change()

    def pay_batch(self) -> None:
        dialog = AssistanceDialog(self, batch=True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._undoable_payments(self.tr("批量发放%s（%d 人次）") % (dialog.kind.currentText(), len(dialog.saved)),
                                    dialog.saved)
            self._after_change()
            QMessageBox.information(self, self.tr("批量发放"), self.tr("已登记 %d 人次。按 Ctrl+Z 可撤销这一批。")
                                    % len(dialog.saved))

    def _undoable_payments(self, text: str, ids: list[int]) -> None:
        """Payments just registered go on the window's undo stack as one step: undone, they are
        taken back together (refused once one is signed for); redone, registered again."""
        state = {"ids": list(ids), "kept": []}

        def take_back():
            state["kept"] = welfare.take_back_payments(state["ids"])

        def restore():
            state["ids"] = welfare.restore_payments(state["kept"])

        undo.push(self, text, take_back, restore, self._after_change)

    def mark_signed(self) -> None:
        row = self._selected(self.pay_view, self.pay_proxy)
        if row:
            welfare.mark_signed(row["id"], not row["signed"])
            self._after_change()

    def delete_payment(self) -> None:
        row = self._selected(self.pay_view, self.pay_proxy)
        if row and QMessageBox.question(self, self.tr("删除"), self.tr("删除 %s 的这笔帮扶记录？") % row["name"]) \
                == QMessageBox.StandardButton.Yes:
            welfare.delete_assistance(row["id"])
            self._after_change()

    def signing_list(self) -> None:
        rows = sorted(self.pay_model.rows(), key=lambda r: (r["on"], r["id"]))
        if not rows:
            return
        title = f"帮扶发放明细（{self.p_year.currentText()}{'·' + self.p_kind.currentText() if self.p_kind.currentData() else ''}）"
        save_file(self, self.tr("保存签领表"), "帮扶签领表.pdf", PDF,
                  lambda path: printing.to_pdf(rows, title, path) and f"签领表已保存（{len(rows)} 笔）。")

    def export(self) -> None:
        year, ok = QInputDialog.getInt(self, self.tr("导出帮扶台账"), self.tr("年度："),
                                       self.p_year.currentData() or dt.date.today().year, 2000, 2100)
        if not ok:
            return
        full = QMessageBox.question(self, self.tr("导出帮扶台账"),
                                    self.tr("导出完整的证件号码和银行卡号吗？\n（选“否”则屏蔽显示）")) \
            == QMessageBox.StandardButton.Yes

        def write(path: str) -> str:
            written = assistance_ledger.export_workbook(path, year, full=full)
            return (f"档案 {written['cases']} 份，发放 {written['payments']} 人次，"
                    f"合计 {money.text(written['paid_fen'])} 元。")
        save_file(self, self.tr("导出帮扶台账"), f"困难帮扶台账{year}.xlsx", XLSX, write, background=True)

    def import_ledger(self) -> None:
        self.importer.choose_and_start()

    # --- campaigns ---
    def new_campaign(self) -> None:
        dialog = CampaignDialog(None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change()
            CampaignDialog(dialog.campaign_id, self).exec()
            self._after_change()

    def open_campaign(self) -> None:
        row = self._selected(self.campaign_view, self.campaign_proxy)
        if row:
            dialog = CampaignDialog(row["id"], self)
            dialog.exec()
            if dialog.changed:
                self._after_change()



