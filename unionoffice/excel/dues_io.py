"""会费: payroll workbooks in (姓名, 证件号码, 基本工资 → each person's wage base from a month), paid
lists in, and the 会费收缴表 of a month with the year's summary out."""

from __future__ import annotations

from pathlib import Path
from typing import Callable


from unionoffice.db.backup import backup_before
from unionoffice.db.models import Person, WageBase, database
from unionoffice.domain import audit, chapter, dues
from unionoffice.domain.money import to_fen, yuan
from unionoffice.domain.validation import ValidationError, clean_text, normalise_id
from unionoffice.domain.wording import chinese_month
from unionoffice.excel.ledger import LedgerPlan, Rejection, id_as_number_reason
from unionoffice.excel.reading import read_sheet
from unionoffice.excel.writing import Column, new_workbook, start_sheet, value_cell
from unionoffice.files import atomic_target
from unionoffice.logs import log

ALIASES = {"姓名": "name", "职工姓名": "name", "证件号码": "id_number", "身份证号": "id_number",
           "身份证号码": "id_number", "基本工资": "base", "工资基数": "base", "缴费基数": "base",
           "缴费日期": "paid_on", "部门": "_department", "会费": "_amount", "会费（元）": "_amount",
           "月份": "_month", "缴费状态": "_status"}
SHEET = [Column("序号", 7, "number"), Column("姓名", 10), Column("部门", 16), Column("工资基数（元）", 14, "money"),
         Column("会费（元）", 12, "money"), Column("缴费状态", 10), Column("缴费日期", 12, "date")]
SUMMARY = [Column("月份", 10), Column("应缴人数", 10, "number"), Column("应缴金额（元）", 14, "money"),
           Column("已缴人数", 10, "number"), Column("已缴金额（元）", 14, "money"), Column("缺工资基数", 10, "number")]


def _person(raw: dict) -> int:
    name = clean_text(raw.get("name"))
    if not name:
        raise ValidationError("姓名", "必须填写")
    number = normalise_id(raw.get("id_number"))
    if number:
        person = Person.get_or_none(Person.id_number == number)
        if person is None:
            raise ValidationError("证件号码", "名册中没有此证件号码")
        if person.name != name:
            raise ValidationError("姓名", f"与名册中此证件号码的姓名“{person.name}”不一致")
        return person.id
    found = [p.id for p in Person.select(Person.id).where(Person.name == name)]
    if len(found) != 1:
        raise ValidationError("姓名", f"名册中{'没有' if not found else f'有 {len(found)} 个'}“{name}”，请填写证件号码")
    return found[0]


def read_wages(path: Path | str, month) -> LedgerPlan:
    """A payroll: each row sets a person's wage base from ``month`` on."""
    month = dues.month_of(month)
    data = read_sheet(path, ALIASES, required=("name", "base"))
    plan = LedgerPlan.of(path, data)
    current = {w.person_id: w.base_fen for w in WageBase.select().where(WageBase.month == month)}
    labels = {"姓名": "name", "证件号码": "id_number", "基本工资": "base"}
    seen: dict[int, int] = {}
    for row_no, cells in data.rows:
        cells = list(cells) + [None] * (len(data.header) - len(cells))
        raw = {key: cells[col] for key, col in data.columns.items()}
        try:
            if isinstance(raw.get("id_number"), (int, float)) and not isinstance(raw.get("id_number"), bool):
                raise ValidationError("证件号码", id_as_number_reason(raw["id_number"]))
            person_id = _person(raw)
            if clean_text(raw.get("base")) == "":  # a blank never replaces a stored base with 0
                plan.skipped.append((row_no, "基本工资为空，未导入（原有基数不变）"))
                continue
            base = to_fen(raw.get("base"), "基本工资")
        except ValidationError as exc:
            key = labels.get(exc.field)
            plan.rejections.append(Rejection(row_no, data.title(key, exc.field) if key else exc.field,
                                             exc.reason, cells))
            continue
        if person_id in seen:
            plan.rejections.append(Rejection(row_no, data.title("name"), f"与第 {seen[person_id]} 行是同一人", cells))
            continue
        seen[person_id] = row_no
        if person_id not in current:
            plan.new.append({"person": person_id, "month": month, "base_fen": base})
        elif current[person_id] != base:
            plan.updates.append((person_id, {"base_fen": base, "month": month}, {"base_fen": current[person_id]}))
        else:
            plan.unchanged += 1
    return plan


def apply_wages(plan: LedgerPlan, *, db_path: Path | None = None, progress: Callable | None = None) -> dict:
    if (plan.new or plan.updates):
        backup_before(db_path, "before-import")
    with database.atomic():
        for values in plan.new:
            WageBase.create(source="导入", **values)
        for person_id, values, _before in plan.updates:
            WageBase.update(base_fen=values["base_fen"], source="导入").where(
                (WageBase.person == person_id) & (WageBase.month == values["month"])).execute()
        audit.record("import", "wage_base", None, None,
                     {"file": plan.path.name, "new": len(plan.new), "updated": len(plan.updates)})
    summary = plan.summary()
    log.info("wages import: %d new, %d updated, %d unchanged, %d rejected", summary["imported"],
             summary["updated"], summary["unchanged"], summary["rejected"])
    return summary


def read_paid_list(path: Path | str, month) -> tuple[list[int], list[Rejection]]:
    """A list of who paid (姓名, 证件号码): the people, and the rows that name nobody."""
    data = read_sheet(path, ALIASES, required=("name",))
    people, rejections = [], []
    for row_no, cells in data.rows:
        raw = {key: cells[col] if col < len(cells) else None for key, col in data.columns.items()}
        try:
            people.append(_person(raw))
        except ValidationError as exc:
            rejections.append(Rejection(row_no, exc.field, exc.reason, list(cells)))
    return people, rejections


def export_month(path: Path | str, month) -> dict:
    """会费收缴表 of a month, and the year's summary on a second sheet."""
    month = dues.month_of(month)
    info = chapter.load()
    unit = info["union_name"] or info["unit_name"] or "本单位工会"
    rows = dues.sheet(month)
    wb = new_workbook()
    ws = wb.create_sheet("会费收缴表")
    start_sheet(ws, f"{unit} 会费收缴表（{chinese_month(month)}）", SHEET)
    for n, r in enumerate(rows, start=1):
        status = "已缴" if r.paid_on else ("缺工资基数" if r.base_fen is None else "未缴")
        values = [n, r.name, r.department, yuan(r.base_fen), yuan(r.amount_fen), status, r.paid_on]
        ws.append([value_cell(ws, v, c) for v, c in zip(values, SHEET)])
    t = dues.totals(month)
    ws.append([value_cell(ws, "合计", SHEET[0]), value_cell(ws, f"{t['people']} 人", SHEET[1]), None, None,
               value_cell(ws, yuan(t["due_fen"]), SHEET[4]),
               value_cell(ws, f"已缴 {t['paid_people']} 人 {yuan(t['paid_fen']):,.2f} 元", SHEET[5])])
    summary = wb.create_sheet("全年汇总")
    start_sheet(summary, f"{unit} 会费收缴年度汇总（{month.year}年）", SUMMARY)
    year_rows = dues.year_summary(month.year)
    for r in year_rows:
        values = [f"{r['month']:%Y-%m}", r["people"], yuan(r["due_fen"]), r["paid_people"], yuan(r["paid_fen"]),
                  r["no_base"]]
        summary.append([value_cell(summary, v, c) for v, c in zip(values, SUMMARY)])
    summary.append([value_cell(summary, "合计", SUMMARY[0]), None,
                    value_cell(summary, yuan(sum(r["due_fen"] for r in year_rows)), SUMMARY[2]), None,
                    value_cell(summary, yuan(sum(r["paid_fen"] for r in year_rows)), SUMMARY[4])])
    with atomic_target(path) as partial:
        wb.save(partial)
    return t



