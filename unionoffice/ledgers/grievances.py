"""职工诉求台账: the year's requests out, and request ledgers in (§15's columns, key 编号, so an
export re-imports unchanged)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from unionoffice.db.models import Grievance
from unionoffice.domain import requests
from unionoffice.excel.writing import Column, new_workbook
from unionoffice.ledgers.engine import Field, KeyedLedger, Sheet, save, unit_name

SHEET = "职工诉求台账"
COLUMNS = [
    Column("编号", 12), Column("收到日期", 12, "date"), Column("来源", 9), Column("提出人", 10), Column("内容", 40),
    Column("类别", 10), Column("责任部门", 14), Column("办理期限", 12, "date"), Column("措施", 30),
    Column("办结日期", 12, "date"), Column("办理结果", 10), Column("答复", 30), Column("满意度", 9), Column("状态", 8),
]
COMPARED = ("received_on", "source", "proposer", "content", "category", "department", "due_on", "measures",
            "closed_on", "result", "reply", "satisfaction")


class GrievanceLedger(KeyedLedger):
    kind = "grievances"
    title = SHEET
    unit = "件"
    model = Grievance
    fields = (
        Field("number", "编号", ("诉求编号",), required=True),
        Field("received_on", "收到日期", ("日期",), "date", required=True),
        Field("source", "来源", ("诉求来源",), "code"),
        Field("proposer", "提出人", ("诉求人",)),
        Field("content", "内容", ("诉求内容",), required=True),
        Field("category", "类别", ("诉求类别",), "code"),
        Field("department", "责任部门"),
        Field("due_on", "办理期限", (), "date"),
        Field("measures", "措施", ("办理措施",)),
        Field("closed_on", "办结日期", (), "date"),
        Field("result", "办理结果", (), "code"),
        Field("reply", "答复", ("答复情况",)),
        Field("satisfaction", "满意度", (), "code"),
        Field("state", "状态", read=False),
    )
    same_row = "编号与第 {row} 行重复"
    same_column = "number"
    figures = ("职工诉求件数", "职工诉求办结件数")
    compared = COMPARED
    entity = "grievance"

    def check(self, raw: dict) -> dict:
        values = requests.validate(raw, history=True)
        values.pop("forum_id")
        return values

    def export(self, path: Path | str, year: int, *, on: dt.date | None = None) -> int:
        rows = requests.search(year=year, on=on)
        wb = new_workbook()
        sheet = Sheet(wb, SHEET, f"{unit_name()} 职工诉求台账（{year}年）", COLUMNS)
        for r in rows:
            sheet.row([r["number"], r["received_on"], r["source"], r["proposer"], r["content"], r["category"],
                       r["department"], r["due_on"], r["measures"], r["closed_on"], r["result"], r["reply"],
                       r["satisfaction"], r["state"]])
        closed = sum(r["state"] == "已办结" for r in rows)
        sheet.total({0: "合计", 1: f"{len(rows)} 件", 9: f"办结 {closed} 件"})
        save(wb, path)
        return len(rows)

    def exported(self, path, args) -> str:
        return f"已导出 {self.export(path, args.year or dt.date.today().year)} 件 → {path}"


LEDGER = GrievanceLedger()
