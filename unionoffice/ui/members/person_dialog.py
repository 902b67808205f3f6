"""A person's page: the roster fields (validated before the dialog closes), the membership history
with its actions, and the reveal of a masked number (logged)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.dates import DateEdit
from unionoffice.ui.common.dialogs import Std, button_box, error_label
from unionoffice.domain import codes, concurrency, members
from unionoffice.domain.validation import ValidationError, mask_id, mask_phone, parse_id_number
from unionoffice.ui.common.table_model import RowsTableModel

CODED = {"gender", "ethnicity", "employment_status", "id_type", "education", "skill_level",
         "hukou_type", "political_status", "employment_form"}
DATES = {"birth_date", "hire_date", "work_start_date"}
PLACEHOLDER = {"birth_date": "留空则按身份证号推算", "hire_date": "如 2015-07-01",
               "work_start_date": "如 2010-07-01", "id_number": "18位，末位可为X",
               "mobile": "11位手机号码", "member_card_no": "留空则入会时自动编号"}


# a new person starts with what a clerk has at hand; 更多… shows the other fields
QUICK_FIELDS = ("name", "id_number", "department", "mobile")


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def ask_conflict(parent: QWidget, exc) -> str | None:
    """"theirs", "mine" or None (keep the dialog open, change nothing)."""
    box = QMessageBox(QMessageBox.Icon.Warning, parent.tr("记录已被他人修改"), exc.details, parent=parent)
    theirs = box.addButton(parent.tr("填入对方保存的内容"), QMessageBox.ButtonRole.AcceptRole)
    mine = box.addButton(parent.tr("仍用我的修改保存"), QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(parent.tr("返回"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return "theirs" if box.clickedButton() is theirs else "mine" if box.clickedButton() is mine else None


class EventDialog(QDialog):
    """办理会籍变动: 入会, 转入, 保留, 转出, 除名, 退会 with a date and a reason."""

    def __init__(self, person_id: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.person_id = person_id
        person = members.get_person(person_id)
        self.setWindowTitle(self.tr("会籍变动 — %s") % person.name)
        member = person.membership_state in members.MEMBER_KINDS
        form = QFormLayout()
        self.kind = QComboBox()
        kinds = (["转出", "退会", "除名", "保留"] if person.membership_state in ("入会", "转入")
                 else ["转出", "退会", "除名"] if member else ["入会", "转入"])
        self.kind.addItems(kinds)
        self.date = DateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        self.date.setMaximumDate(QDate.currentDate())
        self.reason = QComboBox()
        self.reason.setEditable(True)
        self.reason.addItems([""] + codes.values("leave_reason"))
        self.note = QLineEdit()
        self.also_left = QCheckBox(self.tr("同时登记离职（此日起不再计入职工人数）"))
        self.also_left.setObjectName("also_left")
        self.kind.currentTextChanged.connect(
            lambda kind: self.also_left.setChecked(kind == "转出"))
        self.also_left.setChecked(self.kind.currentText() == "转出")
        self.also_left.setVisible(member)
        self.status_now = person.employment_status
        self.status_after = QComboBox()  # 就业状况 once left: 在岗 no longer holds
        self.status_after.setObjectName("status_after")
        self.status_after.setEditable(True)
        self.status_after.addItems(codes.values("employment_status"))
        self.reason.currentTextChanged.connect(self._suggest_status)
        self.also_left.toggled.connect(self.status_after.setEnabled)
        self._suggest_status(self.reason.currentText())
        self.status_after.setEnabled(self.also_left.isChecked())
        form.addRow(self.tr("变动类型"), self.kind)
        form.addRow(self.tr("日期"), self.date)
        form.addRow(self.tr("原因"), self.reason)
        form.addRow(self.tr("备注"), self.note)
        form.addRow("", self.also_left)
        if member:
            form.addRow(self.tr("离职后就业状况"), self.status_after)
        self.error = error_label()
        buttons = button_box(self)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("当前会籍：%s") % members.membership_text(person.membership_state)))
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)

    def _suggest_status(self, reason: str) -> None:
        self.status_after.setCurrentText(members.status_after_leaving(self.status_now, reason))

    def accept(self) -> None:
        leave = self.also_left.isVisible() and self.also_left.isChecked()
        try:
            members.add_event(self.person_id, self.kind.currentText(),
                              self.date.date().toPython(), self.reason.currentText(),
                              self.note.text(), leave=leave,
                              employment_status=self.status_after.currentText() if leave else None)
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class PersonDialog(QDialog):
    """New person (``person_id`` None) or a person's page."""

    def __init__(self, person_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.person_id = person_id
        self.changed = False
        self.setWindowTitle(self.tr("新增职工") if person_id is None else self.tr("职工信息"))
        self.resize(720, 640)
        person = None if person_id is None else members.get_person(person_id)
        values = {} if person is None else members.person_values(person)
        # what this desk loaded: a save merges over changes made elsewhere meanwhile, or is refused
        self.base = None if person is None else concurrency.Base(person.row_version, values)
        self.editors: dict[str, QWidget] = {}
        form_widget = QWidget()
        form = QFormLayout(form_widget)
        for key, label in members.FIELD_LABELS.items():
            editor = self._editor(key, values.get(key))
            self.editors[key] = editor
            row_widget = editor
            if key in ("id_number", "mobile") and person_id is not None:
                row_widget = QWidget()
                box = QHBoxLayout(row_widget)
                box.setContentsMargins(0, 0, 0, 0)
                box.addWidget(editor)
                reveal = QPushButton(self.tr("显示完整号码"))
                reveal.setObjectName(f"reveal_{key}")
                reveal.clicked.connect(lambda _=False, k=key: self.reveal(k))
                box.addWidget(reveal)
                editor.setReadOnly(True)
                editor.setText((mask_id if key == "id_number" else mask_phone)(values.get(key) or ""))
            form.addRow(label + (" *" if key in ("name", "id_number") else ""), row_widget)
            if key == "id_number" and person_id is None:
                self.derived = QLabel()
                self.derived.setObjectName("derived")
                form.addRow("", self.derived)
                editor.textChanged.connect(self._derive)
        self.left_on = QLineEdit(_text(values.get("left_on")))
        self.left_on.setObjectName("left_on")
        self.left_on.setPlaceholderText(self.tr("留空表示在职"))
        if person_id is not None:
            form.addRow(self.tr("离职日期"), self.left_on)
        self.join = QCheckBox(self.tr("登记为会员，入会日期："))
        self.join_date = DateEdit(QDate.currentDate())
        self.join_date.setCalendarPopup(True)
        self.join_date.setDisplayFormat("yyyy-MM-dd")
        join_row = QWidget()  # under the scrolled form, by the buttons: never out of sight
        join_row.setObjectName("join_row")
        box = QHBoxLayout(join_row)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(QLabel(self.tr("会籍：")))
        box.addWidget(self.join)
        box.addWidget(self.join_date)
        box.addStretch(1)
        self.added: list[int] = []  # saved by 保存并继续
        self.form = form
        if person_id is None:
            self.more = QPushButton(self.tr("更多…"))
            self.more.setObjectName("button_more")
            self.more.setToolTip(self.tr("显示全部字段（民族、学历、岗位……）"))
            self.more.clicked.connect(self.show_all_fields)
            box.addWidget(self.more)
        join_row.setVisible(person_id is None)
        self.join_date.setEnabled(False)
        self.join.toggled.connect(self.join_date.setEnabled)

        self.tabs = QTabWidget()
        scroll = QScrollArea()  # 25 fields: scroll rather than squash on a small screen
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_widget)
        self.tabs.addTab(scroll, self.tr("基本信息"))
        if person_id is not None:
            self.tabs.addTab(self._history_page(), self.tr("会籍记录"))
            self.tabs.addTab(self._activities_page(), self.tr("参加活动"))
            self.tabs.addTab(self._welfare_page(), self.tr("困难帮扶"))
        self.error = error_label()
        buttons = button_box(self, Std.Save, Std.Cancel)
        if person_id is None:
            self.save_next = buttons.addButton(self.tr("保存并继续"), QDialogButtonBox.ButtonRole.ActionRole)
            self.save_next.setObjectName("button_save_next")
            self.save_next.setToolTip(self.tr("保存这一人，接着录入下一人（部门、入会保留）"))
            self.save_next.clicked.connect(self.save_and_next)
            for key in members.FIELD_LABELS:
                if key not in QUICK_FIELDS:
                    form.setRowVisible(self.editors[key], False)
            self.resize(520, 340)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(join_row)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        if person_id is None:
            self.editors["name"].setFocus()  # a new person starts with their name

    def show_all_fields(self) -> None:
        """更多…: the whole page, what was typed kept."""
        for key in members.FIELD_LABELS:
            self.form.setRowVisible(self.editors[key], True)
        self.more.hide()
        self.resize(720, 640)

    def _derive(self, text: str) -> None:
        """A new person's 出生日期 and 性别, read from a whole 身份证 number as it is typed."""
        text = text.strip()
        if len(text) < 15 or self.editors["id_type"].currentText() not in ("", "身份证"):
            self.derived.setText("")
            return
        try:
            info = parse_id_number(text)
        except ValidationError as exc:
            self.derived.setText(self.tr("证件号码%s") % exc.reason)
            return
        self.derived.setText(self.tr("出生日期 %s · 性别 %s（由证件号码得出）") % (info.birth_date.isoformat(), info.gender))

    def save_and_next(self) -> None:
        """保存并继续: save this person and clear the form for the next (部门 and 入会 stay)."""
        if not self._save():
            return
        self.added.append(self.person_id)
        name = members.get_person(self.person_id).name
        self.person_id = None
        for key, editor in self.editors.items():
            if key not in ("department", "union_group", "id_type", "employment_status"):
                editor.setCurrentText("") if isinstance(editor, QComboBox) else editor.clear()
        self.error.done(self.tr("已保存 %d 人（最近：%s），请录入下一人。") % (len(self.added), name))
        self.editors["name"].setFocus()

    def _editor(self, key: str, value) -> QWidget:
        if key in CODED:
            editor = QComboBox()
            editor.setEditable(True)
            editor.addItems([""] + codes.values(key))
            editor.setCurrentText(_text(value) if value else ("身份证" if key == "id_type" else
                                                             "在岗" if key == "employment_status" else ""))
        elif key in ("department", "union_group"):
            editor = QComboBox()
            editor.setEditable(True)
            names = ([n for _, n in members.departments()] if key == "department"
                     else members.union_group_names())
            editor.addItems([""] + names)
            editor.setCurrentText(_text(value))
        elif key == "is_migrant":
            editor = QComboBox()
            editor.addItems(["", "是", "否"])
            editor.setCurrentText(_text(value) if value is not None else "")
            editor.setToolTip(self.tr("留空：按户籍类型判断（农业户口为是）"))
        else:
            editor = QLineEdit(_text(value))
            editor.setPlaceholderText(PLACEHOLDER.get(key, ""))
        editor.setObjectName(key)
        return editor

    def _history_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.history_model = RowsTableModel([("kind", "变动类型"), ("date", "日期"),
                                             ("reason", "原因"), ("note", "备注")], self)
        view = QTableView()
        view.setModel(self.history_model)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        view.verticalHeader().hide()
        layout.addWidget(view)
        buttons = QHBoxLayout()
        change = QPushButton(self.tr("办理会籍变动…"))
        change.clicked.connect(self.change_membership)
        undo = QPushButton(self.tr("撤销最近一条"))
        undo.clicked.connect(self.undo_last_event)
        buttons.addWidget(change)
        buttons.addWidget(undo)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self._load_history()
        return page

    def _activities_page(self) -> QWidget:
        from unionoffice.domain import activities

        model = RowsTableModel([("starts_at", "时间"), ("name", "活动"), ("kind", "类型"),
                                ("status", "报名"), ("attended", "签到"), ("award", "获奖")], self)
        model.set_rows(activities.person_activities(self.person_id))
        view = QTableView()
        view.setObjectName("person_activities")
        view.setModel(model)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.activities_model = model
        return view

    def _welfare_page(self) -> QWidget:
        from unionoffice.domain import money, welfare

        page = QWidget()
        layout = QVBoxLayout(page)
        files = RowsTableModel([("applied_on", "申请日期"), ("category", "档案类别"), ("stage", "流程环节"),
                                ("filed_on", "建档"), ("closed_on", "退档"), ("close_reason", "退档原因")], self)
        files.set_rows([r for r in welfare.cases(welfare.CaseFilter()) if r["person"] == self.person_id])
        paid = RowsTableModel([("on", "日期"), ("kind", "类型"), ("amount", "金额（元）"), ("goods", "实物"),
                               ("approver", "审批人")], self)
        rows = welfare.assistance(welfare.AssistanceFilter(person_id=self.person_id))
        for r in rows:
            r["amount"] = money.yuan(r["amount_fen"])
        paid.set_rows(rows)
        for title, model in ((self.tr("困难职工档案"), files), (self.tr("帮扶记录"), paid)):
            layout.addWidget(QLabel(title))
            view = QTableView()
            view.setModel(model)
            view.verticalHeader().hide()
            layout.addWidget(view)
        self.welfare_models = (files, paid)
        return page

    def _load_history(self) -> None:
        self.history_model.set_rows([
            {"id": e.id, "kind": e.kind, "date": e.date, "reason": e.reason, "note": e.note}
            for e in members.history(self.person_id)])

    def change_membership(self) -> None:
        if EventDialog(self.person_id, self).exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            self._load_history()

    def undo_last_event(self) -> None:
        rows = self.history_model.rows()
        if not rows:
            return
        last = rows[-1]
        answer = QMessageBox.question(
            self, self.tr("撤销会籍记录"),
            self.tr("撤销 %s 的“%s”记录？") % (_text(last["date"]), last["kind"]))
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            members.delete_event(last["id"])
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("撤销会籍记录"), str(exc))
            return
        self.changed = True
        self._load_history()

    def reveal(self, key: str) -> None:
        editor = self.editors[key]
        editor.setText(members.reveal(self.person_id, key))
        editor.setReadOnly(False)

    def values(self) -> dict:
        out = {}
        for key, editor in self.editors.items():
            out[key] = editor.currentText() if isinstance(editor, QComboBox) else editor.text()
        if self.person_id is not None:
            person = members.get_person(self.person_id)
            for key in ("id_number", "mobile"):
                if self.editors[key].isReadOnly():  # still masked: keep the stored number
                    out[key] = getattr(person, key)
        return out

    def _resolve(self, exc: concurrency.ConflictError) -> None:
        """Another desk saved the same fields meanwhile: show both values and let the clerk take the
        saved ones into the form, or knowingly keep their own; nothing is written unasked."""
        choice = ask_conflict(self, exc)
        person = members.get_person(self.person_id)
        current = members.person_values(person)
        if choice is None:
            self.error.setText(self.tr("未保存：其他电脑上的用户刚修改了这条记录。"))
            return
        self.base = concurrency.Base(person.row_version, current)  # what this desk has now seen
        if choice == "theirs":
            for key in exc.keys:
                editor = self.editors.get(key)
                if editor is None or (key in ("id_number", "mobile") and editor.isReadOnly()):
                    continue  # a masked number is taken from the record on saving anyway
                if isinstance(editor, QComboBox):
                    editor.setCurrentText(_text(current.get(key)) if current.get(key) is not None else "")
                else:
                    editor.setText(_text(current.get(key)))
            if "left_on" in exc.keys:
                self.left_on.setText(_text(current.get("left_on")))
            self.error.setText(self.tr("已填入对方保存的内容，请核对后再保存。"))
        else:
            self.accept()

    def accept(self) -> None:
        if self.added and not self.editors["name"].text().strip() and not self.editors["id_number"].text().strip():
            super().accept()  # 保存并继续 saved the last one: nothing more typed
            return
        if self._save():
            super().accept()

    def _save(self) -> bool:
        try:
            if self.person_id is None:
                join = ("入会", self.join_date.date().toPython()) if self.join.isChecked() else None
                self.person_id = members.create_person(self.values(), join=join).id
            else:
                members.update_person(self.person_id, {**self.values(), "left_on": self.left_on.text()},
                                      base=self.base)
        except concurrency.ConflictError as exc:
            self._resolve(exc)
            return False
        except ValidationError as exc:
            self.error.setText(str(exc))
            key = {v: k for k, v in members.FIELD_LABELS.items()}.get(exc.field)
            if key in self.editors:
                self.tabs.setCurrentIndex(0)
                if not self.form.isRowVisible(self.editors[key]):
                    self.show_all_fields()
                self.editors[key].setFocus()
            return False
        self.changed = True
        return True
