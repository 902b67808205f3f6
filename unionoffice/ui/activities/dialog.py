"""An activity: its details and cost items, sign-ups with the waiting list, attendance and awards.
Each change of the list (报名, 退出报名, 签到, 取消签到, 全部签到, 当天补登, 奖项) goes on the main window's
undo stack: Ctrl+Z here or in the window takes it back, in one audited transaction."""

from __future__ import annotations

import datetime as dt

import shiboken6
from PySide6.QtCore import QDateTime, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.dates import DateTimeEdit, datetime_edit
from unionoffice.domain import activities, members, money
from unionoffice.domain.validation import ValidationError
from unionoffice.ui.common import undo
from unionoffice.ui.common.dialogs import Std, button_box
from unionoffice.ui.common.people import NO_LIST, PeoplePicker, not_found, read_pasted
from unionoffice.ui.common.register import Field, RecordDialog, attachment_text, button_row
from unionoffice.ui.common.table_model import RECORD_ROLE, RowsTableModel
from unionoffice.ui.common.views import sortable_table


def _money_edit(fen: int) -> QLineEdit:
    edit = QLineEdit(money.text(fen) if fen else "")
    edit.setPlaceholderText("0.00")
    return edit


def _money(key: str, label: str) -> Field:
    """An amount in 元, typed with two decimals at most; kept in 分 (``<key>_fen``)."""
    return Field(key, label, make=lambda a: _money_edit(getattr(a, f"{key}_fen") if a else 0), in_place=True)


def _ends(a) -> DateTimeEdit:
    if a and a.ends_at:
        return datetime_edit(a.ends_at)
    return datetime_edit(QDateTime(a.starts_at if a else activities.default_start()).addSecs(7200))


class ActivityDialog(RecordDialog):
    domain = activities
    fields = [Field("name", "名称", required=True, in_place=True),
              Field("kind", "类型", "choice", required=True, choices=activities.KINDS, in_place=True),
              Field("starts_at", "开始时间", "datetime", required=True, attr="starts",
                    default=activities.default_start),
              Field("ends_at", "结束时间", attr="ends", make=_ends, read=lambda edit: edit.dateTime().toPython()),
              Field("place", "地点", in_place=True),
              Field("department", "组织部门", "editable", choices=lambda: [""] + activities.departments(), in_place=True),
              _money("budget", "预算（元）"), _money("cost", "实际费用（元）"),
              Field("cap", "名额", "number", load=lambda a: a.cap or 0, options={"special": "不限"},
                    read=lambda box: box.value() or None),
              Field("description", "活动说明", "multiline"),
              Field("summary", "活动总结", "multiline")]

    def __init__(self, activity_id: int | None = None, parent: QWidget | None = None):
        super().__init__(activity_id, parent)
        activity = self.record
        self.setWindowTitle(self.tr("新建活动") if activity is None else self.tr("活动 — %s") % activity.name)
        self.resize(860, 640)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._main_page(activity), self.tr("基本信息"))
        if activity is not None:
            self.tabs.addTab(self._people_page(), self.tr("报名与签到"))
            self.tabs.addTab(self._cost_page(), self.tr("费用明细"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(button_box(self, Std.Save, Std.Cancel))

    @property
    def activity_id(self) -> int | None:
        return self.record_id

    # --- pages ---
    def _main_page(self, a) -> QWidget:
        page = self.form_page()
        self.starts.dateTimeChanged.connect(self._keep_end_after_start)
        if a and activities.costs(a.id):
            self.cost.setEnabled(False)
            self.cost.setToolTip(self.tr("由费用明细合计"))
        return page

    def _keep_end_after_start(self, starts: QDateTime) -> None:
        if self.ends.dateTime() < starts:
            self.ends.setDateTime(starts.addSecs(7200))

    def _people_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.people_model = RowsTableModel([("name", "姓名"), ("department", "部门"), ("status_text", "状态"),
                                            ("attended_text", "签到"), ("award", "获奖")], self)
        self.people_view, _ = sortable_table(self.people_model)  # in queue order until a header is clicked
        self.people_view.doubleClicked.connect(lambda _i: self.toggle_attendance())
        layout.addWidget(self.people_view)
        self.people_status = QLabel()
        layout.addWidget(self.people_status)
        self.people_note = QLabel()  # what Ctrl+Z / Ctrl+Y took back or made again
        self.people_note.setObjectName("people_note")
        layout.addWidget(self.people_note)
        layout.addLayout(button_row(((self.tr("添加报名…"), self.add_people, "add_people"),
                                     (self.tr("退出报名"), self.withdraw, "withdraw"),
                                     (self.tr("签到"), self.check_in, "check_in"),
                                     (self.tr("取消签到"), self.check_out, "check_out"),
                                     (self.tr("全部签到"), self.check_in_all, "check_in_all"),
                                     (self.tr("当天补登…"), self.walk_in, "walk_in"),
                                     (self.tr("设置奖项…"), self.award, "award"))))
        self.people_view.setToolTip(self.tr("可按住 Ctrl 或 Shift 选择多人；双击一行签到或取消签到；"
                                            "从 Excel/WPS 复制一列证件号码或姓名，在这里按 Ctrl+V 即报名；"
                                            "Ctrl+Z 撤销，Ctrl+Y 重做"))
        paste = QShortcut(QKeySequence.StandardKey.Paste, self.people_view, lambda: self.paste_sign_ups())
        paste.setContext(Qt.ShortcutContext.WidgetShortcut)
        # the window's keys do not reach this dialog: its own, on the same stack (a text box that has
        # the focus keeps Ctrl+Z for its own text)
        for key, backwards in (("Ctrl+Z", True), ("Ctrl+Y", False), ("Ctrl+Shift+Z", False)):
            QShortcut(QKeySequence(key), self, lambda b=backwards: self.step(b))
        self._load_people()
        return page

    # --- undo ---
    def _stack_owner(self) -> QWidget:
        """Whose window keeps the undo stack: the tab's (the main window), so that the changes can be
        taken back after this page is closed; this page's own when it has no parent."""
        return self.parentWidget() or self

    def _push(self, text: str, before: dict) -> None:
        """Put the change made since ``before`` (``activities.signup_state``) on the undo stack."""
        activity_id = self.activity_id
        undo_rows, redo_rows = activities.state_change(before, activities.signup_state(activity_id))
        if not undo_rows:
            return
        name = activities.get(activity_id).name
        undo.push(self._stack_owner(), f"{name}：{text}",
                  lambda: activities.restore_signups(activity_id, undo_rows, redo_rows),
                  lambda: activities.restore_signups(activity_id, redo_rows, undo_rows), self._after_undo)

    def _after_undo(self) -> None:
        if not shiboken6.isValid(self):
            return
        self.changed = True
        if self.isVisible():
            self._load_people()
            return
        tab = self.parentWidget()  # the page is closed: the list's counts
        if tab is not None and hasattr(tab, "reload"):
            tab.reload()

    def step(self, backwards: bool = True) -> str:
        """Ctrl+Z (or Ctrl+Y) on this page: the latest change of the window's stack, shown here."""
        window = self._stack_owner().window()
        text = undo.undo(window) if backwards else undo.redo(window)
        if text:
            self.people_note.setText(self.tr("已撤销：%s（Ctrl+Y 重做）") % text if backwards
                                     else self.tr("已重做：%s") % text)
        return text

    def _cost_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.cost_model = RowsTableModel([("item", "项目"), ("amount", "金额（元）")], self)
        self.cost_view = QTableView()
        self.cost_view.setModel(self.cost_model)
        self.cost_view.verticalHeader().hide()
        self.cost_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.cost_view)
        self.cost_total = QLabel()
        layout.addWidget(self.cost_total)
        layout.addLayout(button_row(((self.tr("添加费用…"), self.add_cost), (self.tr("删除所选"), self.remove_cost),
                                     (self.tr("添加照片/附件…"), self.add_attachment))))
        self.attachments = QListWidget()
        self.attachments.setMaximumHeight(100)
        layout.addWidget(QLabel(self.tr("照片和附件：")))
        layout.addWidget(self.attachments)
        self._load_costs()
        return page

    # --- loading ---
    def _load_people(self) -> None:
        rows = activities.signups(self.activity_id)
        for r in rows:
            r["status_text"] = r["status"] + (f"（第{r['queue']}位）" if r.get("queue") else "") + \
                ("·当天补登" if r["walk_in"] else "")
            r["attended_text"] = "√" if r["attended"] else ""
        self.people_model.set_rows(rows)
        counts = {s: sum(r["status"] == s for r in rows) for s in (activities.IN, activities.WAITING)}
        cap = activities.get(self.activity_id).cap
        self.people_status.setText(self.tr("报名 %d%s · 候补 %d · 签到 %d") % (
            counts[activities.IN], f"/{cap}" if cap else "", counts[activities.WAITING],
            sum(r["attended"] for r in rows)))

    def _load_costs(self) -> None:
        rows = [{"id": c.id, "item": c.item, "amount": money.yuan(c.amount_fen)}
                for c in activities.costs(self.activity_id)]
        self.cost_model.set_rows(rows)
        total = activities.get(self.activity_id).cost_fen
        self.cost_total.setText(self.tr("合计：%s 元") % money.text(total))
        self.cost.setText(money.text(total) if total else "")
        self.cost.setEnabled(not rows)
        self.attachments.clear()
        for _id, name, size in activities.attachments(self.activity_id):
            self.attachments.addItem(attachment_text(name, size))

    def _selected_person(self) -> int | None:
        index = self.people_view.currentIndex()
        return self.people_model.data(index, RECORD_ROLE)["person_id"] if index.isValid() else None

    # --- actions ---
    def _sign_up(self, call, note: list[str] = ()) -> None:
        activity = activities.get(self.activity_id)
        confirm = False
        if activity.starts_at.date() < dt.date.today():
            answer = QMessageBox.question(self, self.tr("补登报名"), self.tr(
                "活动已于 %s 开始。确认要补登报名吗？") % activity.starts_at.strftime("%Y-%m-%d"))
            if answer != QMessageBox.StandardButton.Yes:
                return
            confirm = True
        try:
            result = call(confirm)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("报名"), str(exc))
            return
        self.changed = True
        self._load_people()
        QMessageBox.information(self, self.tr("报名"), result.message() + "".join(f"\n{n}。" for n in note))

    def add_people(self) -> None:
        picker = PeoplePicker(self, title=self.tr("添加报名人员"),
                              hint=self.tr("搜索并勾选报名的人员（换一个搜索词，已勾选的仍然保留；超过名额时"
                                           "按勾选的先后录取），或选择一个部门/工会小组整体报名（超过名额时"
                                           "按姓名拼音顺序录取，其余进入候补）。"))
        if picker.exec() != QDialog.DialogCode.Accepted:
            return
        before = activities.signup_state(self.activity_id)
        if picker.department.currentData():
            self._sign_up(lambda c: activities.sign_up_department(
                self.activity_id, picker.department.currentData(), confirm_past=c))
        if picker.group.currentData():
            self._sign_up(lambda c: activities.sign_up_group(
                self.activity_id, picker.group.currentData(), confirm_past=c))
        if picker.chosen():
            self._sign_up(lambda c: activities.sign_up(self.activity_id, picker.chosen(), confirm_past=c))
        added = activities.state_change(before, activities.signup_state(self.activity_id))[1]
        self._push(self.tr("报名 %d 人") % len(added), before)

    def paste_sign_ups(self, text: str | None = None) -> None:
        """Ctrl+V on the list: sign up the people of a list copied from Excel/WPS (a column of 证件号码
        or names, with or without a header), as the picker's 粘贴名单 does; one Ctrl+Z takes it back."""
        listed = read_pasted(text)
        if not listed.ids:
            QMessageBox.information(self, self.tr("粘贴报名名单"),
                                    "\n".join(not_found(listed)) or NO_LIST)
            return
        before = activities.signup_state(self.activity_id)
        self._sign_up(lambda c: activities.sign_up(self.activity_id, listed.ids, confirm_past=c), not_found(listed))
        added = activities.state_change(before, activities.signup_state(self.activity_id))[1]
        self._push(self.tr("粘贴报名 %d 人") % len(added), before)

    def withdraw(self) -> None:
        person_id = self._selected_person()
        if person_id is None:
            return
        before = activities.signup_state(self.activity_id)
        moved = activities.withdraw(self.activity_id, person_id)
        self._push(self.tr("%s 退出报名") % members.get_person(person_id).name, before)
        self.changed = True
        self._load_people()
        if moved:
            name = members.get_person(moved).name
            QMessageBox.information(self, self.tr("退出报名"), self.tr("候补的 %s 已递补。") % name)

    def _chosen_people(self) -> list[int]:
        """The selected rows' people, in the list's order."""
        rows = sorted(i.row() for i in self.people_view.selectionModel().selectedRows())
        return [self.people_model.rows()[r]["person_id"] for r in rows]

    def _attendance(self, person_ids: list[int] | None, attended: bool) -> None:
        before = activities.signup_state(self.activity_id)
        try:
            changed = activities.set_attendance(self.activity_id, person_ids, attended)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("签到"), exc.reason)
            return
        if person_ids is None:
            text = self.tr("全部签到（%d 人）") % changed
        elif len(person_ids) == 1:
            text = (self.tr("%s 签到") if attended else self.tr("%s 取消签到")) % members.get_person(person_ids[0]).name
        else:
            text = (self.tr("签到 %d 人") if attended else self.tr("取消签到 %d 人")) % changed
        self._push(text, before)
        self.changed = True
        self._load_people()
        if person_ids:  # the same people stay selected, for a second look
            self._reselect(person_ids)

    def _reselect(self, person_ids: list[int]) -> None:
        wanted = set(person_ids)
        selection = self.people_view.selectionModel()
        for row, r in enumerate(self.people_model.rows()):
            if r["person_id"] in wanted:
                selection.select(self.people_model.index(row, 0),
                                 selection.SelectionFlag.Select | selection.SelectionFlag.Rows)

    def check_in(self) -> None:
        people = self._chosen_people()
        if not people:
            QMessageBox.information(self, self.tr("签到"), self.tr("请先在名单中选择签到的人（可多选）。"))
            return
        self._attendance(people, True)

    def check_out(self) -> None:
        people = self._chosen_people()
        if not people:
            QMessageBox.information(self, self.tr("取消签到"), self.tr("请先在名单中选择要取消签到的人（可多选）。"))
            return
        self._attendance(people, False)

    def check_in_all(self) -> None:
        self._attendance(None, True)

    def toggle_attendance(self) -> None:
        """Double-click: 签到 or 取消签到 of that one row."""
        index = self.people_view.currentIndex()
        if not index.isValid():
            return
        row = self.people_model.data(index, RECORD_ROLE)
        self._attendance([row["person_id"]], not row["attended"])

    def walk_in(self) -> None:
        picker = PeoplePicker(self, title=self.tr("当天补登（未报名但到场）"),
                              hint=self.tr("搜索并勾选今天到场但没有报名的人员，登记为已签到。"),
                              whole_units=False)
        if picker.exec() != QDialog.DialogCode.Accepted:
            return
        before = activities.signup_state(self.activity_id)
        try:
            for person_id in picker.chosen():
                activities.mark_attendance(self.activity_id, person_id, True, walk_in=True)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("当天补登"), exc.reason)
            return
        finally:
            self._push(self.tr("当天补登 %d 人") % len(picker.chosen()), before)
            self._load_people()
        self.changed = True

    def award(self) -> None:
        person_id = self._selected_person()
        if person_id is None:
            return
        text, ok = QInputDialog.getText(self, self.tr("设置奖项"), self.tr("名次/奖项："))
        if ok:
            before = activities.signup_state(self.activity_id)
            activities.set_award(self.activity_id, person_id, text)
            self._push(self.tr("%s 的奖项") % members.get_person(person_id).name, before)
            self.changed = True
            self._load_people()

    def add_cost(self) -> None:
        item, ok = QInputDialog.getText(self, self.tr("添加费用"), self.tr("项目（如 场地费、奖品）："))
        if not ok:
            return
        amount, ok = QInputDialog.getText(self, self.tr("添加费用"), self.tr("金额（元）："))
        if not ok:
            return
        try:
            activities.add_cost(self.activity_id, item, amount)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("添加费用"), str(exc))
            return
        self.changed = True
        self._load_costs()

    def remove_cost(self) -> None:
        index = self.cost_view.currentIndex()
        if index.isValid():
            activities.remove_cost(self.cost_model.data(index, RECORD_ROLE)["id"])
            self.changed = True
            self._load_costs()

    def add_attachment(self) -> None:
        self.attach_file(self.tr("选择照片或文件"), self._load_costs)
