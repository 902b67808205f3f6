"""集体合同 page of the 维权 tab: the contracts with their process (要约 → 协商 → 草案 → 职代会审议 →
签字 → 报送 → 生效 → 公示), what needs doing now, the 要约书 and 协商记录 on A4, the ledger out and in —
declared as a register."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionoffice.domain import congress, contracts
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import contracts as contracts_ledger
from unionoffice.ui.common import printing as common_printing
from unionoffice.ui.common.dates import date_edit
from unionoffice.ui.common.dialogs import Std, button_box, error_label
from unionoffice.ui.common.register import (
    Action,
    Field,
    Filter,
    Ledger,
    RecordDialog,
    Register,
    RegisterTab,
    Step,
    attachment_text,
    button_row,
    selected,
)
from unionoffice.ui.common.saving import PDF, save_file
from unionoffice.ui.common.table_model import RECORD_ROLE, RowsTableModel
from unionoffice.ui.rights import printing

COLUMNS = [("name", "合同名称"), ("kind", "类型"), ("stage", "环节"), ("standing", "效力"),
           ("starts_on", "起始日期"), ("ends_on", "终止日期"), ("covered", "覆盖职工人数"),
           ("meetings", "协商次数"), ("proposed_on", "要约日期"), ("signed_on", "签订日期")]
STANDING_COLOURS = {"有效期内": "#1b7f3b", "已到期": "#777777"}


def _status(rows: list[dict]) -> str:
    live = sum(r["standing"] == "有效期内" for r in rows)
    talking = sum(r["stage"] in contracts.STAGES[:4] for r in rows)
    return f"共 {len(rows)} 份：有效期内 {live} 份 · 协商中 {talking} 份"


REGISTER = Register(
    title="集体合同", object_name="contracts", columns=COLUMNS,
    search_hint="搜索合同名称、类型",
    query=lambda text, f: contracts.search(text, f["kind"], f["year"]),
    status=_status,
    filters=[Filter("kind", "全部类型", contracts.KINDS), Filter("year", year=True)],
    actions=[Action("add", "新建要约", "add", "Ctrl+N"),
             Action("edit", "打开", "edit", when=selected),
             Step("answer", "回应…", title="对方回应要约", date_label="回应日期",
                  call=lambda cid, on, _who: contracts.answer(cid, on),
                  when=lambda r: r["stage"] == contracts.PROPOSED),
             Action("meeting", "协商…", "add_meeting", when=lambda r: r["stage"] == contracts.NEGOTIATING),
             Step("draft", "草案…", title="形成草案", date_label="草案日期",
                  call=lambda cid, on, _who: contracts.draft(cid, on),
                  when=lambda r: r["stage"] == contracts.NEGOTIATING),
             Action("vote", "审议…", "vote", when=lambda r: r["stage"] == contracts.DRAFTED),
             Action("sign", "签字…", "sign", when=lambda r: r["stage"] == contracts.VOTED),
             Step("file", "报送…", title="报送劳动行政部门", date_label="报送日期",
                  call=lambda cid, on, _who: contracts.file(cid, on),
                  when=lambda r: r["stage"] == contracts.SIGNED),
             Step("publicise", "公示…", title="向全体职工公示（生成厂务公开事项）", date_label="公示日期",
                  allow_future=True, call=lambda cid, on, _who: contracts.publicise(cid, on),
                  when=lambda r: r["stage"] in (contracts.FILED, contracts.EFFECTIVE)),
             Action("delete", "删除", "delete", when=lambda r: not r["signed_on"]),
             Action("export", "导出台账…", "export_ledger"),
             Action("import", "导入台账…", "import_ledger")],
    sort=(4, Qt.SortOrder.DescendingOrder),
    widths={0: 260, 1: 180},
    colour=lambda r: STANDING_COLOURS.get(r["standing"]),
    ledger=Ledger(contracts_ledger.LEDGER),
    search_width=170, bar_stretch=5, side_stretch=(4, 1),
    remove=contracts.delete, remove_question=lambda _id: "删除这份尚未签字的集体合同及其协商记录？",
)


# --- dialogs ------------------------------------------------------------------------------------
def _date_field(key: str, label: str) -> Field:
    return Field(key, label, make=lambda record: date_edit(getattr(record, key) if record else None),
                 read=lambda widget: widget.date().toPython())


class ContractDialog(RecordDialog):
    domain = contracts
    fields = [Field("name", "合同名称", required=True, in_place=True),
              Field("kind", "类型", "choice", required=True, choices=contracts.KINDS, in_place=True),
              Field("proposer", "要约方", "choice", choices=contracts.PROPOSERS),
              _date_field("proposed_on", "要约日期"),
              Field("proposal", "要约内容", "multiline"),
              Field("covered", "覆盖职工人数", "number", options={"maximum": 1_000_000, "suffix": " 人"}, in_place=True),
              Field("wage_increase", "工资增长幅度"),
              Field("text", "合同文本", "multiline"),
              Field("note", "备注", "multiline")]

    def __init__(self, contract_id: int | None = None, parent: QWidget | None = None):
        super().__init__(contract_id, parent)
        c = self.record
        self.setWindowTitle(self.tr("新建集体协商要约") if c is None else self.tr("集体合同 — %s") % c.name)
        self.resize(820, 680)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.form_page(), self.tr("合同"))
        self.proposed_on.setEnabled(c is None)  # the 要约's day is set once, when it is made
        self.wage_increase.setPlaceholderText(self.tr("工资专项集体合同必填，如：职工平均工资增长 5%"))
        layout = QVBoxLayout(self)
        if c is not None:
            progress = QLabel(self._progress(c))
            progress.setObjectName("progress")
            progress.setWordWrap(True)
            layout.addWidget(progress)
            self.form.addRow(self.tr("要约书"), button_row(((self.tr("打印要约书…"), self.print_proposal, "print_proposal"),
                                                         (self.tr("要约书PDF…"), self.proposal_pdf, "proposal_pdf"))))
            self.tabs.addTab(self._meetings_page(), self.tr("协商会议"))
            self.tabs.addTab(self._attachments_page(), self.tr("附件"))
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(button_box(self, Std.Save, Std.Cancel))

    @staticmethod
    def _progress(c) -> str:
        steps = [("要约", c.proposed_on), ("回应", c.answered_on), ("草案", c.draft_on), ("审议", c.voted_on),
                 ("签字", c.signed_on), ("报送", c.filed_on), ("生效", contracts.effective_on(c)),
                 ("公示", c.publicised_on)]
        done = " → ".join(f"{name} {day:%Y-%m-%d}" for name, day in steps if day)
        vote = f"；赞成 {c.votes_for} 票 / 全体代表 {c.votes_entitled} 人" if c.voted_on else ""
        term = f"；合同期限 {c.starts_on:%Y-%m-%d} 至 {c.ends_on:%Y-%m-%d}" if c.starts_on and c.ends_on else ""
        return f"环节：{contracts.stage(c)}（{done}{vote}{term}）"

    def print_proposal(self) -> None:
        print_proposal(self, contracts.get(self.record_id))

    def proposal_pdf(self) -> None:
        proposal_pdf(self, contracts.get(self.record_id))

    # --- 协商会议 ---
    def _meetings_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.meetings_model = RowsTableModel([("number", "次"), ("held_on", "日期"), ("place", "地点"),
                                              ("union_chief", "职工方首席代表"),
                                              ("employer_chief", "企业方首席代表"), ("record", "协商记录")], self)
        self.meetings_view = QTableView()
        self.meetings_view.setObjectName("meetings")
        self.meetings_view.setModel(self.meetings_model)
        self.meetings_view.verticalHeader().hide()
        self.meetings_view.horizontalHeader().setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        self.meetings_view.doubleClicked.connect(lambda *_: self.edit_meeting())
        layout.addWidget(self.meetings_view)
        layout.addLayout(button_row(((self.tr("登记协商会议…"), self.add_meeting, "add_meeting"),
                                     (self.tr("修改所选…"), self.edit_meeting, "edit_meeting"),
                                     (self.tr("打印协商记录…"), self.print_meeting, "print_meeting"),
                                     (self.tr("协商记录PDF…"), self.meeting_pdf, "meeting_pdf"))))
        self._load_meetings()
        return page

    def _load_meetings(self) -> None:
        self.meetings_model.set_rows([
            {"id": m.id, "number": n, "held_on": m.held_on, "place": m.place, "union_chief": m.union_chief,
             "employer_chief": m.employer_chief, "record": m.record.replace("\n", " "), "item": m}
            for n, m in enumerate(contracts.meetings(self.record_id), start=1)])

    def _selected_meeting(self):
        index = self.meetings_view.currentIndex()
        if not index.isValid():
            return None
        row = self.meetings_model.data(index, RECORD_ROLE)
        return row["item"], row["number"]

    def add_meeting(self) -> None:
        if MeetingDialog(self.record_id, None, self).exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            self._load_meetings()

    def edit_meeting(self) -> None:
        chosen = self._selected_meeting()
        if chosen and MeetingDialog(self.record_id, chosen[0], self).exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            self._load_meetings()

    def print_meeting(self) -> None:
        chosen = self._selected_meeting()
        if chosen:
            c = contracts.get(self.record_id)
            common_printing.preview(self, self.tr("打印预览 — 协商记录"), lambda printer: common_printing.print_document(
                printing.meeting_document(c, chosen[0], chosen[1]), printer))

    def meeting_pdf(self) -> None:
        chosen = self._selected_meeting()
        if chosen:
            c = contracts.get(self.record_id)
            save_file(self, self.tr("导出PDF"), f"{c.name}第{chosen[1]}次协商记录.pdf", PDF,
                      lambda path: printing.meeting_pdf(c, chosen[0], chosen[1], path) and "已导出 PDF。")

    # --- 附件 ---
    def _attachments_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.attachments = QListWidget()
        layout.addWidget(self.attachments)
        layout.addLayout(button_row(((self.tr("添加附件…"), lambda: self.attach_file(self.tr("选择附件"),
                                                                                 self._load_attachments)),
                                     (self.tr("另存附件…"), lambda: self.save_attachment_of(self.attachments)),
                                     (self.tr("删除附件"), lambda: self.remove_attachment_of(
                                         self.attachments, self._load_attachments)))))
        self._load_attachments()
        return page

    def _load_attachments(self) -> None:
        self.attachments.clear()
        for attachment_id, name, size in contracts.attachments(self.record_id):
            item = QListWidgetItem(attachment_text(name, size))
            item.setData(RECORD_ROLE, attachment_id)
            self.attachments.addItem(item)


def print_proposal(parent: QWidget, c) -> None:
    common_printing.preview(parent, parent.tr("打印预览 — 要约书"), lambda printer: common_printing.print_document(
        printing.proposal_document(c), printer))


def proposal_pdf(parent: QWidget, c) -> None:
    save_file(parent, parent.tr("导出PDF"), f"{c.name}要约书.pdf", PDF,
              lambda path: printing.proposal_pdf(c, path) and "已导出 PDF。")


class FormDialog(QDialog):
    """A small dialog of a form and an error line; ``save()`` calls the domain and may refuse."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        layout.addWidget(self.error)
        layout.addWidget(button_box(self))

    def save(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.save()
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class MeetingDialog(FormDialog):
    """A 协商会议: its date and place, both sides' 首席代表 and members, and the 协商记录."""

    def __init__(self, contract_id: int, meeting=None, parent: QWidget | None = None):
        super().__init__(self.tr("协商会议"), parent)
        self.contract_id, self.meeting = contract_id, meeting
        self.resize(640, 560)
        m = meeting
        self.held_on = date_edit(m.held_on if m else None)
        self.place = QLineEdit(m.place if m else "")
        self.union_chief = QLineEdit(m.union_chief if m else "")
        self.union_members = QLineEdit(m.union_members if m else "")
        self.employer_chief = QLineEdit(m.employer_chief if m else "")
        self.employer_members = QLineEdit(m.employer_members if m else "")
        self.record = QPlainTextEdit(m.record if m else "")
        for name in ("union_members", "employer_members"):
            getattr(self, name).setPlaceholderText(self.tr("姓名以顿号分隔"))
        for label, widget in ((self.tr("会议日期"), self.held_on), (self.tr("地点"), self.place),
                              (self.tr("职工方首席代表 *"), self.union_chief),
                              (self.tr("职工方协商代表"), self.union_members),
                              (self.tr("企业方首席代表 *"), self.employer_chief),
                              (self.tr("企业方协商代表"), self.employer_members),
                              (self.tr("协商记录"), self.record)):
            widget.setObjectName(widget.objectName() or label.rstrip(" *"))
            self.form.addRow(label, widget)

    def save(self) -> None:
        contracts.save_meeting(self.contract_id, {
            "held_on": self.held_on.date().toPython(), "place": self.place.text(),
            "union_chief": self.union_chief.text(), "union_members": self.union_members.text(),
            "employer_chief": self.employer_chief.text(), "employer_members": self.employer_members.text(),
            "record": self.record.toPlainText()}, self.meeting.id if self.meeting else None)


class VoteDialog(FormDialog):
    """职代会（职工大会）审议: which congress, the day and the votes for; passed only by more than half of
    all its representatives."""

    def __init__(self, contract_id: int, parent: QWidget | None = None):
        super().__init__(self.tr("职代会审议草案"), parent)
        self.contract_id = contract_id
        self.congress = QComboBox()
        self.congress.setObjectName("congress")
        for c in congress.congresses():
            self.congress.addItem(congress.congress_name(c), c.id)
        self.voted_on = date_edit()
        self.voted_on.setMaximumDate(QDate.currentDate())
        self.votes = QSpinBox()
        self.votes.setObjectName("votes")
        self.votes.setRange(0, 100_000)
        self.votes.setSuffix(self.tr(" 票"))
        self.entitled = QLabel()
        self.entitled.setObjectName("entitled")
        self.form.addRow(self.tr("职工（代表）大会"), self.congress)
        self.form.addRow(self.tr("审议日期"), self.voted_on)
        self.form.addRow(self.tr("全体代表"), self.entitled)
        self.form.addRow(self.tr("赞成票数"), self.votes)
        self.congress.currentIndexChanged.connect(self._show_entitled)
        self.voted_on.dateChanged.connect(self._show_entitled)
        self._show_entitled()

    def _show_entitled(self, *_args) -> None:
        congress_id = self.congress.currentData()
        if congress_id is None:
            self.entitled.setText(self.tr("（尚未登记职工代表大会，请先在“职代会提案”中登记）"))
            return
        total = contracts.entitled(congress.get_congress(congress_id), self.voted_on.date().toPython())
        self.entitled.setText(self.tr("%d 人，赞成票须超过 %d 票") % (total, total // 2))

    def save(self) -> None:
        contracts.vote(self.contract_id, self.congress.currentData(), self.votes.value(),
                       self.voted_on.date().toPython())


class SignDialog(FormDialog):
    """签字, with the contract's term."""

    def __init__(self, contract_id: int, parent: QWidget | None = None):
        super().__init__(self.tr("签订集体合同"), parent)
        self.contract_id = contract_id
        today = dt.date.today()
        starts = (today.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
        self.signed_on = date_edit(today)
        self.signed_on.setMaximumDate(QDate.currentDate())
        self.starts_on = date_edit(starts)
        self.ends_on = date_edit(contracts.add_months(starts, 12) - dt.timedelta(days=1))
        for name in ("signed_on", "starts_on", "ends_on"):
            getattr(self, name).setObjectName(name)
        self.form.addRow(self.tr("签订日期"), self.signed_on)
        self.form.addRow(self.tr("起始日期"), self.starts_on)
        self.form.addRow(self.tr("终止日期"), self.ends_on)

    def save(self) -> None:
        contracts.sign(self.contract_id, self.signed_on.date().toPython(), self.starts_on.date().toPython(),
                       self.ends_on.date().toPython())


# --- the page -----------------------------------------------------------------------------------
class ContractsTab(RegisterTab):
    register = REGISTER
    dialog = ContractDialog

    def side_panel(self) -> QWidget:
        box = QGroupBox(self.tr("提醒"))
        layout = QVBoxLayout(box)
        self.reminders = QListWidget()
        self.reminders.setObjectName("reminders")
        self.reminders.setWordWrap(True)
        self.reminders.itemDoubleClicked.connect(
            lambda item: item.data(RECORD_ROLE) and self.open(item.data(RECORD_ROLE)))
        layout.addWidget(self.reminders)
        return box

    def after_reload(self, _rows: list[dict]) -> None:
        self.reminders.clear()
        for contract_id, text in contracts.warnings():
            item = QListWidgetItem(text)
            item.setData(RECORD_ROLE, contract_id)
            self.reminders.addItem(item)

    def add_meeting(self) -> None:
        self.with_dialog(lambda contract_id: MeetingDialog(contract_id, None, self))

    def vote(self) -> None:
        self.with_dialog(lambda contract_id: VoteDialog(contract_id, self))

    def sign(self) -> None:
        self.with_dialog(lambda contract_id: SignDialog(contract_id, self))
