"""劳动争议调解 page of the 维权 tab: the 调解委员会's cases — 申请 (书面, or 口头 written down), 受理
or 不予受理, the 15 days counted and flagged, 结案 with a numbered 调解协议书 on A4 — declared as a
register."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

from unionoffice.domain import mediation, money
from unionoffice.ledgers import mediations as mediations_ledger
from unionoffice.ui.common import printing as common_printing
from unionoffice.ui.common.dates import date_edit
from unionoffice.ui.common.dialogs import Std, button_box
from unionoffice.ui.common.people import PersonField
from unionoffice.ui.common.register import (
    Action,
    Field,
    Filter,
    Ledger,
    RecordDialog,
    Register,
    RegisterTab,
    Step,
    selected,
)
from unionoffice.ui.common.saving import PDF, save_file
from unionoffice.ui.rights import printing
from unionoffice.ui.rights.contracts import FormDialog

COLUMNS = [("number", "案号"), ("applied_on", "申请日期"), ("name", "申请人"), ("department", "部门"),
           ("kind", "争议类型"), ("people", "涉及人数"), ("collective", "集体争议"), ("state", "状态"),
           ("accepted_on", "受理日期"), ("limit_on", "调解期限"), ("days_left", "剩余天数"),
           ("mediator", "调解员"), ("closed_on", "结案日期")]
STATE_COLOURS = {mediation.OVERDUE: "#c62828", mediation.MEDIATING: "#1b7f3b", mediation.WAITING: "#b26a00",
                 mediation.REFUSED: "#777777", mediation.WITHDRAWN: "#777777"}


def _status(rows: list[dict]) -> str:
    by_state = {s: sum(r["state"] == s for r in rows) for s in mediation.STATES}
    collective = sum(bool(r["collective"]) for r in rows)
    return (f"共 {len(rows)} 件：" + " · ".join(f"{s} {n}" for s, n in by_state.items() if n)
            + (f"；其中集体争议 {collective} 件" if collective else ""))


REGISTER = Register(
    title="劳动争议调解", object_name="mediations", columns=COLUMNS,
    search_hint="搜索案号、申请人、争议类型、调解员",
    query=lambda text, f: mediation.search(text, f["state"], f["year"]),
    status=_status,
    filters=[Filter("state", "全部状态", mediation.STATES), Filter("year", year=True)],
    actions=[Action("add", "登记申请", "add", "Ctrl+N"),
             Action("edit", "打开", "edit", when=selected),
             Step("accept", "受理…", title="受理调解申请", date_label="受理日期", who_label="调解员",
                  call=lambda case_id, on, who: mediation.accept(case_id, who, on),
                  when=lambda r: r["state"] == mediation.WAITING),
             Action("refuse", "不予受理…", "refuse", when=lambda r: r["state"] == mediation.WAITING),
             Action("close", "结案…", "close_case",
                    when=lambda r: r["state"] in (mediation.MEDIATING, mediation.OVERDUE)),
             Action("print", "打印协议书…", "print_agreement", "Ctrl+P",
                    when=lambda r: r["state"] == mediation.SUCCESS),
             Action("pdf", "协议书PDF…", "agreement_pdf", when=lambda r: r["state"] == mediation.SUCCESS),
             Action("delete", "删除", "delete", when=lambda r: r["state"] == mediation.WAITING),
             Action("export", "导出台账…", "export_ledger"),
             Action("import", "导入台账…", "import_ledger")],
    sort=(1, Qt.SortOrder.DescendingOrder),
    widths={0: 150, 4: 140},
    colour=lambda r: STATE_COLOURS.get(r["state"]),
    ledger=Ledger(mediations_ledger.LEDGER),
    search_width=240, bar_stretch=4,
    remove=mediation.delete, remove_question=lambda _id: "删除这件尚未受理的申请？",
)


def _applicant(record) -> PersonField:
    field = PersonField(include_left=True)
    field.search.setObjectName("applicant_search")
    field.choice.setObjectName("applicant_choice")
    if record is not None:
        field.set_person(record.person_id)
        field.setEnabled(False)
    return field


class MediationDialog(RecordDialog):
    domain = mediation
    fields = [Field("person", "申请人", required=True, make=_applicant, read=lambda w: w.person_id()),
              Field("applied_on", "申请日期", required=True,
                    make=lambda r: date_edit(r.applied_on if r else None), read=lambda w: w.date().toPython()),
              Field("kind", "争议类型", "choice", required=True, choices=mediation.KINDS, in_place=True),
              Field("people", "涉及人数", "number", default=1,
                    options={"minimum": 1, "maximum": 100_000, "suffix": " 人"}, in_place=True),
              Field("amount", "涉及金额（元）", load=lambda r: money.text(r.amount_fen)),
              Field("how", "申请方式", "choice", choices=mediation.WAYS),
              Field("request", "申请事项", "multiline"),
              Field("note", "备注", "multiline")]

    def __init__(self, case_id: int | None = None, parent: QWidget | None = None):
        super().__init__(case_id, parent)
        case = self.record
        self.setWindowTitle(self.tr("登记调解申请") if case is None else self.tr("调解案件 %s") % case.number)
        self.resize(640, 600)
        page = self.form_page()
        self.person.setEnabled(case is None)
        self.request.setPlaceholderText(self.tr("申请人的请求和理由；口头申请的，由调解委员会当场记录"))
        layout = QVBoxLayout(self)
        if case is not None:
            state = QLabel(self._state(case))
            state.setObjectName("state")
            state.setWordWrap(True)
            layout.addWidget(state)
        layout.addWidget(page)
        layout.addWidget(self.error)
        layout.addWidget(button_box(self, Std.Save, Std.Cancel))

    @staticmethod
    def _state(case) -> str:
        text = f"案号：{case.number}　状态：{mediation.state(case)}"
        if case.people >= mediation.COLLECTIVE:
            text += "（集体争议）"
        if case.accepted_on:
            text += f"　受理 {case.accepted_on:%Y-%m-%d}，调解员 {case.mediator}，期限至 {mediation.limit_on(case.accepted_on):%Y-%m-%d}"
        if case.refusal:
            text += f"　不予受理理由：{case.refusal}"
        if case.agreement_no:
            text += f"　调解协议书 {case.agreement_no}"
        return text


class RefuseDialog(FormDialog):
    def __init__(self, case_id: int, parent: QWidget | None = None):
        super().__init__(self.tr("不予受理"), parent)
        self.case_id = case_id
        self.on = date_edit()
        self.on.setMaximumDate(QDate.currentDate())
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(self.tr("如：已申请劳动仲裁、不属于劳动争议"))
        self.form.addRow(self.tr("决定日期"), self.on)
        self.form.addRow(self.tr("不予受理理由 *"), self.reason)

    def save(self) -> None:
        mediation.refuse(self.case_id, self.reason.text(), self.on.date().toPython())


class CloseDialog(FormDialog):
    """结案: the result; a success gets the agreement's text and, on saving, its number."""

    def __init__(self, case_id: int, parent: QWidget | None = None):
        super().__init__(self.tr("结案"), parent)
        self.case_id = case_id
        self.resize(560, 420)
        case = mediation.get(case_id)
        self.on = date_edit()
        self.on.setMaximumDate(QDate.currentDate())
        self.result = QComboBox()
        self.result.setObjectName("result")
        self.result.addItems(mediation.ENDINGS)
        self.agreement = QPlainTextEdit()
        self.agreement.setObjectName("agreement")
        self.agreement.setPlaceholderText(self.tr("调解成功时写明双方达成的协议内容"))
        limit = mediation.limit_on(case.accepted_on)
        self.form.addRow(self.tr("调解期限"), QLabel(self.tr("受理后 15 日，至 %s") % f"{limit:%Y-%m-%d}"))
        self.form.addRow(self.tr("结案日期"), self.on)
        self.form.addRow(self.tr("调解结果"), self.result)
        self.form.addRow(self.tr("协议内容"), self.agreement)

    def save(self) -> None:
        mediation.close(self.case_id, self.result.currentText(), self.on.date().toPython(),
                        self.agreement.toPlainText())


class MediationTab(RegisterTab):
    register = REGISTER
    dialog = MediationDialog

    def refuse(self) -> None:
        self.with_dialog(lambda case_id: RefuseDialog(case_id, self))

    def close_case(self) -> None:
        self.with_dialog(lambda case_id: CloseDialog(case_id, self))

    def print_agreement(self) -> None:
        case_id = self._need_selection()
        if case_id:
            case = mediation.get(case_id)
            common_printing.preview(self, self.tr("打印预览 — 调解协议书"), lambda printer: common_printing.print_document(
                printing.agreement_document(case), printer))

    def agreement_pdf(self) -> None:
        case_id = self._need_selection()
        if case_id:
            case = mediation.get(case_id)
            save_file(self, self.tr("导出PDF"), f"调解协议书{case.agreement_no}.pdf", PDF,
                      lambda path: printing.agreement_pdf(case, path) and "已导出 PDF。")

