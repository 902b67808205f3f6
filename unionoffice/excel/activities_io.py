"""活动台账: the year's activities with cost, sign-ups and attendance, a participation sheet per
activity; and existing ledgers in (its own columns, so an export re-imports unchanged)."""

from __future__ import annotations

from pathlib import Path
from typing import Callable


from unionoffice.db.backup import backup_before
from unionoffice.db.models import Activity, database
from unionoffice.domain import activities, audit, chapter
from unionoffice.domain.money import yuan
from unionoffice.domain.validation import ValidationError, clean_text
from unionoffice.excel.ledger import LedgerPlan, Rejection, check_lengths
from unionoffice.excel.reading import read_sheet
from unionoffice.excel.writing import Column, new_workbook, sheet_title, start_sheet, value_cell
from unionoffice.files import atomic_target
from unionoffice.logs import log

SHEET = "活动台账"
COLUMNS = [
    Column("序号", 7, "number"), Column("名称", 30), Column("类型", 12), Column("开始日期", 12, "date"),
    Column("结束日期", 12, "date"), Column("地点", 18), Column("组织部门", 14),
    Column("预算（元）", 13, "money"), Column("实际费用（元）", 14, "money"), Column("报名人数", 10, "number"),
    Column("参加人数", 10, "number"),
]
PEOPLE = [Column("序号", 7, "number"), Column("姓名", 12), Column("部门", 16), Column("报名状态", 10),
          Column("签到", 8), Column("当天补登", 10), Column("获奖", 20)]
_TITLES = {"name": "名称", "kind": "类型", "place": "地点", "department": "组织部门"}
ALIASES = {
    "名称": "name", "活动名称": "name", "类型": "kind", "活动类型": "kind", "开始日期": "starts_at",
    "开始时间": "starts_at", "活动日期": "starts_at", "日期": "starts_at", "结束日期": "ends_at",
    "结束时间": "ends_at", "地点": "place", "活动地点": "place", "组织部门": "department",
    "主办部门": "department", "预算": "budget", "实际费用": "cost", "费用": "cost",
    "参加人数": "attendance", "参与人数": "attendance", "报名人数": "_signed_up",
}


def export_ledger(path: Path | str, year: int, progress: Callable | None = None) -> int:
    rows = sorted(activities.search(activities.ActivityFilter(year=year)), key=lambda r: (r["starts_at"], r["id"]))
    info = chapter.load()
    unit = info["union_name"] or info["unit_name"] or "本单位工会"
    wb = new_workbook()
    ws = wb.create_sheet(SHEET)
    start_sheet(ws, f"{unit} 活动台账（{year}年）", COLUMNS)
    for n, r in enumerate(rows, start=1):
        values = [n, r["name"], r["kind"], r["starts_at"].date(), r["ends_at"].date() if r["ends_at"] else None,
                  r["place"], r["department"], yuan(r["budget_fen"]), yuan(r["cost_fen"]), r["signed_up"],
                  r["attended"]]
        ws.append([value_cell(ws, v, c) for v, c in zip(values, COLUMNS)])
    total = [value_cell(ws, "合计", COLUMNS[0]), value_cell(ws, f"{len(rows)} 项", COLUMNS[1])] + [None] * 5 + [
        value_cell(ws, yuan(sum(r["budget_fen"] for r in rows)), COLUMNS[7]),
        value_cell(ws, yuan(sum(r["cost_fen"] for r in rows)), COLUMNS[8]),
        sum(r["signed_up"] for r in rows), sum(r["attended"] for r in rows)]
    ws.append(total)
    used = {SHEET}
    for n, r in enumerate(rows, start=1):
        people = activities.signups(r["id"])
        if not people:
            continue
        name = sheet_title(f"{n}-{r['name']}")
        while name in used:
            name = sheet_title(f"{n}-{r['name'][:20]}-{len(used)}")
        used.add(name)
        sheet = wb.create_sheet(name)
        start_sheet(sheet, f"{r['name']}（{r['starts_at']:%Y-%m-%d}）参加名单", PEOPLE)
        for i, p in enumerate(people, start=1):
            values = [i, p["name"], p["department"], p["status"] + (f" 第{p['queue']}位" if p.get("queue") else ""),
                      "√" if p["attended"] else "", "是" if p["walk_in"] else "", p["award"]]
            sheet.append([value_cell(sheet, v, c) for v, c in zip(values, PEOPLE)])
        if progress:
            progress(n, len(rows), "正在导出…")
    with atomic_target(path) as partial:
        wb.save(partial)
    return len(rows)


def read_ledger(path: Path | str) -> LedgerPlan:
    data = read_sheet(path, ALIASES, required=("name", "kind", "starts_at"))
    plan = LedgerPlan.of(path, data)
    labels = {"名称": "name", "类型": "kind", "开始时间": "starts_at", "结束时间": "ends_at",
              "名额": "cap", "预算（元）": "budget", "实际费用（元）": "cost", "参加人数": "attendance",
              "开始日期": "starts_at"}
    existing = {(a.name, a.starts_at.date()): a for a in Activity.select()}
    counts = {r["id"]: r for r in activities.search(activities.ActivityFilter())}
    seen: dict[tuple, int] = {}
    for row_no, cells in data.rows:
        cells = list(cells) + [None] * (len(data.header) - len(cells))
        raw = {key: cells[col] for key, col in data.columns.items()}
        try:
            values = activities.validate(raw)
            check_lengths(Activity, values, lambda k: data.title(k, _TITLES.get(k, k)))
            attendance = raw.get("attendance")
            if attendance not in (None, ""):
                try:
                    attendance = int(float(str(attendance).strip()))
                except ValueError:
                    raise ValidationError("参加人数", f"应为整数，实际为“{attendance}”") from None
                if attendance < 0:
                    raise ValidationError("参加人数", "不能为负数")
            values["recorded_attendance"] = attendance if attendance not in (None, "") else None
        except ValidationError as exc:
            key = labels.get(exc.field)
            plan.rejections.append(Rejection(row_no, data.title(key, exc.field) if key else exc.field,
                                             exc.reason, cells))
            continue
        key = (values["name"], values["starts_at"].date())
        if key in seen:
            plan.rejections.append(Rejection(row_no, data.title("name"),
                                             f"与第 {seen[key]} 行是同一活动（名称和开始日期相同）", cells))
            continue
        seen[key] = row_no
        current = existing.get(key)
        if current is None:
            plan.new.append(values)
            continue
        # a blank cell never replaces what is stored
        compared = ("kind",) + tuple(k for k, col in (("place", "place"), ("department", "department"),
                                                     ("budget_fen", "budget"), ("cost_fen", "cost"))
                                     if clean_text(raw.get(col)) != "")
        before = {k: getattr(current, k) for k in compared}
        if values["ends_at"] and (not current.ends_at or current.ends_at.date() != values["ends_at"].date()):
            before["ends_at"] = current.ends_at
        row = counts[current.id]
        recorded = values["recorded_attendance"]
        if not row["signed_up"] and recorded is not None and recorded != row["attended"]:
            before["recorded_attendance"] = current.recorded_attendance
        changed = {k for k in before if k in ("ends_at", "recorded_attendance") or before[k] != values[k]}
        if changed:
            plan.updates.append((current.id, {k: values[k] for k in changed}, {k: before[k] for k in changed}))
        else:
            plan.unchanged += 1
    return plan


def apply(plan: LedgerPlan, *, db_path: Path | None = None, progress: Callable | None = None) -> dict:
    if (plan.new or plan.updates):
        backup_before(db_path, "before-import")
    with database.atomic():
        for values in plan.new:
            activity = Activity.create(**values)
            audit.record("import", "activity", activity.id, None, {"name": values["name"]})
        for activity_id, values, before in plan.updates:
            Activity.update(**values).where(Activity.id == activity_id).execute()
            audit.record("update", "activity", activity_id, before, values)
    summary = plan.summary()
    log.info("activities import: %d new, %d updated, %d unchanged, %d rejected", summary["imported"],
             summary["updated"], summary["unchanged"], summary["rejected"])
    return summary

