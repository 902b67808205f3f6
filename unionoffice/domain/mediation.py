"""劳动争议调解 by the chapter's 调解委员会 (domain.md §15): 申请 (书面, or 口头 written down) →
受理, or 不予受理 with a reason → 调解 by a mediator within 15 days of 受理 (past it the case counts as
调解不成 and the worker may go to arbitration) → 结案: 调解成功 with a numbered 调解协议书, 调解不成,
or 撤回. A dispute of 10 or more people is a collective one. The applicant is an employee, who may
have left."""

from __future__ import annotations

import datetime as dt

from peewee import JOIN

from unionoffice.db.models import Department, MediationCase, Person, database
from unionoffice.domain import audit, concurrency
from unionoffice.domain.money import to_fen
from unionoffice.domain.validation import ValidationError, check_length, clean_multiline, clean_text, parse_date

KINDS = ("劳动报酬", "社会保险", "解除、终止劳动合同", "工伤", "休息休假", "其他")
WAYS = ("书面", "口头")
LIMIT_DAYS = 15
COLLECTIVE = 10  # 涉及人数 from which a dispute is collective
SUCCESS, FAILED, WITHDRAWN, REFUSED = "调解成功", "调解不成", "撤回", "不予受理"
ENDINGS = (SUCCESS, FAILED, WITHDRAWN)  # how an accepted case closes
RESULTS = ENDINGS + (REFUSED,)
WAITING, MEDIATING, OVERDUE = "待受理", "调解中", "已逾期"
STATES = (WAITING, MEDIATING, OVERDUE) + RESULTS

FIELD_LABELS = {"person": "申请人", "applied_on": "申请日期", "kind": "争议类型", "people": "涉及人数",
                "amount_fen": "涉及金额（元）", "how": "申请方式", "request": "申请事项", "note": "备注"}


def limit_on(accepted_on: dt.date | None) -> dt.date | None:
    """The last day of mediation: 15 days from 受理."""
    return accepted_on + dt.timedelta(days=LIMIT_DAYS) if accepted_on else None


def _get(record, key: str):
    return record[key] if isinstance(record, dict) else getattr(record, key)


def state(case: MediationCase | dict, on: dt.date | None = None) -> str:
    """Where a case is on a day; an accepted case still open past its 15 days is 已逾期 (it counts
    as 调解不成)."""
    on = on or dt.date.today()
    if _get(case, "result"):
        return _get(case, "result")
    accepted = _get(case, "accepted_on")
    if not accepted:
        return WAITING
    return OVERDUE if on > limit_on(accepted) else MEDIATING


def days_left(case, on: dt.date | None = None) -> int | None:
    """Days of the 15 left (0 on the last day; negative once past it); None when not mediating."""
    on = on or dt.date.today()
    if _get(case, "result") or not _get(case, "accepted_on"):
        return None
    return (limit_on(_get(case, "accepted_on")) - on).days


def is_collective(case) -> bool:
    return (_get(case, "people") or 0) >= COLLECTIVE


def next_number(year: int, what: str = "number", word: str = "调字") -> str:
    """The next 案号 (2026调字第001号) or 协议书编号 (2026调协字第001号) of a year."""
    prefix = f"{year}{word}第"
    used = [n for (n,) in MediationCase.select(getattr(MediationCase, what))
            .where(getattr(MediationCase, what).startswith(prefix)).tuples()]
    numbers = [int(n[len(prefix):-1]) for n in used if n[len(prefix):-1].isdigit()]
    return f"{prefix}{max(numbers, default=0) + 1:03d}号"


def whole_number(value, field: str, minimum: int = 0) -> int:
    """A count typed or read from a cell (286, "286", 286.0); blank is ``minimum``."""
    if value in (None, ""):
        return minimum
    if isinstance(value, float) and value.is_integer():  # a number as Excel keeps it
        value = int(value)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValidationError(field, f"应为整数，实际为“{value}”") from None
    if number < minimum:
        raise ValidationError(field, f"至少为 {minimum}")
    return number


def validate(values: dict, today: dt.date | None = None) -> dict:
    person = values.get("person")
    if not person:
        raise ValidationError("申请人", "请从名册中选择申请人（已离职的职工也可选）")
    applied = parse_date(values.get("applied_on"), "申请日期", today=today)
    if applied is None:
        raise ValidationError("申请日期", "必须填写")
    kind = clean_text(values.get("kind"))
    if kind not in KINDS:
        raise ValidationError("争议类型", f"应为 {'、'.join(KINDS)} 之一")
    how = clean_text(values.get("how")) or WAYS[0]
    if how not in WAYS:
        raise ValidationError("申请方式", f"应为 {'、'.join(WAYS)} 之一")
    request = clean_multiline(values.get("request"))
    if how == "口头" and not request:
        raise ValidationError("申请事项", "口头申请须当场记录申请人的请求和理由")
    amount = values.get("amount_fen")
    return {"person": int(person), "applied_on": applied, "kind": kind,
            "people": whole_number(values.get("people"), "涉及人数", 1),
            "amount_fen": amount if isinstance(amount, int) else to_fen(values.get("amount"), "涉及金额（元）"),
            "how": how, "request": request, "note": clean_multiline(values.get("note"))}


def create(values: dict) -> MediationCase:
    clean = validate(values)
    number = clean_text(values.get("number")) or next_number(clean["applied_on"].year)
    with database.atomic():
        case = MediationCase.create(number=check_length(number, "案号", 30), **clean)
        audit.record("create", "mediation", case.id, None, {"number": number, "kind": clean["kind"],
                                                            "applied_on": clean["applied_on"]})
    return case


def update(case_id: int, values: dict, base: concurrency.Base | None = None) -> MediationCase:
    clean = validate(values)
    with database.atomic():
        case = concurrency.lock_row(MediationCase, case_id)
        before = {k: getattr(case, k) for k in clean}
        before["person"] = case.person_id
        changed = concurrency.changes_to_write("调解案件", case, before, clean, base, FIELD_LABELS)
        if changed:
            if case.accepted_on and clean["applied_on"] > case.accepted_on:
                raise ValidationError("申请日期", "晚于受理日期")
            MediationCase.update(**changed).where(MediationCase.id == case_id).execute()
            audit.record("update", "mediation", case_id, {k: before[k] for k in changed}, changed)
    return MediationCase.get_by_id(case_id)


def get(case_id: int) -> MediationCase:
    return MediationCase.get_by_id(case_id)


def delete(case_id: int) -> None:
    case = get(case_id)
    if case.accepted_on or case.result:
        raise ValidationError("删除", "已受理或已结案的案件不能删除")
    with database.atomic():
        case.delete_instance()
        audit.record("delete", "mediation", case_id, {"number": case.number}, None)


def _day(on, field: str, after: dt.date, what: str) -> dt.date:
    day = parse_date(on, field) if on else dt.date.today()
    if day < after:
        raise ValidationError(field, f"早于{what}（{after:%Y-%m-%d}）")
    return day


def _open(case: MediationCase, action: str) -> None:
    if case.result:
        raise ValidationError(action, f"案件已结案（{case.result}）")


def accept(case_id: int, mediator: str, on=None) -> MediationCase:
    """受理, naming the mediator; the 15 days count from this day."""
    case = get(case_id)
    _open(case, "受理")
    if case.accepted_on:
        raise ValidationError("受理", "已经受理")
    mediator = clean_text(mediator)
    if not mediator:
        raise ValidationError("调解员", "受理时须指定调解员")
    day = _day(on, "受理日期", case.applied_on, "申请日期")
    return _write(case_id, "accept", accepted_on=day, mediator=check_length(mediator, "调解员", 50))


def refuse(case_id: int, reason: str, on=None) -> MediationCase:
    """不予受理, with its reason."""
    case = get(case_id)
    _open(case, "不予受理")
    if case.accepted_on:
        raise ValidationError("不予受理", "已受理的案件不能再不予受理")
    reason = clean_text(reason)
    if not reason:
        raise ValidationError("不予受理理由", "必须写明不予受理的理由")
    day = _day(on, "决定日期", case.applied_on, "申请日期")
    return _write(case_id, "refuse", refused_on=day, closed_on=day, result=REFUSED,
                  refusal=check_length(reason, "不予受理理由", 500))


def close(case_id: int, result: str, on=None, agreement: str = "") -> MediationCase:
    """结案: 调解成功 (within the 15 days, with the agreement's text; it gets its number),
    调解不成 or 撤回."""
    case = get(case_id)
    _open(case, "结案")
    if not case.accepted_on:
        raise ValidationError("结案", "须先受理")
    if result not in ENDINGS:
        raise ValidationError("调解结果", f"应为 {'、'.join(ENDINGS)} 之一")
    day = _day(on, "结案日期", case.accepted_on, "受理日期")
    values = {"closed_on": day, "result": result}
    if result == SUCCESS:
        if day > limit_on(case.accepted_on):
            raise ValidationError("结案日期", f"已超过受理后 {LIMIT_DAYS} 日的调解期限（{limit_on(case.accepted_on):%Y-%m-%d}），"
                                  "视为调解不成，当事人可依法申请仲裁")
        agreement = clean_multiline(agreement)
        if not agreement:
            raise ValidationError("协议内容", "调解成功须写明调解协议的内容")
        values |= {"agreement": agreement, "agreement_no": next_number(day.year, "agreement_no", "调协字")}
    return _write(case_id, "close", **values)


def _write(case_id: int, action: str, **values) -> MediationCase:
    with database.atomic():
        MediationCase.update(**values).where(MediationCase.id == case_id).execute()
        audit.record(action, "mediation", case_id, None, values)
    return get(case_id)


# --- lists and counts ---------------------------------------------------------------------------
def search(text: str = "", state_name: str = "", year: int | None = None, on: dt.date | None = None) -> list[dict]:
    """Rows for the list and the ledger, newest first; a year is that of the 申请日期."""
    on = on or dt.date.today()
    cond = True
    text = clean_text(text)
    if text:
        cond &= (MediationCase.number.contains(text) | Person.name.contains(text)
                 | MediationCase.kind.contains(text) | MediationCase.mediator.contains(text))
    if year:
        cond &= (MediationCase.applied_on >= dt.date(year, 1, 1)) & (MediationCase.applied_on <= dt.date(year, 12, 31))
    query = (MediationCase.select(MediationCase, Person.name, Person.id_number, Person.left_on,
                                  Department.name.alias("department"))
             .join(Person).join(Department, JOIN.LEFT_OUTER, on=Person.department == Department.id)
             .where(cond).order_by(MediationCase.applied_on.desc(), MediationCase.id.desc()))
    rows = []
    for r in query.dicts():
        r["person_id"] = r.pop("person")
        r["department"] = r["department"] or ""
        r["state"] = state(r, on)
        r["limit_on"] = limit_on(r["accepted_on"])
        r["days_left"] = days_left(r, on)
        r["collective"] = "集体争议" if is_collective(r) else ""
        if not state_name or r["state"] == state_name:
            rows.append(r)
    return rows


FIGURES = ("劳动争议调解受理件数", "劳动争议调解成功件数")


def figures(start: dt.date, end: dt.date) -> dict[str, int]:
    """劳动争议调解受理件数 (受理日期 in the period) and, of those, 调解成功件数 (§15)."""
    accepted = MediationCase.select().where((MediationCase.accepted_on >= start) & (MediationCase.accepted_on <= end))
    return dict(zip(FIGURES, (accepted.count(), accepted.where(MediationCase.result == SUCCESS).count())))
