"""合理化建议 page of the 维权 tab: suggestions from the roster, 评审 (采纳 / 不采纳), 实施 with the
benefit created, the reward paid; beside them the year's list by department — declared as a register."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionoffice.domain import members, money, suggestions
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import suggestions as suggestions_ledger
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
    Step,
    selected,
)
from unionoffice.ui.common.table_model import RowsTableModel
from unionoffice.ui.common.people import PersonField

COLUMNS = [("number", "编号"), ("submitted_on", "提交日期"), ("proposer", "建议人"), ("department", "部门"),
           ("title", "题目"), ("result", "评审结果"), ("implemented_on", "实施日期"), ("benefit", "经济效益（元）"),
           ("reward", "奖励（元）"), ("reward_paid_on", "奖励发放日期")]
RESULT_COLOURS = {"采纳": "#1b7f3b", "不采纳": "#777777"}
BY_DEPARTMENT = [("department", "部门"), ("count", "件数"), ("adopted", "采纳"), ("benefit", "经济效益（元）")]


def _rows(text: str, f: dict) -> list[dict]:
    rows = suggestions.search(text, f["result"], f["year"], f["department"])
    for r in rows:
        r["benefit"], r["reward"] = money.yuan(r["benefit_fen"]), money.yuan(r["reward_fen"])
    return rows


def _person_box(record) -> PersonField:
    field = PersonField()
    if record is not None:
        person = members.get_person(record.person_id)
        field.search.setText(person.name)
        field.choice.setCurrentIndex(max(0, field.choice.findData(person.id)))
    return field


class SuggestionDialog(RecordDialog):
    domain = suggestions
    fields = [Field("number", "编号", required=True, default=lambda: suggestions.next_number(), in_place=True),
              Field("submitted_on", "提交日期", "date", required=True, in_place=True),
              Field("person", "建议人", required=True, make=_person_box, read=lambda f: f.person_id()),
              Field("title", "题目", required=True, in_place=True),
              Field("content", "内容", "multiline"),
              Field("result", "评审结果", "choice", choices=suggestions.RESULTS),
              Field("reviewed_on", "评审日期", "date", options={"optional": True}),
              Field("implemented_on", "实施日期", "date", options={"optional": True}),
              Field("benefit_fen", "创造经济效益（元）", "money"),
              Field("reward_fen", "奖励金额（元）", "money"),
              Field("reward_paid_on", "奖励发放日期", "date", options={"optional": True})]

    def __init__(self, suggestion_id: int | None = None, parent: QWidget | None = None):
        super().__init__(suggestion_id, parent)
        self.setWindowTitle(self.tr("新增合理化建议") if self.record is None
                            else self.tr("合理化建议 — %s") % self.record.number)
        self.resize(620, 620)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form_page())
        layout.addWidget(self.error)
        layout.addWidget(button_box(self))


class AmountDialog(QDialog):
    """实施 (date and the benefit created) or 发放奖励 (date and amount): a date and an amount in 元."""

    def __init__(self, title: str, date_label: str, amount_label: str, call, parent: QWidget | None = None):
        super().__init__(parent)
        self.call = call
        self.setWindowTitle(title)
        form = QFormLayout()
        self.on = date_edit()
        self.on.setMaximumDate(QDate.currentDate())
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("0.00")
        form.addRow(date_label, self.on)
        form.addRow(amount_label, self.amount)
        form_layout(self, form)

    def accept(self) -> None:
        try:
            self.call(self.on.date().toPython(), self.amount.text())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


REGISTER = Register(
    title="合理化建议", object_name="suggestions", columns=COLUMNS,
    search_hint="搜索编号、题目、建议人",
    query=_rows,
    status=lambda rows: "共 %d 件 · 采纳 %d 件 · 创造经济效益 %s 元 · 奖励 %s 元" % (
        len(rows), sum(r["result"] == "采纳" for r in rows),
        money.text(sum(r["benefit_fen"] for r in rows if r["result"] == "采纳")),
        money.text(sum(r["reward_fen"] for r in rows))),
    filters=[Filter("result", "全部评审结果", suggestions.RESULTS), Filter("year", year=True),
             Filter("department", "全部部门", suggestions.departments)],
    actions=[Action("add", "新增", "add", "Ctrl+N"),
             Action("edit", "打开", "edit", when=selected),
             Step("adopt", "采纳…", title="评审：采纳", date_label="评审日期",
                  call=lambda sid, on, _who: suggestions.review(sid, "采纳", on),
                  when=lambda r: r["result"] == "待评审"),
             Step("reject", "不采纳…", title="评审：不采纳", date_label="评审日期",
                  call=lambda sid, on, _who: suggestions.review(sid, "不采纳", on),
                  when=lambda r: r["result"] == "待评审"),
             Action("implement", "实施…", "implement", when=lambda r: r["result"] == "采纳"),
             Action("reward", "发放奖励…", "pay_reward",
                    when=lambda r: r["result"] == "采纳" and not r["reward_paid_on"]),
             Action("delete", "删除", "delete", when=lambda r: not r["reward_paid_on"]),
             Action("export", "导出台账…", "export_ledger"),
             Action("import", "导入台账…", "import_ledger")],
    sort=(1, Qt.SortOrder.DescendingOrder),
    widths={4: 220},
    colour=lambda r: RESULT_COLOURS.get(r["result"]),
    ledger=Ledger(suggestions_ledger.LEDGER),
    search_width=220, bar_stretch=3, side_stretch=(5, 2),
    pick_first="请先在列表中选择一条建议。",
    remove=suggestions.delete, remove_question=lambda sid: "删除建议“%s”？" % suggestions.get(sid).title,
)


class SuggestionsTab(RegisterTab):
    register = REGISTER
    dialog = SuggestionDialog

    def side_panel(self) -> QWidget:
        box = QGroupBox(self.tr("本年度按部门"))
        layout = QVBoxLayout(box)
        self.by_department = RowsTableModel(BY_DEPARTMENT, self)
        self.by_department_view = view = QTableView()
        view.setObjectName("by_department")
        view.setModel(self.by_department)
        view.verticalHeader().hide()
        layout.addWidget(view)
        return box

    def after_reload(self, _rows: list[dict]) -> None:
        year = self.f_year.currentData()
        rows = suggestions.by_department(year) if year else []
        for r in rows:
            r["benefit"] = money.yuan(r["benefit_fen"])
        self.by_department.set_rows(rows)
        self.by_department_view.resizeColumnsToContents()  # a few departments: every column in view

    def _amount_step(self, title: str, date_label: str, amount_label: str, call) -> None:
        suggestion_id = self._need_selection()
        if suggestion_id and AmountDialog(self.tr(title), self.tr(date_label), self.tr(amount_label),
                                          lambda on, amount: call(suggestion_id, on, amount), self).exec() \
                == QDialog.DialogCode.Accepted:
            self._after_change(suggestion_id)

    def implement(self) -> None:
        self._amount_step("实施", "实施日期", "创造经济效益（元）", suggestions.implement)

    def pay_reward(self) -> None:
        self._amount_step("发放奖励", "发放日期", "奖励金额（元）",
                          lambda sid, on, amount: suggestions.pay_reward(sid, amount, on))
