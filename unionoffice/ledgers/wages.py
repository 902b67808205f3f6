"""会费: payroll workbooks in (姓名, 证件号码, 基本工资 → each person's wage base from a month), paid
lists in, and the 会费收缴表 of a month with the year's summary out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from unionoffice.db.models import WageBase
from unionoffice.domain import dues
from unionoffice.domain.money import to_fen, yuan
from unionoffice.domain.validation import ValidationError, clean_text
from unionoffice.domain.wording import chinese_month
from unionoffice.excel.ledger import Rejection, id_as_number_reason
from unionoffice.excel.reading import read_sheet
from unionoffice.excel.writing import Column, new_workbook
from unionoffice.ledgers.engine import UNCHANGED, Field, Ledger, OptionError, Sheet, Skip, save, unit_name

SHEET = [Column("序号", 7, "number"), Column("姓名", 10), Column("部门", 16), Column("工资基数（元）", 14, "money"),
         Column("会费（元）", 12, "money"), Column("缴费状态", 10), Column("缴费日期", 12, "date")]
SUMMARY = [Column("月份", 10), Column("应缴人数", 10, "number"), Column("应缴金额（元）", 14, "money"),
           Column("已缴人数", 10, "number"), Column("已缴金额（元）", 14, "money"), Column("缺工资基数", 10, "number")]
_ERRORS = {"姓名": "name", "证件号码": "id_number", "基本工资": "base"}


class WagesLedger(Ledger):
    """A payroll: each row sets a person's wage base from ``month`` on."""

    kind = "wages"
    table = "wage_base"
    title = "工资表"
    unit = "人"
    fields = (
        Field("name", "姓名", ("职工姓名",), "person", required=True),
        Field("id_number", "证件号码", ("身份证号", "身份证号码"), "person"),
        Field("base", "基本工资", ("工资基数", "缴费基数"), "money", required=True),
        Field("paid_on", "缴费日期", (), "date"),
        Field("department", "部门", read=False),
        Field("amount", "会费", ("会费（元）",), "money", read=False),
        Field("month", "月份", read=False),
        Field("status", "缴费状态", read=False),
    )
    same_row = "与第 {row} 行是同一人"
    same_column = "name"
    # figures: none; a wage base feeds the dues (会费收缴表), not the annual report
    options = ("month",)
    errors = _ERRORS

    def import_options(self, args) -> dict:
        if not args.month:
            raise OptionError("导入工资须用 --month 指定工资基数生效的月份，如 --month 2026-11")
        return {"month": args.month}

    def read(self, path: Path | str, month=None):
        return super().read(path, month=dues.month_of(month))

    def begin(self, data, month=None, **_options) -> None:
        self.month = month
        self.current = {w.person_id: w.base_fen for w in WageBase.select().where(WageBase.month == month)}

    def check(self, raw: dict) -> dict:
        if isinstance(raw.get("id_number"), (int, float)) and not isinstance(raw.get("id_number"), bool):
            raise ValidationError("证件号码", id_as_number_reason(raw["id_number"]))
        person_id = self.person(raw)
        if clean_text(raw.get("base")) == "":  # a blank never replaces a stored base with 0
            raise Skip("基本工资为空，未导入（原有基数不变）")
        return {"person": person_id, "month": self.month, "base_fen": to_fen(raw.get("base"), "基本工资")}

    def key(self, values: dict):
        return values["person"]

    def match(self, values: dict, raw: dict, data):
        person_id, base = values["person"], values["base_fen"]
        if person_id not in self.current:
            return None
        if self.current[person_id] == base:
            return UNCHANGED
        return (person_id, {"base_fen": base, "month": self.month}, {"base_fen": self.current[person_id]})

    def write(self, plan) -> list[int]:
        ids = [WageBase.create(source="导入", **values).id for values in plan.new]
        for person_id, values, _before in plan.updates:
            WageBase.update(base_fen=values["base_fen"], source="导入").where(
                (WageBase.person == person_id) & (WageBase.month == values["month"])).execute()
        return ids

    def exported(self, path, args) -> str:
        try:
            totals = export_month(path, args.month or dt.date.today().strftime("%Y-%m"))
        except ValidationError as exc:
            raise OptionError(f"参数错误：{exc}") from None
        return f"已导出会费收缴表：应缴 {totals['people']} 人，已缴 {totals['paid_people']} 人 → {path}"


def read_paid_list(path: Path | str, month) -> tuple[list[int], list[Rejection]]:
    """A list of who paid (姓名, 证件号码): the people, and the rows that name nobody."""
    data = read_sheet(path, LEDGER.aliases(), required=("name",))
    people, rejections = [], []
    for row_no, cells in data.rows:
        raw = {key: cells[col] if col < len(cells) else None for key, col in data.columns.items()}
        try:
            people.append(LEDGER.person(raw))
        except ValidationError as exc:
            rejections.append(Rejection(row_no, exc.field, exc.reason, list(cells)))
    return people, rejections


def export_month(path: Path | str, month) -> dict:
    """会费收缴表 of a month, and the year's summary on a second sheet."""
    month = dues.month_of(month)
    unit = unit_name()
    rows = dues.sheet(month)
    wb = new_workbook()
    sheet = Sheet(wb, "会费收缴表", f"{unit} 会费收缴表（{chinese_month(month)}）", SHEET)
    for n, r in enumerate(rows, start=1):
        status = "已缴" if r.paid_on else ("缺工资基数" if r.base_fen is None else "未缴")
        sheet.row([n, r.name, r.department, yuan(r.base_fen), yuan(r.amount_fen), status, r.paid_on])
    t = dues.totals_of(rows)  # the sheet just written: the month is counted once
    sheet.total({0: "合计", 1: f"{t['people']} 人", 4: yuan(t["due_fen"]),
                 5: f"已缴 {t['paid_people']} 人 {yuan(t['paid_fen']):,.2f} 元"})
    summary = Sheet(wb, "全年汇总", f"{unit} 会费收缴年度汇总（{month.year}年）", SUMMARY)
    year_rows = dues.year_summary(month.year)
    for r in year_rows:
        summary.row([f"{r['month']:%Y-%m}", r["people"], yuan(r["due_fen"]), r["paid_people"], yuan(r["paid_fen"]),
                     r["no_base"]])
    summary.total({0: "合计", 2: yuan(sum(r["due_fen"] for r in year_rows)),
                   4: yuan(sum(r["paid_fen"] for r in year_rows))})
    save(wb, path)
    return t


LEDGER = WagesLedger()
read_wages = LEDGER.read
apply_wages = LEDGER.apply
