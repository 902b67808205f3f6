"""职工代表大会: congresses by term and session, the representatives of each term and their quotas,
and motions (提案) through their whole life (domain.md §5)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from peewee import JOIN, Case, fn

from unionoffice.db.models import (
    Congress,
    Department,
    Motion,
    MotionEvent,
    MotionSeconder,
    Person,
    Representative,
    database,
)
from unionoffice.collation import sort_key
from unionoffice.domain import audit, concurrency, members, settings
from unionoffice.domain.validation import ValidationError, check_length, clean_text, parse_date

CATEGORIES = ("生产经营", "改革发展", "职工权益", "文化建设", "其他")
LEVELS = ("一线", "中层及以上")
KINDS = ("职工代表大会", "职工大会")
REVIEW_RESULTS = ("立案", "不立案", "转为意见建议")
NOT_ACCEPTED_REASONS = ("超出职代会职权范围", "违反法律法规", "纯属个人问题", "属学术探讨问题")
GRADES = {"A": "已解决", "B": "正在解决或列入计划", "C": "因条件限制暂不能解决"}
VERDICTS = ("满意", "基本满意", "不满意")
# stages
COLLECTED, ACCEPTED, REJECTED, ADVICE, MERGED = "征集", "已立案", "不立案", "转为意见建议", "已合并"
ASSIGNED, REPLIED, JUDGED, ARCHIVED = "已交办", "已答复", "已评价", "已归档"
STAGES = (COLLECTED, ACCEPTED, REJECTED, ADVICE, MERGED, ASSIGNED, REPLIED, JUDGED, ARCHIVED)
OPEN_STAGES = (COLLECTED, ACCEPTED, ASSIGNED, REPLIED)

_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    if n < 10:
        return _DIGITS[n]
    if n < 20:
        return "十" + (_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _DIGITS[n // 10] + "十" + (_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def parse_chinese_number(text: str) -> int:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_DIGITS.index(tens) if tens else 1) * 10 + (_DIGITS.index(ones) if ones else 0)
    return _DIGITS.index(text)


def congress_name(c: Congress) -> str:
    return f"第{chinese_number(c.term)}届第{chinese_number(c.session)}次{c.kind}"


_NAME = re.compile(r"第([零一二三四五六七八九十\d]+)届(?:第([零一二三四五六七八九十\d]+)次)?(职工代表大会|职工大会)?")


def parse_congress_name(text: str) -> tuple[int, int, str] | None:
    m = _NAME.search(clean_text(text))
    if not m:
        return None
    try:
        return parse_chinese_number(m[1]), parse_chinese_number(m[2] or "一"), m[3] or "职工代表大会"
    except ValueError:
        return None


# --- congresses ---------------------------------------------------------------------------
def save_congress(values: dict, congress_id: int | None = None) -> Congress:
    try:
        term, session = int(values.get("term")), int(values.get("session"))
    except (TypeError, ValueError):
        raise ValidationError("届次", "届次和会次应为整数") from None
    if term < 1 or session < 1:
        raise ValidationError("届次", "届次和会次从 1 开始")
    kind = clean_text(values.get("kind")) or "职工代表大会"
    if kind not in KINDS:
        raise ValidationError("会议类型", f"应为 {'、'.join(KINDS)} 之一")
    starts = parse_date(values.get("starts_on"), "开会日期", allow_future=True)
    ends = parse_date(values.get("ends_on"), "闭会日期", allow_future=True)
    if starts and ends and ends < starts:
        raise ValidationError("闭会日期", "早于开会日期")
    numbers = {}
    for key, label in (("expected", "应到人数"), ("attendance", "实到人数")):
        raw = values.get(key)
        if raw in (None, ""):
            numbers[key] = None
            continue
        try:
            numbers[key] = int(raw)
        except (TypeError, ValueError):
            raise ValidationError(label, f"应为整数，实际为“{raw}”") from None
        if numbers[key] < 0:
            raise ValidationError(label, "不能为负数")
    clean = {"term": term, "session": session, "kind": kind, "starts_on": starts, "ends_on": ends,
             "place": clean_text(values.get("place")), **numbers}
    other = Congress.get_or_none((Congress.term == term) & (Congress.session == session))
    if other and other.id != congress_id:
        raise ValidationError("届次", f"{congress_name(other)}已登记")
    with database.atomic():
        if congress_id is None:
            congress = Congress.create(**clean)
        else:
            Congress.update(**clean).where(Congress.id == congress_id).execute()
            congress = Congress.get_by_id(congress_id)
        audit.record("save", "congress", congress.id, None, clean)
    return congress


def congresses() -> list[Congress]:
    return list(Congress.select().order_by(Congress.term.desc(), Congress.session.desc()))


def get_congress(congress_id: int) -> Congress:
    return Congress.get_by_id(congress_id)


def congress_by_name(text: str) -> Congress | None:
    parsed = parse_congress_name(text)
    if not parsed:
        return None
    return Congress.get_or_none((Congress.term == parsed[0]) & (Congress.session == parsed[1]))


# --- representatives -----------------------------------------------------------------------
def add_representatives(term: int, person_ids: list[int], delegation: str = "", level: str = "一线") -> int:
    if level not in LEVELS:
        raise ValidationError("代表类别", f"应为 {'、'.join(LEVELS)} 之一")
    existing = {r.person_id for r in Representative.select().where(Representative.term == term)}
    added = 0
    with database.atomic():
        for person_id in dict.fromkeys(person_ids):
            if person_id in existing:
                continue
            person = members.get_person(person_id)
            if person.membership_state not in members.MEMBER_KINDS:
                raise ValidationError("职工代表", f"{person.name} 不是会员，不能当选职工代表")
            Representative.create(term=term, person=person_id, delegation=clean_text(delegation), level=level)
            added += 1
        audit.record("representatives", "congress", None, None, {"term": term, "added": added})
    return added


def remove_representative(term: int, person_id: int) -> None:
    with database.atomic():
        Representative.delete().where((Representative.term == term) & (Representative.person == person_id)).execute()
        audit.record("representatives", "congress", None, {"term": term, "person": person_id}, None)


def representatives(term: int) -> list[dict]:
    rows = (Representative.select(Representative, Person.name, Person.gender, Person.name_key,
                                  Department.name.alias("dept"))
            .join(Person).join(Department, JOIN.LEFT_OUTER, on=Person.department == Department.id)
            .where(Representative.term == term).order_by(Representative.delegation, Person.name_key).dicts())
    return [{"person_id": r["person"], "name": r["name"], "gender": r["gender"], "department": r["dept"] or "",
             "delegation": r["delegation"], "level": r["level"]} for r in rows]


def is_representative(term: int, person_id: int) -> bool:
    return Representative.select().where((Representative.term == term) & (Representative.person == person_id)).exists()


def minimum_representatives(employees: int) -> int | None:
    """§5: 100–999 employees at least 30; 1,000–9,999 at least 100; 10,000+ at least 150;
    under 100 a 职工大会 is held instead (None)."""
    if employees < 100:
        return None
    if employees < 1000:
        return 30
    if employees < 10000:
        return 100
    return 150


def quota_warnings(term: int, on: dt.date | None = None) -> list[str]:
    """What falls short of §5, with the numbers; an empty list when all is well. Representatives who
    have left the enterprise by the day are not counted (as in the annual report)."""
    on = on or dt.date.today()
    employees = Person.select().where(members.employees_on(on)).count()  # the 会员 count is not needed
    reps = representatives(term)
    employed = {pid for (pid,) in Person.select(Person.id).where(  # the term's people only, not every 职工
        Person.id.in_([r["person_id"] for r in reps]) & members.employees_on(on)).tuples()}
    reps = [r for r in reps if r["person_id"] in employed]
    warnings = []
    minimum = minimum_representatives(employees)
    if minimum is None:
        return [f"职工 {employees} 人，不足 100 人，应召开职工大会（不选代表）。"] if reps else []
    n = len(reps)
    if n < minimum:
        warnings.append(f"职工代表 {n} 人，少于职工 {employees} 人时的最低人数 {minimum} 人。")
    if n:
        front = sum(r["level"] == "一线" for r in reps)
        if front * 2 < n:
            warnings.append(f"一线职工代表 {front} 人，占 {front / n:.0%}，低于 50%。")
        managers = n - front
        if managers * 5 > n:
            warnings.append(f"中层及以上代表 {managers} 人，占 {managers / n:.0%}，高于 20%。")
        women = sum(r["gender"] == "女" for r in reps)
        female_employees = Person.select().where(members.employees_on(on) & (Person.gender == "女")).count()
        share = female_employees / employees if employees else 0
        if women / n + 1e-9 < share:
            warnings.append(f"女职工代表 {women} 人，占 {women / n:.0%}，低于女职工在职工中的比例 {share:.0%}。")
    return warnings


# --- motions --------------------------------------------------------------------------------
def _recorder() -> str:
    return audit._actor()


def _event(motion_id: int, on: dt.date, action: str, detail: str = "") -> None:
    MotionEvent.create(motion=motion_id, on=on, action=action, detail=detail, recorded_by=_recorder())


def next_number(year: int) -> tuple[str, int]:
    """编号 2026-017: never repeats within a year, also after a delete (the counter only grows)."""
    key = f"motions.seq.{year}"
    used = [int(m[1]) for (number,) in Motion.select(Motion.number).where(Motion.year == year).tuples()
            if (m := re.fullmatch(r"\d{4}-(\d+)", number))]
    seq = max([int(settings.get(key, 0))] + used) + 1
    settings.put_many({key: seq})
    return f"{year}-{seq:03d}", seq


def _person_ids(values) -> list[int]:
    return [int(v) for v in values if v not in (None, "")]


def validate_motion(values: dict, congress: Congress) -> dict:
    title = clean_text(values.get("title"))
    if not title:
        raise ValidationError("案由", "必须填写")
    category = clean_text(values.get("category"))
    if category not in CATEGORIES:
        raise ValidationError("类别", f"应为 {'、'.join(CATEGORIES)} 之一")
    proposer = values.get("proposer_id")
    if not proposer:
        raise ValidationError("提案人", "必须选择")
    if not is_representative(congress.term, proposer):
        raise ValidationError("提案人", f"{members.get_person(proposer).name} 不是第{chinese_number(congress.term)}届职工代表")
    seconders = [p for p in dict.fromkeys(_person_ids(values.get("seconder_ids", []))) if p != proposer]
    if len(seconders) < 2:
        raise ValidationError("附议人", f"至少 2 名附议人（现有 {len(seconders)} 名）")
    for person_id in seconders:
        if not is_representative(congress.term, person_id):
            raise ValidationError("附议人", f"{members.get_person(person_id).name} 不是本届职工代表")
    submitted = parse_date(values.get("submitted_on") or dt.date.today(), "提交日期")
    return {"title": check_length(title, "案由", 200), "category": category,
            "reason": (values.get("reason") or "").strip(), "proposal": (values.get("proposal") or "").strip(),
            "proposer": proposer, "delegation": clean_text(values.get("delegation")),
            "submitted_on": submitted, "seconders": seconders}


def create_motion(congress_id: int, values: dict) -> Motion:
    congress = Congress.get_by_id(congress_id)
    clean = validate_motion(values, congress)
    seconders = clean.pop("seconders")
    if not clean["delegation"]:
        rep = Representative.get_or_none((Representative.term == congress.term)
                                         & (Representative.person == clean["proposer"]))
        clean["delegation"] = rep.delegation if rep else ""
    with database.atomic():
        number, _ = next_number(clean["submitted_on"].year)
        motion = Motion.create(number=number, year=clean["submitted_on"].year, congress=congress_id,
                               stage=COLLECTED, **clean)
        for person_id in seconders:
            MotionSeconder.create(motion=motion, person=person_id)
        _event(motion.id, clean["submitted_on"], "征集", f"提交，编号 {number}")
        audit.record("create", "motion", motion.id, None, {"number": number, "title": clean["title"]})
    return motion


MOTION_LABELS = {"title": "案由", "category": "类别", "reason": "理由", "proposal": "建议",
                 "proposer": "提案人", "delegation": "代表团", "submitted_on": "提交日期"}


def update_motion(motion_id: int, values: dict, base: concurrency.Base | None = None) -> Motion:
    """Save an edited motion; ``base`` as in ``members.update_person``."""
    motion = Motion.get_by_id(motion_id)
    if motion.stage != COLLECTED:
        raise ValidationError("提案", "审查之后提案内容不能再改")
    clean = validate_motion(values, motion.congress)
    seconders = clean.pop("seconders")
    if "delegation" not in values:  # the form has no 代表团: it follows the proposer, as at creation
        rep = Representative.get_or_none((Representative.term == motion.congress.term)
                                         & (Representative.person == clean["proposer"]))
        clean["delegation"] = rep.delegation if rep and rep.delegation else motion.delegation
    with database.atomic():
        motion = concurrency.lock_row(Motion, motion_id)
        before = {k: getattr(motion, k) for k in clean}
        if base is not None:
            base = concurrency.Base(base.version, {**base.values, "proposer": base.values.get("proposer_id")})
            before["proposer"] = motion.proposer_id
        changed = concurrency.changes_to_write("提案", motion, before, clean, base, MOTION_LABELS)
        if changed:
            Motion.update(**changed).where(Motion.id == motion_id).execute()
        MotionSeconder.delete().where(MotionSeconder.motion == motion_id).execute()
        for person_id in seconders:
            MotionSeconder.create(motion=motion_id, person=person_id)
        audit.record("update", "motion", motion_id, None, {"title": clean["title"]})
    return Motion.get_by_id(motion_id)


def delete_motion(motion_id: int) -> None:
    motion = Motion.get_by_id(motion_id)
    if motion.stage != COLLECTED:
        raise ValidationError("删除", "审查之后的提案不能删除")
    with database.atomic():
        motion.delete_instance(recursive=True)
        audit.record("delete", "motion", motion_id, {"number": motion.number}, None)


def get(motion_id: int) -> Motion:
    return Motion.get_by_id(motion_id)


def _need(motion: Motion, *stages: str, action: str) -> None:
    if motion.stage not in stages:
        raise ValidationError(action, f"提案现在是“{motion.stage}”，不能{action}")


def _not_before(date: dt.date, earlier: dt.date | None, field: str, what: str) -> None:
    if earlier and date < earlier:
        raise ValidationError(field, f"早于{what}（{earlier:%Y-%m-%d}）")


def review(motion_id: int, result: str, reason: str = "", on=None, *, merge_into: int | None = None,
           promote: bool = False) -> Motion:
    """审查: 立案 (optionally promoted to 大会议案), 不立案 with a written reason, 转为意见建议, or
    merged into another motion."""
    motion = Motion.get_by_id(motion_id)
    _need(motion, COLLECTED, action="审查")
    date = parse_date(on, "审查日期") if on else dt.date.today()
    _not_before(date, motion.submitted_on, "审查日期", "提交日期")
    reason = (reason or "").strip()
    if merge_into:
        target = Motion.get_by_id(merge_into)
        if target.id == motion.id or target.stage in (MERGED, REJECTED, ADVICE):
            raise ValidationError("并案", "只能并入另一件在办的提案")
        stage, result, detail = MERGED, "并案", f"并入 {target.number}"
    elif result == "立案":
        stage, detail = ACCEPTED, "立案" + ("，列为大会议案" if promote else "")
    elif result == "不立案":
        if not reason:
            raise ValidationError("审查意见", "不立案须写明理由")
        stage, detail = REJECTED, f"不立案：{reason}"
    elif result == "转为意见建议":
        stage, detail = ADVICE, "转为意见建议" + (f"：{reason}" if reason else "")
    else:
        raise ValidationError("审查结果", f"应为 {'、'.join(REVIEW_RESULTS)} 之一")
    with database.atomic():
        Motion.update(stage=stage, review_result=result, review_reason=reason, reviewed_on=date,
                      merged_into=merge_into, promoted=promote and stage == ACCEPTED).where(
            Motion.id == motion_id).execute()
        _event(motion_id, date, "审查", detail)
        audit.record("review", "motion", motion_id, None, {"result": result})
    return Motion.get_by_id(motion_id)


def assign(motion_id: int, lead: str, co: str = "", due=None, on=None) -> Motion:
    """交办 to the 主办 department (and 协办), with a due date."""
    motion = Motion.get_by_id(motion_id)
    _need(motion, ACCEPTED, ASSIGNED, action="交办")
    lead = clean_text(lead)
    if not lead:
        raise ValidationError("主办部门", "必须填写")
    date = parse_date(on, "交办日期") if on else dt.date.today()
    _not_before(date, motion.reviewed_on, "交办日期", "审查日期")
    due_on = parse_date(due, "办理期限", allow_future=True)
    if due_on is None:
        raise ValidationError("办理期限", "必须填写")
    if due_on < date:
        raise ValidationError("办理期限", "早于交办日期")
    with database.atomic():
        Motion.update(stage=ASSIGNED, lead_department=lead, co_departments=clean_text(co), assigned_on=date,
                      due_on=due_on).where(Motion.id == motion_id).execute()
        _event(motion_id, date, "交办", f"主办：{lead}" + (f"；协办：{clean_text(co)}" if co else "")
               + f"；期限 {due_on:%Y-%m-%d}")
        audit.record("assign", "motion", motion_id, None, {"lead": lead, "due": due_on})
    return Motion.get_by_id(motion_id)


def reply(motion_id: int, text: str, grade: str, on=None) -> Motion:
    """书面答复 with its grade: A 已解决, B 正在解决或列入计划, C 因条件限制暂不能解决."""
    motion = Motion.get_by_id(motion_id)
    _need(motion, ASSIGNED, action="答复")
    text = (text or "").strip()
    if not text:
        raise ValidationError("答复内容", "必须填写")
    grade = clean_text(grade).upper()[:1]
    if grade not in GRADES:
        raise ValidationError("答复等级", "答复须评定等级（A、B 或 C）")
    date = parse_date(on, "答复日期") if on else dt.date.today()
    _not_before(date, motion.assigned_on, "答复日期", "交办日期")
    with database.atomic():
        Motion.update(stage=REPLIED, reply_text=text, reply_grade=grade, reply_on=date, verdict="",
                      verdict_on=None).where(Motion.id == motion_id).execute()
        _event(motion_id, date, "答复", f"{grade} {GRADES[grade]}")
        audit.record("reply", "motion", motion_id, None, {"grade": grade})
    return Motion.get_by_id(motion_id)


def record_verdict(motion_id: int, verdict: str, on=None, new_due=None) -> Motion:
    """提案人意见. 不满意 reopens handling (back to 已交办, with a new due date)."""
    motion = Motion.get_by_id(motion_id)
    _need(motion, REPLIED, action="登记提案人意见")
    if verdict not in VERDICTS:
        raise ValidationError("提案人意见", f"应为 {'、'.join(VERDICTS)} 之一")
    date = parse_date(on, "意见日期") if on else dt.date.today()
    _not_before(date, motion.reply_on, "意见日期", "答复日期")
    with database.atomic():
        if verdict == "不满意":
            due = parse_date(new_due, "新的办理期限", allow_future=True) if new_due else date + dt.timedelta(days=30)
            Motion.update(stage=ASSIGNED, verdict=verdict, verdict_on=date, reopened=Motion.reopened + 1,
                          due_on=due, reply_grade="", reply_on=None).where(Motion.id == motion_id).execute()
            # the reply is void: the motion counts as unfinished until it is answered again
            _event(motion_id, date, "提案人意见", f"不满意，重新办理，期限 {due:%Y-%m-%d}")
        else:
            Motion.update(stage=JUDGED, verdict=verdict, verdict_on=date).where(Motion.id == motion_id).execute()
            _event(motion_id, date, "提案人意见", verdict)
        audit.record("verdict", "motion", motion_id, None, {"verdict": verdict})
    return Motion.get_by_id(motion_id)


def archive(motion_id: int, on=None) -> Motion:
    motion = Motion.get_by_id(motion_id)
    _need(motion, JUDGED, REJECTED, ADVICE, MERGED, action="归档")
    date = parse_date(on, "归档日期") if on else dt.date.today()
    with database.atomic():
        Motion.update(stage=ARCHIVED, archived_on=date).where(Motion.id == motion_id).execute()
        _event(motion_id, date, "归档")
        audit.record("archive", "motion", motion_id, None, {"date": date})
    return Motion.get_by_id(motion_id)


def is_finished(motion: Motion | dict) -> bool:
    """办结: 立案, with a written reply, whose proposer has not answered 不满意 (a reopened motion
    has no reply until it is answered again, so it is not finished)."""
    get_ = motion.get if isinstance(motion, dict) else lambda k: getattr(motion, k)
    replied = get_("reply_on") is not None or bool(get_("reply_grade"))  # a graded reply in an imported ledger
    return get_("review_result") == "立案" and replied and get_("verdict") != "不满意"


def trail(motion_id: int) -> list[MotionEvent]:
    return list(MotionEvent.select().where(MotionEvent.motion == motion_id).order_by(MotionEvent.on, MotionEvent.id))


def seconders(motion_id: int) -> list[tuple[int, str]]:
    return [(s.person_id, s.person.name) for s in MotionSeconder.select(MotionSeconder, Person)
            .join(Person).where(MotionSeconder.motion == motion_id).order_by(MotionSeconder.id)]


@dataclass
class MotionFilter:
    text: str = ""
    congress_id: int | None = None
    category: str = ""
    stage: str = ""
    department: str = ""
    overdue: bool = False


def search(f: MotionFilter, on: dt.date | None = None) -> list[dict]:
    on = on or dt.date.today()
    query = (Motion.select(Motion, Person.name.alias("proposer_name"), Congress.term, Congress.session,
                           Congress.kind)
             .join(Person, on=Motion.proposer == Person.id).switch(Motion).join(Congress))
    cond = True
    text = clean_text(f.text)
    if text:
        cond &= (Motion.title.contains(text) | Motion.number.contains(text) | Person.name.contains(text)
                 | Motion.lead_department.contains(text))
    if f.congress_id:
        cond &= Motion.congress == f.congress_id
    if f.category:
        cond &= Motion.category == f.category
    if f.stage:
        cond &= Motion.stage == f.stage
    if f.department:
        cond &= (Motion.lead_department == f.department) | Motion.co_departments.contains(f.department)
    if f.overdue:
        cond &= (Motion.stage == ASSIGNED) & (Motion.due_on < on)
    rows = list(query.where(cond).order_by(Motion.year.desc(), Motion.number.desc()).dicts())
    for r in rows:
        r["congress_name"] = f"第{chinese_number(r['term'])}届第{chinese_number(r['session'])}次{r['kind']}"
        r["overdue"] = r["stage"] == ASSIGNED and r["due_on"] is not None and r["due_on"] < on
        r["finished"] = is_finished(r)
    return rows


def counts(on: dt.date | None = None) -> dict[str, int]:
    on = on or dt.date.today()
    open_count = Motion.select().where(Motion.stage.in_(OPEN_STAGES)).count()
    overdue = Motion.select().where((Motion.stage == ASSIGNED) & (Motion.due_on < on)).count()
    return {"open": open_count, "overdue": overdue}


def departments() -> list[str]:
    names = {d.name for d in Department.select(Department.name)}
    names |= {d for (d,) in Motion.select(Motion.lead_department).distinct().tuples() if d}
    return sorted(names, key=sort_key)


def period_counts(start: dt.date, end: dt.date) -> dict[str, int]:
    """For the annual report: motions submitted inside the period, those of them 立案, and those of
    them 办结 (``is_finished``)."""
    accepted = Motion.review_result == "立案"
    replied = Motion.reply_on.is_null(False) | (fn.COALESCE(Motion.reply_grade, "") != "")  # as ``is_finished``
    finished = accepted & replied & (fn.COALESCE(Motion.verdict, "") != "不满意")
    submitted, accepted_count, finished_count = (
        Motion.select(fn.COUNT(Motion.id), fn.SUM(Case(None, [(accepted, 1)], 0)), fn.SUM(Case(None, [(finished, 1)], 0)))
        .where((Motion.submitted_on >= start) & (Motion.submitted_on <= end)).tuples().get())
    return {"submitted": int(submitted or 0), "accepted": int(accepted_count or 0), "finished": int(finished_count or 0)}
