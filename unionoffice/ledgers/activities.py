"""活动台账: the year's activities with cost, sign-ups and attendance, a participation sheet per
activity; and existing ledgers in (its own columns, so an export re-imports unchanged)."""

from __future__ import annotations

from typing import Callable

from unionoffice.db.models import Activity
from unionoffice.domain import activities
from unionoffice.domain.money import yuan
from unionoffice.domain.validation import ValidationError, clean_text
from unionoffice.excel.writing import Column, sheet_title
from unionoffice.ledgers.engine import UNCHANGED, Field, Ledger, Sheet, raw

SHEET = "活动台账"
COLUMNS = [
    Column("序号", 7, "number"), Column("名称", 30), Column("类型", 12), Column("开始日期", 12, "date"),
    Column("结束日期", 12, "date"), Column("地点", 18), Column("组织部门", 14),
    Column("预算（元）", 13, "money"), Column("实际费用（元）", 14, "money"), Column("报名人数", 10, "number"),
    Column("参加人数", 10, "number"),
]
PEOPLE = [Column("序号", 7, "number"), Column("姓名", 12), Column("部门", 16), Column("报名状态", 10),
          Column("签到", 8), Column("当天补登", 10), Column("获奖", 20)]
# the labels of the domain's errors → their columns
_ERRORS = {"名称": "name", "类型": "kind", "开始时间": "starts_at", "结束时间": "ends_at", "名额": "cap",
           "预算（元）": "budget", "实际费用（元）": "cost", "参加人数": "attendance", "开始日期": "starts_at"}


class ActivityLedger(Ledger):
    kind = "activities"
    table = "activity"
    title = SHEET
    model = Activity
    columns = COLUMNS
    fields = (
        Field("name", "名称", ("活动名称",), required=True),
        Field("kind", "类型", ("活动类型",), "code", required=True),
        Field("starts_at", "开始日期", ("开始时间", "活动日期", "日期"), "date", required=True),
        Field("ends_at", "结束日期", ("结束时间",), "date"),
        Field("place", "地点", ("活动地点",)),
        Field("department", "组织部门", ("主办部门",)),
        Field("budget", "预算", (), "money"),
        Field("cost", "实际费用", ("费用",), "money"),
        Field("attendance", "参加人数", ("参与人数",), "integer"),
        Field("signed_up", "报名人数", read=False),
    )
    same_row = "与第 {row} 行是同一活动（名称和开始日期相同）"
    same_column = "name"
    figures = ("活动次数", "活动参与人次")
    errors = _ERRORS

    def begin(self, data, **_options) -> None:
        self.existing = {(a.name, a.starts_at.date()): a for a in Activity.select()}
        self.counts = {r["id"]: r for r in activities.search(activities.ActivityFilter())}

    def check(self, raw: dict) -> dict:
        values = activities.validate(raw)
        attendance = raw.get("attendance")
        if attendance not in (None, ""):
            try:
                attendance = int(float(str(attendance).strip()))
            except ValueError:
                raise ValidationError("参加人数", f"应为整数，实际为“{attendance}”") from None
            if attendance < 0:
                raise ValidationError("参加人数", "不能为负数")
        values["recorded_attendance"] = attendance if attendance not in (None, "") else None
        return values

    def key(self, values: dict):
        return (values["name"], values["starts_at"].date())

    def match(self, values: dict, raw: dict, data):
        current = self.existing.get(self.key(values))
        if current is None:
            return None
        # a blank cell never replaces what is stored
        compared = ("kind",) + tuple(k for k, col in (("place", "place"), ("department", "department"),
                                                     ("budget_fen", "budget"), ("cost_fen", "cost"))
                                     if clean_text(raw.get(col)) != "")
        before = {k: getattr(current, k) for k in compared}
        if values["ends_at"] and (not current.ends_at or current.ends_at.date() != values["ends_at"].date()):
            before["ends_at"] = current.ends_at
        row = self.counts[current.id]
        recorded = values["recorded_attendance"]
        if not row["signed_up"] and recorded is not None and recorded != row["attended"]:
            before["recorded_attendance"] = current.recorded_attendance
        changed = {k for k in before if k in ("ends_at", "recorded_attendance") or before[k] != values[k]}
        if not changed:
            return UNCHANGED
        return (current.id, {k: values[k] for k in changed}, {k: before[k] for k in changed})

    def write(self, plan) -> list[int]:
        ids = [Activity.create(**values).id for values in plan.new]
        for activity_id, values, _before in plan.updates:
            Activity.update(**values).where(Activity.id == activity_id).execute()
        return ids

    def year_rows(self, year: int) -> list[dict]:
        return sorted(activities.search(activities.ActivityFilter(year=year)), key=lambda r: (r["starts_at"], r["id"]))

    def export_row(self, n: int, r: dict) -> list:
        return [n, r["name"], r["kind"], r["starts_at"].date(), r["ends_at"].date() if r["ends_at"] else None,
                r["place"], r["department"], yuan(r["budget_fen"]), yuan(r["cost_fen"]), r["signed_up"], r["attended"]]

    def export_total(self, rows: list[dict]) -> dict:
        return super().export_total(rows) | {
            7: yuan(sum(r["budget_fen"] for r in rows)), 8: yuan(sum(r["cost_fen"] for r in rows)),
            9: raw(sum(r["signed_up"] for r in rows)), 10: raw(sum(r["attended"] for r in rows))}

    def more_sheets(self, wb, rows: list[dict], progress: Callable | None) -> None:
        """A participation sheet per activity with sign-ups."""
        used = {SHEET}
        for n, r in enumerate(rows, start=1):
            people = activities.signups(r["id"])
            if not people:
                continue
            name = sheet_title(f"{n}-{r['name']}")
            while name in used:
                name = sheet_title(f"{n}-{r['name'][:20]}-{len(used)}")
            used.add(name)
            names = Sheet(wb, name, f"{r['name']}（{r['starts_at']:%Y-%m-%d}）参加名单", PEOPLE)
            for i, p in enumerate(people, start=1):
                names.row([i, p["name"], p["department"], p["status"] + (f" 第{p['queue']}位" if p.get("queue") else ""),
                           "√" if p["attended"] else "", "是" if p["walk_in"] else "", p["award"]])
            if progress:
                progress(n, len(rows), "正在导出…")


LEDGER = ActivityLedger()
read_ledger = LEDGER.read
apply = LEDGER.apply
export_ledger = LEDGER.export
