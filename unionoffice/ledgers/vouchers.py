"""记账凭证 ledger (domain.md §14): a year's books out — the vouchers and, marked with their 来源, the
lines linked from other registers — and vouchers in, keyed by 凭证号 within the year. A linked line
read back is never a new voucher: unchanged when it still agrees with its source, else skipped
(it is edited at its source)."""

from __future__ import annotations

import datetime as dt

from unionoffice.db.models import Voucher
from unionoffice.domain import audit, funds
from unionoffice.domain.money import to_fen, yuan
from unionoffice.domain.validation import ValidationError, clean_text, parse_date
from unionoffice.excel.writing import Column, new_workbook
from unionoffice.ledgers.engine import UNCHANGED, Field, Ledger, Sheet, Skip, save, unit_name

SHEET = "记账凭证"
COLUMNS = [Column("凭证号", 8), Column("日期", 12, "date"), Column("摘要", 28), Column("收支", 6), Column("类别", 14),
           Column("明细科目", 22), Column("金额（元）", 14, "money"), Column("结算方式", 10), Column("经办人", 10),
           Column("审批人", 10), Column("附件张数", 9, "number"), Column("来源", 14)]
COMPARED = ("on", "summary", "direction", "category", "item", "amount_fen", "settlement", "handler", "approver",
            "pages")
_ERRORS = {"凭证号": "number", "日期": "on", "摘要": "summary", "收支": "direction", "类别": "category",
           "明细科目": "item", "金额（元）": "amount", "结算方式": "settlement", "经办人": "handler",
           "审批人": "approver", "附件张数": "pages", "来源": "source"}


class VoucherLedger(Ledger):
    kind = "vouchers"
    title = "记账凭证台账"
    unit = "笔"
    model = Voucher
    fields = (
        Field("number", "凭证号", ("凭证编号", "凭证字号"), required=True),
        Field("on", "日期", ("凭证日期", "记账日期"), "date", required=True),
        Field("summary", "摘要", ()),
        Field("direction", "收支", ("收支类型",), required=True),
        Field("category", "类别", ("科目", "经费类别"), required=True),
        Field("item", "明细科目", ("明细",)),
        Field("amount", "金额", ("金额（元）", "金额(元)"), "money", required=True),
        Field("settlement", "结算方式", ()),
        Field("handler", "经办人", ()),
        Field("approver", "审批人", ()),
        Field("pages", "附件张数", ("附件",), "integer"),
        Field("source", "来源", ("联动来源",)),
    )
    same_row = "凭证号与第 {row} 行重复（同一年度）"
    same_column = "number"
    errors = _ERRORS

    def begin(self, data, **_options) -> None:
        self.existing = {(v.year, v.number): v for v in Voucher.select()}
        self.linked: dict[str, tuple] | None = None

    def _linked_now(self) -> dict[str, tuple]:
        if self.linked is None:  # read once, only when the file holds linked lines
            years = {year for year, _ in self.existing} or {dt.date.today().year}
            lines = [line for y in range(min(years) - 1, dt.date.today().year + 1)
                     for line in funds.linked_lines(dt.date(y, 1, 1), dt.date(y, 12, 31))]
            self.linked = {line.ref: (line.on, line.amount_fen) for line in lines}
        return self.linked

    def check(self, raw: dict) -> dict:
        source = clean_text(raw.get("source"))
        if source:
            on = parse_date(raw.get("on"), "日期", allow_future=True)
            amount = to_fen(raw.get("amount"), "金额（元）")
            if self._linked_now().get(source) == (on, amount):
                return {"linked": source}
            raise Skip(f"来自{source.split('#')[0]}的联动记录，与其来源不符或来源已删除：请在来源处修改，不作为凭证导入")
        if clean_text(raw.get("number")) == "":
            raise ValidationError("凭证号", "必须填写")
        values = funds.validate(raw)
        current = self.existing.get((values["year"], values["number"]))
        changed = {k for k in COMPARED if current is not None and getattr(current, k) != values[k]}
        if current is None or changed:
            for on in {values["on"], current.on if current is not None else values["on"]}:
                if funds.is_closed(on):
                    raise ValidationError("日期", f"{on.year}年{on.month}月已结账，不能导入新的或改动的凭证（请先反结账）")
        values.pop("person")
        values["_current"], values["_changed"] = current, changed
        return values

    def key(self, values: dict):
        return ("linked", values["linked"]) if "linked" in values else (values["year"], values["number"])

    def match(self, values: dict, raw: dict, data):
        if "linked" in values:
            return UNCHANGED
        current, changed = values.pop("_current"), values.pop("_changed")
        if current is None:
            return None
        if not changed:
            return UNCHANGED
        return (current.id, {k: values[k] for k in changed}, {k: getattr(current, k) for k in changed})

    def write(self, plan) -> None:
        for values in plan.new:
            voucher = Voucher.create(**values)
            audit.record("import", "voucher", voucher.id, None, {"number": values["number"], "on": values["on"]})
        for voucher_id, values, before in plan.updates:
            Voucher.update(**values).where(Voucher.id == voucher_id).execute()
            audit.record("update", "voucher", voucher_id, before, values)

    def export(self, path, year: int) -> int:
        lines = funds.lines(year)
        wb = new_workbook()
        sheet = Sheet(wb, SHEET, f"{unit_name()} 记账凭证（{year}年）", COLUMNS)
        for line in lines:
            sheet.row([funds.number_text(line.number) if line.number else "", line.on, line.summary, line.direction,
                       line.category, line.item, yuan(line.amount_fen), line.settlement, line.handler, line.approver,
                       line.pages if not line.linked else None, line.ref])
        income = sum(line.amount_fen for line in lines if line.direction == funds.INCOME)
        sheet.total({0: "合计", 2: f"{len(lines)} 笔", 3: "收入", 6: yuan(income)})
        sheet.total({0: "合计", 3: "支出", 6: yuan(sum(line.amount_fen for line in lines) - income)})
        save(wb, path)
        return len(lines)

    def exported(self, path, args) -> str:
        return f"已导出 {self.export(path, args.year or dt.date.today().year)} 笔 → {path}"


LEDGER = VoucherLedger()
