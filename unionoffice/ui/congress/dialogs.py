"""The congress's dialogs: a motion (the 提案表 and its trail), each workflow step, and congresses
with their representatives."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.dates import DateEdit
from unionoffice.domain import concurrency, congress
from unionoffice.domain.validation import ValidationError
from unionoffice.ui.common.people import PeoplePicker
from unionoffice.ui.common.dialogs import Std, button_box, error_label
from unionoffice.ui.common.table_model import RECORD_ROLE, RowsTableModel


def _date_edit(date=None, future: bool = False) -> DateEdit:
    edit = DateEdit(QDate(date) if date else QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    if not future:
        edit.setMaximumDate(QDate.currentDate())
    return edit


class StepDialog(QDialog):
    """A form whose OK runs one domain call; the dialog stays open on bad input."""

    def __init__(self, title: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.form = QFormLayout()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form)
        self.error = error_label()
        self._layout = layout

    def finish(self) -> None:
        self._layout.addWidget(self.error)
        self._layout.addWidget(button_box(self))

    def run(self) -> None:
        raise NotImplementedError

    def accept(self) -> None:
        try:
            self.run()
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class ReviewDialog(StepDialog):
    def __init__(self, motion_id: int, parent=None):
        super().__init__(parent.tr("审查提案") if parent else "审查提案", parent)
        self.motion_id = motion_id
        self.result = QComboBox()
        self.result.addItems(list(congress.REVIEW_RESULTS) + ["并案"])
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([""] + list(congress.NOT_ACCEPTED_REASONS))
        self.merge = QComboBox()
        motion = congress.get(motion_id)
        for r in congress.search(congress.MotionFilter(congress_id=motion.congress_id)):
            if r["id"] != motion_id and r["stage"] in congress.OPEN_STAGES:
                self.merge.addItem(f"{r['number']} {r['title']}", r["id"])
        self.promote = QCheckBox(self.tr("列为大会议案"))
        self.date = _date_edit()
        self.form.addRow(self.tr("审查结果"), self.result)
        self.form.addRow(self.tr("理由/意见"), self.reason)
        self.form.addRow(self.tr("并入提案"), self.merge)
        self.form.addRow("", self.promote)
        self.form.addRow(self.tr("审查日期"), self.date)
        self.finish()

    def run(self) -> None:
        merge = self.merge.currentData() if self.result.currentText() == "并案" else None
        if self.result.currentText() == "并案" and not merge:
            raise ValidationError("并入提案", "请选择要并入的提案")
        congress.review(self.motion_id, self.result.currentText(), self.reason.currentText(),
                        self.date.date().toPython(), merge_into=merge, promote=self.promote.isChecked())


class AssignDialog(StepDialog):
    def __init__(self, motion_id: int, parent=None):
        super().__init__("交办", parent)
        self.motion_id = motion_id
        self.lead = QComboBox()
        self.lead.setEditable(True)
        self.lead.addItems([""] + congress.departments())
        self.co = QLineEdit()
        self.co.setPlaceholderText(self.tr("多个部门用、分隔"))
        self.date = _date_edit()
        self.due = _date_edit(QDate.currentDate().addDays(30).toPython(), future=True)
        self.form.addRow(self.tr("主办部门"), self.lead)
        self.form.addRow(self.tr("协办部门"), self.co)
        self.form.addRow(self.tr("交办日期"), self.date)
        self.form.addRow(self.tr("办理期限"), self.due)
        self.finish()

    def run(self) -> None:
        congress.assign(self.motion_id, self.lead.currentText(), self.co.text(), self.due.date().toPython(),
                        self.date.date().toPython())


class ReplyDialog(StepDialog):
    def __init__(self, motion_id: int, parent=None):
        super().__init__("书面答复", parent)
        self.motion_id = motion_id
        self.text = QPlainTextEdit()
        self.grade = QComboBox()
        self.grade.addItem(self.tr("（请评定）"), "")
        for key, label in congress.GRADES.items():
            self.grade.addItem(f"{key} {label}", key)
        self.date = _date_edit()
        self.form.addRow(self.tr("答复内容"), self.text)
        self.form.addRow(self.tr("答复等级"), self.grade)
        self.form.addRow(self.tr("答复日期"), self.date)
        self.finish()

    def run(self) -> None:
        congress.reply(self.motion_id, self.text.toPlainText(), self.grade.currentData(), self.date.date().toPython())


class VerdictDialog(StepDialog):
    def __init__(self, motion_id: int, parent=None):
        super().__init__("提案人意见", parent)
        self.motion_id = motion_id
        self.verdict = QComboBox()
        self.verdict.addItems(congress.VERDICTS)
        self.date = _date_edit()
        self.due = _date_edit(QDate.currentDate().addDays(30).toPython(), future=True)
        self.form.addRow(self.tr("提案人意见"), self.verdict)
        self.form.addRow(self.tr("日期"), self.date)
        self.form.addRow(self.tr("不满意时新的办理期限"), self.due)
        self.finish()

    def run(self) -> None:
        congress.record_verdict(self.motion_id, self.verdict.currentText(), self.date.date().toPython(),
                                self.due.date().toPython())


class MotionDialog(QDialog):
    """征集: the 提案表 (new or while still 征集), and for any motion its whole trail."""

    def __init__(self, congress_id: int | None, motion_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.motion_id = motion_id
        motion = congress.get(motion_id) if motion_id else None
        self.base = concurrency.base_of(motion, [*congress.MOTION_LABELS, "proposer_id"]) if motion else None
        self.congress_id = motion.congress_id if motion else congress_id
        self.changed = False
        c = congress.get_congress(self.congress_id)
        self.setWindowTitle(f"{congress.congress_name(c)} 提案" + (f" {motion.number}" if motion else ""))
        self.resize(760, 640)
        reps = congress.representatives(c.term)
        page = QWidget()
        form = QFormLayout(page)
        self.category = QComboBox()
        self.category.addItems(congress.CATEGORIES)
        self.title = QLineEdit(motion.title if motion else "")
        self.reason = QPlainTextEdit(motion.reason if motion else "")
        self.proposal = QPlainTextEdit(motion.proposal if motion else "")
        self.proposer = QComboBox()
        self.proposer.addItem(self.tr("（选择本届职工代表）"), None)
        self.seconders = QListWidget()
        chosen = {p for p, _ in congress.seconders(motion_id)} if motion else set()
        for r in reps:
            self.proposer.addItem(f"{r['name']}（{r['delegation'] or r['department']}）", r["person_id"])
            item = QListWidgetItem(f"{r['name']}　{r['delegation'] or r['department']}")
            item.setData(RECORD_ROLE, r["person_id"])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if r["person_id"] in chosen else Qt.CheckState.Unchecked)
            self.seconders.addItem(item)
        self.submitted = _date_edit(motion.submitted_on if motion else None)
        if motion:
            self.category.setCurrentText(motion.category)
            self.proposer.setCurrentIndex(max(0, self.proposer.findData(motion.proposer_id)))
        editable = motion is None or motion.stage == congress.COLLECTED
        for label, widget, name in (("类别", self.category, "category"), ("案由 *", self.title, "title"),
                                    ("理由/依据", self.reason, "reason"), ("办法/建议", self.proposal, "proposal"),
                                    ("提案人 *", self.proposer, "proposer"),
                                    ("附议人（至少2人）", self.seconders, "seconders"),
                                    ("提交日期", self.submitted, "submitted")):
            widget.setObjectName(name)
            widget.setEnabled(editable)
            form.addRow(label, widget)
        tabs = QTabWidget()
        tabs.addTab(page, self.tr("提案表"))
        if motion:
            tabs.addTab(self._outcome_page(motion), self.tr("审查与答复"))
            trail = RowsTableModel([("on", "日期"), ("action", "环节"), ("detail", "内容"),
                                    ("recorded_by", "登记人")], self)
            trail.set_rows([{"on": e.on, "action": e.action, "detail": e.detail, "recorded_by": e.recorded_by}
                            for e in congress.trail(motion_id)])
            view = QTableView()
            view.setObjectName("trail")
            view.setModel(trail)
            view.verticalHeader().hide()
            view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
            self.trail_model = trail
            tabs.addTab(view, self.tr("办理过程"))
        layout = QVBoxLayout(self)
        if motion:
            layout.addWidget(QLabel(self.tr("当前环节：%s") % motion.stage))
        layout.addWidget(tabs)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(button_box(self, Std.Save, Std.Cancel) if editable else button_box(self, Std.Close, Std.NoButton))
        self.editable = editable
        if not reps:
            self.error.setText(self.tr("本届还没有登记职工代表，请先在“会议与代表”中添加。"))

    def _outcome_page(self, motion) -> QWidget:
        """What the steps recorded, read again: the review's result and reason, the handling
        departments, and the reply's text, grade and date, with the proposer's answer."""
        page = QWidget()
        form = QFormLayout(page)
        self.outcome: dict[str, QWidget] = {}

        def line(label: str, key: str, text: str) -> None:
            value = QLabel(text or self.tr("—"))
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setObjectName(key)
            self.outcome[key] = value
            form.addRow(label, value)

        def day(value) -> str:
            return f"{value:%Y-%m-%d}" if value else ""

        merged = congress.get(motion.merged_into_id) if motion.merged_into_id else None
        result = motion.review_result + (self.tr("（大会议案）") if motion.promoted else "") + (
            self.tr("（并入 %s）") % merged.number if merged else "")
        line(self.tr("审查结果"), "review_result", result)
        line(self.tr("审查日期"), "reviewed_on", day(motion.reviewed_on))
        line(self.tr("理由/意见"), "review_reason", motion.review_reason)
        line(self.tr("主办部门"), "lead_department", motion.lead_department)
        line(self.tr("协办部门"), "co_departments", motion.co_departments)
        line(self.tr("办理期限"), "due_on", day(motion.due_on))
        reply = QPlainTextEdit(motion.reply_text)
        reply.setObjectName("reply_text")
        reply.setReadOnly(True)
        reply.setPlaceholderText(self.tr("尚未答复"))
        self.outcome["reply_text"] = reply
        form.addRow(self.tr("答复内容"), reply)
        grade = f"{motion.reply_grade} {congress.GRADES[motion.reply_grade]}" if motion.reply_grade else ""
        line(self.tr("答复等级"), "reply_grade", grade)
        line(self.tr("答复日期"), "reply_on", day(motion.reply_on))
        verdict = motion.verdict + (f"（{motion.verdict_on:%Y-%m-%d}）" if motion.verdict_on else "")
        if motion.verdict == "不满意" and motion.reply_text:
            verdict += self.tr("：重新办理中，上面是上一次的答复")
        line(self.tr("提案人意见"), "verdict", verdict)
        return page

    def values(self) -> dict:
        seconders = [self.seconders.item(i).data(RECORD_ROLE) for i in range(self.seconders.count())
                     if self.seconders.item(i).checkState() == Qt.CheckState.Checked]
        return {"category": self.category.currentText(), "title": self.title.text(),
                "reason": self.reason.toPlainText(), "proposal": self.proposal.toPlainText(),
                "proposer_id": self.proposer.currentData(), "seconder_ids": seconders,
                "submitted_on": self.submitted.date().toPython()}

    def accept(self) -> None:
        if not self.editable:
            super().accept()
            return
        try:
            if self.motion_id is None:
                self.motion_id = congress.create_motion(self.congress_id, self.values()).id
            else:
                congress.update_motion(self.motion_id, self.values(), base=self.base)
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self.changed = True
        super().accept()


class CongressDialog(QDialog):
    """会议与代表: the congresses, and the representatives of each term with the quota check."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("会议与代表"))
        self.resize(900, 620)
        self.changed = False
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        form = QFormLayout()
        self.term = QSpinBox()
        self.term.setRange(1, 99)
        self.session = QSpinBox()
        self.session.setRange(1, 20)
        self.kind = QComboBox()
        self.kind.addItems(congress.KINDS)
        self.starts = _date_edit(future=True)
        self.place = QLineEdit()
        self.expected = QSpinBox()
        self.expected.setRange(0, 100000)
        self.attendance = QSpinBox()
        self.attendance.setRange(0, 100000)
        existing = congress.congresses()
        if existing:
            self.term.setValue(existing[0].term)
            self.session.setValue(existing[0].session + 1)
        for label, widget in (("届次", self.term), ("会次", self.session), ("类型", self.kind),
                              ("开会日期", self.starts), ("地点", self.place), ("应到人数", self.expected),
                              ("实到人数", self.attendance)):
            form.addRow(label, widget)
        add = QPushButton(self.tr("登记会议"))
        add.clicked.connect(self.add_congress)
        form.addRow("", add)
        top.addLayout(form)
        self.congress_list = QListWidget()
        top.addWidget(self.congress_list, 1)
        layout.addLayout(top)
        self.reps_model = RowsTableModel([("name", "姓名"), ("gender", "性别"), ("department", "部门"),
                                          ("delegation", "代表团（组）"), ("level", "类别")], self)
        self.reps_view = QTableView()
        self.reps_view.setModel(self.reps_model)
        self.reps_view.verticalHeader().hide()
        layout.addWidget(QLabel(self.tr("本届职工代表：")))
        layout.addWidget(self.reps_view, 1)
        self.warnings = QLabel()
        self.warnings.setObjectName("warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setStyleSheet("color: #b00020;")
        layout.addWidget(self.warnings)
        row = QHBoxLayout()
        self.delegation = QLineEdit()
        self.delegation.setPlaceholderText(self.tr("代表团（组）"))
        self.level = QComboBox()
        self.level.addItems(congress.LEVELS)
        add_reps = QPushButton(self.tr("添加代表…"))
        add_reps.clicked.connect(self.add_reps)
        remove = QPushButton(self.tr("移除所选"))
        remove.clicked.connect(self.remove_rep)
        for w in (self.delegation, self.level, add_reps, remove):
            row.addWidget(w)
        row.addStretch(1)
        layout.addLayout(row)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(button_box(self, Std.Close, Std.NoButton))
        self.term.valueChanged.connect(self.load)
        self.load()

    def load(self, *_args) -> None:
        self.congress_list.clear()
        for c in congress.congresses():
            when = f"　{c.starts_on:%Y-%m-%d}" if c.starts_on else ""
            self.congress_list.addItem(f"{congress.congress_name(c)}{when}　{c.place}")
        self.reps_model.set_rows(congress.representatives(self.term.value()))
        warnings = congress.quota_warnings(self.term.value())
        self.warnings.setStyleSheet("color: #b00020;" if warnings else "color: #1b7f3b;")
        self.warnings.setText("\n".join(f"⚠ {w}" for w in warnings) if warnings else self.tr("代表人数和结构符合要求。"))

    def add_congress(self) -> None:
        try:
            congress.save_congress({"term": self.term.value(), "session": self.session.value(),
                                    "kind": self.kind.currentText(), "starts_on": self.starts.date().toPython(),
                                    "place": self.place.text(), "expected": self.expected.value() or None,
                                    "attendance": self.attendance.value() or None})
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        self.changed = True
        self.load()

    def add_reps(self) -> None:
        picker = PeoplePicker(self, title=self.tr("添加职工代表（第 %d 届）") % self.term.value(),
                              hint=self.tr("搜索并勾选当选的职工代表（只列出会员），或选择一个部门/工会小组，"
                                           "把其中的会员全部加为代表。代表团和代表类别按本页所填。"),
                              only_members=True)
        if picker.exec() != QDialog.DialogCode.Accepted:
            return
        from unionoffice.domain import members

        ids = picker.chosen()
        if picker.department.currentData():
            ids += members.search_ids(members.RosterFilter(department_id=picker.department.currentData(),
                                                           membership="member"))
        if picker.group.currentData():
            ids += members.search_ids(members.RosterFilter(union_group_id=picker.group.currentData(),
                                                           membership="member"))
        try:
            added = congress.add_representatives(self.term.value(), ids, self.delegation.text(),
                                                 self.level.currentText())
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("添加代表"), exc.reason)
            return
        self.changed = True
        self.load()
        self.error.done(self.tr("已添加 %d 名代表。") % added)

    def remove_rep(self) -> None:
        index = self.reps_view.currentIndex()
        if index.isValid():
            congress.remove_representative(self.term.value(), self.reps_model.data(index, RECORD_ROLE)["person_id"])
            self.changed = True
            self.load()
