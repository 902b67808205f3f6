"""职工与会员: the roster and the membership history (domain.md §2).

Membership is a history of events. ``membership_on(date)`` is the one definition of who is a
member on a date; the roster's cached ``membership_state`` (today's state) is computed from it."""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections import Counter
from dataclasses import dataclass, field, replace
from operator import itemgetter
from typing import NamedTuple

from peewee import JOIN, SQL, Case, CharField, Expression, ForeignKeyField, fn

from unionoffice.collation import SURNAME_READINGS, name_key, sort_key
from unionoffice.db.models import Department, MembershipEvent, Person, UnionGroup, database, now
from unionoffice.domain import audit, concurrency, codes, settings
from unionoffice.logs import log
from unionoffice.domain.validation import (
    ValidationError,
    check_length,
    clean_text,
    mask_id,
    mask_phone,
    normalise_id,
    normalise_mobile,
    parse_date,
    parse_id_number,
    NOTE_LIMIT,
    remembered,
    YearMonth,
)

MEMBER_KINDS = ("入会", "转入", "保留")
ENDING_KINDS = ("转出", "除名", "退会")
EVENT_KINDS = MEMBER_KINDS + ENDING_KINDS
_STATE_TEXT = {"入会": "会员", "转入": "会员", "保留": "保留会籍", "转出": "已转出", "除名": "已除名", "退会": "已退会"}


def membership_text(state: str | None) -> str:
    """The cached ``membership_state`` (the kind of the latest event) as the state it leaves one in:
    入会 → 会员, 保留 → 保留会籍, 转出 → 已转出, none → 非会员."""
    return _STATE_TEXT.get(state or "", state or "非会员")

# Field key → Chinese label, in the real-name template's order, then the chapter's own fields.
FIELD_LABELS: dict[str, str] = {
    "name": "姓名",
    "gender": "性别",
    "birth_date": "出生日期",
    "ethnicity": "民族",
    "employment_status": "就业状况",
    "id_type": "有效证件类别",
    "id_number": "证件号码",
    "education": "学历",
    "skill_level": "技能等级",
    "mobile": "移动电话",
    "hukou_type": "户籍类型",
    "hukou_place": "户籍所在地",
    "political_status": "政治面貌",
    "department": "工作单位/部门",
    "native_place": "籍贯",
    "is_migrant": "是否农民工",
    "position": "岗位",
    "employment_form": "用工形式",
    "hire_date": "入职日期",
    "work_start_date": "参加工作时间",
    "union_group": "工会小组",
    "union_post": "工会职务",
    "member_card_no": "会员证号",
    "note": "备注",
}
CODED_FIELDS = ("gender", "ethnicity", "employment_status", "id_type", "education", "skill_level",
                "hukou_type", "political_status", "employment_form")
DATE_FIELDS = ("birth_date", "hire_date", "work_start_date")
MONTH_FIELDS = ("birth_date", "work_start_date")  # 出生年月, 参加工作时间: often known to the month only
TEXT_FIELDS = ("name", "hukou_place", "native_place", "position", "union_post", "member_card_no",
               "note")


@functools.lru_cache(maxsize=20000)
def _syllable(char: str) -> str:
    from unionoffice.collation import pypinyin  # its dictionaries take 0.1 s to load: not at start-up

    return "".join(pypinyin().lazy_pinyin(char, errors="default")).lower()


def pinyin_keys(name: str) -> tuple[str, str]:
    """Full pinyin and initials of a name, lower case, no separators: 张伟 → (zhangwei, zw).

    Names are read a character at a time (cached: 100,000 names in well under a second), the
    surname with its surname reading."""
    name = name.replace(" ", "")
    if not name:
        return "", ""
    tokens = _NAME_PARTS.findall(name) if _LATIN.search(name) else name  # a Latin part is one syllable
    surname = SURNAME_READINGS.get(tokens[0], "").rstrip("12345")
    syllables = [surname or _syllable(tokens[0])]
    syllables += map(_syllable, tokens[1:])
    if "" in syllables:
        syllables = [s for s in syllables if s]
    return "".join(syllables), "".join([s[0] for s in syllables])


_LATIN = re.compile(r"[A-Za-z]")
_NAME_PARTS = re.compile(r"[A-Za-z]+|.")


def name_keys(name: str) -> tuple[str, str, str]:
    """``pinyin_keys(name)`` and ``collation.name_key(name)`` at once: (full pinyin, initials, key).

    An import asks it of every new person: the parts of a name's first character and of the rest
    (its given name: 伟, 建国 …, shared by many people) are kept apart and added up, which holds for a
    name without spaces or Latin letters; any other name is read as those two functions read it."""
    head = _HEAD_KEYS.get(name[:1])
    rest = _GIVEN_KEYS.get(name[1:])
    if head is None or rest is None:
        return _name_keys_read(name)
    return head[0] + rest[0], head[1] + rest[1], head[2] + rest[2]


_HEAD_KEYS: dict[str, tuple[str, str, str]] = {}  # a name's first character → its name_keys parts
_GIVEN_KEYS: dict[str, tuple[str, str, str]] = {}  # the rest of a name → its parts
_GIVEN_KEPT = 50_000  # given names kept at most (a few MB)


def _name_keys_read(name: str) -> tuple[str, str, str]:
    full, initials = pinyin_keys(name)
    key = name_key(name)
    if name and not _LATIN.search(name) and "".join(name.split()) == name:
        first = name[0]
        head = _HEAD_KEYS.get(first)
        if head is None:
            head = _HEAD_KEYS[first] = (*pinyin_keys(first), name_key(first))
        if len(_GIVEN_KEYS) < _GIVEN_KEPT:
            _GIVEN_KEYS[name[1:]] = (full[len(head[0]):], initials[len(head[1]):], key[len(head[2]):])
    return full, initials, key


def parse_yes_no(value, field: str) -> bool | None:
    text = clean_text(value)
    if not text:
        return None
    if text in ("是", "Y", "y", "1", "TRUE", "True", "true", "√", "会员"):
        return True
    if text in ("否", "N", "n", "0", "FALSE", "False", "false", "×", "非会员"):
        return False
    raise ValidationError(field, f"应填“是”或“否”，实际为“{text}”")


# --- validation --------------------------------------------------------------------------------
def _gender(value) -> str:
    gender = codes.canonical("gender", value)
    if gender and gender not in ("男", "女"):
        raise ValidationError("性别", f"应为“男”或“女”，实际为“{gender}”")
    return gender


# every spelling of the resident ID card (居民身份证 is its legal name): one type, checked by GB 11643
_RESIDENT_ID = re.compile(r"(?:中华人民共和国|中国)?(?:第?[二2]代)?(?:居民|公民)?身份证(?:号码|号|件)?")


def _id_type(value) -> str:
    text = codes.canonical("id_type", value)
    return "身份证" if not text or _RESIDENT_ID.fullmatch(text) else text


class PersonCheck:
    """The checks of a person's fields (``validate_person``), set up once. An import makes one with
    ``remember=True`` for all its rows: then each distinct department, code, date or place is
    checked once (``validation.remembered``), and only what differs on every row (name, ID number,
    mobile) is checked row by row."""

    def __init__(self, *, today: dt.date | None = None, known_codes: dict | None = None,
                 remember: bool = False):
        keep = remembered if remember else (lambda check: check)
        self.today = today = today or dt.date.today()
        known = known_codes or {}
        self.id_type = keep(_id_type)
        self.gender = keep(_gender)
        self.dates = {key: keep(functools.partial(parse_date, field=label, today=today,
                                                  allow_month=key in MONTH_FIELDS))
                      for key, label in (*((k, FIELD_LABELS[k]) for k in DATE_FIELDS), ("left_on", "离职日期"))}
        self.coded = {key: keep(functools.partial(codes.canonical, key, known=known.get(key)))
                      for key in CODED_FIELDS if key not in ("gender", "id_type")}
        self.birth_date = self.dates["birth_date"]
        self.text = keep(clean_text)
        self.migrant = keep(functools.partial(parse_yes_no, field="是否农民工"))
        self._plans: dict[tuple, _CheckPlan] = {}

    def __call__(self, values: dict, *, partial: bool = False) -> dict:
        """Clean and check ``values``; see ``validate_person``."""
        plan = self._plans.get((tuple(values), partial)) or self._plan(values, partial)
        out: dict = {}
        get = values.get
        if plan.name:
            name = clean_text(get("name"))
            if not name:
                raise ValidationError("姓名", "必须填写")
            out["name"] = check_length(name, "姓名", MAX_LENGTHS["name"])
        id_type = self.id_type(get("id_type"))
        if plan.id_type:
            out["id_type"] = id_type
        birth = self.birth_date(get("birth_date")) if plan.birth_given else None
        gender = self.gender(get("gender")) if plan.gender_given else ""
        if plan.id_number:
            if id_type == "身份证":
                info = parse_id_number(get("id_number"), today=self.today)
                out["id_number"] = info.number
                out["id_upgraded"] = info.upgraded
                if birth and isinstance(birth, YearMonth):  # 出生年月: the ID gives the day
                    if (birth.year, birth.month) != (info.birth_date.year, info.birth_date.month):
                        raise ValidationError("出生日期", f"{birth:%Y-%m} 与身份证号中的 "
                                                          f"{info.birth_date:%Y-%m-%d} 不一致")
                elif birth and birth != info.birth_date:
                    raise ValidationError(
                        "出生日期", f"{birth:%Y-%m-%d} 与身份证号中的 {info.birth_date:%Y-%m-%d} 不一致")
                if gender and gender != info.gender:
                    raise ValidationError("性别", f"“{gender}”与身份证号（第17位表示{info.gender}）不一致")
                birth, gender = info.birth_date, info.gender
            else:
                number = normalise_id(get("id_number"))
                if not number or number in ("不详", "无"):
                    raise ValidationError("证件号码", "不能为空")
                out["id_number"] = number
                out["id_upgraded"] = False
        if birth or plan.birth:
            out["birth_date"] = birth
        if gender or plan.gender:
            out["gender"] = gender
        for key, check in plan.coded:
            out[key] = check(get(key))
        if plan.default_status and not out["employment_status"]:
            out["employment_status"] = "在岗"
        for key, check in plan.dates:
            out[key] = check(get(key))
        if plan.mobile:
            out["mobile"] = normalise_mobile(get("mobile"))
        text = self.text
        for key in plan.texts:
            out[key] = text(get(key))
        if plan.left_on_given:  # 离职日期: only on a person's page, never from an HR roster
            out["left_on"] = self.dates["left_on"](get("left_on"))
            hire = out.get("hire_date")
            if out["left_on"] and hire and out["left_on"] < hire:
                raise ValidationError("离职日期", "早于入职日期")
        if plan.migrant:
            migrant = self.migrant(get("is_migrant")) if plan.migrant_given else None
            if migrant is None and plan.hukou_type:
                migrant = out["hukou_type"] == "农业户口"
            if migrant is not None:
                out["is_migrant"] = migrant
            elif not partial:
                out["is_migrant"] = False
        for key, limit in plan.lengths:
            value = out[key]
            if type(value) is str and len(value) > limit:
                check_length(value, FIELD_LABELS.get(key, key), limit)
        return out

    def _plan(self, values: dict, partial: bool) -> _CheckPlan:
        plan = self._plans[(tuple(values), partial)] = _CheckPlan(self, values, partial)
        return plan


class _CheckPlan:
    """Which of ``PersonCheck``'s checks apply to values with these keys (an import's rows all
    have the file's columns): worked out once, not once a row."""

    def __init__(self, check: PersonCheck, values: dict, partial: bool):
        keys = values.keys() if partial else FIELD_LABELS.keys()
        self.name = "name" in keys
        self.id_type = "id_type" in keys or "id_number" in keys
        self.id_number = "id_number" in keys
        self.birth_given, self.birth = "birth_date" in values, "birth_date" in keys
        self.gender_given, self.gender = "gender" in values, "gender" in keys
        self.coded = tuple((key, found) for key, found in check.coded.items() if key in keys)
        coded = dict(self.coded)
        self.default_status = "employment_status" in coded and not partial
        self.hukou_type = "hukou_type" in coded
        self.dates = tuple((key, check.dates[key]) for key in ("hire_date", "work_start_date") if key in keys)
        self.mobile = "mobile" in keys
        self.texts = tuple(key for key in _PLAIN_TEXT if key in keys)
        self.left_on_given = "left_on" in values
        self.migrant = "is_migrant" in keys or "hukou_type" in keys
        self.migrant_given = "is_migrant" in values
        # The values that may be too long for their column, in the order they are put in the checked
        # dict (the first too long is the one reported): the name is measured as it is read, and a
        # gender, mobile number, date or yes/no cannot be too long.
        self.lengths = tuple((key, MAX_LENGTHS.get(key, 100)) for key in (
            *(("id_type",) if self.id_type else ()), *(("id_number",) if self.id_number else ()),
            *(key for key, _ in self.coded), *self.texts))


# the fields kept as typed, after name (checked first) and in the order their errors are reported
_PLAIN_TEXT = tuple(k for k in TEXT_FIELDS if k != "name") + ("department", "union_group")


def validate_person(values: dict, *, today: dt.date | None = None, known_codes: dict | None = None,
                    partial: bool = False) -> dict:
    """Clean and check a person's fields. Returns the cleaned dict (department and union group
    stay names). ``partial``: only the keys given are checked (an import updates what it has)."""
    return PersonCheck(today=today, known_codes=known_codes)(values, partial=partial)


# The longest text each field holds: the database column's own size (the same on SQLite, which would
# store more, and PostgreSQL, which refuses more), so a value too long is refused where it is typed
# or imported, with its row named, and never later by a transfer to a server.
def _max_lengths() -> dict[str, int]:
    found = {}
    for key in FIELD_LABELS:
        column = Person._meta.fields.get(key)
        if isinstance(column, CharField) and not isinstance(column, ForeignKeyField):
            found[key] = column.max_length
    return found | {"note": NOTE_LIMIT, "id_number": 30, "department": Department.name.max_length,
                    "union_group": UnionGroup.name.max_length}


MAX_LENGTHS = _max_lengths()


# --- departments and groups ------------------------------------------------------------------
def department_id(name: str, *, create: bool = True) -> int | None:
    name = clean_text(name)
    if not name:
        return None
    row = Department.get_or_none(Department.name == name)
    if row is None:
        if not create:
            return None
        row = Department.create(name=name, sort_order=Department.select().count())
    return row.id


def union_group_id(name: str, department: int | None, *, create: bool = True) -> int | None:
    name = clean_text(name)
    if not name:
        return None
    query = UnionGroup.select().where(UnionGroup.name == name)
    query = query.where(UnionGroup.department == department) if department else query
    row = query.first()
    if row is None:
        if not create:
            return None
        row = UnionGroup.create(name=name, department=department)
    return row.id


def departments() -> list[tuple[int, str]]:
    """The departments by pinyin (动力 before 检修), as a clerk looks for one in a drop-down (their
    ``sort_order`` is the order the HR roster first named them in, which the roster export keeps)."""
    rows = Department.select(Department.id, Department.name).tuples()
    return sorted(rows, key=lambda r: sort_key(r[1]))


def union_group_names() -> list[str]:
    return sorted({g.name for g in UnionGroup.select(UnionGroup.name)}, key=sort_key)


def get_person(person_id: int) -> Person:
    return Person.get_by_id(person_id)


def union_groups() -> list[tuple[int, str]]:
    query = (UnionGroup.select(UnionGroup, Department).join(Department, JOIN.LEFT_OUTER)
             .order_by(Department.sort_order, UnionGroup.name))
    return [(g.id, f"{g.department.name} · {g.name}" if g.department else g.name) for g in query]


# --- membership ------------------------------------------------------------------------------
def latest_events_on(on: dt.date):
    """A subquery of each person's latest membership event on or before ``on``: (person_id, kind).
    Ties on the same day go to the event recorded last."""
    later = MembershipEvent.alias()
    newer = (later.select(later.id).where(
        (later.person == MembershipEvent.person) & (later.date <= on)
        & ((later.date > MembershipEvent.date)
           | ((later.date == MembershipEvent.date) & (later.id > MembershipEvent.id)))))
    return (MembershipEvent.select(MembershipEvent.person, MembershipEvent.kind)
            .where((MembershipEvent.date <= on) & ~fn.EXISTS(newer)))


def member_ids_on(on: dt.date):
    """会员 on a date: the latest event on or before it is 入会, 转入 or 保留. A subquery of ids."""
    latest = latest_events_on(on).alias("latest")
    return Person.select(latest.c.person_id).from_(latest).where(latest.c.kind.in_(MEMBER_KINDS))


def is_member_on(person_id: int, on: dt.date) -> bool:
    return (Person.select().where((Person.id == person_id) & Person.id.in_(member_ids_on(on)))
            .exists())


def employees_on(on: dt.date):
    """职工 on a date: hired on or before it (a blank hire date counts) and not left by then."""
    return (((Person.hire_date.is_null()) | (Person.hire_date <= on))
            & ((Person.left_on.is_null()) | (Person.left_on > on)))


def headcount(on: dt.date | None = None) -> tuple[int, int]:
    """(职工人数, 会员人数) on a date; 会员 are counted among the 职工 of that day."""
    on = on or dt.date.today()
    return headcounts([on])[on]


def on_server() -> bool:
    """Whether the office is on a PostgreSQL server (the SQL written by hand differs a little)."""
    from peewee import PostgresqlDatabase

    return isinstance(database.obj, PostgresqlDatabase)


def sql_mark() -> str:
    """The driver's parameter mark."""
    return "%s" if on_server() else "?"


def sql_dates(dates: list[dt.date]) -> list:
    """Dates as the driver takes them (SQLite keeps them as ISO text)."""
    return list(dates) if on_server() else [d.isoformat() for d in dates]


def member_spans_sql() -> str:
    """A subquery (person_id, kind, start, stop) of every membership event: it holds from its
    date (``start``) until the person's next event (``stop``, NULL for the latest; ties on a day go to
    the event recorded last, whose span the earlier one's is then empty), so a person is a 会员 on a day
    when a span of a member kind holds it (as ``member_ids_on``), on every day in one pass over the
    events."""
    return ("(SELECT person_id, kind, \"date\" AS start,"
            " LEAD(\"date\") OVER (PARTITION BY person_id ORDER BY \"date\", id) AS stop"
            " FROM membership_event)")


def member_spans_joined_sql() -> str:
    """``member_spans_sql`` with a column ``joined``: 1 on every span of a person who has a 入会 or 转入
    event (on any day), else 0; from the same window, so in the same sort of the events."""
    return ("(SELECT person_id, kind, \"date\" AS start, LEAD(\"date\") OVER w AS stop,"
            " MAX(CASE WHEN kind IN ('入会', '转入') THEN 1 ELSE 0 END)"
            " OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS joined"
            " FROM membership_event WINDOW w AS (PARTITION BY person_id ORDER BY \"date\", id))")


def member_kinds_sql(alias: str = "s") -> str:
    return f"{alias}.kind IN ({', '.join(repr(k) for k in MEMBER_KINDS)})"


def span_holds_sql(alias: str = "s") -> str:
    """SQL true when a span holds the date bound at its two marks."""
    mark = sql_mark()
    return f"({alias}.start <= {mark} AND ({alias}.stop IS NULL OR {alias}.stop > {mark}))"


def employee_sql(alias: str = "p") -> str:
    """SQL true for a 职工 on the date bound at its two marks (as ``employees_on``)."""
    mark = sql_mark()
    return (f"(({alias}.hire_date IS NULL OR {alias}.hire_date <= {mark})"
            f" AND ({alias}.left_on IS NULL OR {alias}.left_on > {mark}))")


def headcounts(dates: list[dt.date]) -> dict[dt.date, tuple[int, int]]:
    """``headcount`` on several dates, counted in one pass over the people and one over the events."""
    dates = list(dict.fromkeys(dates))
    values = sql_dates(dates)
    employed = database.execute_sql(
        "SELECT " + ", ".join(f"SUM(CASE WHEN {employee_sql()} THEN 1 ELSE 0 END)" for _ in dates) + " FROM person p",
        [v for d in values for v in (d, d)]).fetchone()
    member = database.execute_sql(
        "SELECT " + ", ".join(f"SUM(CASE WHEN {span_holds_sql()} AND {employee_sql()} THEN 1 ELSE 0 END)"
                              for _ in dates)
        + f" FROM {member_spans_sql()} AS s JOIN person p ON p.id = s.person_id WHERE {member_kinds_sql()}",
        [v for d in values for v in (d, d, d, d)]).fetchone()
    return {on: (int(employed[i] or 0), int(member[i] or 0)) for i, on in enumerate(dates)}


def member_id_set(on: dt.date) -> set[int]:
    """The ids of ``member_ids_on`` as a set, read in one pass over the events."""
    return {pid for (pid,) in database.execute_sql(
        f"SELECT s.person_id FROM {member_spans_sql()} AS s WHERE {member_kinds_sql()} AND {span_holds_sql()}",
        sql_dates([on, on])).fetchall()}


def join_rate(employees: int, members: int) -> float:
    return members / employees if employees else 0.0


def refresh_state(person_ids: list[int] | None = None) -> None:
    """Recompute the cached current state from the history (``latest_events_on`` today)."""
    batches = ([None] if person_ids is None
               else [person_ids[i:i + 500] for i in range(0, len(person_ids), 500)])
    for batch in batches:
        latest = latest_events_on(dt.date.today())
        reset = Person.update(membership_state="")
        if batch is not None:
            latest = latest.where(MembershipEvent.person.in_(batch))
            reset = reset.where(Person.id.in_(batch))
        by_kind: dict[str, list[int]] = {}
        for person_id, kind in latest.tuples():
            by_kind.setdefault(kind, []).append(person_id)
        reset.execute()
        for kind, ids in by_kind.items():
            for i in range(0, len(ids), 500):
                Person.update(membership_state=kind).where(Person.id.in_(ids[i:i + 500])).execute()


def history(person_id: int) -> list[MembershipEvent]:
    return list(MembershipEvent.select().where(MembershipEvent.person == person_id)
                .order_by(MembershipEvent.date, MembershipEvent.id))


def next_card_number() -> str:
    prefix = settings.get("members.card_prefix", "HY")
    seq = int(settings.get("members.card_seq", 0)) + 1
    settings.put_many({"members.card_seq": seq})
    return f"{prefix}{seq:06d}"


# 就业状况 that mean "working here": they end when the person leaves the enterprise.
IN_POST_STATUSES = ("在岗", "待(下)岗", "")
# 会籍变化原因 that mean the person is out of work (the rest: 劳动关系发生变化 and the like → 其他).
JOBLESS_REASONS = ("失业", "所在企业破产")


def status_after_leaving(status: str, reason: str) -> str:
    """就业状况 once a person has left the enterprise: 在岗 no longer holds (失业 when the reason says
    so, else 其他); a status that still holds elsewhere (退休, 病休 …) stays."""
    if status not in IN_POST_STATUSES:
        return status
    return "失业" if clean_text(reason) in JOBLESS_REASONS else "其他"


def add_event(person_id: int, kind: str, on, reason: str = "", note: str = "",
              today: dt.date | None = None, *, leave: bool = False,
              employment_status: str | None = None) -> MembershipEvent:
    """Record a membership change (入会, 转出, 退会 …) after checking it makes sense. ``leave``:
    the person also leaves the enterprise that day (离职: no longer counted among 职工), and their
    就业状况 becomes ``employment_status`` (by default ``status_after_leaving``)."""
    today = today or dt.date.today()
    if kind not in EVENT_KINDS:
        raise ValidationError("会籍变化类型", f"应为 {'、'.join(EVENT_KINDS)} 之一")
    date = parse_date(on, "会籍变化日期", today=today)
    if date is None:
        raise ValidationError("会籍变化日期", "必须填写")
    reason = codes.canonical("leave_reason", reason)  # cleaned; 劳动(工作)… → 劳动（工作）…
    person = Person.get_by_id(person_id)
    if person.birth_date and date < person.birth_date:
        raise ValidationError("会籍变化日期", "早于出生日期")
    later = (MembershipEvent.select().where((MembershipEvent.person == person_id)
                                            & (MembershipEvent.date > date)).exists())
    if later:
        raise ValidationError("会籍变化日期", "该日期之后已有会籍记录，请按时间顺序登记")
    member = is_member_on(person_id, date)
    if kind in ("入会", "转入") and member:
        raise ValidationError("会籍变化类型", f"{person.name} 在 {date:%Y-%m-%d} 已是会员")
    if kind in ENDING_KINDS + ("保留",) and not member:
        raise ValidationError("会籍变化类型", f"{person.name} 在 {date:%Y-%m-%d} 不是会员，不能{kind}")
    if kind in ENDING_KINDS and not reason:
        raise ValidationError("会籍变化原因", "转出、除名、退会须填写原因")
    with database.atomic():
        event = MembershipEvent.create(person=person_id, kind=kind, date=date, reason=reason, note=note)
        if leave:
            status = (codes.canonical("employment_status", employment_status) if clean_text(employment_status)
                      else status_after_leaving(person.employment_status, reason))
            Person.update(left_on=date, employment_status=status, updated_at=now()).where(
                Person.id == person_id).execute()
            audit.record("update", "person", person_id,
                         {"left_on": person.left_on, "employment_status": person.employment_status},
                         {"left_on": date, "employment_status": status})
        if kind in ("入会", "转入") and not person.member_card_no:
            Person.update(member_card_no=next_card_number()).where(Person.id == person_id).execute()
        refresh_state([person_id])
        audit.record("membership", "person", person_id, None,
                     {"kind": kind, "date": date, "reason": reason})
    return event


def delete_event(event_id: int) -> None:
    """Undo a mistaken entry (the newest event of a person only, so the history stays coherent)."""
    event = MembershipEvent.get_by_id(event_id)
    newest = (MembershipEvent.select().where(MembershipEvent.person == event.person_id)
              .order_by(MembershipEvent.date.desc(), MembershipEvent.id.desc()).first())
    if newest.id != event.id:
        raise ValidationError("会籍记录", "只能撤销最近一条会籍记录")
    with database.atomic():
        before = {"kind": event.kind, "date": event.date, "reason": event.reason}
        event.delete_instance()
        refresh_state([event.person_id])
        audit.record("delete", "membership_event", event.person_id, before, None)


# --- people ----------------------------------------------------------------------------------
def _to_row(clean: dict) -> dict:
    """Cleaned values → Person columns (resolving department and union group names)."""
    row = {k: v for k, v in clean.items() if k not in ("department", "union_group")}
    dept = None
    if "department" in clean:
        dept = department_id(clean["department"])
        row["department"] = dept
    if "union_group" in clean:
        row["union_group"] = union_group_id(clean["union_group"], dept)
    if "name" in clean:
        row["name_pinyin"], row["name_initials"] = pinyin_keys(clean["name"])
        row["name_key"] = name_key(clean["name"])
    return row


def person_values(person: Person) -> dict:
    """A person's fields as the edit dialog and the audit log see them."""
    values = {key: getattr(person, key) for key in FIELD_LABELS
              if key not in ("department", "union_group")}
    values["department"] = person.department.name if person.department_id else ""
    values["union_group"] = person.union_group.name if person.union_group_id else ""
    values["left_on"] = person.left_on
    return values


def _check_unique_id(number: str, exclude: int | None = None) -> None:
    query = Person.select(Person.id, Person.name).where(Person.id_number == number)
    if exclude:
        query = query.where(Person.id != exclude)
    other = query.first()
    if other:
        raise ValidationError("证件号码", f"已登记在 {other.name} 名下（一人一条记录）")


def create_person(values: dict, *, join: tuple[str, object] | None = None,
                  today: dt.date | None = None) -> Person:
    """Add a person; ``join`` = (kind, date) records 入会/转入 at once."""
    clean = validate_person(values, today=today)
    _check_unique_id(clean["id_number"])
    with database.atomic():
        person = Person.create(**_to_row(clean))
        audit.record("create", "person", person.id, None, clean)
        if join:
            add_event(person.id, join[0], join[1], today=today)
    return Person.get_by_id(person.id)


def update_person(person_id: int, values: dict, today: dt.date | None = None,
                  base: concurrency.Base | None = None) -> Person:
    """Save an edited person. ``base`` is the person as the dialog loaded them: a change saved
    elsewhere since then is kept, and one to the same field is refused (ConflictError)."""
    clean = validate_person(values, today=today)
    _check_unique_id(clean["id_number"], exclude=person_id)
    with database.atomic():
        person = concurrency.lock_row(Person, person_id)
        before = person_values(person)
        mine = {k: v for k, v in clean.items() if k != "id_upgraded"}
        changed = concurrency.changes_to_write("职工记录", person, before, mine, base, FIELD_LABELS,
                                               lambda p: p.updated_at)
        if "id_number" in changed:
            changed["id_upgraded"] = clean["id_upgraded"]
        if changed:
            row = _to_row(changed | ({"department": clean["department"]}
                                     if "union_group" in changed else {}))
            row["updated_at"] = now()
            Person.update(**row).where(Person.id == person_id).execute()
            audit.record("update", "person", person_id, {k: before.get(k) for k in changed}, changed)
    return Person.get_by_id(person_id)


def references(person_id: int) -> list[str]:
    """Where else a person is recorded (anything but their own membership history)."""
    found = []
    for fk in Person._meta.backrefs:
        if fk.model is MembershipEvent:
            continue
        if fk.model.select().where(fk == person_id).exists():
            found.append(fk.model._meta.table_name)
    return found


def delete_person(person_id: int) -> None:
    refs = references(person_id)
    if refs:
        raise ValidationError("删除", "此人在其他记录中被引用，不能删除；请改为办理转出或退会")
    with database.atomic():
        person = Person.get_by_id(person_id)
        before = person_values(person)
        person.delete_instance(recursive=True)
        audit.record("delete", "person", person_id, before, None)


def reveal(person_id: int, key: str) -> str:
    """Show one personal number in full; the reveal is logged (never the number itself)."""
    person = Person.get_by_id(person_id)
    value = getattr(person, key)
    audit.record("reveal", "person", person_id, None, {"field": FIELD_LABELS.get(key, key)})
    log.info("personal number revealed: person %d, %s", person_id, key)
    return value


# --- the roster list -------------------------------------------------------------------------
@dataclass
class RosterFilter:
    text: str = ""
    membership: str = ""  # "" | member | nonmember
    department_id: int | None = None
    union_group_id: int | None = None
    gender: str = ""
    migrant: bool | None = None
    employment_status: str = ""
    include_left: bool = False
    extra: dict = field(default_factory=dict)


ROSTER_COLUMNS = (
    ("name", "姓名"), ("gender", "性别"), ("birth_date", "出生日期"), ("department", "部门"),
    ("union_group", "工会小组"), ("position", "岗位"), ("membership", "会籍"),
    ("member_card_no", "会员证号"), ("id_number", "证件号码"), ("mobile", "移动电话"),
    ("employment_status", "就业状况"), ("employment_form", "用工形式"), ("is_migrant", "农民工"),
    ("education", "学历"), ("hire_date", "入职日期"),
)

_SORT_KEYS = {
    "name": Person.name_key, "gender": Person.gender, "birth_date": Person.birth_date,
    "department": Department.name, "union_group": UnionGroup.name, "position": Person.position,
    "membership": Person.membership_state, "member_card_no": Person.member_card_no,
    "id_number": Person.id_number, "mobile": Person.mobile,
    "employment_status": Person.employment_status, "employment_form": Person.employment_form,
    "is_migrant": Person.is_migrant, "education": Person.education, "hire_date": Person.hire_date,
}


def _same_case(field, how: str, text: str):
    """``field.startswith/endswith/contains(text)`` for a column kept in one case (pinyin in lower
    case, ID numbers in upper case, digits). peewee makes these ILIKE, which PostgreSQL answers by
    lower-casing every row (twice the time of a search); there a plain LIKE finds the same rows.
    SQLite's LIKE (what peewee's ILIKE becomes) stays as it is."""
    from unionoffice.db.connection import on_server

    if not on_server():
        return getattr(field, how)(text)
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    pattern = {"startswith": "{}%", "endswith": "%{}", "contains": "%{}%"}[how].format(escaped)
    return Expression(field, "LIKE", pattern)


def _in_departments(like: str):
    """Person in a department whose name is like ``like``. On a server the departments are looked
    up first and named in the query: given ``IN (subquery)`` or ``= ANY(ARRAY(subquery))``,
    PostgreSQL guesses that half the people match, and scans the table instead of using the
    trigram indexes for the other conditions."""
    from unionoffice.db.connection import on_server

    departments = Department.select(Department.id).where(Department.name ** like)
    if not on_server():
        return Person.department.in_(departments)
    return Person.department.in_([row[0] for row in departments.tuples()])


def _index_key(text: str) -> str | None:
    """``text`` as the trigram index folds it (ASCII letters to lower case), or None when the index
    cannot stand in for the scan: LIKE's wildcards or escape in the text, or a letter whose case
    folding outside ASCII might differ between Python and SQLite."""
    if any(ch in text for ch in "%_\\\"") or any(not ch.isascii() and ch.lower() != ch.upper() for ch in text):
        return None
    return text.lower()


def _indexed_candidates(text: str, numbers: bool, departments: bool = True):
    """The ids the search index finds for ``text`` (a superset of the roster search's matches, as a
    subquery), or None where there is no index or it cannot answer. On a server: for one or two
    characters the condition "in the gram table" (people matched by their department are added by
    the caller), None for more (its trigram indexes serve the LIKE conditions themselves).
    ``numbers``: 证件号码 and 手机号 are searched too; ``departments``: the people of the departments
    whose name contains the text are among the candidates (SQLite)."""
    from unionoffice.db import search_index
    from unionoffice.db.connection import on_server

    key = _index_key(text)
    if key is None:
        return None
    if on_server():
        if len(key) not in search_index.GRAM_LENGTHS or key.isdigit() or not search_index.grams_present(database.obj):
            return None  # three characters or more: the trigram indexes serve the LIKE conditions; digits scan
        return Person.id.in_(SQL("(SELECT person_id FROM person_gram WHERE gram = %s)", [key]))
    if not search_index.present(database.obj):
        return None
    in_departments = (" UNION SELECT id FROM person WHERE department_id IN "
                      "(SELECT id FROM department WHERE name LIKE ?)") if departments else ""
    like = [f"%{text}%"] if departments else []
    if len(key) >= 3:
        phrase = '"' + key + '"'
        found = "SELECT rowid FROM person_search WHERE person_search MATCH ?"
        params = [phrase]
        if numbers:
            found += " UNION SELECT rowid FROM person_number_search WHERE person_number_search MATCH ?"
            params.append(phrase)
    else:  # every character indexed begins a trigram (search_index.SEPARATOR): those beginning with key
        found = "SELECT doc FROM person_search_terms WHERE term >= ? AND term <= ?"
        params = [key, key + "\U0010ffff" * 2]
    return SQL(f"({found}{in_departments})", params + like)


def _where(f: RosterFilter, departments: bool = True):
    """The roster filter's condition. ``departments`` False: the text does not match people by
    their department's name (the caller adds the people of those departments apart)."""
    from unionoffice.db.connection import on_server

    cond = True
    if not f.include_left:
        cond = Person.left_on.is_null()
    text = clean_text(f.text).replace(" ", "")
    if text:
        low = text.lower()
        like = f"%{text}%"
        match = (Person.name ** like) | _same_case(Person.name_pinyin, "startswith", low)
        match |= _same_case(Person.name_initials, "startswith", low)
        in_departments = _in_departments(like) if departments else None
        if departments:
            match |= in_departments
        match |= Person.member_card_no ** like
        if low.isascii() and low.isalpha() and len(low) >= 2:
            match |= _same_case(Person.name_pinyin, "contains", low)
        digits = text.upper()
        numbers = len(digits) >= 4 and digits[:-1].isdigit() and (digits[-1].isdigit() or digits[-1] == "X")
        if numbers:
            match |= _same_case(Person.id_number, "endswith", digits)
            if digits.isdigit():
                match |= _same_case(Person.mobile, "endswith", digits)
        found = _indexed_candidates(text, numbers, departments)
        if found is not None and on_server():  # the gram table or the departments narrow the rows
            # (the gram table's IN alone in the AND, where PostgreSQL makes it a join: inside an OR
            # it stays a subplan checked against every person, 300,000 people: 226 ms against a few)
            named = departments and bool(in_departments.rhs)
            match = ((found | in_departments) if named else found) & match
        elif found is not None:  # the index narrows the rows; the conditions above still choose among them
            match = Person.id.in_(found) & match
        cond &= match
    if f.membership == "member":
        cond &= Person.membership_state.in_(MEMBER_KINDS)
    elif f.membership == "nonmember":
        cond &= Person.membership_state.not_in(MEMBER_KINDS)
    if f.department_id:
        cond &= Person.department == f.department_id
    if f.union_group_id:
        cond &= Person.union_group == f.union_group_id
    if f.gender:
        cond &= Person.gender == f.gender
    if f.migrant is not None:
        cond &= Person.is_migrant == f.migrant
    if f.employment_status:
        cond &= Person.employment_status == f.employment_status
    return cond


def _roster_query(*fields, department: bool = True, group: bool = True):
    query = Person.select(*fields)
    if department:
        query = query.join(Department, JOIN.LEFT_OUTER, on=Person.department == Department.id)
    if group:
        query = query.switch(Person).join(UnionGroup, JOIN.LEFT_OUTER,
                                          on=Person.union_group == UnionGroup.id)
    return query


def _filtered(f: RosterFilter, *fields, sort: str = "name"):
    """The roster query with only the joins the filter and the sort need (without them SQLite
    walks the name_key index instead of sorting 100,000 rows)."""
    return _roster_query(*fields, department=sort == "department",
                         group=sort == "union_group").where(_where(f))


def _order(f: RosterFilter, sort: str, descending: bool) -> list:
    key = _SORT_KEYS.get(sort, Person.name_key)
    if key is Person.name_key and clean_text(f.text):
        # A search matches few rows: scanning them and sorting is fast, while walking the name
        # index visits all 100,000 rows in index order (≈30 ms against ≈115 ms).
        key = Person.name_key.concat("")
    order = [key.desc() if descending else key.asc()]
    if key is not Person.name_key:
        order.append(Person.name_key)
    return order + [Person.id]


def search_ids(f: RosterFilter, sort: str = "name", descending: bool = False) -> list[int]:
    """Ids of the people the filter shows, sorted in SQL (names by collation.name_key)."""
    query = _filtered(f, Person.id, sort=sort).order_by(*_order(f, sort, descending))
    return [row[0] for row in database.execute(query).fetchall()]


class RosterView(NamedTuple):
    """What the roster tab shows: the ids in order, and the status line's figures. 职工 and 会员
    count the people still employed (a 含已离职 list shows the others, counted apart as 已离职)."""
    ids: list[int]
    employees: int
    members: int
    left: int = 0


def _by_departments_apart(f: RosterFilter, descending: bool,
                          limit: int | None = None) -> tuple[str, list] | None:
    """The roster query (SQL and parameters) sorted by name as two parts, or None where it does not
    apply: the people of the departments whose name contains the text, read from the
    person_department_roster index alone (the department matches them whatever else the text
    matches), and the people the search index finds outside those departments, checked as usual.
    A department of 30,000 people otherwise costs a look-up of each person's row and its conditions
    (300,000 people, "动力": about a third of the time, see the report in the commit).
    ``limit``: the first rows only, each part limited too (the department's part then reads its
    first rows from the index in name order, where PostgreSQL would scan the 30,000 and sort)."""
    from unionoffice.db import search_index
    from unionoffice.db.connection import on_server

    text = clean_text(f.text).replace(" ", "")
    indexed = search_index.grams_present if on_server() else search_index.present
    if not text or _index_key(text) is None or not indexed(database.obj):
        return None
    named = [row[0] for row in Department.select(Department.id).where(Department.name ** f"%{text}%").tuples()]
    if not named:
        return None
    fields = (Person.id, Person.membership_state, Person.left_on, Person.name_key)
    in_named = Person.select(*fields).where(Person.department.in_(named) & _where(replace(f, text="")))
    others = Person.select(*fields).where(_where(f, departments=False)
                                          & (Person.department.is_null() | Person.department.not_in(named)))
    order = "name_key DESC, id" if descending else "name_key, id"
    if limit is not None:
        key = Person.name_key.desc() if descending else Person.name_key.asc()
        named_sql, named_params = in_named.order_by(key, Person.id).limit(limit).sql()
        others_sql, others_params = others.order_by(key, Person.id).limit(limit).sql()
        sql = f"SELECT * FROM ({named_sql}) AS named UNION ALL SELECT * FROM ({others_sql}) AS others"
        return (f"SELECT id, membership_state, left_on FROM ({sql}) AS roster ORDER BY {order} LIMIT {int(limit)}",
                [*named_params, *others_params])
    sql, params = (in_named + others).sql()  # UNION ALL: the parts do not overlap
    # sorted outside the union, so the names are not fetched (a third less time at 30,000 rows)
    return f"SELECT id, membership_state, left_on FROM ({sql}) AS roster ORDER BY {order}", params


def _roster_sql(f: RosterFilter, sort: str, descending: bool) -> tuple[str, list]:
    """The roster query (SQL and parameters): (id, membership_state, left_on) of the people the
    filter shows, in the list's order."""
    apart = _by_departments_apart(f, descending) if sort == "name" else None
    if apart is not None:
        return apart
    query = (_filtered(f, Person.id, Person.membership_state, Person.left_on, sort=sort)
             .order_by(*_order(f, sort, descending)))
    sql, params = query.sql()
    return sql, list(params)


def roster_rows_first(f: RosterFilter, sort: str = "name", descending: bool = False,
                      limit: int = 500) -> list[tuple]:
    """The first ``limit`` rows (id, membership_state, left_on) of ``search``'s list, in its order:
    the same query with a LIMIT, so SQL sorts only for the top rows (a department of 30,000 people
    sorted and fetched whole is most of a keystroke's time at 300,000 people)."""
    apart = _by_departments_apart(f, descending, limit) if sort == "name" else None
    if apart is not None:
        return database.execute_sql(*apart).fetchall()
    sql, params = _roster_sql(f, sort, descending)
    return database.execute_sql(f"{sql} LIMIT {int(limit)}", params).fetchall()


def roster_view(rows) -> RosterView:
    """The roster tab's list and figures from all the rows (id, membership_state, left_on), a list
    or a cursor.

    Read and counted in pieces of a few thousand rows by C loops (map, Counter): a worker reads the
    long lists, and the GUI thread needs the interpreter for every cell it paints. A Python loop over
    300,000 rows would hold it in 5 ms slices, a cell's paint waiting a slice each; one C loop over
    them all would hold it for tens of ms (the 会员 tab froze 0.2-0.4 s either way)."""
    if isinstance(rows, list):
        pieces = (rows[i:i + ROWS_AT_ONCE] for i in range(0, len(rows), ROWS_AT_ONCE))
    else:
        pieces = iter(lambda: rows.fetchmany(ROWS_AT_ONCE), [])
    ids: list[int] = []
    kinds: Counter = Counter()  # (state, left_on): a few hundred pairs
    for piece in pieces:
        ids.extend(map(itemgetter(0), piece))
        kinds.update(map(itemgetter(1, 2), piece))
    employees = sum(n for (_state, left_on), n in kinds.items() if left_on is None)
    member_count = sum(n for (state, left_on), n in kinds.items() if left_on is None and state in MEMBER_KINDS)
    return RosterView(ids, employees, member_count, len(ids) - employees)


ROWS_AT_ONCE = 2000


def search(f: RosterFilter, sort: str = "name", descending: bool = False) -> RosterView:
    """What the roster tab shows, in one query."""
    return roster_view(database.execute_sql(*_roster_sql(f, sort, descending)))


def summary(f: RosterFilter) -> tuple[int, int]:
    """(职工, 会员) among what the filter shows, people who left not counted."""
    staying = Person.left_on.is_null()
    is_employee = Case(None, [(staying, 1)], 0)
    is_member = Case(None, [(staying & Person.membership_state.in_(MEMBER_KINDS), 1)], 0)
    row = database.execute(_filtered(f, fn.SUM(is_employee), fn.SUM(is_member))).fetchone()
    return int(row[0] or 0), int(row[1] or 0)


def roster_rows(ids: list[int], *, masked: bool = True) -> dict[int, dict]:
    """Display values of these people, keyed by id."""
    if not ids:
        return {}
    query = _roster_query(
        Person.id, Person.name, Person.gender, Person.birth_date, Department.name.alias("dept"),
        UnionGroup.name.alias("grp"), Person.position, Person.membership_state,
        Person.member_card_no, Person.id_number, Person.mobile, Person.employment_status,
        Person.employment_form, Person.is_migrant, Person.education, Person.hire_date, Person.left_on,
    ).where(Person.id.in_(ids)).dicts()
    result = {}
    for r in query:
        state = r["membership_state"]
        result[r["id"]] = {
            "name": r["name"], "gender": r["gender"], "birth_date": r["birth_date"],
            "department": r["dept"] or "", "union_group": r["grp"] or "", "position": r["position"],
            "membership": membership_text(state),
            "is_member": state in MEMBER_KINDS,
            "member_card_no": r["member_card_no"],
            "id_number": mask_id(r["id_number"]) if masked else r["id_number"],
            "mobile": mask_phone(r["mobile"]) if masked else r["mobile"],
            "employment_status": r["employment_status"], "employment_form": r["employment_form"],
            "is_migrant": "是" if r["is_migrant"] else "否", "education": r["education"],
            "hire_date": r["hire_date"], "left_on": r["left_on"],
        }
    return result


def card(person_id: int) -> dict:
    """A person's card to print (the real-name fields in full, the membership and its history); the
    printing of the full numbers is logged, as a reveal is."""
    person = get_person(person_id)
    values = person_values(person)
    audit.record("reveal", "person", person_id, None, {"field": "打印职工信息卡"})
    log.info("person card printed: person %d", person_id)
    return {"fields": [(label, values.get(key)) for key, label in FIELD_LABELS.items()],
            "membership": membership_text(person.membership_state),
            "history": [(e.date, e.kind, e.reason) for e in history(person_id)],
            "left_on": person.left_on}


@dataclass
class Listed:
    """People named in a pasted list: found (ids in the list's order), and the entries not found or
    naming several people (同名), as the clerk wrote them."""
    ids: list[int] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    ambiguous: list[str] = field(default_factory=list)


def _looks_like_id(text: str) -> bool:
    number = normalise_id(text)
    return len(number) in (15, 18) and number[:-1].isdigit()


_NAME_HEADERS = ("姓名", "职工姓名", "名字")
_LIST_HEADERS = (*_NAME_HEADERS, "证件号码", "身份证号", "身份证号码", "公民身份号码", "序号")


def _is_number(text: str) -> bool:
    """A 序号 or a count, never a name."""
    return text.replace(".", "", 1).isdigit()


def find_listed(rows: list[list[str]], *, only_members: bool = False, include_left: bool = False) -> Listed:
    """Who a pasted list names: each row by the 证件号码 among its cells, else by its name (one
    person of that name; 同名 are listed as ambiguous). The name is in the 姓名 column when a header
    row (姓名, 证件号码, 序号 …) names it, else the first filled cell that is not a number (a 序号
    column before the names is passed over). Header rows are passed over."""
    wanted = []
    name_column = None
    for cells in rows:
        cells = [c.strip() if c else "" for c in cells]
        filled = [c for c in cells if c]
        if not filled:
            continue
        if any(c in _LIST_HEADERS for c in filled):
            name_column = next((i for i, c in enumerate(cells) if c in _NAME_HEADERS), name_column)
            continue
        number = next((normalise_id(c) for c in filled if _looks_like_id(c)), None)
        name = cells[name_column] if name_column is not None and name_column < len(cells) else ""
        name = name or next((c for c in filled if not _looks_like_id(c) and not _is_number(c)), "")
        if number:
            wanted.append(("id", number, name or number))
        else:
            wanted.append(("name", name, name or filled[0]))
    query = Person.select(Person.id, Person.name, Person.id_number, Person.membership_state, Person.left_on)
    numbers = [value for how, value, _ in wanted if how == "id"]
    names = [value for how, value, _ in wanted if how == "name"]
    people = []
    for start in range(0, max(len(numbers), len(names)), 400):  # within any database's bound on parameters
        people.extend(query.where(Person.id_number.in_(numbers[start:start + 400])
                                  | Person.name.in_(names[start:start + 400])))
    people = list({p.id: p for p in people}.values())
    if only_members:
        people = [p for p in people if p.membership_state in MEMBER_KINDS]
    if not include_left:
        people = [p for p in people if p.left_on is None]
    by_number = {p.id_number: p.id for p in people}
    by_name: dict[str, list[int]] = {}
    for p in people:
        by_name.setdefault(p.name, []).append(p.id)
    listed = Listed()
    for how, value, shown in wanted:
        found = [by_number[value]] if how == "id" and value in by_number else \
            (by_name.get(value, []) if how == "name" else [])
        if len(found) == 1:
            if found[0] not in listed.ids:
                listed.ids.append(found[0])
        elif found:
            listed.ambiguous.append(shown)
        else:
            listed.missing.append(shown)
    return listed


# --- several people at once (batch edit, an edit in the list, and their undo) ------------------------
BATCH_FIELDS = ("department", "union_group", "position", "employment_form", "employment_status",
                "education", "political_status", "skill_level", "hukou_type", "ethnicity", "union_post")


def planned_changes(changes_by_id: dict[int, dict]) -> list[dict]:
    """What setting these fields would change, person by person: one row per changed field
    (id, name, field label, before, after); fields already so are left out. Nothing is written."""
    out = []
    people = Person.select().where(Person.id.in_(list(changes_by_id)))
    for person in people:
        before = person_values(person)
        for key, value in changes_by_id[person.id].items():
            if (before.get(key) or "") != (value or ""):
                out.append({"id": person.id, "name": person.name, "field": FIELD_LABELS.get(key, key),
                            "before": before.get(key), "after": value})
    return out


def set_values(changes_by_id: dict[int, dict]) -> dict[int, dict]:
    """Set some fields of several people in one transaction, each person through the same checks as
    their page (``update_person``: audited field by field); a refusal names the person and writes
    nothing. Returns each changed person's previous values of those fields, to set them back (undo)."""
    before_all: dict[int, dict] = {}
    with database.atomic():
        for person_id, changes in changes_by_id.items():
            person = Person.get_or_none(Person.id == person_id)
            if person is None:
                raise ValidationError("职工", "此人已被删除")
            before = person_values(person)
            wanted = {k: v for k, v in changes.items() if (before.get(k) or "") != (v or "")}
            if not wanted:
                continue
            try:
                update_person(person_id, before | wanted)
            except ValidationError as exc:
                raise ValidationError(exc.field, f"{person.name}：{exc.reason}") from exc
            before_all[person_id] = {k: before.get(k) for k in wanted}
    return before_all


def delete_people(person_ids: list[int]) -> list[dict]:
    """Delete people who are recorded nowhere else (``delete_person``), in one transaction; what
    ``restore_people`` needs to bring them back (their fields and membership history)."""
    kept = []
    with database.atomic():
        for person_id in person_ids:
            person = Person.get_or_none(Person.id == person_id)
            if person is None:
                raise ValidationError("职工", "此人已被删除")
            kept.append({"values": person_values(person),
                         "events": [(e.kind, e.date, e.reason, e.note) for e in history(person_id)]})
            delete_person(person_id)
    return kept


def restore_people(kept: list[dict]) -> list[int]:
    """Bring deleted people back (an undo), in one transaction, through the same checks as a new
    person; audited as created. Their new ids, in order."""
    ids = []
    with database.atomic():
        for person in kept:
            values = dict(person["values"])
            left_on = values.pop("left_on", None)
            created = create_person(values)
            if left_on:
                Person.update(left_on=left_on).where(Person.id == created.id).execute()
            for kind, on, reason, note in person["events"]:
                MembershipEvent.create(person=created.id, kind=kind, date=on, reason=reason, note=note)
            if person["events"]:
                refresh_state([created.id])
                audit.record("membership", "person", created.id, None,
                             {"restored": [f"{on:%Y-%m-%d} {kind}" for kind, on, _r, _n in person["events"]]})
            ids.append(created.id)
    return ids
