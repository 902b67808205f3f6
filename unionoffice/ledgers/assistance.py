"""困难帮扶 workbooks: 困难职工档案台账, 帮扶发放明细 (signature column, totals) and 两节送温暖统计表 for
a year in one workbook; and payment ledgers in (the 明细's own columns, so an export re-imports
unchanged). ID and bank numbers are masked unless the user chooses full numbers."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Callable

from unionoffice.db.models import Assistance
from unionoffice.domain import welfare
from unionoffice.domain.money import to_fen, yuan
from unionoffice.domain.validation import ValidationError, clean_multiline, clean_text, mask_id, parse_date
from unionoffice.excel.writing import Column, new_workbook
from unionoffice.ledgers.engine import UNCHANGED, Field, Ledger, Sheet, raw, save, unit_name

CASES = [
    Column("序号", 7, "number"), Column("姓名", 10), Column("性别", 6), Column("证件号码", 21, "idtext"),
    Column("部门", 14), Column("档案类别", 10), Column("档案状态", 9), Column("对象", 13),
    Column("主要致困原因", 12), Column("家庭人口", 9, "number"), Column("家庭年总收入（元）", 15, "money"),
    Column("家庭月人均收入（元）", 16, "money"), Column("流程环节", 12), Column("建档日期", 12, "date"),
    Column("退档日期", 12, "date"), Column("开户银行", 16), Column("卡号", 22, "idtext"),
    # the full 建档申请表 (issue 27)
    Column("职工编号", 10), Column("单位性质", 12), Column("企业状况", 10), Column("劳动合同起", 12, "date"),
    Column("劳动合同止", 12, "date"), Column("户口所在地", 18), Column("现居住地", 20), Column("婚姻状况", 9),
    Column("健康状况", 12), Column("残疾类别", 10), Column("残疾等级", 9), Column("劳模类型", 12),
    Column("医保状况", 16), Column("住房类型", 10), Column("建筑面积（㎡）", 10, "number"), Column("单亲家庭", 9),
    Column("零就业家庭", 10), Column("自救能力", 9), Column("家庭其他年收入（元）", 15, "money"),
    Column("刚性支出（元/年）", 14, "money"), Column("测算建议类别", 12), Column("认定理由", 24),
    Column("致困原因简述", 30),
]
FAMILY = [
    Column("序号", 7, "number"), Column("申请人", 10), Column("申请人证件号码", 21, "idtext"), Column("姓名", 10),
    Column("关系", 8), Column("性别", 6), Column("年龄", 6, "number"), Column("身份证号", 21, "idtext"),
    Column("政治面貌", 10), Column("文化程度", 10), Column("健康状况", 12), Column("医保", 16),
    Column("月收入（元）", 12, "money"), Column("身份", 10), Column("单位或学校", 20),
]
PAYMENTS = [
    Column("序号", 7, "number"), Column("姓名", 10), Column("证件号码", 21, "idtext"), Column("部门", 14),
    Column("帮扶类型", 10), Column("日期", 12, "date"), Column("金额（元）", 13, "money"), Column("实物", 14),
    Column("资金来源", 13), Column("审批人", 10), Column("备注", 20), Column("领取人签字", 16),
]
WARMTH = [Column("序号", 7, "number"), Column("部门", 18), Column("人次", 10, "number"),
          Column("金额（元）", 14, "money")]
_ERRORS = {"姓名": "name", "证件号码": "id_number", "帮扶类型": "kind", "日期": "on", "金额（元）": "amount",
           "资金来源": "source"}


class AssistanceLedger(Ledger):
    kind = "assistance"
    table = "assistance"
    title = "帮扶发放明细"
    unit = "笔"
    model = Assistance
    fields = (
        Field("name", "姓名", (), "person", required=True),
        Field("id_number", "证件号码", ("身份证号", "身份证号码"), "person"),
        Field("kind", "帮扶类型", ("类型",), "code", required=True),
        Field("on", "日期", ("发放日期",), "date", required=True),
        Field("amount", "金额", (), "money", required=True),
        Field("source", "资金来源", (), "code"),
        Field("approver", "审批人"),
        Field("note", "备注"),
        Field("goods", "实物"),
        Field("department", "部门", read=False),
        Field("signature", "领取人签字", read=False),
    )
    same_column = "name"
    lengths_after_match = True  # a payment already recorded is unchanged, whatever its notes
    figures = ("帮扶人次", "帮扶金额（元）", "送温暖人次", "金秋助学人数")
    errors = _ERRORS

    def begin(self, data, **_options) -> None:
        self.existing = {(a.person_id, a.on, a.kind, a.amount_fen) for a in Assistance.select()}

    def check(self, raw: dict) -> dict:
        person_id = self.person(raw)
        kind = clean_text(raw.get("kind"))
        if kind not in welfare.KINDS:
            raise ValidationError("帮扶类型", f"应为 {'、'.join(welfare.KINDS)} 之一")
        on = parse_date(raw.get("on"), "日期")
        if on is None:
            raise ValidationError("日期", "必须填写")
        if clean_text(raw.get("amount")) == "":
            raise ValidationError("金额（元）", "必须填写（空白不能当作 0 元）")
        amount = to_fen(raw.get("amount"), "金额（元）")
        source = clean_text(raw.get("source")) or welfare.SOURCES[0]
        if source not in welfare.SOURCES:
            raise ValidationError("资金来源", f"应为 {'、'.join(welfare.SOURCES)} 之一")
        return {"person": person_id, "kind": kind, "on": on, "amount_fen": amount, "source": source,
                "approver": clean_text(raw.get("approver")), "goods": clean_text(raw.get("goods")),
                "note": clean_multiline(raw.get("note")), "signed": True, "batch": "导入"}

    def key(self, values: dict):
        return (values["person"], values["on"], values["kind"], values["amount_fen"])

    def match(self, values: dict, raw: dict, data):
        return UNCHANGED if self.key(values) in self.existing else None

    def write(self, plan) -> list[int]:
        return [Assistance.create(**values).id for values in plan.new]

    def export(self, path: Path | str, year: int, *, full: bool = False, progress: Callable | None = None) -> dict:
        """The year's three sheets. Returns the totals written (for reading back)."""
        unit = unit_name()
        privacy = "含完整证件号码和卡号，请妥善保管" if full else "证件号码、卡号已屏蔽"
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        wb = new_workbook()

        sheet = Sheet(wb, "困难职工档案台账", f"{unit} 困难职工档案台账（{year}年；{privacy}）", CASES)
        rows = welfare.cases(welfare.CaseFilter(year=year), on=min(end, dt.date.today()))
        for n, r in enumerate(sorted(rows, key=lambda r: (r["applied_on"], r["id"])), start=1):
            sheet.row([n, r["name"], r["gender"], r["id_number"] if full else mask_id(r["id_number"]),
                       r["department"], r["category"], r["status"], r["target"], r["main_cause"], r["family_size"],
                       yuan(r["family_income_fen"]), yuan(r["per_capita_fen"]), r["stage"], r["filed_on"],
                       r["closed_on"], r["bank"], r["card_no"] if full else mask_id(r["card_no"]),
                       r["staff_no"], r["employer_nature"], r["enterprise_state"], r["contract_from"],
                       r["contract_to"], r["hukou_place"], r["residence"], r["marital"], r["health"],
                       r["disability_kind"], r["disability_grade"], r["model_worker"], r["medical_insurance"],
                       r["housing_type"], Decimal(r["housing_area"]) if r["housing_area"] else None,
                       "是" if r["single_parent"] else "否", "是" if r["zero_employment"] else "否", r["self_help"],
                       yuan(r["other_income_fen"]), yuan(welfare.rigid_expense_fen(r)), r["suggested_category"],
                       r["category_reason"], r["cause_detail"]])
        sheet.total({0: "合计", 1: f"{len(rows)} 户"})

        sheet = Sheet(wb, "帮扶发放明细", f"{unit} 帮扶发放明细（{year}年；{privacy}）", PAYMENTS)
        payments = sorted(welfare.assistance(welfare.AssistanceFilter(start=start, end=end)),
                          key=lambda r: (r["on"], r["id"]))
        for n, r in enumerate(payments, start=1):
            sheet.row([n, r["name"], r["id_number"] if full else mask_id(r["id_number"]), r["department"],
                       r["kind"], r["on"], yuan(r["amount_fen"]), r["goods"], r["source"], r["approver"],
                       r["note"], None])
        paid = sum(r["amount_fen"] for r in payments)
        sheet.total({0: "合计", 1: f"{len(payments)} 人次", 6: yuan(paid)})

        sheet = Sheet(wb, "两节送温暖统计表", f"{unit} 两节送温暖统计表（{year}年）", WARMTH)
        by_department: dict[str, list[int]] = {}
        for r in payments:
            if r["kind"] == "送温暖":
                entry = by_department.setdefault(r["department"] or "（未分部门）", [0, 0])
                entry[0] += 1
                entry[1] += r["amount_fen"]
        for n, (dept, (times, fen)) in enumerate(sorted(by_department.items()), start=1):
            sheet.row([n, dept, times, yuan(fen)])
        warmth_times = sum(v[0] for v in by_department.values())
        warmth_fen = sum(v[1] for v in by_department.values())
        sheet.total({0: "合计", 2: raw(warmth_times), 3: yuan(warmth_fen)})

        sheet = Sheet(wb, "家庭成员", f"{unit} 困难职工家庭成员（{year}年；{privacy}）", FAMILY)
        members_written = 0
        on = min(end, dt.date.today())
        for r in sorted(rows, key=lambda r: (r["applied_on"], r["id"])):
            for m in welfare.family(r["id"]):
                members_written += 1
                sheet.row([members_written, r["name"], r["id_number"] if full else mask_id(r["id_number"]), m.name,
                           m.relation, m.gender, welfare.age_from_id(m.id_number, on),
                           m.id_number if full else mask_id(m.id_number), m.political_status, m.education, m.health,
                           m.medical_insurance, yuan(m.monthly_income_fen), m.identity, m.school_or_work])
        sheet.total({0: "合计", 1: f"{members_written} 人"})
        save(wb, path)
        return {"cases": len(rows), "family": members_written, "payments": len(payments), "paid_fen": paid,
                "warmth_times": warmth_times, "warmth_fen": warmth_fen}

    def exported(self, path, args) -> str:
        written = self.export(path, args.year or dt.date.today().year, full=args.full)
        return f"已导出困难帮扶台账：档案 {written['cases']} 份，发放 {written['payments']} 人次 → {path}"


def signing_rows(year: int | None = None, batch: str = "") -> list[dict]:
    f = welfare.AssistanceFilter(year=year, text=batch)
    return sorted(welfare.assistance(f), key=lambda r: (r["on"], r["id"]))


LEDGER = AssistanceLedger()
read_ledger = LEDGER.read
apply = LEDGER.apply
export_workbook = LEDGER.export
