"""集体合同台账 (domain.md §15): the contracts in force some day of a year out, and existing ledgers
in (key: 类型 + 起始日期, so an export re-imports unchanged). Imported history is taken as recorded."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from unionoffice.db.models import Contract
from unionoffice.domain import audit, contracts
from unionoffice.domain.mediation import whole_number
from unionoffice.domain.validation import ValidationError, check_length, clean_multiline, clean_text, parse_date
from unionoffice.excel.writing import Column, new_workbook
from unionoffice.ledgers.engine import UNCHANGED, Field, Ledger, Sheet, save, unit_name

SHEET = "集体合同台账"
COLUMNS = [
    Column("序号", 7, "number"), Column("合同名称", 34), Column("类型", 26), Column("签订日期", 12, "date"),
    Column("起始日期", 12, "date"), Column("终止日期", 12, "date"), Column("职代会审议日期", 14, "date"),
    Column("报送日期", 12, "date"), Column("覆盖职工人数", 12, "number"), Column("备注", 30),
]
COMPARED = ("name", "signed_on", "ends_on", "voted_on", "filed_on", "covered", "note")


class ContractLedger(Ledger):
    kind = "contracts"
    title = SHEET
    unit = "份"
    model = Contract
    fields = (
        Field("name", "合同名称", ("名称",)),
        Field("kind", "类型", ("合同类型",), "code", required=True),
        Field("signed_on", "签订日期", (), "date"),
        Field("starts_on", "起始日期", ("生效日期", "开始日期"), "date", required=True),
        Field("ends_on", "终止日期", ("到期日期", "截止日期"), "date", required=True),
        Field("voted_on", "职代会审议日期", ("审议日期", "审议通过日期"), "date"),
        Field("filed_on", "报送日期", ("报送审查日期",), "date"),
        Field("covered", "覆盖职工人数", ("覆盖人数",), "integer"),
        Field("note", "备注"),
    )
    same_row = "与第 {row} 行是同一份合同（类型和起始日期相同）"
    same_column = "starts_on"
    figures = contracts.FIGURES

    def begin(self, data, **_options) -> None:
        self.existing = {(c.kind, c.starts_on): c for c in Contract.select()}

    def check(self, raw: dict) -> dict:
        kind = clean_text(raw.get("kind"))
        if kind not in contracts.KINDS:
            raise ValidationError("类型", f"应为 {'、'.join(contracts.KINDS)} 之一")
        dates = {key: parse_date(raw.get(key), self.label(key), allow_future=True)
                 for key in ("signed_on", "starts_on", "ends_on", "voted_on", "filed_on")}
        contracts.check_term(dates["starts_on"], dates["ends_on"])
        covered = whole_number(raw.get("covered"), "覆盖职工人数")
        name = clean_text(raw.get("name")) or f"{dates['starts_on'].year}年{kind}"
        return {"name": check_length(name, "合同名称", 200), "kind": kind, "covered": covered,
                "note": clean_multiline(raw.get("note")), **dates}

    def key(self, values: dict):
        return (values["kind"], values["starts_on"])

    def match(self, values: dict, raw: dict, data):
        current = self.existing.get(self.key(values))
        if current is None:
            return None
        before = {k: getattr(current, k) for k in COMPARED}
        changed = {k for k in COMPARED if before[k] != values[k]}
        if not changed:
            return UNCHANGED
        return (current.id, {k: values[k] for k in changed}, {k: before[k] for k in changed})

    def write(self, plan) -> None:
        for values in plan.new:
            contract = Contract.create(**values)
            audit.record("import", "contract", contract.id, None, {"kind": values["kind"],
                                                                   "starts_on": values["starts_on"]})
        for contract_id, values, before in plan.updates:
            Contract.update(**values).where(Contract.id == contract_id).execute()
            audit.record("update", "contract", contract_id, before, values)

    def export(self, path: Path | str, year: int) -> int:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        rows = [r for r in contracts.search(year=year) if r["starts_on"] and r["ends_on"]
                and r["starts_on"] <= end and r["ends_on"] >= start]
        rows.sort(key=lambda r: (contracts.KINDS.index(r["kind"]), r["starts_on"], r["id"]))
        wb = new_workbook()
        sheet = Sheet(wb, SHEET, f"{unit_name()} 集体合同台账（{year}年）", COLUMNS)
        for n, r in enumerate(rows, start=1):
            sheet.row([n, r["name"], r["kind"], r["signed_on"], r["starts_on"], r["ends_on"], r["voted_on"],
                       r["filed_on"], r["covered"], r["note"]])
        sheet.total({0: "合计", 1: f"{len(rows)} 份"})
        save(wb, path)
        return len(rows)

    def exported(self, path, args) -> str:
        return f"已导出 {self.export(path, args.year or dt.date.today().year)} 份 → {path}"


LEDGER = ContractLedger()
