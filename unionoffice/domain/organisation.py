"""组织 (domain.md §1): union cadres with their training, and recruiting members — who is not yet in
the union, 入会率 by department, and applications approved in a batch (each approval records exactly
one 入会 event and issues one 会员证号)."""

from __future__ import annotations

import datetime as dt

from peewee import JOIN, fn

from unionoffice.collation import sort_key
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
             "rate": m / e if e else 0.0} for d, (e, m) in sorted(by_dept.items(), key=lambda i: sort_key(i[0]))]


def non_members(on: dt.date | None = None) -> list[dict]:
    """Employees not (or no longer) in the union, 劳务派遣 and 农民工 first, then by department and
    name (pinyin)."""
    on = on or dt.date.today()
    pending = {a.person_id for a in Application.select().where(Application.approved_on.is_null())}
    query = (Person.select(Person.id, Person.name, Department.name.alias("department"), Person.employment_form,
                           Person.is_migrant, Person.hire_date)
             .join(Department, JOIN.LEFT_OUTER, on=Person.department == Department.id)
             .where(members.employees_on(on) & Person.id.not_in(members.member_ids_on(on)))
             .order_by(Person.name_key).dicts())
    rows = []
    for r in query:
        r["highlight"] = r["employment_form"] in HIGHLIGHT_FORMS or bool(r["is_migrant"])
        r["applied"] = r["id"] in pending
        rows.append(r)
    return sorted(rows, key=lambda r: (not r["highlight"], sort_key(r["department"] or "")))


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


# --- committees and re-elections -------------------------------------------------------------------
from unionoffice.db.models import Candidate, Committee, CommitteeMember, Election  # noqa: E402

COMMITTEE_KINDS = ("工会委员会", "经费审查委员会", "女职工委员会", "劳动争议调解委员会", "劳动法律监督委员会")
POSTS = ("主席", "副主席", "主任", "副主任", "委员")
MEETINGS = ("会员大会", "会员代表大会")
WOMEN_FOR_COMMITTEE = 10


def create_committee(kind: str, term_start, term_end=None) -> Committee:
    kind = clean_text(kind)
    if not kind:
        raise ValidationError("委员会", "必须填写名称")
    start = parse_date(term_start, "任期开始", allow_future=True)
    if start is None:
        raise ValidationError("任期开始", "必须填写")
    end = parse_date(term_end, "任期届满", allow_future=True)
    if end and end <= start:
        raise ValidationError("任期届满", "早于任期开始")
    with database.atomic():
        committee = Committee.create(kind=kind, term_start=start, term_end=end)
        audit.record("create", "committee", committee.id, None, {"kind": kind, "term_start": start})
    return committee


def add_committee_member(committee_id: int, person_id: int, post: str = "委员") -> CommitteeMember:
    post = clean_text(post) or "委员"
    if CommitteeMember.select().where((CommitteeMember.committee == committee_id)
                                      & (CommitteeMember.person == person_id)).exists():
        raise ValidationError("委员", "此人已在本委员会中")
    with database.atomic():
        item = CommitteeMember.create(committee=committee_id, person=person_id, post=post)
        audit.record("member", "committee", committee_id, None, {"person": person_id, "post": post})
    return item


def current_committees(on: dt.date | None = None) -> list[dict]:
    """The latest term of each committee, with its members and whether the term has ended."""
    on = on or dt.date.today()
    latest: dict[str, Committee] = {}
    for c in Committee.select().where(Committee.term_start <= on).order_by(Committee.term_start):
        latest[c.kind] = c
    rows = []
    for kind in sorted(latest, key=lambda k: (COMMITTEE_KINDS.index(k) if k in COMMITTEE_KINDS else 99, k)):
        c = latest[kind]
        people = (CommitteeMember.select(CommitteeMember.post, Person.id, Person.name, Person.gender, Person.left_on)
                  .join(Person).where(CommitteeMember.committee == c.id).order_by(CommitteeMember.id).dicts())
        rows.append({"id": c.id, "kind": kind, "term_start": c.term_start, "term_end": c.term_end,
                     "expired": c.term_end is not None and c.term_end < on,
                     "members": [{**p, "left": p["left_on"] is not None and p["left_on"] <= on} for p in people]})
    return rows


def committee_warnings(on: dt.date | None = None) -> list[str]:
    """A term that has ended; 10 or more female members but no 女职工委员会; a committee member who has
    left the roster."""
    on = on or dt.date.today()
    warnings = []
    committees = current_committees(on)
    for c in committees:
        if c["expired"]:
            warnings.append(f"{c['kind']}任期已于 {c['term_end']:%Y-%m-%d} 届满，应及时换届。")
        for m in c["members"]:
            if m["left"]:
                warnings.append(f"{c['kind']}{m['post']} {m['name']} 已不在职工名册中。")
    women = (Person.select().where(members.employees_on(on) & (Person.gender == "女")
                                   & Person.id.in_(members.member_ids_on(on))).count())
    if women >= WOMEN_FOR_COMMITTEE and not any(c["kind"] == "女职工委员会" and not c["expired"] for c in committees):
        warnings.append(f"女会员 {women} 人（10 人以上），应建立女职工委员会。")
    return warnings


def is_elected(votes: int, entitled: int) -> bool:
    """Elected when the votes are over half of those entitled to vote (exactly half is not)."""
    return votes * 2 > entitled


def create_election(values: dict) -> Election:
    kind = clean_text(values.get("kind")) or "工会委员会"
    meeting = clean_text(values.get("meeting")) or MEETINGS[0]
    if meeting not in MEETINGS:
        raise ValidationError("会议形式", f"应为 {'、'.join(MEETINGS)} 之一")
    numbers = {}
    for key, label in (("entitled", "应到人数"), ("present", "实到人数"), ("term_years", "任期（年）")):
        try:
            numbers[key] = int(values.get(key) or (5 if key == "term_years" else 0))
        except (TypeError, ValueError):
            raise ValidationError(label, "应为整数") from None
        if numbers[key] < 0:
            raise ValidationError(label, "不能为负数")
    if numbers["present"] > numbers["entitled"]:
        raise ValidationError("实到人数", "多于应到人数")
    with database.atomic():
        election = Election.create(
            kind=kind, meeting=meeting, requested_on=parse_date(values.get("requested_on"), "请示日期"),
            request_no=clean_text(values.get("request_no")), replied_on=parse_date(values.get("replied_on"), "批复日期"),
            reply_no=clean_text(values.get("reply_no")), held_on=parse_date(values.get("held_on"), "选举日期"),
            **numbers)
        audit.record("create", "election", election.id, None, {"kind": kind})
    return election


def add_candidate(election_id: int, person_id: int, post: str = "委员", votes=0) -> Candidate:
    try:
        votes = int(votes)
    except (TypeError, ValueError):
        raise ValidationError("得票", "应为整数") from None
    election = Election.get_by_id(election_id)
    if votes < 0 or votes > election.present:
        raise ValidationError("得票", f"应在 0 到实到人数 {election.present} 之间")
    with database.atomic():
        item = Candidate.create(election=election_id, person=person_id, post=clean_text(post) or "委员", votes=votes)
        audit.record("candidate", "election", election_id, None, {"person": person_id, "votes": votes})
    return item


def quorum(election: Election) -> bool:
    """The meeting is valid when more than two thirds of those entitled are present."""
    return election.present * 3 > election.entitled * 2


def result(election_id: int) -> list[dict]:
    election = Election.get_by_id(election_id)
    rows = (Candidate.select(Candidate, Person.name).join(Person).where(Candidate.election == election_id)
            .order_by(Candidate.votes.desc()).dicts())
    return [{**r, "elected": is_elected(r["votes"], election.entitled)} for r in rows]


def conclude(election_id: int) -> Committee:
    """Create the new committee from the elected candidates (the meeting must have been quorate)."""
    election = Election.get_by_id(election_id)
    if election.committee_id:
        raise ValidationError("换届选举", "已根据本次选举产生了委员会")
    if not election.held_on:
        raise ValidationError("选举日期", "必须填写")
    if not quorum(election):
        raise ValidationError("实到人数", f"实到 {election.present} 人，未超过应到 {election.entitled} 人的三分之二，选举无效")
    elected = [r for r in result(election_id) if r["elected"]]
    if not elected:
        raise ValidationError("选举结果", "没有候选人得票超过应到人数的半数")
    end = election.held_on.replace(year=election.held_on.year + election.term_years)
    with database.atomic():
        committee = create_committee(election.kind, election.held_on, end)
        for r in elected:
            add_committee_member(committee.id, r["person"], r["post"])
        Election.update(committee=committee.id).where(Election.id == election_id).execute()
        audit.record("conclude", "election", election_id, None, {"committee": committee.id})
    return committee


def elections() -> list[Election]:
    return list(Election.select().order_by(Election.held_on.desc(nulls="first"), Election.id.desc()))


def get_election(election_id: int) -> Election:
    return Election.get_by_id(election_id)
