"""劳动保护监督检查 (domain.md §15): an inspection (检查日期, 检查范围, 检查类型, 检查人员) and the hazards
it found (隐患描述, 隐患等级, 整改责任部门, 整改期限), each followed to 整改完成 and then verified by
someone. A hazard past its 整改期限 and not yet fixed is overdue. 检查日期 + 检查范围 make one
inspection."""

from __future__ import annotations

import datetime as dt

from unionoffice.db.models import Hazard, Inspection, database
from unionoffice.domain import audit, concurrency
from unionoffice.domain.validation import ValidationError, check_length, clean_multiline, clean_text, parse_date

KINDS = ("日常检查", "专项检查", "节前检查")
LEVELS = ("一般", "重大")
HAZARD_STATES = ("待整改", "超期", "已整改", "已验证")
FIELD_LABELS = {"inspected_on": "检查日期", "scope": "检查范围", "kind": "检查类型", "inspectors": "检查人员",
                "note": "备注"}
HAZARD_LABELS = {"description": "隐患描述", "level": "隐患等级", "department": "整改责任部门",
                 "due_on": "整改期限", "fixed_on": "整改完成日期"}


def validate(values: dict, today: dt.date | None = None) -> dict:
    on = parse_date(values.get("inspected_on"), "检查日期", today=today)
    if on is None:
        raise ValidationError("检查日期", "必须填写")
    scope = clean_text(values.get("scope"))
    if not scope:
        raise ValidationError("检查范围", "必须填写")
    kind = clean_text(values.get("kind")) or KINDS[0]
    if kind not in KINDS:
        raise ValidationError("检查类型", f"应为 {'、'.join(KINDS)} 之一")
    return {"inspected_on": on, "scope": check_length(scope, "检查范围", 200), "kind": kind,
            "inspectors": check_length(clean_text(values.get("inspectors")), "检查人员", 200),
            "note": clean_multiline(values.get("note"))}


def validate_hazard(values: dict, inspected_on: dt.date, today: dt.date | None = None) -> dict:
    description = clean_text(values.get("description"))
    if not description:
        raise ValidationError("隐患描述", "必须填写")
    level = clean_text(values.get("level")) or LEVELS[0]
    if level not in LEVELS:
        raise ValidationError("隐患等级", f"应为 {'、'.join(LEVELS)} 之一")
    due = parse_date(values.get("due_on"), "整改期限", allow_future=True, today=today)
    if due is not None and due < inspected_on:
        raise ValidationError("整改期限", "早于检查日期")
    fixed = parse_date(values.get("fixed_on"), "整改完成日期", today=today)
    if fixed is not None and fixed < inspected_on:
        raise ValidationError("整改完成日期", "早于检查日期")
    return {"description": check_length(description, "隐患描述", 500), "level": level,
            "department": check_length(clean_text(values.get("department")), "整改责任部门", 100),
            "due_on": due, "fixed_on": fixed}


def _unique(on: dt.date, scope: str, exclude: int | None = None) -> None:
    query = Inspection.select().where((Inspection.inspected_on == on) & (Inspection.scope == scope))
    if exclude:
        query = query.where(Inspection.id != exclude)
    if query.exists():
        raise ValidationError("检查范围", f"{on:%Y-%m-%d} 已登记过对“{scope}”的检查")


def create(values: dict, hazards: list[dict] = ()) -> Inspection:
    """An inspection and the hazards it found, in one transaction."""
    clean = validate(values)
    checked = [validate_hazard(h, clean["inspected_on"]) for h in hazards]
    with database.atomic():
        _unique(clean["inspected_on"], clean["scope"])
        inspection = Inspection.create(**clean)
        audit.record("create", "inspection", inspection.id, None, {"scope": clean["scope"]})
        for h in checked:
            Hazard.create(inspection=inspection, **h)
    return inspection


def update(inspection_id: int, values: dict, base: concurrency.Base | None = None) -> Inspection:
    clean = validate(values)
    with database.atomic():
        row = concurrency.lock_row(Inspection, inspection_id)
        _unique(clean["inspected_on"], clean["scope"], inspection_id)
        current = {k: getattr(row, k) for k in FIELD_LABELS}
        changes = concurrency.changes_to_write("检查", row, current, clean, base, FIELD_LABELS)
        if changes:
            Inspection.update(**changes).where(Inspection.id == inspection_id).execute()
            audit.record("update", "inspection", inspection_id, {k: current[k] for k in changes}, changes)
    return get(inspection_id)


def get(inspection_id: int) -> Inspection:
    return Inspection.get_by_id(inspection_id)


def delete(inspection_id: int) -> None:
    with database.atomic():
        Inspection.delete().where(Inspection.id == inspection_id).execute()
        audit.record("delete", "inspection", inspection_id, None, None)


# --- hazards ---------------------------------------------------------------------------------
def add_hazard(inspection_id: int, values: dict) -> Hazard:
    inspection = get(inspection_id)
    clean = validate_hazard(values, inspection.inspected_on)
    with database.atomic():
        hazard = Hazard.create(inspection=inspection_id, **clean)
        audit.record("create", "hazard", hazard.id, None, {"description": clean["description"]})
    return hazard


def update_hazard(hazard_id: int, values: dict) -> Hazard:
    hazard = Hazard.get_by_id(hazard_id)
    clean = validate_hazard(values, hazard.inspection.inspected_on)
    if hazard.verified_on and clean["fixed_on"] is None:
        raise ValidationError("整改完成日期", "已验证的隐患须有整改完成日期")
    before = {k: getattr(hazard, k) for k in clean}
    changes = {k: v for k, v in clean.items() if before[k] != v}
    if changes:
        with database.atomic():
            Hazard.update(**changes).where(Hazard.id == hazard_id).execute()
            audit.record("update", "hazard", hazard_id, {k: before[k] for k in changes}, changes)
    return Hazard.get_by_id(hazard_id)


def remove_hazard(hazard_id: int) -> None:
    with database.atomic():
        Hazard.delete().where(Hazard.id == hazard_id).execute()
        audit.record("delete", "hazard", hazard_id, None, None)


def fix(hazard_id: int, on) -> Hazard:
    """整改完成 on a day (not before the inspection, not after today)."""
    hazard = Hazard.get_by_id(hazard_id)
    day = parse_date(on, "整改完成日期")
    if day is None:
        raise ValidationError("整改完成日期", "必须填写")
    if day < hazard.inspection.inspected_on:
        raise ValidationError("整改完成日期", "早于检查日期")
    with database.atomic():
        Hazard.update(fixed_on=day).where(Hazard.id == hazard_id).execute()
        audit.record("update", "hazard", hazard_id, {"fixed_on": hazard.fixed_on}, {"fixed_on": day})
    return Hazard.get_by_id(hazard_id)


def verify(hazard_id: int, who: str, on) -> Hazard:
    """验证: someone confirms the 整改 on a day, after it was done."""
    hazard = Hazard.get_by_id(hazard_id)
    who = clean_text(who)
    if not who:
        raise ValidationError("验证人", "必须填写")
    day = parse_date(on, "验证日期")
    if day is None:
        raise ValidationError("验证日期", "必须填写")
    if hazard.fixed_on is None:
        raise ValidationError("验证", "隐患尚未整改完成，不能验证")
    if day < hazard.fixed_on:
        raise ValidationError("验证日期", "早于整改完成日期")
    with database.atomic():
        Hazard.update(verified_by=check_length(who, "验证人", 50), verified_on=day).where(Hazard.id == hazard_id).execute()
        audit.record("update", "hazard", hazard_id, None, {"verified_by": who, "verified_on": day})
    return Hazard.get_by_id(hazard_id)


def hazard_state(h, on: dt.date | None = None) -> str:
    on = on or dt.date.today()
    get_ = h.get if isinstance(h, dict) else (lambda k: getattr(h, k))
    if get_("verified_on") is not None and get_("verified_on") <= on:
        return "已验证"
    if get_("fixed_on") is not None and get_("fixed_on") <= on:
        return "已整改"
    due = get_("due_on")
    return "超期" if due is not None and due < on else "待整改"


def hazards(inspection_id: int | None = None, on: dt.date | None = None, department: str = "",
            open_only: bool = False) -> list[dict]:
    query = (Hazard.select(Hazard, Inspection.inspected_on, Inspection.scope, Inspection.kind, Inspection.inspectors)
             .join(Inspection).order_by(Inspection.inspected_on, Hazard.id))
    if inspection_id:
        query = query.where(Hazard.inspection == inspection_id)
    if department:
        query = query.where(Hazard.department == department)
    rows = []
    for h in query.dicts():
        h["state"] = hazard_state(h, on)
        h["overdue"] = h["state"] == "超期"
        if not open_only or h["state"] in ("待整改", "超期"):
            rows.append(h)
    return rows


# --- the list ----------------------------------------------------------------------------------
def search(text: str = "", state: str = "", year: int | None = None, on: dt.date | None = None) -> list[dict]:
    """Inspections with their hazards counted: found, fixed, open, overdue. ``state``: 有超期隐患,
    有待整改隐患, 已全部整改."""
    query = Inspection.select().order_by(Inspection.inspected_on, Inspection.id)
    if year:
        query = query.where(Inspection.inspected_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if text:
        like = f"%{text}%"
        query = query.where((Inspection.scope ** like) | (Inspection.inspectors ** like))
    by_inspection: dict[int, list[dict]] = {}
    for h in hazards(on=on):
        by_inspection.setdefault(h["inspection"], []).append(h)
    rows = []
    for i in query.dicts():
        found = by_inspection.get(i["id"], [])
        i["found"] = len(found)
        i["fixed"] = sum(h["state"] in ("已整改", "已验证") for h in found)
        i["open"] = i["found"] - i["fixed"]
        i["overdue"] = sum(h["overdue"] for h in found)
        i["state"] = "有超期隐患" if i["overdue"] else ("有待整改隐患" if i["open"] else "已全部整改")
        if not state or i["state"] == state:
            rows.append(i)
    return rows


LIST_STATES = ("有超期隐患", "有待整改隐患", "已全部整改")


def counts(on: dt.date | None = None) -> dict[str, int]:
    """概况: hazards not yet fixed, and of those the overdue ones."""
    rows = hazards(on=on, open_only=True)
    return {"open": len(rows), "overdue": sum(r["overdue"] for r in rows)}


def period_counts(start: dt.date, end: dt.date) -> tuple[int, int, int]:
    """(劳动保护监督检查次数, 发现隐患数, 隐患整改数): distinct 检查日期 + 检查范围 in the period; the
    hazards those found; of them, fixed by the period end."""
    inspections = Inspection.select(Inspection.id).where(Inspection.inspected_on.between(start, end))
    found = Hazard.select().where(Hazard.inspection.in_(inspections))
    fixed = found.where(Hazard.fixed_on.is_null(False) & (Hazard.fixed_on <= end))
    return inspections.count(), found.count(), fixed.count()


def departments_with_open_hazards(on: dt.date | None = None) -> list[str]:
    return sorted({h["department"] for h in hazards(on=on, open_only=True) if h["department"]})


def notice_rows(department: str, on: dt.date | None = None) -> list[dict]:
    """隐患整改通知书: the department's hazards not yet fixed."""
    return hazards(on=on, department=department, open_only=True)

