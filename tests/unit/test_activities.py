import datetime as dt
from decimal import Decimal

import pytest

from unionoffice.domain import activities, members
from unionoffice.domain.money import text, to_fen, yuan
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import activities as activities_ledger
from tests.helpers import make_id

SOON = dt.date.today() + dt.timedelta(days=5)


def people(n, department="篮球队"):
    return [members.create_person({"name": f"队员{i}", "id_number": make_id(seq=100 + i * 2, birth="19900101"),
                                   "department": department}).id for i in range(n)]


def match(**extra):
    return activities.create({"name": "职工篮球赛", "kind": "文体活动", "starts_at": SOON, **extra})


def test_money_is_exact():
    assert to_fen("1,234.50") == 123450 and to_fen(0.1) + to_fen(0.2) == to_fen("0.3") == 30
    assert to_fen(1200) == 120000 and to_fen("￥88元") == 8800 and to_fen("") == 0
    assert yuan(30) == Decimal("0.30") and text(123456789) == "1,234,567.89"
    for bad in ("1.005", "-5", "abc", "NaN"):
        with pytest.raises(ValidationError):
            to_fen(bad, "预算（元）")


def test_a_person_signs_up_once(db):
    ids = people(2)
    a = match()
    first = activities.sign_up(a.id, ids)
    again = activities.sign_up(a.id, ids + ids)
    assert first.added == ids and again.added == [] and again.already == ids
    assert len(activities.signups(a.id)) == 2


def test_cap_waiting_list_and_moving_up(db):
    ids = people(5)
    a = match(cap=3)
    result = activities.sign_up(a.id, ids)
    assert result.added == ids[:3] and result.waiting == ids[3:]
    assert [r.get("queue") for r in activities.signups(a.id) if r["status"] == "候补"] == [1, 2]
    assert activities.withdraw(a.id, ids[1]) == ids[3]
    statuses = {r["person_id"]: r["status"] for r in activities.signups(a.id)}
    assert statuses == {ids[0]: "报名", ids[1]: "退出", ids[2]: "报名", ids[3]: "报名", ids[4]: "候补"}
    activities.update(a.id, {"name": "职工篮球赛", "kind": "文体活动", "starts_at": SOON, "cap": 5})
    assert all(r["status"] != "候补" for r in activities.signups(a.id))  # a bigger cap fills from the queue


def test_attendance_only_for_people_signed_up_or_walk_ins(db):
    ids = people(3)
    a = match(cap=1)
    activities.sign_up(a.id, ids[:2])
    activities.mark_attendance(a.id, ids[0], today=SOON)
    with pytest.raises(ValidationError, match="候补"):
        activities.mark_attendance(a.id, ids[1], today=SOON)
    with pytest.raises(ValidationError, match="未报名"):
        activities.mark_attendance(a.id, ids[2], today=SOON)
    walk = activities.mark_attendance(a.id, ids[2], walk_in=True, today=SOON)
    assert walk.walk_in and walk.attended
    assert activities.search(activities.ActivityFilter())[0]["attended"] == 2


def test_no_check_in_before_the_activitys_day(db):
    ids = people(2)
    a = match()
    activities.sign_up(a.id, ids)
    for call in (lambda: activities.mark_attendance(a.id, ids[0]),
                 lambda: activities.mark_attendance(a.id, ids[0], walk_in=True),
                 lambda: activities.set_attendance(a.id, None)):
        with pytest.raises(ValidationError, match=f"活动在 {SOON:%Y-%m-%d} 举行，当天或之后才能签到"):
            call()
    assert not any(r["attended"] for r in activities.signups(a.id))
    assert activities.set_attendance(a.id, ids, today=SOON) == 2  # on the day
    assert activities.set_attendance(a.id, ids[:1], False) == 1  # 取消签到 is always allowed


def test_attendance_of_several_at_once_is_all_or_nothing(db):
    ids = people(4)
    a = match(cap=2)
    activities.sign_up(a.id, ids[:3])  # ids[2] waits, ids[3] never signed up
    with pytest.raises(ValidationError, match="队员2在候补名单中"):
        activities.set_attendance(a.id, ids[:3], today=SOON)
    with pytest.raises(ValidationError, match="队员3未报名"):
        activities.set_attendance(a.id, [ids[0], ids[3]], today=SOON)
    assert not any(r["attended"] for r in activities.signups(a.id))  # nothing half-written
    assert activities.set_attendance(a.id, None, today=SOON) == 2  # 全部签到: everyone with a place
    assert activities.set_attendance(a.id, None, today=SOON) == 0
    assert {r["person_id"] for r in activities.signups(a.id) if r["attended"]} == set(ids[:2])


def test_a_department_over_the_cap_says_in_which_order_places_went(db):
    ids = people(4, "动力厂")
    a = match(cap=2)
    dept = dict((n, i) for i, n in members.departments())["动力厂"]
    result = activities.sign_up_department(a.id, dept)
    assert len(result.added) == 2 and len(result.waiting) == 2
    assert result.message() == "报名 2 人，名额已满，按姓名拼音顺序录取前 2 人，其余 2 人进入候补。"
    chosen = activities.sign_up(match(cap=1).id, [ids[3], ids[0]])  # people picked one by one: as given
    assert chosen.added == [ids[3]] and "拼音" not in chosen.message()


def test_a_new_activity_starts_at_nine_on_the_next_working_day():
    assert activities.default_start(dt.datetime(2026, 12, 1, 15, 40)) == dt.datetime(2026, 12, 2, 9, 0)  # Tue
    assert activities.default_start(dt.datetime(2026, 12, 4, 8, 0)) == dt.datetime(2026, 12, 7, 9, 0)  # Fri
    assert activities.default_start(dt.datetime(2026, 12, 5, 8, 0)) == dt.datetime(2026, 12, 7, 9, 0)  # Sat


def test_past_activity_needs_confirmation_for_new_sign_ups(db):
    ids = people(1)
    a = activities.create({"name": "法律讲座", "kind": "讲座", "starts_at": "2026-01-05 14:30"})
    with pytest.raises(ValidationError, match="确认"):
        activities.sign_up(a.id, ids, today=dt.date(2026, 2, 1))
    assert activities.sign_up(a.id, ids, confirm_past=True, today=dt.date(2026, 2, 1)).added == ids
    assert activities.get(a.id).starts_at == dt.datetime(2026, 1, 5, 14, 30)


def test_department_sign_up_skips_people_who_left(db):
    ids = people(4, "动力厂")
    members.update_person(ids[0], {**members.person_values(members.get_person(ids[0])), "left_on": "2025-01-01"})
    a = match()
    dept = dict((n, i) for i, n in members.departments())["动力厂"]
    result = activities.sign_up_department(a.id, dept)
    assert sorted(result.added) == sorted(ids[1:])


def test_cost_breakdown_sums_exactly(db):
    a = match(budget="5000")
    activities.add_cost(a.id, "场地费", "1200.10")
    activities.add_cost(a.id, "奖品", "0.20")
    assert activities.get(a.id).cost_fen == 120030
    activities.remove_cost(activities.costs(a.id)[0].id)
    assert activities.get(a.id).cost_fen == 20


def test_person_page_lists_activities(db):
    ids = people(1)
    a = match()
    activities.sign_up(a.id, ids)
    activities.set_award(a.id, ids[0], "最佳球员")
    assert activities.person_activities(ids[0])[0]["award"] == "最佳球员"


def test_ledger_round_trip_and_recorded_attendance(db, db_path, tmp_path):
    ids = people(3)
    a = match(cap=2, budget="3000", place="体育馆", department="工会")
    activities.sign_up(a.id, ids)
    activities.mark_attendance(a.id, ids[0], today=SOON)
    activities.add_cost(a.id, "奖品", "880.50")
    out = tmp_path / "ledger.xlsx"
    assert activities_ledger.export_ledger(out, SOON.year) == 1
    from openpyxl import load_workbook

    wb = load_workbook(out)
    rows = list(wb["活动台账"].iter_rows(values_only=True))
    assert rows[2][1:3] == ("职工篮球赛", "文体活动") and rows[2][7] == 3000 and rows[2][8] == 880.5
    assert rows[2][9:] == (2, 1) and rows[-1][0] == "合计"
    assert wb["活动台账"].cell(row=3, column=9).number_format == "#,##0.00"
    people_sheet = wb[wb.sheetnames[1]]
    assert [r[1] for r in people_sheet.iter_rows(min_row=3, values_only=True)] == ["队员0", "队员1", "队员2"]
    plan = activities_ledger.read_ledger(out)
    assert (len(plan.new), len(plan.updates), plan.unchanged, plan.rejections) == (0, 0, 1, [])

    from tests.helpers import write_roster

    old = write_roster(tmp_path / "old.xlsx", ["名称", "类型", "开始日期", "结束日期", "地点", "组织部门",
                                               "预算（元）", "实际费用（元）", "参加人数"], [
        ["元旦长跑", "文体活动", "2025-01-01", "", "厂区", "工会", "2,000", "1,880.5", 120],
        ["", "讲座", "2025-02-01", "", "", "", "", "", 10],
        ["读书会", "读书", "2025-02-01", "", "", "", "", "", 10],
        ["插花", "其他", "2025-03-01", "", "", "", "1.234", "", 10],
        ["象棋赛", "文体活动", "2025-04-01", "2025-03-01", "", "", "", "", 8],
    ], footer=[["合计"]])
    plan = activities_ledger.read_ledger(old)
    assert [(r.row, r.column) for r in plan.rejections] == [(3, "名称"), (4, "类型"), (5, "预算（元）"), (6, "结束日期")]
    activities_ledger.apply(plan, db_path=db_path)
    run = activities.search(activities.ActivityFilter(text="元旦长跑"))[0]
    assert run["attended"] == 120 and run["cost_fen"] == 188050 and run["signed_up"] == 0
    assert activities_ledger.read_ledger(old).unchanged == 1
    assert activities.period_counts(dt.date(2024, 10, 1), dt.date(2025, 9, 30)) == (1, 120)
