"""职工诉求 and 座谈会 (domain.md §15): a worker's request, from where it came (座谈会, 主席信箱, 走访,
热线, 职代会, 其他) through the department that answers it, its 期限, the 措施 taken, to 办结 with a
result, a reply and the worker's 满意度. A request may be anonymous. One past its 期限 and not closed
is overdue. A 座谈会 (date, topic, attendance) lists the requests it collected."""

from __future__ import annotations

import datetime as dt

from peewee import JOIN, fn

from unionoffice.db.models import Forum, Grievance, database
from unionoffice.domain import audit, concurrency
from unionoffice.domain.validation import ValidationError, check_length, clean_multiline, clean_text, parse_date

SOURCES = ("座谈会", "主席信箱", "走访", "热线", "职代会", "其他")
CATEGORIES = ("薪酬待遇", "劳动条件", "安全生产", "生活福利", "管理制度", "其他")
RESULTS = ("已解决", "部分解决", "解释说明", "暂无法解决")
SATISFACTION = ("满意", "基本满意", "不满意")
STATES = ("办理中", "超期", "已办结")
ANONYMOUS = "匿名"

FIELD_LABELS = {"number": "编号", "received_on": "收到日期", "source": "来源", "proposer": "提出人",
                "content": "内容", "category": "类别", "department": "责任部门", "due_on": "办理期限",
                "measures": "措施", "closed_on": "办结日期", "result": "办理结果", "reply": "答复",
                "satisfaction": "满意度", "forum_id": "座谈会"}


def _choice(values: dict, key: str, choices, default: str = "") -> str:
    value = clean_text(values.get(key)) or default
    if value and value not in choices:
        raise ValidationError(FIELD_LABELS[key], f"应为 {'、'.join(choices)} 之一")
    return value


def next_number(year: int | None = None) -> str:
    """诉求编号: SQ + year + a three-digit sequence (SQ2026-001)."""
    return numbered(Grievance.number, "SQ", year)


def numbered(column, letters: str, year: int | None = None) -> str:
    """The next register number of a year in ``column``: letters, year, a three-digit sequence."""
    prefix = f"{letters}{year or dt.date.today().year}-"
    numbers = [n for (n,) in column.model.select(column).where(column.startswith(prefix)).tuples()]
    used = [int(n[len(prefix):]) for n in numbers if n[len(prefix):].isdigit()]
    return f"{prefix}{max(used, default=0) + 1:03d}"


def validate(values: dict, today: dt.date | None = None, *, history: bool = False) -> dict:
    """The rules of a request, the same for the form and the ledger: 编号, 收到日期 and 内容 filled;
    来源, 类别, 办理结果 and 满意度 from their lists; 办结 needs a 办理结果 and is not before 收到日期."""
    number = clean_text(values.get("number"))
    if not number:
        raise ValidationError("编号", "必须填写")
    received = parse_date(values.get("received_on"), "收到日期", today=today)
    if received is None:
        raise ValidationError("收到日期", "必须填写")
    content = clean_multiline(values.get("content"))
    if not content:
        raise ValidationError("内容", "必须填写")
    due = parse_date(values.get("due_on"), "办理期限", allow_future=True, today=today)
    if due is not None and due < received:
        raise ValidationError("办理期限", "早于收到日期")
    closed = parse_date(values.get("closed_on"), "办结日期", today=today)
    result = _choice(values, "result", RESULTS)
    if closed is not None and closed < received:
        raise ValidationError("办结日期", "早于收到日期")
    if closed is not None and not result and not history:  # an imported past is taken as recorded
        raise ValidationError("办理结果", "办结的诉求须填写办理结果")
    if result and closed is None and not history:
        raise ValidationError("办结日期", "填写了办理结果，须同时填写办结日期")
    proposer = clean_text(values.get("proposer")) or ANONYMOUS
    return {
        "number": check_length(number, "编号", 30), "received_on": received,
        "source": _choice(values, "source", SOURCES, "其他"),
        "proposer": check_length(proposer, "提出人", 50), "content": content,
        "category": _choice(values, "category", CATEGORIES, "其他"),
        "department": check_length(clean_text(values.get("department")), "责任部门", 100),
        "due_on": due, "measures": clean_multiline(values.get("measures")), "closed_on": closed,
        "result": result, "reply": clean_multiline(values.get("reply")),
        "satisfaction": _choice(values, "satisfaction", SATISFACTION),
        "forum_id": values.get("forum_id") or None,
    }


def _unique(number: str, exclude: int | None = None) -> None:
    query = Grievance.select().where(Grievance.number == number)
    if exclude:
        query = query.where(Grievance.id != exclude)
    if query.exists():
        raise ValidationError("编号", f"编号“{number}”已被另一条诉求使用")


def create(values: dict) -> Grievance:
    clean = validate(values)
    with database.atomic():
        _unique(clean["number"])
        grievance = Grievance.create(**clean)
        audit.record("create", "grievance", grievance.id, None, {"number": clean["number"]})
    return grievance


def update(grievance_id: int, values: dict, base: concurrency.Base | None = None) -> Grievance:
    clean = validate(values)
    with database.atomic():
        row = concurrency.lock_row(Grievance, grievance_id)
        _unique(clean["number"], grievance_id)
        current = {k: getattr(row, k) for k in FIELD_LABELS}
        changes = concurrency.changes_to_write("诉求", row, current, clean, base, FIELD_LABELS)
        if changes:
            Grievance.update(**changes).where(Grievance.id == grievance_id).execute()
            audit.record("update", "grievance", grievance_id, {k: current[k] for k in changes}, changes)
    return get(grievance_id)


def get(grievance_id: int) -> Grievance:
    return Grievance.get_by_id(grievance_id)


def delete(grievance_id: int) -> None:
    with database.atomic():
        Grievance.delete().where(Grievance.id == grievance_id).execute()
        audit.record("delete", "grievance", grievance_id, None, None)


def close(grievance_id: int, on, result: str, reply: str = "", satisfaction: str = "") -> Grievance:
    """办结: the day, the result, the reply given and the worker's 满意度."""
    row = get(grievance_id)
    values = {k: getattr(row, k) for k in FIELD_LABELS}
    return update(grievance_id, values | {"closed_on": on, "result": result, "reply": reply or row.reply,
                                          "satisfaction": satisfaction})


def state_of(row, on: dt.date | None = None) -> str:
    """已办结 once closed (by ``on``); 超期 when its 期限 has passed without it; else 办理中."""
    on = on or dt.date.today()
    closed, due = row["closed_on"] if isinstance(row, dict) else row.closed_on, \
        row["due_on"] if isinstance(row, dict) else row.due_on
    if closed is not None and closed <= on:
        return "已办结"
    return "超期" if due is not None and due < on else "办理中"


def search(text: str = "", state: str = "", year: int | None = None, on: dt.date | None = None,
           forum_id: int | None = None) -> list[dict]:
    on = on or dt.date.today()
    query = (Grievance.select(Grievance, Forum.topic.alias("forum_topic"), Forum.held_on.alias("forum_on"))
             .join(Forum, JOIN.LEFT_OUTER).order_by(Grievance.received_on, Grievance.id))
    if year:
        query = query.where(Grievance.received_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if forum_id:
        query = query.where(Grievance.forum == forum_id)
    if text:
        like = f"%{text}%"
        query = query.where(Grievance.number.contains(text) | Grievance.content ** like
                            | Grievance.department ** like | Grievance.proposer ** like)
    rows = []
    for g in query.dicts():
        g["state"] = state_of(g, on)
        g["overdue"] = g["state"] == "超期"
        g["forum_text"] = f"{g['forum_on']:%Y-%m-%d} {g['forum_topic']}" if g.get("forum_on") else ""
        if not state or g["state"] == state:
            rows.append(g)
    return rows


def counts(on: dt.date | None = None) -> dict[str, int]:
    """概况: requests not yet closed, and of those the overdue ones."""
    rows = search(on=on)
    return {"open": sum(r["state"] != "已办结" for r in rows), "overdue": sum(r["overdue"] for r in rows)}


def period_counts(start: dt.date, end: dt.date) -> tuple[int, int]:
    """(职工诉求件数, 职工诉求办结件数): received in the period; of those, closed by its end."""
    received = Grievance.select().where(Grievance.received_on.between(start, end))
    closed = received.where(Grievance.closed_on.is_null(False) & (Grievance.closed_on <= end))
    return received.count(), closed.count()


# --- 座谈会 ----------------------------------------------------------------------------------
def validate_forum(values: dict, today: dt.date | None = None) -> dict:
    held = parse_date(values.get("held_on"), "日期", today=today)
    if held is None:
        raise ValidationError("日期", "必须填写")
    topic = clean_text(values.get("topic"))
    if not topic:
        raise ValidationError("主题", "必须填写")
    try:
        count = int(values.get("attendance_count") or 0)
    except (TypeError, ValueError):
        raise ValidationError("参加人数", "应为整数") from None
    if count < 0:
        raise ValidationError("参加人数", "不能为负数")
    return {"held_on": held, "topic": check_length(topic, "主题", 200),
            "attendance": clean_multiline(values.get("attendance")), "attendance_count": count}


def hold_forum(values: dict, requests: list[dict] = ()) -> Forum:
    """Record a 座谈会 and the requests it collected (each received on its day, source 座谈会), in
    one transaction: a bad request writes nothing."""
    clean = validate_forum(values)
    with database.atomic():
        forum = Forum.create(**clean)
        audit.record("create", "forum", forum.id, None, {"topic": clean["topic"]})
        for r in requests:
            add_to_forum(forum.id, r)
    return forum


def add_to_forum(forum_id: int, values: dict) -> Grievance:
    forum = Forum.get_by_id(forum_id)
    values = dict(values)
    values.setdefault("number", next_number(forum.held_on.year))
    values.setdefault("received_on", forum.held_on)
    return create(values | {"source": "座谈会", "forum_id": forum.id})


def forums(year: int | None = None) -> list[dict]:
    query = (Forum.select(Forum, fn.COUNT(Grievance.id).alias("requests"))
             .join(Grievance, JOIN.LEFT_OUTER).group_by(Forum.id).order_by(Forum.held_on.desc()))
    if year:
        query = query.where(Forum.held_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    return list(query.dicts())


def forum_requests(forum_id: int, on: dt.date | None = None) -> list[dict]:
    return search(forum_id=forum_id, on=on)


def report_rows(year: int | None = None, forum_id: int | None = None, on: dt.date | None = None) -> list[dict]:
    """诉求办理情况: what was asked and what was done, for the next 座谈会."""
    return search(year=year, forum_id=forum_id, on=on)
