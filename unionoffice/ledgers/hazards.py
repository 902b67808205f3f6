"""劳动保护监督检查台账: one row per hazard, repeating its inspection's columns; an inspection that
found nothing is one row with 隐患描述 empty (§15). Key: 检查日期 + 检查范围 + 隐患描述."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from unionoffice.db.models import Hazard, Inspection
from unionoffice.domain import audit, inspections
from unionoffice.domain.validation import ValidationError, clean_text
from unionoffice.excel.writing import Column, new_workbook
from unionoffice.ledgers.engine import UNCHANGED, Field, Ledger, Sheet, save, unit_name

SHEET = "劳动保护监督检查台账"
COLUMNS = [
    Column("检查日期", 12, "date"), Column("检查范围", 20), Column("检查类型", 10), Column("检查人员", 16),
    Column("隐患描述", 36), Column("隐患等级", 9), Column("整改责任部门", 14), Column("整改期限", 12, "date"),
    Column("整改完成日期", 13, "date"), Column("状态", 8),
]
HAZARD_KEYS = ("level", "department", "due_on", "fixed_on")


class HazardLedger(Ledger):
    kind = "hazards"
    title = SHEET
    unit = "行"
    model = Hazard
    fields = (
        Field("inspected_on", "检查日期", ("日期",), "date", required=True),
        Field("scope", "检查范围", ("检查部位", "检查区域"), required=True),
        Field("kind", "检查类型", (), "code"),
        Field("inspectors", "检查人员", ("检查人",)),
        Field("description", "隐患描述", ("隐患", "存在问题")),
        Field("level", "隐患等级", ("等级",), "code"),
        Field("department", "整改责任部门", ("责任部门",)),
        Field("due_on", "整改期限", (), "date"),
        Field("fixed_on", "整改完成日期", ("完成日期",), "date"),
        Field("state", "状态", read=False),
    )
    same_row = "与第 {row} 行是同一隐患（检查日期、检查范围和隐患描述相同）"
    same_column = "description"
    figures = ("劳动保护监督检查次数", "发现隐患数", "隐患整改数")

    def begin(self, data, **_options) -> None:
        self.inspections = {(i.inspected_on, i.scope): i for i in Inspection.select()}
        self.hazards = {(h.inspection_id, h.description): h for h in Hazard.select()}

    def check(self, raw: dict) -> dict:
        inspection = inspections.validate(raw)
        inspection.pop("note")
        hazard = None
        if clean_text(raw.get("description")):
            hazard = inspections.validate_hazard(raw, inspection["inspected_on"])
        elif any(clean_text(raw.get(k)) for k in HAZARD_KEYS):
            raise ValidationError("隐患描述", "填写了隐患的其他列，须填写隐患描述")
        return {"inspection": inspection, "hazard": hazard}

    def key(self, values: dict):
        i, h = values["inspection"], values["hazard"]
        return (i["inspected_on"], i["scope"], h["description"] if h else "")

    def match(self, values: dict, raw: dict, data):
        i, h = values["inspection"], values["hazard"]
        current = self.inspections.get((i["inspected_on"], i["scope"]))
        if current is None:
            return None
        before = {k: getattr(current, k) for k in ("kind", "inspectors") if getattr(current, k) != i[k]}
        hazard = self.hazards.get((current.id, h["description"])) if h else None
        if h and hazard is None:
            return None  # a new hazard of a known inspection
        if hazard is not None:
            before |= {f"hazard.{k}": getattr(hazard, k) for k in HAZARD_KEYS if getattr(hazard, k) != h[k]}
        if not before:
            return UNCHANGED
        return (current.id, values | {"hazard_id": hazard.id if hazard else None}, before)

    def write(self, plan) -> None:
        made: dict = {}
        for values in plan.new:
            i, h = values["inspection"], values["hazard"]
            key = (i["inspected_on"], i["scope"])
            inspection = made.get(key) or Inspection.get_or_none(
                (Inspection.inspected_on == key[0]) & (Inspection.scope == key[1]))
            if inspection is None:
                inspection = made[key] = Inspection.create(**i)
                audit.record("import", "inspection", inspection.id, None, {"scope": i["scope"]})
            if h:
                hazard = Hazard.create(inspection=inspection.id, **h)
                audit.record("import", "hazard", hazard.id, None, {"description": h["description"]})
        for inspection_id, values, before in plan.updates:
            i, h = values["inspection"], values["hazard"]
            Inspection.update(kind=i["kind"], inspectors=i["inspectors"]).where(Inspection.id == inspection_id).execute()
            if values["hazard_id"]:
                Hazard.update(**{k: h[k] for k in HAZARD_KEYS}).where(Hazard.id == values["hazard_id"]).execute()
            audit.record("update", "inspection", inspection_id, before,
                         {k: (h[k.split(".")[1]] if k.startswith("hazard.") else i[k]) for k in before})

    def export(self, path: Path | str, year: int, *, on: dt.date | None = None) -> int:
        listed = inspections.search(year=year, on=on)
        by_inspection: dict[int, list[dict]] = {}
        for h in inspections.hazards(on=on):
            by_inspection.setdefault(h["inspection"], []).append(h)
        wb = new_workbook()
        sheet = Sheet(wb, SHEET, f"{unit_name()} 劳动保护监督检查台账（{year}年）", COLUMNS)
        rows = 0
        for i in listed:
            head = [i["inspected_on"], i["scope"], i["kind"], i["inspectors"]]
            for h in by_inspection.get(i["id"]) or [None]:
                sheet.row(head + ([h["description"], h["level"], h["department"], h["due_on"], h["fixed_on"],
                                   h["state"]] if h else ["", "", "", None, None, "未发现隐患"]))
                rows += 1
        found = sum(i["found"] for i in listed)
        sheet.total({0: "合计", 1: f"检查 {len(listed)} 次", 4: f"隐患 {found} 项",
                     8: f"已整改 {sum(i['fixed'] for i in listed)} 项"})
        save(wb, path)
        return rows

    def exported(self, path, args) -> str:
        return f"已导出 {self.export(path, args.year or dt.date.today().year)} 行 → {path}"


LEDGER = HazardLedger()
