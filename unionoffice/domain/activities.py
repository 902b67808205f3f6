"""活动: activities with sign-up, a capped list and its waiting list, attendance, awards and cost
(domain.md §8). Money in integer 分 (``domain.money``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from peewee import JOIN, SQL, Case, fn

from unionoffice.db.models import (
    Activity,
    ActivityAttachment,
    ActivityCost,
    Department,
    Person,
    Signup,
    database,
    now,
)
from unionoffice.collation import sort_key
from unionoffice.domain import audit, concurrency
from unionoffice.domain.money import to_fen
from unionoffice.domain.validation import ValidationError, check_length, clean_text, parse_date

KINDS = ("文体活动", "培训", "讲座", "体检", "劳动竞赛", "合理化建议征集", "公益/志愿", "其他")
IN, WAITING, WITHDRAWN = "报名", "候补", "退出"


def _datetime(value, field: str) -> dt.datetime | None:
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, dt.date):
        return dt.datetime.combine(value, dt.time(9, 0))
    text = clean_text(value)
    if " " in text:
        day, _, clock = text.partition(" ")
        date = parse_date(day, field, allow_future=True)
        try:
            hour, minute = (int(x) for x in clock.replace("：", ":").split(":")[:2])
            return dt.datetime.combine(date, dt.time(hour, minute))
        except ValueError:
            raise ValidationError(field, f"无法识别的时间“{clock}”（如 14:30）") from None
    date = parse_date(text, field, allow_future=True)
    return dt.datetime.combine(date, dt.time(9, 0)) if date else None


def default_start(now: dt.datetime | None = None) -> dt.datetime:
    """Where a new activity's 开始时间 starts: 09:00 on the next working day (Monday to Friday)."""
    day = (now or dt.datetime.now()).date() + dt.timedelta(days=1)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(9, 0))


def validate(values: dict) -> dict:
    name = clean_text(values.get("name"))
    if not name:
        raise ValidationError("名称", "必须填写")
    kind = clean_text(values.get("kind"))
    if kind not in KINDS:
        raise ValidationError("类型", f"应为 {'、'.join(KINDS)} 之一")
    starts = _datetime(values.get("starts_at"), "开始时间")
    if starts is None:
        raise ValidationError("开始时间", "必须填写")
    ends = _datetime(values.get("ends_at"), "结束时间")
    if ends and ends < starts:
        raise ValidationError("结束时间", "早于开始时间")
    cap = values.get("cap")
    if cap in ("", None, 0, "0"):
        cap = None
    else:
        try:
            cap = int(cap)
        except (TypeError, ValueError):
            raise ValidationError("名额", f"应为整数，实际为“{cap}”") from None
        if cap < 1:
            raise ValidationError("名额", "至少 1 人（不限名额请留空）")
    return {
        "name": check_length(name, "名称", 200), "kind": kind, "starts_at": starts, "ends_at": ends,
        "place": check_length(clean_text(values.get("place")), "地点", 200),
        "department": check_length(clean_text(values.get("department")), "组织部门", 100),
        "budget_fen": to_fen(values.get("budget"), "预算（元）"),
        "cost_fen": to_fen(values.get("cost"), "实际费用（元）"),
        "cap": cap, "description": (values.get("description") or "").strip(),
        "summary": (values.get("summary") or "").strip(),
    }


def create(values: dict) -> Activity:
    clean = validate(values)
    with database.atomic():
        activity = Activity.create(**clean)
        audit.record("create", "activity", activity.id, None, _public(clean))
    return activity


def _public(values: dict) -> dict:
    return {k: v for k, v in values.items() if k not in ("description", "summary")}


FIELD_LABELS = {"name": "名称", "kind": "类型", "starts_at": "开始时间", "ends_at": "结束时间", "place": "地点",
                "department": "组织部门", "budget_fen": "预算（分）", "cost_fen": "实际费用（分）", "cap": "名额",
                "description": "说明", "summary": "总结"}


def update(activity_id: int, values: dict, base: concurrency.Base | None = None) -> Activity:
    """Save an edited activity; ``base`` as in ``members.update_person``."""
    clean = validate(values)
    with database.atomic():
        activity = concurrency.lock_row(Activity, activity_id)
        if ActivityCost.select().where(ActivityCost.activity == activity_id).exists():
            clean["cost_fen"] = activity.cost_fen  # kept by the breakdown
        before = {k: getattr(activity, k) for k in clean}
        changed = concurrency.changes_to_write("活动", activity, before, clean, base, FIELD_LABELS)
        if changed:
            Activity.update(**changed).where(Activity.id == activity_id).execute()
            audit.record("update", "activity", activity_id, _public({k: before[k] for k in changed}),
                         _public(changed))
        if "cap" in changed:
            _fill_from_waiting_list(activity_id)
    return Activity.get_by_id(activity_id)


def get(activity_id: int) -> Activity:
    return Activity.get_by_id(activity_id)


def delete(activity_id: int) -> None:
    activity = Activity.get_by_id(activity_id)
    with database.atomic():
        activity.delete_instance(recursive=True)
        audit.record("delete", "activity", activity_id, {"name": activity.name}, None)


# --- cost --------------------------------------------------------------------------------------
def add_cost(activity_id: int, item: str, amount) -> ActivityCost:
    item = clean_text(item)
    if not item:
        raise ValidationError("费用项目", "必须填写")
    fen = to_fen(amount, "金额")
    with database.atomic():
        row = ActivityCost.create(activity=activity_id, item=item, amount_fen=fen)
        _sum_costs(activity_id)
        audit.record("cost", "activity", activity_id, None, {"item": item, "amount_fen": fen})
    return row


def remove_cost(cost_id: int) -> None:
    row = ActivityCost.get_by_id(cost_id)
    with database.atomic():
        row.delete_instance()
        _sum_costs(row.activity_id)
        audit.record("cost", "activity", row.activity_id, {"item": row.item, "amount_fen": row.amount_fen}, None)


def _sum_costs(activity_id: int) -> None:
    total = (ActivityCost.select(fn.COALESCE(fn.SUM(ActivityCost.amount_fen), 0))
             .where(ActivityCost.activity == activity_id).scalar())
    Activity.update(cost_fen=int(total)).where(Activity.id == activity_id).execute()


def costs(activity_id: int) -> list[ActivityCost]:
    return list(ActivityCost.select().where(ActivityCost.activity == activity_id).order_by(ActivityCost.id))


# --- sign-up, waiting list, attendance --------------------------------------------------------
@dataclass
class SignupResult:
    added: list[int]
    waiting: list[int]
    already: list[int]
    left: list[int]  # people no longer employed: not signed up
    order: str = ""  # how places were taken when the cap was reached, e.g. "按姓名拼音顺序"

    def message(self) -> str:
        parts = [f"报名 {len(self.added)} 人"]
        if self.waiting:
            how = f"{self.order}录取前 {len(self.added)} 人，其余 " if self.order else ""
            parts.append(f"名额已满，{how}{len(self.waiting)} 人进入候补")
        if self.already:
            parts.append(f"{len(self.already)} 人已报过名")
        if self.left:
            parts.append(f"{len(self.left)} 人已离职，未报名")
        return "，".join(parts) + "。"


def _in_count(activity_id: int) -> int:
    return Signup.select().where((Signup.activity == activity_id) & (Signup.status == IN)).count()


def sign_up(activity_id: int, person_ids: list[int], *, confirm_past: bool = False,
            today: dt.date | None = None) -> SignupResult:
    """Sign people up; past the cap they join the waiting list. Once the activity has begun, new
    sign-ups need ``confirm_past`` (the clerk confirms a late entry)."""
    today = today or dt.date.today()
    activity = Activity.get_by_id(activity_id)
    if activity.starts_at.date() < today and not confirm_past:
        raise ValidationError("报名", f"活动已于 {activity.starts_at:%Y-%m-%d} 开始，补登报名需要确认")
    result = SignupResult([], [], [], [])
    existing = {s.person_id: s for s in Signup.select().where(Signup.activity == activity_id)}
    employed = {pid for (pid,) in Person.select(Person.id).where(
        Person.id.in_(person_ids) & (Person.left_on.is_null() | (Person.left_on > today))).tuples()}
    with database.atomic():
        taken = _in_count(activity_id)
        for person_id in dict.fromkeys(person_ids):
            if person_id not in employed:
                result.left.append(person_id)
                continue
            current = existing.get(person_id)
            if current is not None and current.status != WITHDRAWN:
                result.already.append(person_id)
                continue
            status = IN if activity.cap is None or taken < activity.cap else WAITING
            taken += status == IN
            if current is not None:  # signing up again after withdrawing: to the back of the queue
                Signup.update(status=status, signed_at=now(), attended=False).where(
                    Signup.id == current.id).execute()
            else:
                Signup.create(activity=activity_id, person=person_id, status=status)
            (result.added if status == IN else result.waiting).append(person_id)
        audit.record("signup", "activity", activity_id, None,
                     {"added": len(result.added), "waiting": len(result.waiting)})
    return result


WHOLE_ORDER = "按姓名拼音顺序"


def sign_up_department(activity_id: int, department_id: int, **kw) -> SignupResult:
    """A whole department, in the order of its names' pinyin: past the cap the rest wait (and the
    result's message says in which order places were taken)."""
    ids = [pid for (pid,) in Person.select(Person.id).where(
        (Person.department == department_id) & Person.left_on.is_null()).order_by(Person.name_key).tuples()]
    result = sign_up(activity_id, ids, **kw)
    result.order = WHOLE_ORDER
    return result


def sign_up_group(activity_id: int, group_id: int, **kw) -> SignupResult:
    ids = [pid for (pid,) in Person.select(Person.id).where(
        (Person.union_group == group_id) & Person.left_on.is_null()).order_by(Person.name_key).tuples()]
    result = sign_up(activity_id, ids, **kw)
    result.order = WHOLE_ORDER
    return result


def withdraw(activity_id: int, person_id: int) -> int | None:
    """Withdraw a person; the first on the waiting list moves up. Returns who moved up."""
    signup = Signup.get((Signup.activity == activity_id) & (Signup.person == person_id))
    if signup.status == WITHDRAWN:
        return None
    with database.atomic():
        Signup.update(status=WITHDRAWN, attended=False).where(Signup.id == signup.id).execute()
        moved = _fill_from_waiting_list(activity_id)
        audit.record("withdraw", "activity", activity_id, None, {"person": person_id})
    return moved[0] if moved else None


def _fill_from_waiting_list(activity_id: int) -> list[int]:
    activity = Activity.get_by_id(activity_id)
    moved = []
    while activity.cap is None or _in_count(activity_id) < activity.cap:
        first = (Signup.select().where((Signup.activity == activity_id) & (Signup.status == WAITING))
                 .order_by(Signup.signed_at, Signup.id).first())
        if first is None:
            break
        Signup.update(status=IN).where(Signup.id == first.id).execute()
        moved.append(first.person_id)
    return moved


def _check_day(activity: Activity, today: dt.date | None) -> None:
    day = activity.starts_at.date()
    if day > (today or dt.date.today()):
        raise ValidationError("签到", f"活动在 {day:%Y-%m-%d} 举行，当天或之后才能签到")


def mark_attendance(activity_id: int, person_id: int, attended: bool = True, *,
                    walk_in: bool = False, today: dt.date | None = None) -> Signup:
    """签到: only for people signed up, or added on the day (``walk_in``, marked so); not before
    the activity's day (取消签到 is always allowed)."""
    if attended:
        _check_day(Activity.get_by_id(activity_id), today)
    signup = Signup.get_or_none((Signup.activity == activity_id) & (Signup.person == person_id))
    with database.atomic():
        if signup is None or signup.status != IN:
            if not walk_in:
                state = "未报名" if signup is None else f"在{signup.status}名单中"
                raise ValidationError("签到", f"此人{state}；当天到场的请用“当天补登”")
            if signup is None:
                signup = Signup.create(activity=activity_id, person=person_id, status=IN,
                                       walk_in=True, attended=attended)
            else:
                Signup.update(status=IN, walk_in=True, attended=attended).where(Signup.id == signup.id).execute()
        else:
            Signup.update(attended=attended).where(Signup.id == signup.id).execute()
        audit.record("attendance", "activity", activity_id, None,
                     {"person": person_id, "attended": attended, "walk_in": walk_in})
    return Signup.get_by_id(signup.id)


def set_attendance(activity_id: int, person_ids: list[int] | None, attended: bool = True, *,
                   today: dt.date | None = None) -> int:
    """签到 (or 取消签到) for several people at once; ``None`` means everyone signed up (全部签到).
    All are checked first: one not on the list refuses the whole (named), nothing half-written.
    Returns how many changed."""
    activity = Activity.get_by_id(activity_id)
    if attended:
        _check_day(activity, today)
    rows = {s.person_id: s for s in Signup.select().where(Signup.activity == activity_id)}
    if person_ids is None:
        person_ids = [pid for pid, s in rows.items() if s.status == IN]
    for person_id in person_ids:
        signup = rows.get(person_id)
        if signup is None or signup.status != IN:
            state = "未报名" if signup is None else f"在{signup.status}名单中"
            name = Person.get_by_id(person_id).name
            raise ValidationError("签到", f"{name}{state}；当天到场的请用“当天补登”")
    changing = [pid for pid in dict.fromkeys(person_ids) if rows[pid].attended != attended]
    if changing:
        with database.atomic():
            Signup.update(attended=attended).where((Signup.activity == activity_id)
                                                   & Signup.person.in_(changing)).execute()
            audit.record("attendance", "activity", activity_id, None,
                         {"people": len(changing), "attended": attended})
    return len(changing)


def set_award(activity_id: int, person_id: int, award: str) -> None:
    award = check_length(clean_text(award), "获奖", 100)
    with database.atomic():
        Signup.update(award=award).where((Signup.activity == activity_id) & (Signup.person == person_id)).execute()
        audit.record("award", "activity", activity_id, None, {"person": person_id, "award": award})


# --- undo of sign-ups and attendance -------------------------------------------------------------
_STATE = ("status", "attended", "walk_in", "award", "signed_at")


def signup_state(activity_id: int) -> dict[int, dict]:
    """Each person's row on the activity's list (status, 签到, 当天补登, award, place in the queue):
    taken before and after a change, to take the change back (``restore_signups``)."""
    return {r["person"]: {k: r[k] for k in _STATE}
            for r in Signup.select().where(Signup.activity == activity_id).dicts()}


def state_change(before: dict[int, dict], after: dict[int, dict]) -> tuple[dict, dict]:
    """Only the people a change touched: (their rows before, their rows after); None for no row."""
    touched = [pid for pid in dict.fromkeys([*before, *after]) if before.get(pid) != after.get(pid)]
    return {pid: before.get(pid) for pid in touched}, {pid: after.get(pid) for pid in touched}


def _describe(row: dict | None) -> str:
    if row is None:
        return "未报名"
    return row["status"] + ("、已签到" if row["attended"] else "") + (f"、获{row['award']}" if row["award"] else "")


def restore_signups(activity_id: int, wanted: dict[int, dict | None], expected: dict[int, dict | None]) -> None:
    """Set these people's rows back to ``wanted`` (None: no row) — an undo or redo of sign-ups or
    attendance — in one transaction, audited. Refused, naming the person, when a row is no longer
    as ``expected`` (changed since, here or at another desk): nothing is written then."""
    with database.atomic():
        if Activity.get_or_none(Activity.id == activity_id) is None:
            raise ValidationError("活动", "此活动已被删除")
        now_state = {pid: row for pid, row in signup_state(activity_id).items() if pid in expected}
        for person_id, row in expected.items():
            current = now_state.get(person_id)
            if current != row:
                person = Person.get_or_none(Person.id == person_id)
                name = person.name if person else "（已删除的人员）"
                raise ValidationError("报名", f"{name}的报名已有变动（原为{_describe(row)}，现为{_describe(current)}）")
        for person_id, row in wanted.items():
            query = (Signup.activity == activity_id) & (Signup.person == person_id)
            if row is None:
                Signup.delete().where(query).execute()
            elif person_id in now_state:
                Signup.update(**row).where(query).execute()
            elif Person.get_or_none(Person.id == person_id) is None:
                raise ValidationError("报名", "此人已从职工名册中删除")
            else:
                Signup.create(activity=activity_id, person=person_id, **row)
        audit.record("restore_signups", "activity", activity_id,
                     {"people": len(expected), "signed_up": sum(r is not None for r in expected.values())},
                     {"people": len(wanted), "signed_up": sum(r is not None for r in wanted.values())})


def signups(activity_id: int) -> list[dict]:
    """The activity's list: 报名 first in sign-up order, then 候补 in queue order, then 退出."""
    order = {IN: 0, WAITING: 1, WITHDRAWN: 2}
    rows = (Signup.select(Signup, Person.name, Department.name.alias("dept"))
            .join(Person).join(Department, JOIN.LEFT_OUTER, on=Person.department == Department.id)
            .where(Signup.activity == activity_id).order_by(Signup.signed_at, Signup.id).dicts())
    result = [{"person_id": r["person"], "name": r["name"], "department": r["dept"] or "",
               "status": r["status"], "attended": r["attended"], "walk_in": r["walk_in"],
               "award": r["award"], "signed_at": r["signed_at"]} for r in rows]
    waiting = 0
    for r in result:
        if r["status"] == WAITING:
            waiting += 1
            r["queue"] = waiting
    return sorted(result, key=lambda r: order[r["status"]])


def person_activities(person_id: int) -> list[dict]:
    rows = (Signup.select(Signup, Activity.name, Activity.kind, Activity.starts_at).join(Activity)
            .where(Signup.person == person_id).order_by(Activity.starts_at.desc()).dicts())
    return [{"name": r["name"], "kind": r["kind"], "starts_at": r["starts_at"], "status": r["status"],
             "attended": r["attended"], "award": r["award"]} for r in rows]


# --- attachments ---------------------------------------------------------------------------
MAX_ATTACHMENT = 20 * 1024 * 1024


def attach(activity_id: int, filename: str, data: bytes) -> ActivityAttachment:
    if len(data) > MAX_ATTACHMENT:
        raise ValidationError("附件", f"文件太大（上限 {MAX_ATTACHMENT // 1024 // 1024} MB）")
    with database.atomic():
        item = ActivityAttachment.create(activity=activity_id, filename=filename, data=data, size=len(data))
        audit.record("attach", "activity", activity_id, None, {"file": filename, "size": len(data)})
    return item


def attachments(activity_id: int) -> list[tuple[int, str, int]]:
    return [(a.id, a.filename, a.size) for a in ActivityAttachment.select(
        ActivityAttachment.id, ActivityAttachment.filename, ActivityAttachment.size)
        .where(ActivityAttachment.activity == activity_id).order_by(ActivityAttachment.id)]


def attachment_data(attachment_id: int) -> tuple[str, bytes]:
    item = ActivityAttachment.get_by_id(attachment_id)
    return item.filename, bytes(item.data)


def remove_attachment(attachment_id: int) -> None:
    item = ActivityAttachment.get_by_id(attachment_id)
    with database.atomic():
        item.delete_instance()
        audit.record("detach", "activity", item.activity_id, {"file": item.filename}, None)


# --- lists and counts ------------------------------------------------------------------------
@dataclass
class ActivityFilter:
    text: str = ""
    kind: str = ""
    year: int | None = None
    department: str = ""
    month: tuple[int, int] | None = None  # (year, month)


def _counts():
    def count(cond):
        return Signup.select(fn.COUNT(Signup.id)).where((Signup.activity == Activity.id) & cond)
    return (count(Signup.status == IN).alias("signed_up"), count(Signup.status == WAITING).alias("waiting"),
            count(Signup.attended == True).alias("attended_names"))  # noqa: E712


def search(f: ActivityFilter) -> list[dict]:
    query = Activity.select(Activity, *_counts())
    cond = True
    text = clean_text(f.text)
    if text:
        cond &= Activity.name.contains(text) | Activity.place.contains(text) | Activity.department.contains(text)
    if f.kind:
        cond &= Activity.kind == f.kind
    if f.department:
        cond &= Activity.department == f.department
    if f.year:
        cond &= (Activity.starts_at >= dt.datetime(f.year, 1, 1)) & (Activity.starts_at < dt.datetime(f.year + 1, 1, 1))
    if f.month:
        year, month = f.month
        start = dt.datetime(year, month, 1)
        end = dt.datetime(year + (month == 12), month % 12 + 1, 1)
        cond &= (Activity.starts_at >= start) & (Activity.starts_at < end)
    rows = list(query.where(cond).order_by(Activity.starts_at.desc(), Activity.id.desc()).dicts())
    for r in rows:
        r["attended"] = attendance_of(r)
    return rows


def attendance_of(row: dict) -> int:
    """参加人数: the names ticked at 签到, or, for an imported activity without names, its recorded count."""
    if row["attended_names"] or row["signed_up"] or row.get("recorded_attendance") is None:
        return row["attended_names"]
    return row["recorded_attendance"]


def departments() -> list[str]:
    names = {d for (d,) in Activity.select(Activity.department).distinct().tuples() if d}
    names |= {d.name for d in Department.select(Department.name)}
    return sorted(names, key=sort_key)


def days_with_activities(year: int, month: int) -> list[dt.date]:
    return sorted({r["starts_at"].date() for r in search(ActivityFilter(month=(year, month)))})


def counts(on: dt.date | None = None) -> dict[str, int]:
    """概况: activities this month, participations (人次) this year."""
    on = on or dt.date.today()
    this_month = len(search(ActivityFilter(month=(on.year, on.month))))
    participations = sum(r["attended"] for r in search(ActivityFilter(year=on.year)))
    return {"this_month": this_month, "participations": participations}


def starting_within(start: dt.date, end: dt.date):
    """SQL true for an activity whose start falls on a day of [start, end] (``starts_at.date()``)."""
    return ((Activity.starts_at >= dt.datetime.combine(start, dt.time()))
            & (Activity.starts_at < dt.datetime.combine(end + dt.timedelta(days=1), dt.time())))


def period_counts(start: dt.date, end: dt.date) -> tuple[int, int]:
    """(活动次数, 活动参与人次) for activities starting inside a period: 参加人数 as ``attendance_of``,
    counted in one query (issue 28: not every activity into Python)."""
    signed_up, _waiting, names = _counts()
    rows = Activity.select(Activity.recorded_attendance, names, signed_up).where(starting_within(start, end))
    inner = rows.alias("a")
    attended = Case(None, [(((inner.c.attended_names > 0) | (inner.c.signed_up > 0)
                             | inner.c.recorded_attendance.is_null()), inner.c.attended_names)],
                    inner.c.recorded_attendance)
    count, total = Activity.select(fn.COUNT(SQL("*")), fn.SUM(attended)).from_(inner).tuples().get()
    return int(count or 0), int(total or 0)


def kind_counts(start: dt.date, end: dt.date) -> dict[str, int]:
    """Activities starting inside a period, by 类型 (the annual chart)."""
    return dict(Activity.select(Activity.kind, fn.COUNT(Activity.id)).where(starting_within(start, end))
                .group_by(Activity.kind).tuples())
