"""组织 (domain.md §1): union cadres with their training, and recruiting members — who is not yet in
the union, 入会率 by department, and applications approved in a batch (each approval records exactly
one 入会 event and issues one 会员证号)."""

from __future__ import annotations

import datetime as dt

from peewee import JOIN, fn

from unionoffice.db.models import Application, Cadre, CadreTraining, Department, Person, UnionGroup, database
from unionoffice.domain import audit, members
from unionoffice.domain.validation import ValidationError, check_length, clean_text, parse_date

CADRE_KINDS = ("专职", "兼职")
HIGHLIGHT_FORMS = ("劳务派遣",)


# --- cadres ------------------------------------------------------------------------------------
def add_cadre(person_id: int, kind: str, post: str, since) -> Cadre:
    if kind not in CADRE_KINDS:
        raise ValidationError("干部类别", "应为 专职 或 兼职")
    post = check_length(clean_text(post), "职务", 50)
    if not post:
        raise ValidationError("职务", "必须填写")
    date = parse_date(since, "任职日期")
    if date is None:
        raise ValidationError("任职日期", "必须填写")
    with database.atomic():
        cadre = Cadre.create(person=person_id, kind=kind, post=post, since=date)
        audit.record("create", "cadre", cadre.id, None, {"person": person_id, "kind": kind, "post": post})
    return cadre


def end_cadre(cadre_id: int, until) -> None:
    date = parse_date(until, "离任日期")
    with database.atomic():
        Cadre.update(until=date).where(Cadre.id == cadre_id).execute()
        audit.record("update", "cadre", cadre_id, None, {"until": date})


def add_training(cadre_id: int, on, course: str, hours) -> CadreTraining:
    course = clean_text(course)
    if not course:
        raise ValidationError("培训内容", "必须填写")
    try:
        hours = int(hours)
    except (TypeError, ValueError):
        raise ValidationError("学时", "应为整数") from None
    if hours <= 0:
        raise ValidationError("学时", "应大于 0")
    with database.atomic():
        item = CadreTraining.create(cadre=cadre_id, on=parse_date(on, "培训日期"), course=course, hours=hours)
        audit.record("training", "cadre", cadre_id, None, {"course": course, "hours": hours})
    return item


def cadres(on: dt.date | None = None) -> list[dict]:
    """Cadres in post on a day, with their training hours."""
    on = on or dt.date.today()
    hours = (CadreTraining.select(fn.COALESCE(fn.SUM(CadreTraining.hours), 0))
             .where(CadreTraining.cadre == Cadre.id))
    rows = (Cadre.select(Cadre, Person.name, Person.left_on, hours.alias("hours")).join(Person)
            .where((Cadre.since <= on) & (Cadre.until.is_null() | (Cadre.until > on)))
            .order_by(Cadre.kind.desc(), Cadre.since).dicts())
    return [{**r, "left": r["left_on"] is not None and r["left_on"] <= on} for r in rows]


def cadre_counts(on: dt.date) -> tuple[int, int] | None:
    """(专职, 兼职) cadres in post and still employed on a day; None while the register is empty."""
    if not Cadre.select().exists():
        return None
    rows = [r for r in cadres(on) if not r["left"]]
    return sum(r["kind"] == "专职" for r in rows), sum(r["kind"] == "兼职" for r in rows)


def trainings(cadre_id: int) -> list[CadreTraining]:
    return list(CadreTraining.select().where(CadreTraining.cadre == cadre_id).order_by(CadreTraining.on))


# --- union groups --------------------------------------------------------------------------------
def groups() -> list[dict]:
    size = Person.select(fn.COUNT(Person.id)).where((Person.union_group == UnionGroup.id) & Person.left_on.is_null())
    leader = Person.alias("leader")
    rows = (UnionGroup.select(UnionGroup.id, UnionGroup.name, Department.name.alias("department"),
                              leader.name.alias("leader"), size.alias("size"))
            .join(Department, JOIN.LEFT_OUTER, on=UnionGroup.department == Department.id)
            .switch(UnionGroup).join(leader, JOIN.LEFT_OUTER, on=UnionGroup.leader == leader.id)
            .order_by(Department.name, UnionGroup.name).dicts())
    return list(rows)


def set_group_leader(group_id: int, person_id: int | None) -> None:
    with database.atomic():
        UnionGroup.update(leader=person_id).where(UnionGroup.id == group_id).execute()
        audit.record("update", "union_group", group_id, None, {"leader": person_id})


# --- recruiting ---------------------------------------------------------------------------------
def join_rates(on: dt.date | None = None) -> list[dict]:
    """职工, 会员, 非会员 and 入会率 per department on a day (the same definitions as 概况)."""
    on = on or dt.date.today()
    member_ids = {pid for (pid,) in members.member_ids_on(on).tuples()}
    query = (Person.select(Person.id, Department.name)
             .join(Department, JOIN.LEFT_OUTER, on=Person.department == Department.id)
             .where(members.employees_on(on)))
    by_dept: dict[str, list[int]] = {}
    for pid, dept in database.execute(query).fetchall():
        entry = by_dept.setdefault(dept or "（未分部门）", [0, 0])
        entry[0] += 1
        entry[1] += pid in member_ids
    return [{"department": d, "employees": e, "members": m, "non_members": e - m,
             "rate": m / e if e else 0.0} for d, (e, m) in sorted(by_dept.items())]


def non_members(on: dt.date | None = None) -> list[dict]:
    """Employees not (or no longer) in the union, 劳务派遣 and 农民工 first."""
    on = on or dt.date.today()
    pending = {a.person_id for a in Application.select().where(Application.approved_on.is_null())}
    query = (Person.select(Person.id, Person.name, Department.name.alias("department"), Person.employment_form,
                           Person.is_migrant, Person.hire_date)
             .join(Department, JOIN.LEFT_OUTER, on=Person.department == Department.id)
             .where(members.employees_on(on) & Person.id.not_in(members.member_ids_on(on)))
             .order_by(Department.name, Person.name_pinyin).dicts())
    rows = []
    for r in query:
        r["highlight"] = r["employment_form"] in HIGHLIGHT_FORMS or bool(r["is_migrant"])
        r["applied"] = r["id"] in pending
        rows.append(r)
    return sorted(rows, key=lambda r: not r["highlight"])


def apply(person_ids: list[int], on=None) -> int:
    """入会申请 for these people (members and people already applying are skipped)."""
    date = parse_date(on, "申请日期") if on else dt.date.today()
    pending = {a.person_id for a in Application.select().where(Application.approved_on.is_null())}
    count = 0
    with database.atomic():
        for person_id in dict.fromkeys(person_ids):
            if person_id in pending or members.is_member_on(person_id, date):
                continue
            Application.create(person=person_id, applied_on=date)
            count += 1
        audit.record("apply", "application", None, None, {"people": count})
    return count


def approve(application_ids: list[int], on=None, by: str = "") -> list[str]:
    """Approve in one batch: each records exactly one 入会 event and issues one 会员证号."""
    by = clean_text(by)
    if not by:
        raise ValidationError("审批人", "必须填写")
    date = parse_date(on, "批准日期") if on else dt.date.today()
    cards = []
    with database.atomic():
        for application in Application.select().where(Application.id.in_(application_ids)
                                                       & Application.approved_on.is_null()):
            if date < application.applied_on:
                raise ValidationError("批准日期", "早于申请日期")
            members.add_event(application.person_id, "入会", date, note="入会申请批准")
            card = members.get_person(application.person_id).member_card_no
            Application.update(approved_on=date, approved_by=by, card_no=card).where(
                Application.id == application.id).execute()
            cards.append(card)
        audit.record("approve", "application", None, None, {"approved": len(cards)})
    return cards


def applications(pending_only: bool = False) -> list[dict]:
    query = (Application.select(Application, Person.name, Department.name.alias("department"))
             .join(Person).join(Department, JOIN.LEFT_OUTER, on=Person.department == Department.id))
    if pending_only:
        query = query.where(Application.approved_on.is_null())
    return list(query.order_by(Application.approved_on.is_null(False), Application.applied_on).dicts())
