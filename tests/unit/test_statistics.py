"""Reconciliation: a database with known events, and every figure of 基本情况 for a finished and an
unfinished statistical year — people who joined and left inside the period included."""

import datetime as dt
from decimal import Decimal

import pytest

from unionoffice.db.models import Person
from unionoffice.domain import activities, chapter, congress, demo, members, notices, statistics, welfare
from tests.helpers import make_id

D = dt.date
TODAY = D(2026, 11, 24)  # the 2026 statistical year (2025-10-01 – 2026-09-30) has ended; 2027 runs


def person(tag, seq, *, hired, gender_seq=None, joined=None, **extra):
    p = members.create_person({"name": tag, "id_number": make_id(seq=seq, birth="19800101"),
                               "hire_date": hired, "department": "动力厂", **extra},
                              join=("入会", joined) if joined else None)
    return p.id


@pytest.fixture
def office(db):
    chapter.save(demo.DEMO_CHAPTER)
    ids = {}
    ids["A"] = person("老会员甲", 101, hired="2010-01-01", joined="2011-01-01", hukou_type="农业户口")  # man, migrant
    ids["B"] = person("新职工乙", 102, hired="2025-11-01", joined="2025-12-01")  # woman, joins inside
    ids["C"] = person("调出丙", 103, hired="2010-01-01", joined="2011-01-01")  # man, leaves inside (below)
    ids["D"] = person("后来丁", 105, hired="2026-10-15", joined="2026-10-20")  # man, after the period
    ids["E"] = person("非会员戊", 106, hired="2015-01-01", hukou_type="农业户口")  # woman, migrant, no member
    ids["F"] = person("退会己", 107, hired="2012-01-01", joined="2012-06-01")  # man, leaves the union
    members.add_event(ids["F"], "退会", "2026-05-01", "个人要求退会")
    ids["G"] = person("退休庚", 108, hired="1990-01-01", joined="1990-06-01", employment_status="退休",
                      union_post="工会副主席（专职）")  # woman
    members.add_event(ids["G"], "保留", "2024-01-01", "退休")
    ids["H"] = person("早入会辛", 109, hired="2020-01-01", joined="2025-09-30", union_post="小组长")  # before period
    members.union_group_id("动力厂一组", members.department_id("动力厂"))

    c1 = congress.save_congress({"term": 5, "session": 1, "starts_on": "2026-03-10"})
    congress.save_congress({"term": 5, "session": 2, "starts_on": "2026-10-10"})
    congress.add_representatives(5, [ids["A"], ids["B"], ids["C"], ids["G"], ids["H"]])
    members.add_event(ids["C"], "转出", "2026-03-01", "劳动(工作)关系发生变化", leave=True)
    m1 = congress.create_motion(c1.id, {"title": "甲案", "category": "其他", "proposer_id": ids["A"],
                                        "seconder_ids": [ids["B"], ids["G"]], "submitted_on": "2026-02-20"})
    congress.review(m1.id, "立案", on="2026-03-11")
    congress.assign(m1.id, "后勤部", "", "2026-06-30", "2026-03-15")
    congress.reply(m1.id, "已办", "A", "2026-04-01")  # finished: replied, no 不满意
    m2 = congress.create_motion(c1.id, {"title": "乙案", "category": "其他", "proposer_id": ids["A"],
                                        "seconder_ids": [ids["B"], ids["G"]], "submitted_on": "2026-02-21"})
    congress.review(m2.id, "立案", on="2026-03-11")
    congress.assign(m2.id, "后勤部", "", "2026-06-30", "2026-03-15")
    congress.reply(m2.id, "研究中", "B", "2026-04-01")
    congress.record_verdict(m2.id, "不满意", "2026-04-05", "2026-12-31")  # reopened: not finished
    m3 = congress.create_motion(c1.id, {"title": "丙案", "category": "其他", "proposer_id": ids["A"],
                                        "seconder_ids": [ids["B"], ids["G"]], "submitted_on": "2026-02-22"})
    congress.review(m3.id, "不立案", "纯属个人问题", "2026-03-11")
    congress.create_motion(c1.id, {"title": "丁案", "category": "其他", "proposer_id": ids["A"],
                                   "seconder_ids": [ids["B"], ids["G"]], "submitted_on": "2026-10-05"})  # next year

    for title, day in (("甲公示", "2025-10-01"), ("乙公示", "2026-09-30"), ("丙公示", "2025-09-30"),
                       ("丁公示", "2026-10-02")):
        n = notices.create({"title": title, "category": "其他"})
        notices.review(n.id, "王建国", day)
        notices.publish(n.id, day)

    case = welfare.open_case(ids["E"], {"category": "相对困难"}, "2025-01-05", "李秀英")
    for step in welfare.FLOW[1:]:
        welfare.advance(case.id, "2025-02-01", "李秀英")
    closed = welfare.open_case(ids["F"], {"category": "深度困难"}, "2024-01-05", "李秀英")
    for step in welfare.FLOW[1:]:
        welfare.advance(closed.id, "2024-02-01", "李秀英")
    welfare.close_case(closed.id, "已脱困", "2026-06-01")
    pay = lambda pid, kind, on, amount, **kw: welfare.pay(pid, {"kind": kind, "on": on, "amount": amount,  # noqa: E731
                                                               "approver": "王建国", **kw})
    pay(ids["A"], "送温暖", "2026-01-20", "500.10")
    pay(ids["E"], "送温暖", "2026-01-20", "500.20")
    pay(ids["E"], "金秋助学", "2026-08-20", "3000", school_level="大学")
    pay(ids["E"], "金秋助学", "2025-10-20", "1000", school_level="高中")  # same person: one 金秋助学人数
    pay(ids["B"], "金秋助学", "2026-08-21", "2000", school_level="高中")
    pay(ids["A"], "医疗救助", "2025-09-30", "9999")  # before the period
    pay(ids["A"], "医疗救助", "2026-10-01", "8888")  # after the period

    a1 = activities.create({"name": "篮球赛", "kind": "文体活动", "starts_at": "2026-05-04 14:00"})
    activities.sign_up(a1.id, [ids["A"], ids["B"], ids["H"]], confirm_past=True)
    activities.mark_attendance(a1.id, ids["A"])
    activities.mark_attendance(a1.id, ids["B"])
    from unionoffice.db.models import Activity

    Activity.create(name="元旦长跑", kind="文体活动", starts_at=dt.datetime(2026, 1, 1, 9), recorded_attendance=120)
    activities.create({"name": "讲座", "kind": "讲座", "starts_at": "2026-10-10 14:00"})  # next year
    return ids


def test_finished_year_every_figure(office):
    report = statistics.annual(2026, today=TODAY)
    assert report.period.as_of == D(2026, 9, 30) and report.period.finished
    genders = {tag: members.get_person(pid).gender for tag, pid in office.items()}
    employees_at_end = {"A", "B", "E", "F", "G", "H"}  # C left inside, D hired after
    members_at_end = {"A", "B", "G", "H"}  # F left the union, E never joined
    expected = {
        "统计期间": "2025年10月1日至2026年9月30日",
        "单位名称": "华北石化有限公司", "工会名称": "华北石化有限公司工会委员会",
        "基层工会统计编码": "1301020000123", "行政区划代码": "130102",  # the demo chapter's
        "职工人数": len(employees_at_end),
        "女职工人数": sum(genders[t] == "女" for t in employees_at_end),
        "农民工人数": 2,
        "会员人数": len(members_at_end),
        "女会员人数": sum(genders[t] == "女" for t in members_at_end),
        "农民工会员人数": 1,
        "新发展会员人数": 1,  # B only: H joined the day before, D after
        "入会率": pytest.approx(4 / 6),
        "工会小组数": 1,
        "专职工会干部人数": 1, "兼职工会干部人数": 1,
        "职工代表人数": 4,  # C has left the enterprise
        "女职工代表人数": sum(genders[t] == "女" for t in ("A", "B", "G", "H")),
        "职代会召开次数": 1,
        "提案数": 3, "立案数": 2, "提案办结数": 1,
        "厂务公开事项数": 2,
        "困难职工建档数": 1,  # F's file was closed inside the period
        "帮扶人次": 5, "帮扶金额（元）": Decimal("7000.30"), "送温暖人次": 2, "金秋助学人数": 2,
        "活动次数": 2, "活动参与人次": 122,
        "集体合同份数": 0, "工资专项集体合同份数": 0, "女职工权益保护专项集体合同份数": 0, "集体合同覆盖职工人数": 0,
        "劳动争议调解受理件数": 0, "劳动争议调解成功件数": 0,
    }
    expected |= {label: 0 for label in statistics.RIGHTS_REQUEST_LABELS[:-1]} | {
        "合理化建议创造经济效益（元）": Decimal("0.00")}  # nothing recorded (tested in test_rights_requests)
    assert tuple(report.figures) == statistics.LABELS
    assert report.figures == expected
    departments = dict((r[0], r[1:]) for r in report.breakdowns["按部门"][1])
    assert departments["动力厂"][:2] == [6, 4] and departments["合计"][:2] == [6, 4]


def test_unfinished_year_counts_stock_as_of_today(office):
    report = statistics.annual(2027, today=TODAY)
    assert report.period.as_of == TODAY and not report.period.finished
    f = report.figures
    assert (f["职工人数"], f["会员人数"], f["新发展会员人数"]) == (7, 5, 1)  # D hired and joined in October
    assert (f["提案数"], f["立案数"], f["提案办结数"]) == (1, 0, 0)
    assert (f["厂务公开事项数"], f["帮扶人次"], f["帮扶金额（元）"]) == (1, 1, Decimal("8888.00"))
    assert (f["活动次数"], f["活动参与人次"], f["职代会召开次数"]) == (1, 0, 1)


def test_figures_are_the_tabs_own(office):
    report = statistics.annual(2026, today=TODAY)
    assert (report.figures["职工人数"], report.figures["会员人数"]) == members.headcount(D(2026, 9, 30))
    assert report.figures["活动次数"] == activities.period_counts(D(2025, 10, 1), D(2026, 9, 30))[0]


def test_logic_checks_and_the_workbook(office, tmp_path):
    Person.update(department=None).where(Person.id == office["H"]).execute()
    warnings = statistics.checks(2026, today=TODAY)
    assert "1 名职工没有填写部门。" in warnings
    from openpyxl import load_workbook

    from unionoffice.excel.annual_report import write_annual

    out = tmp_path / "annual.xlsx"
    report = statistics.annual(2026, today=TODAY)
    write_annual(out, report, warnings)
    wb = load_workbook(out)
    ws = wb["基本情况"]
    cells = {row[0].value: row[1] for row in ws.iter_rows(min_row=3) if row[0].value in statistics.LABELS}
    assert list(cells) == list(statistics.LABELS)
    for label, value in report.figures.items():
        got = cells[label].value
        assert (Decimal(str(got)) if isinstance(value, Decimal) else got) == value, label
    assert cells["入会率"].number_format == "0.0%"
    assert wb.sheetnames[:6] == ["基本情况", "按部门", "按性别", "按年龄段", "按学历", "按用工形式"]
    assert "1 名职工没有填写部门。" in [c.value for c in wb["逻辑检查"]["A"]]


def test_every_sheet_counts_the_reports_period(office, monkeypatch):
    """Issue 21: 逻辑检查 warned about today's representatives while 基本情况 counted the period's."""
    monkeypatch.setattr(congress, "minimum_representatives", lambda employees: 30)
    report = statistics.annual(2026, today=TODAY)
    warnings = statistics.checks(2026, today=TODAY)
    assert f"代表：职工代表 {report.figures['职工代表人数']} 人，少于职工 6 人时的最低人数 30 人。" in warnings
    # a term elected after the period ends is not the 2026 report's business
    congress.save_congress({"term": 6, "session": 1, "starts_on": "2026-10-20"})
    congress.add_representatives(6, [office["A"], office["D"]])
    assert statistics.annual(2026, today=TODAY).figures["职工代表人数"] == 4
    assert "代表：职工代表 4 人，少于职工 6 人时的最低人数 30 人。" in statistics.checks(2026, today=TODAY)


def test_join_rate_history_ends_at_the_reports_year(office):
    assert [y for y, _ in statistics.join_rate_history(2026, today=TODAY)] == [2022, 2023, 2024, 2025, 2026]
    assert statistics.join_rate_history(2026, today=TODAY)[-1][1] == pytest.approx(4 / 6)
    assert [y for y, _ in statistics.join_rate_history(today=TODAY)][-1] == 2027


def test_the_reports_cover_names_the_chapters_codes(office, tmp_path):
    """Issue 26: the higher union files a report by its 基层工会统计编码 and 行政区划代码."""
    from openpyxl import load_workbook

    from unionoffice.domain import chapter
    from unionoffice.excel.annual_report import write_annual

    chapter.save({**chapter.load(), "stat_code": "GH1301020045", "region_code": "130102"})
    report = statistics.annual(2026, today=TODAY)
    assert (report.figures["基层工会统计编码"], report.figures["行政区划代码"]) == ("GH1301020045", "130102")
    write_annual(tmp_path / "annual.xlsx", report, [])
    rows = {r[0]: r[1] for r in load_workbook(tmp_path / "annual.xlsx")["基本情况"].iter_rows(min_row=3, values_only=True)}
    assert rows["基层工会统计编码"] == "GH1301020045" and rows["行政区划代码"] == "130102"  # text, as given


def test_one_pass_counts_match_the_per_day_definitions(office):
    """The report counts 职工 and 会员 of several days in one pass over the membership events (each
    event holding until the next): the same as ``member_ids_on`` and ``employees_on`` day by day,
    with two events on one day (the one recorded last counts) and a 会员 with no 入会 record."""
    members.add_event(office["E"], "入会", "2024-03-01", "")
    members.add_event(office["E"], "退会", "2024-03-01", "当日退会")  # same day: the later one holds
    members.add_event(office["A"], "保留", "2026-09-30", "")  # on the last day itself
    Person.update(department=None, birth_date=None).where(Person.id == office["B"]).execute()
    no_join = person("无入会记录", 110, hired="2020-01-01")
    members.add_event(no_join, "转入", "2020-02-01", "")
    from unionoffice.db.models import MembershipEvent
    MembershipEvent.update(kind="保留").where(MembershipEvent.person == no_join).execute()
    days = [D(2024, 3, 1), D(2025, 12, 1), D(2026, 3, 1), D(2026, 9, 29), D(2026, 9, 30), TODAY]
    one_pass = members.headcounts(days)
    for day in days:
        employees = Person.select().where(members.employees_on(day))
        in_union = employees.where(Person.id.in_(members.member_ids_on(day)))
        assert one_pass[day] == (employees.count(), in_union.count()), day
        assert members.member_id_set(day) == {pid for (pid,) in members.member_ids_on(day).tuples()}, day
        people = statistics.people_figures(day)
        joined = MembershipEvent.select(MembershipEvent.person).where(MembershipEvent.kind.in_(("入会", "转入")))
        assert people == {
            "employees": employees.count(), "female": employees.where(Person.gender == "女").count(),
            "migrant": employees.where(Person.is_migrant == True).count(),  # noqa: E712
            "no_department": employees.where(Person.department.is_null()).count(),
            "no_birth": employees.where(Person.birth_date.is_null()).count(),
            "members": in_union.count(), "female_members": in_union.where(Person.gender == "女").count(),
            "migrant_members": in_union.where(Person.is_migrant == True).count(),  # noqa: E712
            "members_not_joined": in_union.where(Person.id.not_in(joined)).count()}, day
    assert statistics.people_figures(TODAY)["members_not_joined"] == 1
    report = statistics.annual(2026, today=TODAY)
    assert statistics.checks(2026, today=TODAY, report=report) == statistics.checks(2026, today=TODAY)
    assert "1 名会员没有入会日期记录。" in statistics.checks(2026, today=TODAY)
