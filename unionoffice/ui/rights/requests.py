"""职工诉求 page of the 维权 tab: requests followed to 办结, overdue ones in red, the 座谈会 beside
them (hold one with the requests it collected), the 诉求办理情况 list on A4 — declared as a register."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from unionoffice.domain import members, requests
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import grievances as grievances_ledger
from unionoffice.ui.common.dates import date_edit
from unionoffice.ui.common.dialogs import button_box, form_layout
from unionoffice.ui.common.register import (
    Action,
    Field,
    Filter,
    Ledger,
    RecordDialog,
    Register,
    RegisterTab,
    button_row,
    selected,
)
from unionoffice.ui.common.saving import PDF, save_file
from unionoffice.ui.common.table_model import RECORD_ROLE
from unionoffice.ui.rights import follow_up_printing as printing

COLUMNS = [("number", "编号"), ("received_on", "收到日期"), ("source", "来源"), ("proposer", "提出人"),
           ("category", "类别"), ("content", "内容"), ("department", "责任部门"), ("due_on", "办理期限"),
           ("state", "状态"), ("result", "办理结果"), ("satisfaction", "满意度"), ("forum_text", "座谈会")]
STATE_COLOURS = {"超期": "#b00020", "已办结": "#555555"}


def _status(rows: list[dict]) -> str:
    by_state = {s: sum(r["state"] == s for r in rows) for s in requests.STATES}
    return f"共 {len(rows)} 件" + ("：" + " · ".join(f"{s} {n}" for s, n in by_state.items() if n) if rows else "")


def _departments() -> list[str]:
    return [""] + [name for _, name in members.departments()]


def _forum_box(record) -> QComboBox:
    box = QComboBox()
    box.addItem("（无）", None)
    for f in requests.forums():
        box.addItem(f"{f['held_on']:%Y-%m-%d} {f['topic']}", f["id"])
    if record is not None and record.forum_id:
        box.setCurrentIndex(max(0, box.findData(record.forum_id)))
    return box


class GrievanceDialog(RecordDialog):
    domain = requests
    fields = [Field("number", "编号", required=True, default=lambda: requests.next_number(), in_place=True),
              Field("received_on", "收到日期", "date", required=True, in_place=True),
              Field("source", "来源", "choice", choices=requests.SOURCES, default="主席信箱", in_place=True),
              Field("proposer", "提出人", default="", in_place=True),
              Field("category", "类别", "choice", choices=requests.CATEGORIES, default="其他", in_place=True),
              Field("content", "诉求内容", "multiline", required=True),
              Field("department", "责任部门", "editable", choices=_departments, in_place=True),
              Field("due_on", "办理期限", "date", options={"optional": True}, in_place=True),
              Field("measures", "措施", "multiline"),
              Field("closed_on", "办结日期", "date", options={"optional": True}),
              Field("result", "办理结果", "choice", choices=("",) + requests.RESULTS),
              Field("reply", "答复", "multiline"),
              Field("satisfaction", "满意度", "choice", choices=("",) + requests.SATISFACTION),
              Field("forum_id", "座谈会", make=_forum_box, read=lambda box: box.currentData())]

    def __init__(self, grievance_id: int | None = None, parent: QWidget | None = None):
        super().__init__(grievance_id, parent)
        self.setWindowTitle(self.tr("新增职工诉求") if self.record is None else self.tr("职工诉求 — %s") % self.record.number)
        self.resize(640, 720)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form_page())
        self.proposer.setPlaceholderText(self.tr("留空为匿名"))
        for box in (self.content, self.measures, self.reply):
            box.setMaximumHeight(80)
        layout.addWidget(self.error)
        layout.addWidget(button_box(self))


class CloseDialog(QDialog):
    """办结: the day, the result, the reply given and the worker's 满意度."""

    def __init__(self, grievance_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.grievance_id = grievance_id
        record = requests.get(grievance_id)
        self.setWindowTitle(self.tr("办结诉求 %s") % record.number)
        form = QFormLayout()
        self.closed_on = date_edit()
        self.closed_on.setMaximumDate(QDate.currentDate())
        self.result = QComboBox()
        self.result.addItems(requests.RESULTS)
        self.reply = QPlainTextEdit(record.reply)
        self.satisfaction = QComboBox()
        self.satisfaction.addItems(("",) + requests.SATISFACTION)
        form.addRow(self.tr("办结日期"), self.closed_on)
        form.addRow(self.tr("办理结果"), self.result)
        form.addRow(self.tr("答复"), self.reply)
        form.addRow(self.tr("满意度"), self.satisfaction)
        form_layout(self, form)

    def accept(self) -> None:
        try:
            requests.close(self.grievance_id, self.closed_on.date().toPython(), self.result.currentText(),
                           self.reply.toPlainText(), self.satisfaction.currentText())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class ForumDialog(QDialog):
    """召开座谈会: its date, topic and attendance, and the requests it collected, one a line."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.forum_id = None
        self.setWindowTitle(self.tr("登记座谈会"))
        self.resize(560, 520)
        form = QFormLayout()
        self.held_on = date_edit()
        self.held_on.setMaximumDate(QDate.currentDate())
        self.topic = QLineEdit()
        self.count = QSpinBox()
        self.count.setRange(0, 10000)
        self.count.setSuffix(self.tr(" 人"))
        self.attendance = QPlainTextEdit()
        self.attendance.setMaximumHeight(70)
        self.attendance.setPlaceholderText(self.tr("参加人员姓名，或部门和人数"))
        self.collected = QPlainTextEdit()
        self.collected.setPlaceholderText(self.tr("每行一条诉求；可写作“提出人：内容”，不写提出人为匿名"))
        form.addRow(self.tr("日期 *"), self.held_on)
        form.addRow(self.tr("主题 *"), self.topic)
        form.addRow(self.tr("参加人数"), self.count)
        form.addRow(self.tr("参加人员"), self.attendance)
        form.addRow(self.tr("收集的诉求"), self.collected)
        form_layout(self, form)

    def collected_requests(self) -> list[dict]:
        result = []
        for line in self.collected.toPlainText().splitlines():
            line = line.strip()
            if not line:
                continue
            who, sep, what = line.replace(":", "：").partition("：")
            result.append({"proposer": who.strip(), "content": what.strip()} if sep and len(who) <= 10
                          else {"content": line})
        return result

    def accept(self) -> None:
        try:
            forum = requests.hold_forum({"held_on": self.held_on.date().toPython(), "topic": self.topic.text(),
                                         "attendance": self.attendance.toPlainText(),
                                         "attendance_count": self.count.value()}, self.collected_requests())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self.forum_id = forum.id
        super().accept()


REGISTER = Register(
    title="职工诉求", object_name="requests", columns=COLUMNS,
    search_hint="搜索编号、内容、提出人、责任部门",
    query=lambda text, f: requests.search(text, f["state"], f["year"]),
    status=_status,
    filters=[Filter("state", "全部状态", requests.STATES), Filter("year", year=True)],
    actions=[Action("add", "新增", "add", "Ctrl+N"),
             Action("edit", "打开", "edit", when=selected),
             Action("close", "办结…", "close_request", when=lambda r: r["state"] != "已办结"),
             Action("forum", "登记座谈会…", "hold_forum"),
             Action("report", "办理情况表PDF…", "report_pdf"),
             Action("delete", "删除", "delete", when=selected),
             Action("export", "导出台账…", "export_ledger"),
             Action("import", "导入台账…", "import_ledger")],
    sort=(1, Qt.SortOrder.DescendingOrder),
    widths={5: 260},
    colour=lambda r: STATE_COLOURS.get(r["state"]),
    ledger=Ledger(grievances_ledger.LEDGER),
    search_width=240, bar_stretch=3, side_stretch=(4, 1),
    pick_first="请先在列表中选择一件诉求。",
    remove=requests.delete, remove_question=lambda gid: "删除诉求“%s”？" % requests.get(gid).number,
)


class RequestsTab(RegisterTab):
    register = REGISTER
    dialog = GrievanceDialog

    def side_panel(self) -> QWidget:
        box = QGroupBox(self.tr("座谈会"))
        layout = QVBoxLayout(box)
        self.forums = QListWidget()
        self.forums.setObjectName("forums")
        layout.addWidget(self.forums)
        layout.addLayout(button_row(((self.tr("本次办理情况PDF…"), self.forum_pdf, "forum_pdf"),)))
        return box

    def after_reload(self, _rows: list[dict]) -> None:
        self.forums.clear()
        for f in requests.forums(self.f_year.currentData()):
            self.forums.addItem(f"{f['held_on']:%Y-%m-%d}　{f['topic']}\n　参加 {f['attendance_count']} 人，"
                                f"收集诉求 {f['requests']} 件")
            self.forums.item(self.forums.count() - 1).setData(RECORD_ROLE, f["id"])

    def close_request(self) -> None:
        grievance_id = self._need_selection()
        if grievance_id and CloseDialog(grievance_id, self).exec() == QDialog.DialogCode.Accepted:
            self._after_change(grievance_id)

    def hold_forum(self) -> None:
        if ForumDialog(self).exec() == QDialog.DialogCode.Accepted:
            self._after_change()

    def report_pdf(self) -> None:
        rows = self.model.rows()
        year = self.f_year.currentData()
        subtitle = f"{year}年" if year else "全部年度"
        save_file(self, self.tr("诉求办理情况"), f"职工诉求办理情况（{subtitle}）.pdf", PDF,
                  lambda path: printing.requests_to_pdf(rows, subtitle, path) and "已导出 PDF。")

    def forum_pdf(self) -> None:
        item = self.forums.currentItem()
        if item is None:
            QMessageBox.information(self, self.tr("座谈会"), self.tr("请先选择一次座谈会。"))
            return
        forum_id = item.data(RECORD_ROLE)
        forum = next(f for f in requests.forums() if f["id"] == forum_id)
        subtitle = f"{forum['held_on']:%Y-%m-%d} {forum['topic']}收集的诉求"
        save_file(self, self.tr("诉求办理情况"), f"诉求办理情况（{forum['topic']}）.pdf", PDF,
                  lambda path: printing.requests_to_pdf(requests.forum_requests(forum_id), subtitle, path)
                  and "已导出 PDF。")
