"""合理化建议台账: the year's suggestions out (证件号码 masked unless asked in full, §12) with a sheet by
department, and suggestion ledgers in (§15's columns, key 编号, so an export re-imports unchanged)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from unionoffice.db.models import Suggestion
from unionoffice.domain import suggestions
from unionoffice.domain.money import yuan
from unionoffice.domain.validation import mask_id
from unionoffice.excel.writing import Column, new_workbook
from unionoffice.ledgers.engine import Field, KeyedLedger, Sheet, find_person, raw, save, unit_name

SHEET = "合理化建议台账"
COLUMNS = [
    Column("编号", 12), Column("提交日期", 12, "date"), Column("建议人", 10), Column("证件号码", 21, "idtext"),
    Column("部门", 14), Column("题目", 30), Column("内容", 40), Column("评审结果", 9), Column("实施日期", 12, "date"),
    Column("创造经济效益（元）", 16, "money"), Column("奖励金额（元）", 14, "money"),
]
BY_DEPARTMENT = [Column("部门", 18), Column("建议件数", 10, "number"), Column("采纳件数", 10, "number"),
                 Column("创造经济效益（元）", 16, "money"), Column("奖励金额（元）", 14, "money")]
COMPARED = ("submitted_on", "person", "title", "content", "result", "implemented_on", "benefit_fen", "reward_fen")


class SuggestionLedger(KeyedLedger):
    kind = "suggestions"
    title = SHEET
    unit = "件"
    model = Suggestion
    fields = (
        Field("number", "编号", ("建议编号",), required=True),
        Field("submitted_on", "提交日期", ("提出日期",), "date", required=True),
        Field("proposer", "建议人", ("提出人", "姓名"), "person", required=True),
        Field("id_number", "证件号码", ("身份证号", "身份证号码"), "person"),
        Field("title", "题目", ("建议名称", "建议题目"), required=True),
        Field("content", "内容", ("建议内容",)),
        Field("result", "评审结果", ("是否采纳",), "code", required=True),
        Field("implemented_on", "实施日期", (), "date"),
        Field("benefit", "创造经济效益（元）", ("创造经济效益", "经济效益"), "money"),
        Field("reward", "奖励金额（元）", ("奖励金额", "奖励"), "money"),
        Field("department", "部门", read=False),
    )
    same_row = "编号与第 {row} 行重复"
    same_column = "number"
    figures = ("合理化建议件数", "合理化建议采纳件数", "合理化建议创造经济效益（元）")
    compared = COMPARED
    entity = "suggestion"
    errors = {"编号": "number", "提交日期": "submitted_on", "姓名": "proposer", "建议人": "proposer",
              "证件号码": "id_number", "题目": "title", "评审结果": "result", "实施日期": "implemented_on",
              "创造经济效益（元）": "benefit", "奖励金额（元）": "reward", "内容": "content"}

    def check(self, raw: dict) -> dict:
        person = find_person(raw.get("proposer"), raw.get("id_number"))
        values = suggestions.validate(raw | {"person": person, "benefit_fen": raw.get("benefit"),
                                             "reward_fen": raw.get("reward")}, history=True)
        current = self.existing.get(values["number"])
        for kept in ("reviewed_on", "reward_paid_on"):  # not in the ledger: kept as recorded
            values[kept] = getattr(current, kept) if current else None
        if values["result"] != "待评审" and values["reviewed_on"] is None:
            values["reviewed_on"] = values["submitted_on"]
        return values

    def export(self, path: Path | str, year: int, *, full: bool = False) -> int:
        rows = suggestions.search(year=year)
        privacy = "含完整证件号码，请妥善保管" if full else "证件号码已屏蔽"
        wb = new_workbook()
        sheet = Sheet(wb, SHEET, f"{unit_name()} 合理化建议台账（{year}年；{privacy}）", COLUMNS)
        for r in rows:
            sheet.row([r["number"], r["submitted_on"], r["proposer"], r["id_number"] if full else mask_id(r["id_number"]),
                       r["department"], r["title"], r["content"], r["result"], r["implemented_on"],
                       yuan(r["benefit_fen"]), yuan(r["reward_fen"])])
        sheet.total({0: "合计", 1: f"{len(rows)} 件", 7: f"采纳 {sum(r['result'] == '采纳' for r in rows)} 件",
                     9: yuan(sum(r["benefit_fen"] for r in rows)), 10: yuan(sum(r["reward_fen"] for r in rows))})
        sheet = Sheet(wb, "按部门", f"{unit_name()} 合理化建议按部门统计（{year}年）", BY_DEPARTMENT)
        for g in suggestions.by_department(year)[:-1]:
            sheet.row([g["department"], g["count"], g["adopted"], yuan(g["benefit_fen"]), yuan(g["reward_fen"])])
        total = suggestions.by_department(year)[-1]
        sheet.total({0: "合计", 1: raw(total["count"]), 2: raw(total["adopted"]), 3: yuan(total["benefit_fen"]),
                     4: yuan(total["reward_fen"])})
        save(wb, path)
        return len(rows)

    def exported(self, path, args) -> str:
        return (f"已导出 {self.export(path, args.year or dt.date.today().year, full=getattr(args, 'full', False))} 件"
                f" → {path}")


LEDGER = SuggestionLedger()
