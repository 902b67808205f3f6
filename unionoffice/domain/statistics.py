"""基层工会统计年报 (domain.md §10). The statistical year runs 10月1日–9月30日: ``year=2026`` is
2025-10-01 to 2026-09-30. Stock figures are counted as of the period end (or today while the period
runs) from recorded dates; flow figures count events inside the period. Every figure comes from the
domain function the tab uses; nothing is counted here a second time."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from peewee import fn

from unionoffice.db.models import (
    Congress,
    MembershipEvent,
    Person,
    Representative,
    UnionGroup,
    database,
)
from unionoffice.domain import activities, chapter, congress, contracts, mediation, members, money, notices, welfare
from unionoffice.domain.wording import chinese_date

LABELS = (
    "统计期间", "单位名称", "工会名称", "基层工会统计编码", "行政区划代码", "职工人数", "女职工人数", "农民工人数", "会员人数", "女会员人数",
    "农民工会员人数", "新发展会员人数", "入会率", "工会小组数", "专职工会干部人数", "兼职工会干部人数",
    "职工代表人数", "女职工代表人数", "职代会召开次数", "提案数", "立案数", "提案办结数", "厂务公开事项数",
    "困难职工建档数", "帮扶人次", "帮扶金额（元）", "送温暖人次", "金秋助学人数", "活动次数", "活动参与人次",
)
LABELS += tuple(contracts.FIGURES) + tuple(mediation.FIGURES)  # 维权 (§15)
RIGHTS_REQUEST_LABELS = (  # domain.md §15: requests, inspections, suggestions
    "职工诉求件数", "职工诉求办结件数", "劳动保护监督检查次数", "发现隐患数", "隐患整改数", "合理化建议件数",
    "合理化建议采纳件数", "合理化建议创造经济效益（元）",
)
LABELS += RIGHTS_REQUEST_LABELS
AGE_BANDS = (("35岁及以下", 0, 35), ("36-45岁", 36, 45), ("46-54岁", 46, 54), ("55岁及以上", 55, 200))


@dataclass(frozen=True)
class Period:
    year: int
    start: dt.date
    end: dt.date
    as_of: dt.date  # the stock date: the end, or today while the period runs

    @property
    def text(self) -> str:
        return f"{chinese_date(self.start)}至{chinese_date(self.end)}"

    @property
    def finished(self) -> bool:
        return self.as_of == self.end


def statistical_year(year: int, today: dt.date | None = None) -> Period:
    today = today or dt.date.today()
    start, end = dt.date(year - 1, 10, 1), dt.date(year, 9, 30)
    return Period(year, start, end, min(end, max(today, start)))


def current_year(today: dt.date | None = None) -> int:
    today = today or dt.date.today()
    return today.year + 1 if today.month >= 10 else today.year


def last_finished_year(today: dt.date | None = None) -> int:
    """The latest statistical year that has ended (the one a report is usually due for)."""
    return current_year(today) - 1


@dataclass
class AnnualReport:
    period: Period
    figures: dict[str, object]
    breakdowns: dict[str, tuple[list[str], list[list]]] = field(default_factory=dict)
    people: dict[str, int] = field(default_factory=dict)  # ``people_figures`` of the stock date
    join_rates: list[tuple[int, float]] = field(default_factory=list)  # ``join_rate_history`` up to its year


def people_figures(on: dt.date) -> dict[str, int]:
    """The 职工 and 会员 counts of a day the report and its checks use, in one pass over the people and
    one over the membership events: employees, female, migrant, no_department, no_birth; members,
    female_members, migrant_members, members_not_joined (no 入会 or 转入 recorded). The report with its
    breakdowns counts them with those (``_count_people``)."""
    employed = members.employee_sql()
    found = database.execute_sql(
        f"SELECT SUM(CASE WHEN {employed} THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN {employed} AND p.gender = '女' THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN {employed} AND p.is_migrant THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN {employed} AND p.department_id IS NULL THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN {employed} AND p.birth_date IS NULL THEN 1 ELSE 0 END) FROM person p",
        members.sql_dates([on] * 10)).fetchone()
    member = f"{members.span_holds_sql()} AND {employed}"
    joined = ("EXISTS (SELECT 1 FROM membership_event j WHERE j.person_id = s.person_id"
              " AND j.kind IN ('入会', '转入'))")
    found += database.execute_sql(
        f"SELECT SUM(CASE WHEN {member} THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN {member} AND p.gender = '女' THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN {member} AND p.is_migrant THEN 1 ELSE 0 END),"
        f" SUM(CASE WHEN {member} AND NOT {joined} THEN 1 ELSE 0 END)"
        f" FROM {members.member_spans_sql()} AS s JOIN person p ON p.id = s.person_id"
        f" WHERE {members.member_kinds_sql()}",
        members.sql_dates([on] * 16)).fetchone()
    names = ("employees", "female", "migrant", "no_department", "no_birth",
             "members", "female_members", "migrant_members", "members_not_joined")
    return {name: int(value or 0) for name, value in zip(names, found)}


_PEOPLE = ("employees", "female", "migrant", "no_department", "no_birth", "members_not_joined")


def _count_people(on: dt.date, dates: list[dt.date]) -> tuple[dict, dict, list]:
    """``people_figures`` and the groups of ``breakdowns`` in one statement over one sort of the
    membership events (issue 28: the report sorted them for each): (``people_figures`` of ``on``,
    ``members.headcounts`` of ``dates``, the employees of ``on`` counted by department, gender, age
    band, 学历, 用工形式 and whether a member).

    The events' spans are a CTE read twice. The statement's first part reads every employee of ``on``
    with the span holding ``on`` if it is of a member kind (at most one: a person's spans do not
    overlap); the second sums, for each of ``dates`` but ``on``, the member spans holding it of people
    employed then; the third counts the employees of those dates."""
    asked = list(dict.fromkeys(dates))
    dates = [d for d in asked if d != on]  # ``on``'s headcount is its employees and members
    mark = members.sql_mark()
    band = ("CASE WHEN p.birth_date IS NULL THEN '不详'"
            + "".join(f" WHEN p.birth_date <= {mark} AND p.birth_date > {mark} THEN '{name}'"
                      for name, _low, _high in AGE_BANDS)
            + " ELSE '不详' END")
    keys = ["d.name", "p.gender", band, "p.education", "p.employment_form",
            "CASE WHEN m.person_id IS NULL THEN 0 ELSE 1 END"]  # the last: a member
    sums = ["COUNT(*)", "SUM(CASE WHEN p.gender = '女' THEN 1 ELSE 0 END)",
            "SUM(CASE WHEN p.is_migrant THEN 1 ELSE 0 END)",
            "SUM(CASE WHEN p.department_id IS NULL THEN 1 ELSE 0 END)",
            "SUM(CASE WHEN p.birth_date IS NULL THEN 1 ELSE 0 END)",
            "SUM(CASE WHEN m.joined = 0 THEN 1 ELSE 0 END)"]  # as _PEOPLE
    width = len(keys) + len(sums)  # the first part's columns after its tag
    blank = ", ".join(["NULL"] * width)
    sql = (f"WITH s AS {members.member_spans_joined_sql()}"
           f" SELECT 0, {', '.join(keys + sums)}" + ", NULL" * len(dates)
           + " FROM person p LEFT JOIN department d ON d.id = p.department_id"
           f" LEFT JOIN s AS m ON m.person_id = p.id AND {members.member_kinds_sql('m')}"
           f" AND {members.span_holds_sql('m')}"
           f" WHERE {members.employee_sql()} GROUP BY {', '.join(str(2 + i) for i in range(len(keys)))}")
    params = members.sql_dates([d for _name, low, high in AGE_BANDS for d in (_born_by(on, low), _born_by(on, high + 1))]
                               + [on] * 4)
    if dates:
        values = members.sql_dates(dates)
        sql += (f" UNION ALL SELECT 1, {blank}, "
                + ", ".join(f"SUM(CASE WHEN {members.span_holds_sql('s')} AND {members.employee_sql()}"
                            " THEN 1 ELSE 0 END)" for _ in dates)
                + f" FROM s JOIN person p ON p.id = s.person_id WHERE {members.member_kinds_sql()}"
                f" UNION ALL SELECT 2, {blank}, "
                + ", ".join(f"SUM(CASE WHEN {members.employee_sql()} THEN 1 ELSE 0 END)" for _ in dates)
                + " FROM person p")
        params += [v for d in values for v in (d, d, d, d)] + [v for d in values for v in (d, d)]
    people = dict.fromkeys((*_PEOPLE[:5], "members", "female_members", "migrant_members", _PEOPLE[5]), 0)
    history = {1: [0] * len(dates), 2: [0] * len(dates)}  # members, employees
    groups = []
    for row in database.execute_sql(sql, params).fetchall():
        if row[0]:
            history[row[0]] = [int(v or 0) for v in row[1 + width:]]
            continue
        counted = [int(v or 0) for v in row[1 + len(keys):1 + width]]
        for name, value in zip(_PEOPLE, counted):
            people[name] += value
        member = bool(row[len(keys)])
        if member:
            people["members"] += counted[0]
            people["female_members"] += counted[1]
            people["migrant_members"] += counted[2]
        groups.append((*row[1:len(keys)], member, counted[0]))
    headcounts = {d: (history[2][i], history[1][i]) for i, d in enumerate(dates)}
    headcounts[on] = (people["employees"], people["members"])
    return people, {d: headcounts[d] for d in asked}, groups


def _employees(on: dt.date):
    return Person.select().where(members.employees_on(on))


def cadres(on: dt.date) -> tuple[int, int]:
    """(专职, 兼职) union cadres on a day: from the 组织 tab's cadre register; while it is empty, from
    each employee's 工会职务 (a 职务 containing “专职” is full-time)."""
    from unionoffice.domain import organisation

    counted = organisation.cadre_counts(on)
    if counted is not None:
        return counted
    posts = [p for (p,) in _employees(on).select(Person.union_post).where(Person.union_post != "").tuples()]
    full = sum("专职" in p for p in posts)
    return full, len(posts) - full


def term_in_office(on: dt.date) -> int | None:
    """The congress term in office on a day: that of the latest congress held by then."""
    latest = (Congress.select(Congress.term).where(Congress.starts_on.is_null(False) & (Congress.starts_on <= on))
              .order_by(Congress.term.desc()).first())
    return None if latest is None else latest.term


def representatives_on(on: dt.date) -> tuple[int, int]:
    """(职工代表, 女职工代表) of the term in office on a day, counting those still employed."""
    term = term_in_office(on)
    if term is None:
        return 0, 0
    reps = (Representative.select(Person.gender).join(Person)
            .where((Representative.term == term) & members.employees_on(on)).tuples())
    genders = [g for (g,) in reps]
    return len(genders), genders.count("女")


def annual(year: int, today: dt.date | None = None, *, with_breakdowns: bool = True) -> AnnualReport:
    p = statistical_year(year, today)
    info = chapter.load()
    history = _history_ends(year, today=today) if with_breakdowns else {}
    if with_breakdowns:  # its people, the breakdowns and the 入会率 history in one statement
        people, headcounts, groups = _count_people(p.as_of, list(history.values()))
    else:
        people, headcounts = people_figures(p.as_of), {}
    employees, member_count = people["employees"], people["members"]
    new_members = (MembershipEvent.select(fn.COUNT(fn.DISTINCT(MembershipEvent.person)))
                   .where((MembershipEvent.kind == "入会") & (MembershipEvent.date >= p.start)
                          & (MembershipEvent.date <= p.end)).scalar())
    full_time, part_time = cadres(p.as_of)
    reps, female_reps = representatives_on(p.as_of)
    motions = congress.period_counts(p.start, p.end)
    aid = welfare.totals(p.start, p.end)
    activity_count, participations = activities.period_counts(p.start, p.end)
    figures: dict[str, object] = {
        "统计期间": p.text,
        "单位名称": info["unit_name"],
        "工会名称": info["union_name"],
        "基层工会统计编码": info.get("stat_code", ""),  # the higher union's codes on the report's cover
        "行政区划代码": info.get("region_code", ""),
        "职工人数": employees,
        "女职工人数": people["female"],
        "农民工人数": people["migrant"],
        "会员人数": member_count,
        "女会员人数": people["female_members"],
        "农民工会员人数": people["migrant_members"],
        "新发展会员人数": int(new_members or 0),
        "入会率": members.join_rate(employees, member_count),
        "工会小组数": UnionGroup.select().count(),
        "专职工会干部人数": full_time,
        "兼职工会干部人数": part_time,
        "职工代表人数": reps,
        "女职工代表人数": female_reps,
        "职代会召开次数": Congress.select().where((Congress.starts_on >= p.start) & (Congress.starts_on <= p.end)).count(),
        "提案数": motions["submitted"],
        "立案数": motions["accepted"],
        "提案办结数": motions["finished"],
        "厂务公开事项数": notices.year_count(p.start, p.end),
        "困难职工建档数": welfare.filed_count(p.as_of),
        "帮扶人次": aid["times"],
        "帮扶金额（元）": money.yuan(aid["amount_fen"]),
        "送温暖人次": aid["warmth_times"],
        "金秋助学人数": aid["aid_people"],
        "活动次数": activity_count,
        "活动参与人次": participations,
        **contracts.figures(p.as_of),  # in force at the period end
        **mediation.figures(p.start, p.end),  # 受理日期 in the period
    }
    figures.update(rights_request_figures(p))
    assert tuple(figures) == LABELS
    report = AnnualReport(p, figures, people=people)
    if with_breakdowns:
        report.breakdowns = _breakdown_tables(groups)
        report.join_rates = [(y, members.join_rate(*headcounts[on])) for y, on in history.items()]
    return report


def rights_request_figures(p: Period) -> dict[str, object]:
    """The eight figures of §15 on requests, inspections and suggestions, as it defines them."""
    from unionoffice.domain import inspections, requests, suggestions

    received, closed = requests.period_counts(p.start, p.end)
    inspected, found, fixed = inspections.period_counts(p.start, p.end)
    submitted, adopted, benefit_fen = suggestions.period_counts(p.start, p.end)
    return {"职工诉求件数": received, "职工诉求办结件数": closed, "劳动保护监督检查次数": inspected,
            "发现隐患数": found, "隐患整改数": fixed, "合理化建议件数": submitted,
            "合理化建议采纳件数": adopted, "合理化建议创造经济效益（元）": money.yuan(benefit_fen)}


def breakdowns(on: dt.date) -> dict[str, tuple[list[str], list[list]]]:
    """职工 and 会员 by department, gender, age band, 学历 and 用工形式 on a day: the employees counted
    in one query, grouped by those five and whether a member (issue 28: not 100,000 rows into Python)."""
    return _breakdown_tables(_count_people(on, [])[2])


def _breakdown_tables(groups: list[tuple]) -> dict[str, tuple[list[str], list[list]]]:
    """``breakdowns``' tables from ``_count_people``'s groups."""
    # each table counts (its key, member, female) combinations
    counted = {column: Counter() for column in ("dept", "gender", "band", "education", "employment_form")}
    for dept, gender, age_band, education, form, is_member, n in groups:
        flags = (bool(is_member), gender == "女")
        for column, key in zip(counted, (dept, gender, age_band, education, form)):
            counted[column][(key, flags)] += n

    def table(column, order=None):
        groups: dict[str, list[int]] = {}
        for (key, (member, female)), n in counted[column].items():
            g = groups.setdefault(key or "（未填）", [0, 0, 0, 0])
            g[0] += n
            g[1] += n * member
            g[2] += n * female
            g[3] += n * (member and female)
        names = sorted(groups, key=lambda n: (order.index(n) if order and n in order else 99, n))
        rows = [[n, *groups[n], f"{groups[n][1] / groups[n][0]:.1%}" if groups[n][0] else ""] for n in names]
        total = [sum(r[i] for r in rows) for i in range(1, 5)]
        rows.append(["合计", *total, f"{total[1] / total[0]:.1%}" if total[0] else ""])
        return ["", "职工人数", "会员人数", "女职工", "女会员", "入会率"], rows

    header_names = {"按部门": "部门", "按性别": "性别", "按年龄段": "年龄段", "按学历": "学历", "按用工形式": "用工形式"}
    result = {
        "按部门": table("dept"),
        "按性别": table("gender", ["男", "女"]),
        "按年龄段": table("band", [b[0] for b in AGE_BANDS]),
        "按学历": table("education", list(members.codes.values("education"))),
        "按用工形式": table("employment_form", list(members.codes.values("employment_form"))),
    }
    for name, (header, _rows) in result.items():
        header[0] = header_names[name]
    return result


def _born_by(on: dt.date, age: int) -> dt.date:
    """The latest birth date of someone ``age`` years old or more on ``on`` (born 29 February: the 28th
    of a year that has none)."""
    try:
        return on.replace(year=on.year - age)
    except ValueError:
        return on.replace(year=on.year - age, day=28)


def checks(year: int, today: dt.date | None = None, report: AnnualReport | None = None) -> list[str]:
    """逻辑检查 before the figures go upward: what the national statistics tool would flag. ``report``:
    the annual report of the same year already counted (its people are not counted again)."""
    p = statistical_year(year, today)
    people = report.people if report is not None and report.period == p and report.people else people_figures(p.as_of)
    warnings = []
    if people["no_department"]:
        warnings.append(f"{people['no_department']} 名职工没有填写部门。")
    if people["members_not_joined"]:
        warnings.append(f"{people['members_not_joined']} 名会员没有入会日期记录。")
    if people["no_birth"]:
        warnings.append(f"{people['no_birth']} 名职工没有出生日期，年龄结构无法统计。")
    employees, member_count = people["employees"], people["members"]
    if member_count > employees:
        warnings.append(f"会员人数 {member_count} 大于职工人数 {employees}。")
    term = term_in_office(p.as_of)  # the term 基本情况 counts, not today's
    if term is not None:
        warnings += [f"代表：{w}" for w in congress.quota_warnings(term, p.as_of)]
    overdue = congress.search(congress.MotionFilter(overdue=True), p.as_of)
    if overdue:
        warnings.append(f"{len(overdue)} 件提案已过办理期限仍未答复。")
    unsigned = welfare.unsigned_count(p.start, p.end)
    if unsigned:
        warnings.append(f"{unsigned} 笔帮扶尚未签收。")
    if not chapter.is_configured():
        warnings.append("本单位工会信息未填写。")
    return warnings


def join_rate_history(until: int | None = None, years: int = 5,
                      today: dt.date | None = None) -> list[tuple[int, float]]:
    """入会率 at the end of each of the ``years`` statistical years up to ``until`` (default: the
    current one, as of today): a report's chart ends at the report's own year."""
    ends = _history_ends(until, years, today)
    counts = members.headcounts(list(ends.values()))  # all the years in one pass
    return [(year, members.join_rate(*counts[on])) for year, on in ends.items()]


def _history_ends(until: int | None = None, years: int = 5, today: dt.date | None = None) -> dict[int, dt.date]:
    """The stock date of each of the ``years`` statistical years up to ``until`` (the current one)."""
    this = until or current_year(today)
    return {year: statistical_year(year, today).as_of for year in range(this - years + 1, this + 1)}


def paid_by_month(year: int, today: dt.date | None = None) -> list[tuple[str, Decimal]]:
    p = statistical_year(year, today)
    months = []
    day = p.start
    while day <= p.end:
        months.append((day.year, day.month))
        day = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    totals = {m: 0 for m in months}
    for on, fen in welfare.amounts_by_day(p.start, p.end).items():
        totals[(on.year, on.month)] += fen
    return [(f"{y}-{m:02d}", money.yuan(totals[(y, m)])) for y, m in months]


def activities_by_kind(year: int, today: dt.date | None = None) -> list[tuple[str, int]]:
    p = statistical_year(year, today)
    counted = activities.kind_counts(p.start, p.end)
    return [(kind, counted.get(kind, 0)) for kind in activities.KINDS]


def chart_figures(year: int, report_breakdowns: dict | None = None,
                  join_rates: list[tuple[int, float]] | None = None) -> dict:
    """What the annual charts show (database work only: a worker thread or the command line, no Qt).
    ``report_breakdowns`` and ``join_rates`` from an annual report already counted save counting twice."""
    report = report_breakdowns or breakdowns(statistical_year(year).as_of)
    return {"year": year, "join_rates": join_rates or join_rate_history(year),
            "departments": [r for r in report["按部门"][1] if r[0] != "合计"],
            "ages": [r for r in report["按年龄段"][1] if r[0] != "合计"],
            "paid": paid_by_month(year), "kinds": activities_by_kind(year)}
