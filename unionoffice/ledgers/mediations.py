"""劳动争议调解台账 (domain.md §15): a year's cases out (证件号码 masked unless the user asks for full
numbers, §12), and existing ledgers in (key: 案号, so an export re-imports unchanged). The applicant
is found on the roster, including people who have left; imported history is taken as recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from unionoffice.db.models import MediationCase
from unionoffice.domain import audit, mediation
from unionoffice.domain.money import to_fen, yuan
from unionoffice.domain.validation import ValidationError, check_length, clean_text, mask_id, parse_date
from unionoffice.excel.writing import Column, new_workbook
from unionoffice.ledgers.engine import UNCHANGED, Field, Ledger, Sheet, find_person, save, unit_name

SHEET = "劳动争议调解台账"
COLUMNS = [
    Column("序号", 7, "number"), Column("案号", 18), Column("申请日期", 12, "date"), Column("申请人", 10),
    Column("证件号码", 21, "idtext"), Column("争议类型", 16), Column("涉及人数", 9, "number"),
    Column("涉及金额（元）", 14, "money"), Column("受理日期", 12, "date"), Column("结案日期", 12, "date"),
    Column("调解结果", 10), Column("调解员", 10), Column("协议书编号", 20),
]
OPEN = (mediation.WAITING, mediation.MEDIATING, mediation.OVERDUE)  # written for a case not closed
COMPARED = ("applied_on", "person", "kind", "people", "amount_fen", "accepted_on", "closed_on", "result", "mediator")
_ERRORS = {"姓名": "applicant", "申请人": "applicant", "证件号码": "id_number", "案号": "number",
           "申请日期": "applied_on", "争议类型": "kind", "涉及人数": "people", "涉及金额（元）": "amount",
           "受理日期": "accepted_on", "结案日期": "closed_on", "调解结果": "result", "调解员": "mediator"}


class MediationLedger(Ledger):
    kind = "mediations"
    title = SHEET
    unit = "件"
    model = MediationCase
    fields = (
        Field("number", "案号", ("案件编号", "编号"), required=True),
        Field("applied_on", "申请日期", (), "date", required=True),
        Field("applicant", "申请人", ("姓名", "申请人姓名"), "person", required=True),
        Field("id_number", "证件号码", ("身份证号", "身份证号码"), "person"),
        Field("kind", "争议类型", ("类型",), "code"),
        Field("people", "涉及人数", ("人数",), "integer"),
        Field("amount", "涉及金额", ("金额",), "money"),
        Field("accepted_on", "受理日期", (), "date"),
        Field("closed_on", "结案日期", (), "date"),
        Field("result", "调解结果", ("结果",), "code", required=True),
        Field("mediator", "调解员"),
        Field("agreement_no", "协议书编号", read=False),
    )
    same_row = "案号与第 {row} 行重复"
    same_column = "number"
    figures = mediation.FIGURES
    errors = _ERRORS

    def begin(self, data, **_options) -> None:
        self.existing = {c.number: c for c in MediationCase.select()}

    def check(self, raw: dict) -> dict:
        number = clean_text(raw.get("number"))
        if not number:
            raise ValidationError("案号", "必须填写")
        person = find_person(raw.get("applicant"), raw.get("id_number"))
        applied = parse_date(raw.get("applied_on"), "申请日期")
        if applied is None:
            raise ValidationError("申请日期", "必须填写")
        kind = clean_text(raw.get("kind")) or mediation.KINDS[-1]
        if kind not in mediation.KINDS:
            raise ValidationError("争议类型", f"应为 {'、'.join(mediation.KINDS)} 之一")
        result = clean_text(raw.get("result"))
        if result not in mediation.RESULTS + OPEN:
            raise ValidationError("调解结果", f"应为 {'、'.join(mediation.RESULTS + OPEN[:2])} 之一")
        accepted = parse_date(raw.get("accepted_on"), "受理日期")
        closed = parse_date(raw.get("closed_on"), "结案日期")
        if result == mediation.REFUSED and accepted:
            raise ValidationError("受理日期", "不予受理的案件受理日期应为空")
        if result in (mediation.MEDIATING, mediation.OVERDUE) and not accepted:
            raise ValidationError("受理日期", f"“{result}”的案件须有受理日期")
        if result == mediation.WAITING and accepted:
            raise ValidationError("调解结果", "已受理的案件不是“待受理”")
        for day, label in ((accepted, "受理日期"), (closed, "结案日期")):
            if day and day < applied:
                raise ValidationError(label, "早于申请日期")
        if closed and result in OPEN:
            raise ValidationError("结案日期", f"“{result}”的案件不应有结案日期")
        people = mediation.whole_number(raw.get("people"), "涉及人数", 1)
        stored = "" if result in OPEN else result
        return {"number": check_length(number, "案号", 30), "applied_on": applied, "person": person, "kind": kind,
                "people": people, "amount_fen": to_fen(raw.get("amount"), "涉及金额（元）"),
                "accepted_on": accepted, "closed_on": closed or (applied if result == mediation.REFUSED else None),
                "refused_on": (closed or applied) if result == mediation.REFUSED else None, "result": stored,
                "mediator": check_length(clean_text(raw.get("mediator")), "调解员", 50)}

    def key(self, values: dict):
        return values["number"]

    def match(self, values: dict, raw: dict, data):
        current = self.existing.get(values["number"])
        if current is None:
            return None
        before = {k: getattr(current, k) for k in COMPARED if k != "person"} | {"person": current.person_id}
        changed = {k for k in COMPARED if before[k] != values[k] and not (k == "mediator" and not values[k])}
        if not changed:
            return UNCHANGED
        return (current.id, {k: values[k] for k in changed}, {k: before[k] for k in changed})

    def write(self, plan) -> None:
        for values in plan.new:
            case = MediationCase.create(**values)
            audit.record("import", "mediation", case.id, None, {"number": values["number"]})
        for case_id, values, before in plan.updates:
            MediationCase.update(**values).where(MediationCase.id == case_id).execute()
            audit.record("update", "mediation", case_id, before, values)

    def export(self, path: Path | str, year: int, *, full: bool = False) -> int:
        rows = sorted(mediation.search(year=year), key=lambda r: (r["applied_on"], r["number"]))
        privacy = "含完整证件号码，请妥善保管" if full else "证件号码已屏蔽"
        wb = new_workbook()
        sheet = Sheet(wb, SHEET, f"{unit_name()} 劳动争议调解台账（{year}年；{privacy}）", COLUMNS)
        for n, r in enumerate(rows, start=1):
            result = r["result"] or (mediation.MEDIATING if r["accepted_on"] else mediation.WAITING)
            sheet.row([n, r["number"], r["applied_on"], r["name"], r["id_number"] if full else mask_id(r["id_number"]),
                       r["kind"], r["people"], yuan(r["amount_fen"]), r["accepted_on"], r["closed_on"], result,
                       r["mediator"], r["agreement_no"]])
        sheet.total({0: "合计", 1: f"{len(rows)} 件", 7: yuan(sum(r["amount_fen"] for r in rows))})
        save(wb, path)
        return len(rows)

    def exported(self, path, args) -> str:
        year = args.year or dt.date.today().year
        return f"已导出 {self.export(path, year, full=getattr(args, 'full', False))} 件 → {path}"


LEDGER = MediationLedger()
