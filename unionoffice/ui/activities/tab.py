"""活动 tab: activities with filters, a month view of what is coming, sign-up and attendance in
each activity's page, the sign-in sheet, the year's ledger out and in — declared as a register."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QTextCharFormat
from PySide6.QtWidgets import QCalendarWidget, QGroupBox, QListWidget, QMessageBox, QVBoxLayout, QWidget

from unionoffice.domain import activities, money
from unionoffice.ledgers import activities as activities_ledger
from unionoffice.ui.activities import printing
from unionoffice.ui.activities.dialog import ActivityDialog
from unionoffice.ui.common.register import Action, Filter, Ledger, Register, RegisterTab, selected
from unionoffice.ui.common.saving import PDF, save_file
from unionoffice.ui.common.table_model import RECORD_ROLE

COLUMNS = [("name", "名称"), ("kind", "类型"), ("starts_at", "开始时间"), ("place", "地点"),
           ("department", "组织部门"), ("signed_up", "报名"), ("waiting", "候补"), ("attended", "参加"),
           ("cap_text", "名额"), ("budget", "预算（元）"), ("cost", "实际费用（元）")]


def _rows(text: str, f: dict) -> list[dict]:
    rows = activities.search(activities.ActivityFilter(text, f["kind"], f["year"], f["department"]))
    for r in rows:
        r["cap_text"] = r["cap"] or "不限"
        r["budget"] = money.yuan(r["budget_fen"])
        r["cost"] = money.yuan(r["cost_fen"])
    return rows


def _status(rows: list[dict]) -> str:
    return "共 %d 项活动 · 报名 %d 人次 · 参加 %d 人次 · 实际费用 %s 元" % (
        len(rows), sum(r["signed_up"] for r in rows), sum(r["attended"] for r in rows),
        money.text(sum(r["cost_fen"] for r in rows)))


REGISTER = Register(
    title="活动", object_name="activities", columns=COLUMNS,
    search_hint="搜索名称、地点、组织部门", query=_rows, status=_status,
    filters=[Filter("kind", "全部类型", activities.KINDS), Filter("year", year=True),
             Filter("department", "全部部门", activities.departments)],
    actions=[Action("add", "新建", "add", "Ctrl+N"), Action("edit", "打开", "edit", when=selected),
             Action("delete", "删除", "delete", when=selected),
             Action("sheet", "签到表PDF…", "sign_in_sheet", when=selected),
             Action("export", "导出台账…", "export_ledger"), Action("import", "导入台账…", "import_ledger")],
    sort=(2, Qt.SortOrder.DescendingOrder),
    widths={0: 220, 2: 130},
    ledger=Ledger(activities_ledger.LEDGER),
    pick_first="请先在列表中选择一项活动。",
    remove=activities.delete, remove_title="删除活动",
    remove_question=lambda activity_id: "删除“%s”及其报名、签到记录？" % activities.get(activity_id).name,
    open_after_add=True,  # straight on to sign-ups
)


class ActivitiesTab(RegisterTab):
    register = REGISTER
    dialog = ActivityDialog

    def side_panel(self) -> QWidget:
        month = QGroupBox(self.tr("活动日历"))
        month_layout = QVBoxLayout(month)
        self.calendar = QCalendarWidget()
        self.calendar.setObjectName("calendar")
        self.calendar.setGridVisible(True)
        self.calendar.currentPageChanged.connect(lambda *_: self._mark_calendar())
        self.calendar.selectionChanged.connect(self._show_day)
        month_layout.addWidget(self.calendar)
        self.day_list = QListWidget()
        self.day_list.itemDoubleClicked.connect(lambda item: self.open(item.data(RECORD_ROLE)))
        month_layout.addWidget(self.day_list)
        return month

    def after_reload(self, _rows: list[dict]) -> None:
        self._mark_calendar()
        self._show_day()

    def _mark_calendar(self) -> None:
        self.calendar.setDateTextFormat(QDate(), QTextCharFormat())
        bold = QTextCharFormat()
        bold.setFontWeight(700)
        bold.setForeground(Qt.GlobalColor.darkBlue)
        bold.setBackground(Qt.GlobalColor.yellow)
        for day in activities.days_with_activities(self.calendar.yearShown(), self.calendar.monthShown()):
            self.calendar.setDateTextFormat(QDate(day), bold)

    def _show_day(self) -> None:
        day = self.calendar.selectedDate().toPython()
        self.day_list.clear()
        for r in activities.search(activities.ActivityFilter(month=(day.year, day.month))):
            if r["starts_at"].date() >= day:
                self.day_list.addItem(f"{r['starts_at']:%m-%d %H:%M}　{r['name']}")
                self.day_list.item(self.day_list.count() - 1).setData(RECORD_ROLE, r["id"])

    def sign_in_sheet(self) -> None:
        activity_id = self.current_id()
        if not activity_id:
            QMessageBox.information(self, self.tr("签到表"), self.tr("请先在列表中选择一项活动。"))
            return
        activity = activities.get(activity_id)
        save_file(self, self.tr("保存签到表"), f"{activity.name}签到表.pdf", PDF,
                  lambda path: printing.to_pdf(activity, path) and "签到表已保存。")
