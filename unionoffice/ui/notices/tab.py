"""厂务公开 tab: notices with filters, what is on the board now, the workflow buttons, print,
the year's ledger out and existing ledgers in — declared as a register."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGroupBox, QListWidget, QVBoxLayout, QWidget

from unionoffice.domain import notices
from unionoffice.domain.wording import month_day
from unionoffice.ledgers import notices as notices_ledger
from unionoffice.ui.common import printing as common_printing
from unionoffice.ui.common.register import (
    Action,
    DateDialog,
    Filter,
    Ledger,
    Register,
    RegisterTab,
    Step,
    selected,
)
from unionoffice.ui.common.saving import PDF, save_file
from unionoffice.ui.common.table_model import RECORD_ROLE
from unionoffice.ui.notices import printing
from unionoffice.ui.notices.dialog import NoticeDialog

__all__ = ["DateDialog", "NoticesTab", "REGISTER"]

COLUMNS = [("title", "标题"), ("category", "类别"), ("state", "状态"), ("published_on", "公开日期"),
           ("ends_on", "公示截止"), ("period_days", "公示期（天）"), ("department", "责任部门"),
           ("form", "公开形式"), ("feedback", "反馈"), ("unanswered", "待答复")]
STATE_COLOURS = {"公示中": "#1b7f3b", "公示期满": "#b26a00", "草稿": "#777777", "已归档": "#555555"}
UNPUBLISHED = ("草稿", "已审核")


def _status(rows: list[dict]) -> str:
    by_state = {s: sum(r["state"] == s for r in rows) for s in notices.STATES}
    return f"共 {len(rows)} 项：" + " · ".join(f"{s} {n}" for s, n in by_state.items() if n)


REGISTER = Register(
    title="厂务公开", object_name="notices", columns=COLUMNS,
    search_hint="搜索标题、类别、责任部门",
    query=lambda text, f: notices.search(notices.NoticeFilter(text, f["category"], f["state"], f["year"])),
    status=_status,
    filters=[Filter("category", "全部类别", notices.CATEGORIES), Filter("state", "全部状态", notices.STATES),
             Filter("year", year=True)],
    actions=[Action("add", "新建", "add", "Ctrl+N"),
             Action("edit", "编辑", "edit", when=selected),
             Step("review", "审核…", title="审核", date_label="审核日期", who_label="审核人",
                  who=lambda notice_id: notices.get(notice_id).reviewer,
                  call=lambda notice_id, on, who: notices.review(notice_id, who, on),
                  when=lambda r: r["state"] != "已归档"),
             Step("publish", "发布…", title="发布（开始公示）", date_label="公开日期", allow_future=True,
                  call=lambda notice_id, on, _who: notices.publish(notice_id, on),
                  when=lambda r: r["state"] not in ("草稿", "已归档")),
             Action("archive", "归档", "archive", when=lambda r: r["state"] == "公示期满"),
             Action("print", "打印…", "print_notice", "Ctrl+P", when=selected),
             Action("pdf", "导出PDF…", "export_pdf", when=selected),
             Action("delete", "删除", "delete", when=lambda r: r["state"] in UNPUBLISHED),
             Action("export", "导出台账…", "export_ledger"),
             Action("import", "导入台账…", "import_ledger")],
    sort=(3, Qt.SortOrder.DescendingOrder),  # newest publication first
    widths={0: 300, 1: 160},
    colour=lambda r: STATE_COLOURS.get(r["state"]),
    ledger=Ledger(notices_ledger.LEDGER),
    search_width=260,  # ten buttons beside it: all shown at the default 1200 width
    bar_stretch=3, side_stretch=(4, 1),
    remove=notices.delete, remove_question=lambda _id: "删除这个未发布的事项？",
)


class NoticesTab(RegisterTab):
    register = REGISTER
    dialog = NoticeDialog

    def side_panel(self) -> QWidget:
        board = QGroupBox(self.tr("正在公示"))
        board_layout = QVBoxLayout(board)
        self.board = QListWidget()
        self.board.setObjectName("board")
        self.board.itemDoubleClicked.connect(lambda item: self.open(item.data(RECORD_ROLE)))
        board_layout.addWidget(self.board)
        return board

    def after_reload(self, _rows: list[dict]) -> None:
        self.board.clear()
        today = dt.date.today()
        for r in notices.on_board():
            left = (r["ends_on"] - today).days + 1
            self.board.addItem(f"{r['title']}\n　至 {month_day(r['ends_on'])}，还剩 {left} 天"
                               + (f"，待答复 {r['unanswered']} 条" if r["unanswered"] else ""))
            self.board.item(self.board.count() - 1).setData(RECORD_ROLE, r["id"])

    def review(self) -> None:
        self.step(REGISTER.action("review"))

    def publish(self) -> None:
        self.step(REGISTER.action("publish"))

    def archive(self) -> None:
        notice_id = self._need_selection()
        if notice_id:
            self._act(self.tr("归档"), lambda: notices.archive(notice_id))

    def print_notice(self) -> None:
        notice_id = self._need_selection()
        if not notice_id:
            return
        notice = notices.get(notice_id)
        common_printing.preview(self, self.tr("打印预览 — %s") % notice.title,
                                lambda printer: printing.print_document(printing.document(notice), printer))

    def export_pdf(self) -> None:
        notice_id = self._need_selection()
        if not notice_id:
            return
        notice = notices.get(notice_id)
        save_file(self, self.tr("导出PDF"), f"{notice.title}.pdf", PDF,
                  lambda path: printing.to_pdf(notice, path) and "已导出 PDF。")
