"""Issue 28: the annual report, its checks and charts and the books count the small registers in SQL
and the people in one statement. Every figure must equal what the tabs' listings gave before (the
reference functions below are the former listing-based computations), on a demo office with records
on the edges: the period's first and last day (the last activity at 23:59:59.999999) and the days just
outside, amount 0, other sources, unsigned, withdrawn and waiting sign-ups, imported activities with a
recorded 参加人数, graded or reopened motions."""

import datetime as dt
from collections import Counter

import pytest

from unionoffice.db.models import Activity, Assistance, Congress, MembershipEvent, Motion, Person, Signup
from unionoffice.domain import activities, congress, demo, funds, members, money, statistics, welfare

D = dt.date
TODAY = D(2026, 11, 24)  # the 2026 statistical year (2025-10-01 – 2026-09-30) has ended
FIRST, LAST = D(2025, 10, 1), D(2026, 9, 30)
EDGES = (FIRST - dt.timedelta(days=1), FIRST, LAST, LAST + dt.timedelta(days=1))


# --- the former computations, from the tabs' listings --------------------------------------------------
def listed_welfare_totals(start, end):
    rows = welfare.assistance(welfare.AssistanceFilter(start=start, end=end))
    return {"times": len(rows), "amount_fen": sum(r["amount_fen"] for r in rows),
            "warmth_times": sum(r["kind"] == "送温暖" for r in rows),
            "aid_people": len({r["person"] for r in rows if r["kind"] == "金秋助学"})}


def listed_unsigned(start, end):
    return len([r for r in welfare.assistance(welfare.AssistanceFilter(start=start, end=end)) if not r["signed"]])


def listed_activity_counts(start, end):
    rows = [r for r in activities.search(activities.ActivityFilter()) if start <= r["starts_at"].date() <= end]
    return len(rows), sum(r["attended"] for r in rows)


def listed_kinds(start, end):
    rows = [r for r in activities.search(activities.ActivityFilter()) if start <= r["starts_at"].date() <= end]
    return [(kind, sum(r["kind"] == kind for r in rows)) for kind in activities.KINDS]


def listed_motions(start, end):
    rows = list(Motion.select().where((Motion.submitted_on >= start) & (Motion.submitted_on <= end)).dicts())
    return {"submitted": len(rows), "accepted": sum(r["review_result"] == "立案" for r in rows),
            "finished": sum(congress.is_finished(r) for r in rows)}


def listed_paid_by_month(start, end):
    totals = Counter()
    for r in welfare.assistance(welfare.AssistanceFilter(start=start, end=end)):
        totals[(r["on"].year, r["on"].month)] += r["amount_fen"]
    return totals


def listed_assistance_lines(start, end):
    return [funds.linked("困难帮扶", r["id"], r["on"], funds.SPENDING,
                         *funds.ASSISTANCE_ITEMS.get(r["kind"], funds.ASSISTANCE_ITEMS["其他"]), r["amount_fen"],
                         funds.CASH, f"{r['kind']}{(' ' + r['occasion']) if r['occasion'] else ''} {r['name']}")
            for r in welfare.assistance(welfare.AssistanceFilter(start=start, end=end))
            if r["source"] == "本级工会经费" and r["amount_fen"] > 0]


def listed_activity_lines(start, end):
    rows = []
    for year in range(start.year, end.year + 1):
        rows += [r for r in activities.search(activities.ActivityFilter(year=year))
                 if start <= r["starts_at"].date() <= end and r["cost_fen"] > 0]
    return [funds.linked("活动", r["id"], r["starts_at"].date(), funds.SPENDING,
                         *funds.ACTIVITY_ITEMS.get(r["kind"], funds.OTHER_ACTIVITY), r["cost_fen"], funds.BANK,
                         f"{r['kind']} {r['name']}") for r in rows]


def person_by_person(on):
    """The people figures and breakdowns of a day, person by person in Python (the definitions:
    ``employees_on``, ``member_ids_on``, a 入会 or 转入 event on any day)."""
    member_ids = {pid for (pid,) in members.member_ids_on(on).tuples()}
    joined = {pid for (pid,) in MembershipEvent.select(MembershipEvent.person)
              .where(MembershipEvent.kind.in_(("入会", "转入"))).tuples()}
    people = Counter()
    tables = {k: {} for k in ("按部门", "按性别", "按年龄段", "按学历", "按用工形式")}
    for p in Person.select().where(members.employees_on(on)):
        member, female = p.id in member_ids, p.gender == "女"
        people.update(employees=1, female=female, migrant=bool(p.is_migrant), no_department=p.department_id is None,
                      no_birth=p.birth_date is None, members=member, female_members=member and female,
                      migrant_members=member and bool(p.is_migrant),
                      members_not_joined=member and p.id not in joined)
        band = "不详"
        if p.birth_date is not None:
            age = on.year - p.birth_date.year - ((on.month, on.day) < (p.birth_date.month, p.birth_date.day))
            band = next((name for name, low, high in statistics.AGE_BANDS if low <= age <= high), "不详")
        keys = (p.department.name if p.department_id else None, p.gender, band, p.education, p.employment_form)
        for table, key in zip(tables.values(), keys):
            counts = table.setdefault(key or "（未填）", [0, 0, 0, 0])
            for i, flag in enumerate((True, member, female, member and female)):
                counts[i] += flag
    return {k: int(v) for k, v in people.items()}, tables


# --- the office ---------------------------------------------------------------------------------------
@pytest.fixture
def office(db):
    demo.fill(300, seed=11, today=TODAY)
    people = [pid for (pid,) in Person.select(Person.id).order_by(Person.id).limit(7).tuples()]
    a, b, c = people[:3]
    for i, on in enumerate(EDGES):  # each edge day: 送温暖, 金秋助学 (the same person twice), unsigned, 0 元, other source
        for kind, person, amount, source, signed in (("送温暖", a, 10001 + i, "本级工会经费", True),
                                                     ("金秋助学", b, 300000 + i, "本级工会经费", True),
                                                     ("金秋助学", c if i % 2 else b, 200000, "本级工会经费", False),
                                                     ("慰问", a, 0, "本级工会经费", False),
                                                     ("医疗救助", c, 5055 + i, "上级工会拨款", True),
                                                     ("其他", b, 777, "捐款", False)):
            Assistance.create(person=person, kind=kind, on=on, amount_fen=amount, source=source, approver="王建国",
                              signed=signed, occasion="春节" if kind == "送温暖" else "")
    starts = [dt.datetime.combine(EDGES[0], dt.time(23, 59, 59)), dt.datetime.combine(FIRST, dt.time()),
              dt.datetime.combine(LAST, dt.time(23, 59, 59, 999999)), dt.datetime.combine(EDGES[3], dt.time())]
    for i, at in enumerate(starts):
        # an imported activity with a recorded 参加人数 and no names; one whose names were all withdrawn
        # or waiting (its recorded count holds); one with names ticked (the names count)
        Activity.create(name=f"导入活动{i}", kind="讲座", starts_at=at, recorded_attendance=40 + i, cost_fen=0)
        waiting = Activity.create(name=f"候补活动{i}", kind="培训", starts_at=at, recorded_attendance=9, cost_fen=1234)
        Signup.create(activity=waiting, person=a, status=activities.WAITING)
        Signup.create(activity=waiting, person=b, status=activities.WITHDRAWN)
        ticked = Activity.create(name=f"签到活动{i}", kind="自定义类型", starts_at=at, recorded_attendance=99,
                                 cost_fen=5000 + i)
        Signup.create(activity=ticked, person=a, status=activities.IN, attended=True)
        Signup.create(activity=ticked, person=b, status=activities.IN, attended=False)
        Signup.create(activity=ticked, person=c, status=activities.IN, attended=True)
        Activity.create(name=f"未签到活动{i}", kind="文体活动", starts_at=at, recorded_attendance=None, cost_fen=0)
        signed_up = Activity.create(name=f"报名未签到{i}", kind="文体活动", starts_at=at, recorded_attendance=7)
        Signup.create(activity=signed_up, person=a, status=activities.IN)  # names signed up: 0 attended, not 7
    # people on the stock date's edges: a member leaving the union, one hired, one leaving the unit that
    # day; two events of one day (the one recorded last holds); a member without 入会 or 转入 records,
    # and one whose 转入 is recorded after the day
    d, e, f = people[3:6]
    for person, kind in ((d, "退会"), (f, "入会"), (f, "保留")):
        MembershipEvent.create(person=person, kind=kind, date=LAST)
    Person.update(hire_date=LAST).where(Person.id == f).execute()
    Person.update(left_on=LAST).where(Person.id == e).execute()
    Person.update(left_on=None, hire_date=D(2001, 1, 1), birth_date=D(1990, 9, 30)).where(Person.id == a).execute()
    Person.update(left_on=None, hire_date=None, birth_date=D(1971, 10, 1), department=None).where(
        Person.id == b).execute()
    MembershipEvent.delete().where(MembershipEvent.person.in_([c, people[6]])).execute()
    MembershipEvent.create(person=c, kind="保留", date=D(2020, 1, 1))
    MembershipEvent.create(person=people[6], kind="保留", date=D(2020, 1, 1))  # its 转入 after the stock date
    MembershipEvent.create(person=people[6], kind="转入", date=D(2026, 10, 15))  # counts as recorded
    session = Congress.select().first()
    for i, on in enumerate(EDGES):
        for n, (result, reply_on, grade, verdict) in enumerate((("立案", on, "", ""), ("立案", None, "A", ""),
                                                                ("立案", on, "", "不满意"), ("不立案", on, "B", ""),
                                                                ("立案", None, "", "满意"))):
            Motion.create(number=f"E{i}{n}", year=on.year, congress=session, category="其他", title=f"边界{i}{n}",
                          proposer=a, submitted_on=on, stage="已答复", review_result=result, reply_on=reply_on,
                          reply_grade=grade, verdict=verdict)
    return people


PERIODS = [(FIRST, LAST), (D(2024, 10, 1), D(2025, 9, 30)), (D(2026, 10, 1), D(2027, 9, 30)),
           (D(2026, 1, 1), D(2026, 12, 31)), (FIRST, FIRST), (LAST, LAST), (EDGES[0], EDGES[0]),
           (EDGES[3], EDGES[3])]


@pytest.mark.parametrize("start,end", PERIODS)
def test_small_registers_count_as_their_listings(office, start, end):
    assert welfare.totals(start, end) == listed_welfare_totals(start, end)
    assert welfare.unsigned_count(start, end) == listed_unsigned(start, end)
    assert activities.period_counts(start, end) == listed_activity_counts(start, end)
    assert dict(activities.kind_counts(start, end)) == {
        k: n for k, n in Counter(r["kind"] for r in activities.search(activities.ActivityFilter())
                                 if start <= r["starts_at"].date() <= end).items()}
    assert congress.period_counts(start, end) == listed_motions(start, end)
    by_month = Counter()
    for day, fen in welfare.amounts_by_day(start, end).items():
        assert start <= day <= end
        by_month[(day.year, day.month)] += fen
    assert +by_month == +listed_paid_by_month(start, end)
    assert funds._assistance(start, end) == listed_assistance_lines(start, end)
    assert funds._activities(start, end) == listed_activity_lines(start, end)


def test_the_edges_are_inside_the_period(office):
    """The records on the period's first and last day count; those a day outside do not (each edge
    day's records: 6 帮扶, 5 activities, 5 motions)."""
    inside, before, after = (listed_welfare_totals(FIRST, LAST), listed_welfare_totals(EDGES[0], EDGES[0]),
                             listed_welfare_totals(EDGES[3], EDGES[3]))
    assert before["times"] == after["times"] == 6
    assert welfare.totals(FIRST, FIRST)["times"] == welfare.totals(LAST, LAST)["times"] == 6
    assert welfare.totals(FIRST, LAST)["times"] == inside["times"]
    assert welfare.totals(LAST, LAST) == {"times": 6, "amount_fen": 10003 + 300002 + 200000 + 0 + 5057 + 777,
                                          "warmth_times": 1, "aid_people": 1}
    assert welfare.totals(FIRST, FIRST)["aid_people"] == 2  # 金秋助学 to two people that day
    assert welfare.unsigned_count(LAST, LAST) == 3
    # 参加人数: 42 recorded; 9 recorded (no one signed up: waiting and withdrawn); 2 names ticked; 0 (none
    # recorded); 0 (names signed up, none ticked: the recorded 7 does not count)
    assert activities.period_counts(LAST, LAST) == (5, 42 + 9 + 2 + 0 + 0)
    assert activities.period_counts(EDGES[3], EDGES[3]) == (5, 43 + 9 + 2 + 0 + 0)
    assert congress.period_counts(LAST, LAST) == {"submitted": 5, "accepted": 4, "finished": 2}
    assert [line.amount_fen for line in funds._activities(LAST, LAST)] == [5002, 1234]
    assert sorted(line.amount_fen for line in funds._assistance(LAST, LAST)) == [10003, 200000, 300002]


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_the_annual_report_counts_as_before(office, year):
    report = statistics.annual(year, today=TODAY)
    p = report.period
    people, tables = person_by_person(p.as_of)
    assert report.people == people == statistics.people_figures(p.as_of)
    assert statistics.annual(year, today=TODAY, with_breakdowns=False).figures == report.figures
    for name, (_header, rows) in report.breakdowns.items():
        assert {r[0]: r[1:5] for r in rows if r[0] != "合计"} == tables[name], name
    assert report.breakdowns == statistics.breakdowns(p.as_of)
    assert report.join_rates == statistics.join_rate_history(year, today=TODAY)
    assert report.join_rates[-1] == (year, members.join_rate(people["employees"], people["members"]))
    aid = listed_welfare_totals(p.start, p.end)
    assert (report.figures["帮扶人次"], report.figures["送温暖人次"], report.figures["金秋助学人数"]) == (
        aid["times"], aid["warmth_times"], aid["aid_people"])
    assert (report.figures["活动次数"], report.figures["活动参与人次"]) == listed_activity_counts(p.start, p.end)
    motions = listed_motions(p.start, p.end)
    assert (report.figures["提案数"], report.figures["立案数"], report.figures["提案办结数"]) == (
        motions["submitted"], motions["accepted"], motions["finished"])
    unsigned = listed_unsigned(p.start, p.end)
    assert (f"{unsigned} 笔帮扶尚未签收。" in statistics.checks(year, TODAY, report)) == bool(unsigned)
    assert statistics.activities_by_kind(year, TODAY) == listed_kinds(p.start, p.end)
    by_month = listed_paid_by_month(p.start, p.end)
    paid = statistics.paid_by_month(year, TODAY)
    assert len(paid) == 12 and paid == [(label, money.yuan(by_month[(int(label[:4]), int(label[5:]))]))
                                        for label, _ in paid]


def test_the_books_link_the_same_lines(office):
    for year in (2025, 2026):
        lines = funds.linked_lines(D(year, 1, 1), D(year, 12, 31))
        assert [line for line in lines if line.source == "困难帮扶"] == listed_assistance_lines(D(year, 1, 1), D(year, 12, 31))
        assert [line for line in lines if line.source == "活动"] == listed_activity_lines(D(year, 1, 1), D(year, 12, 31))
    # a range over two years: each year's activities latest first, the earlier year first
    assert funds._activities(D(2025, 6, 1), D(2026, 6, 30)) == listed_activity_lines(D(2025, 6, 1), D(2026, 6, 30))
