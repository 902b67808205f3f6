import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from unionoffice.domain import dues, members
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import wages as wages_ledger
from tests.helpers import make_id, write_roster

D = dt.date


def member(i, joined="2020-01-01", **extra):
    return members.create_person({"name": f"会员{i}", "id_number": make_id(seq=100 + 2 * i, birth="19800101"),
                                  "department": "动力厂", **extra}, join=("入会", joined) if joined else None).id


def test_the_ten_yuan_rule_is_exact():
    assert dues.dues_fen(567890) == 2835  # 5,678.90 → 5,670 → 28.35
    assert dues.dues_fen(500000) == 2500 and dues.dues_fen(500999) == 2500 and dues.dues_fen(501000) == 2505
    assert dues.dues_fen(999) == 0


def test_sheet_liability_mid_month_join_retiree_and_hold(db):
    a = member(1)
    b = member(2, joined="2026-03-20")  # joins mid-month: owes March
    c = member(3, employment_status="退休")
    d = member(4)
    members.add_event(d, "保留", "2026-01-15", "下岗待岗")
    e = member(5, joined=None)  # not a member
    for pid in (a, b, c, d, e):
        dues.set_base(pid, "2026-01", "5,678.90")
    march = {r.person_id: r for r in dues.sheet("2026-03")}
    assert set(march) == {a, b}
    assert march[b].amount_fen == 2835 and march[a].base_fen == 567890
    assert b not in {r.person_id for r in dues.sheet("2026-02")}


def test_a_wage_change_mid_year(db):
    a = member(1)
    dues.set_base(a, "2026-01", "5000")
    dues.set_base(a, "2026-07", "6,543.21")
    assert {r.person_id: r.amount_fen for r in dues.sheet("2026-06")}[a] == 2500
    assert {r.person_id: r.amount_fen for r in dues.sheet("2026-07")}[a] == 3270
    dues.mark_paid("2026-06", [a], "2026-06-30")
    dues.set_base(a, "2026-06", "9000")  # a late correction does not change what was paid
    assert {r.person_id: r.amount_fen for r in dues.sheet("2026-06")}[a] == 2500


def test_payments_totals_exact_and_arrears(db):
    ids = [member(i) for i in range(4)]
    for pid, base in zip(ids, ("3,333.33", "4,444.44", "5,555.55", "6,789.01")):
        dues.set_base(pid, "2026-01", base)
    with pytest.raises(ValidationError, match="工资基数"):
        dues.mark_paid("2025-12", ids[:1])
    for month in range(1, 11):
        payers = ids if month < 5 else ids[:2] if month < 8 else ids[:1]
        dues.mark_paid(f"2026-{month:02d}", payers, f"2026-{month:02d}-25")
    t = dues.totals("2026-10")
    assert t["due_fen"] == sum(dues.dues_fen(b) for b in (333333, 444444, 555555, 678901)) == 1665 + 2220 + 2775 + 3390
    assert (t["paid_people"], t["paid_fen"]) == (1, 1665)
    arrears = {r["person_id"]: r for r in dues.arrears("2026-10")}
    assert arrears[ids[1]]["consecutive"] == 3 and not arrears[ids[1]]["candidate"]
    assert arrears[ids[2]]["consecutive"] == 6 and arrears[ids[2]]["candidate"]
    assert members.get_person(ids[2]).membership_state == "入会"  # the app never ends a membership itself


def test_import_wages_and_export_read_back(db, db_path, tmp_path):
    a, b = member(1), member(2)
    path = write_roster(tmp_path / "payroll.xlsx", ["姓名", "身份证号", "基本工资", "岗位工资"], [
        ["会员1", make_id(seq=102, birth="19800101"), "5,678.90", 1000],
        ["会员2", "", 4321.5, 800],
        ["查无此人", "", "3000", 0],
        ["会员1", "", "abc", 0],
    ], text_columns=("B",))
    plan = wages_ledger.read_wages(path, "2026-11")
    assert plan.unknown_columns == ["岗位工资"]
    assert [(r.row, r.column) for r in plan.rejections] == [(4, "姓名"), (5, "基本工资")]
    wages_ledger.apply_wages(plan, db_path=db_path)
    assert dues.bases_for(D(2026, 11, 1)) == {a: 567890, b: 432150}
    assert wages_ledger.read_wages(path, "2026-11").unchanged == 2
    dues.mark_paid("2026-11", [a], "2026-11-20")
    out = tmp_path / "dues.xlsx"
    wages_ledger.export_month(out, "2026-11")
    wb = load_workbook(out)
    rows = list(wb["会费收缴表"].iter_rows(min_row=3, values_only=True))
    assert [(r[1], Decimal(str(r[4])), r[5]) for r in rows[:-1]] == [
        ("会员1", Decimal("28.35"), "已缴"), ("会员2", Decimal("21.60"), "未缴")]
    assert Decimal(str(rows[-1][4])) == Decimal("49.95")
    assert wb["全年汇总"].max_row >= 3


def test_a_wage_base_set_by_hand_is_checked_audited_and_set_again_to_undo(db):
    from unionoffice.domain import audit

    a = member(1)
    for bad, reason in (("", "必须填写"), ("0", "应大于 0"), ("12.345", "超过两位小数"), ("abc", "不是金额"),
                        ("-100", "负数"), ("567890000", "超过每月 100 万元")):
        with pytest.raises(ValidationError, match=reason) as caught:
            dues.set_base(a, "2026-03", bad)
        assert caught.value.field == "工资基数"
    with pytest.raises(ValidationError, match="月份"):
        dues.set_base(a, "2026-13", "5000")
    assert dues.base_history(a) == []  # nothing half-written

    dues.set_base(a, "2026-03", "5,678.90")
    assert {r.person_id: r.amount_fen for r in dues.sheet("2026-03")}[a] == 2835
    dues.set_base(a, "2026-03", "56,789.00")  # a slip ...
    dues.set_base(a, "2026-03", "5678.9")  # ... undone by setting the month again
    assert dues.base_history(a) == [{"month": D(2026, 3, 1), "base_fen": 567890, "source": "手工"}]
    logged = audit.entries("person", a, action="wage")
    assert len(logged) == 3 and '"base_fen": 5678900' in logged[0].before and '"base_fen": 567890' in logged[0].after
    assert logged[-1].before is None


def _arrears_month_by_month(through, months_back=12):
    """The arrears as they were counted before issue 28: a month at a time (the reference)."""
    from unionoffice.db.models import DuesPayment

    through = dues.month_of(through)
    found: dict[int, list] = {}
    month = through
    for _ in range(months_back):
        paid = {pid for (pid,) in DuesPayment.select(DuesPayment.person).where(DuesPayment.month == month).tuples()}
        bases = dues.bases_for(month)
        for pid in dues.liable(month):
            if pid not in paid and pid in bases:
                found.setdefault(pid, []).append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return {pid: (len(months), min(months), dues._consecutive(months, through)) for pid, months in found.items()}


def _varied_office() -> list[int]:
    """Sixty members with every kind of history through 2025: joining, leaving and coming back, 保留,
    two events on a day, hired or leaving mid-year, retired, no base, a base changed, paying or not."""
    import random

    from unionoffice.db.models import MembershipEvent, Person

    rng = random.Random(28)
    ids = []
    for i in range(60):
        joined = f"20{rng.choice((23, 24, 25))}-{rng.randrange(1, 13):02d}-{rng.randrange(1, 29):02d}"
        pid = member(i, joined=joined if i % 10 else None)
        ids.append(pid)
        kind = i % 6
        if kind == 1:  # leaves the union mid-year, some come back
            left = D(2025, rng.randrange(1, 13), 15)
            MembershipEvent.create(person=pid, kind="转出", date=dues.month_end(left) if i % 4 == 3 else left)
            if i % 4 == 1:
                MembershipEvent.create(person=pid, kind="入会", date=D(2025, 12, rng.randrange(1, 30)))
        elif kind == 2:  # 保留 for a while
            MembershipEvent.create(person=pid, kind="保留", date=D(2025, rng.randrange(1, 7), 1))
            MembershipEvent.create(person=pid, kind="入会", date=D(2025, rng.randrange(7, 13), 1))
        elif kind == 3:  # two events on one day: the one recorded last counts
            day = D(2025, rng.randrange(1, 13), 10)
            MembershipEvent.create(person=pid, kind="退会", date=day)
            MembershipEvent.create(person=pid, kind="入会", date=day)
        elif kind == 4:
            Person.update(hire_date=D(2025, rng.randrange(1, 13), 5)).where(Person.id == pid).execute()
        elif kind == 5:
            Person.update(left_on=D(2025, rng.randrange(1, 13), 20)).where(Person.id == pid).execute()
        if i % 7 == 0:
            Person.update(employment_status="退休").where(Person.id == pid).execute()
        if i % 9 != 8:  # some never get a base
            dues.set_base(pid, f"2025-{rng.randrange(1, 13):02d}", f"{rng.randrange(3000, 9000)}.{rng.randrange(100):02d}")
        if i % 3 == 0:
            dues.set_base(pid, "2025-08", "7,777.77")
        if kind == 0:  # stops paying after May
            dues.set_base(pid, "2024-12", "5,000")
    for m in range(1, 13):
        month = f"2025-{m:02d}"
        bases, owed = dues.bases_for(D(2025, m, 1)), dues.liable(month)
        payers = [pid for pid in owed if pid in bases and rng.random() < 0.6 and not (pid in ids[::6] and m > 5)]
        if payers:
            dues.mark_paid(month, payers, f"{month}-25")

    return ids


def test_the_twelve_months_in_one_query_count_what_the_month_by_month_sheets_count(db):
    """Arrears and the year's summary are counted in one query over the months (issue 28): on a roster
    with every kind of history they give exactly what twelve monthly sheets give."""
    _varied_office()
    expected = [{"month": D(2025, m, 1), **dues.totals(f"2025-{m:02d}")} for m in range(1, 13)]
    assert dues.year_summary(2025) == expected
    assert sum(r["no_base"] for r in expected) and sum(r["paid_people"] for r in expected)  # every case occurs
    assert len({r["people"] for r in expected}) > 3
    for through in ("2025-12", "2025-06", "2026-03"):
        got = {r["person_id"]: (r["unpaid"], r["since"], r["consecutive"]) for r in dues.arrears(through)}
        assert got == _arrears_month_by_month(through)
    assert any(c >= dues.LEAVING_MONTHS for _, _, c in _arrears_month_by_month("2025-12").values())
    rows = dues.arrears("2025-12")
    assert all(r["name"].startswith("会员") and r["department"] == "动力厂" for r in rows)


def test_the_tabs_figures_ids_and_pages_are_the_sheet_counted_in_sql(db):
    """The 会费 tab shows the month's figures from one aggregate query, the sheet as ids sorted in SQL
    and pages of rows read by id (issue 28): on a varied roster they are exactly the sheet's."""
    _varied_office()
    for month in [f"2025-{m:02d}" for m in range(1, 13)] + ["2026-03", "2024-01"]:
        sheet = dues.sheet(month)
        assert dues.figures(month) == dues.totals_of(sheet)
        assert dues.sheet_ids(month) == [r.person_id for r in sheet]
        ids = [r.person_id for r in sheet]
        assert dues.sheet_records(month, ids[3:9]) == {r.person_id: r for r in sheet[3:9]}
        assert dues.sheet_records(month, []) == {}
    sheet = {r.person_id: r for r in dues.sheet("2025-09")}
    assert any(r.paid_on for r in sheet.values()) and any(r.base_fen is None for r in sheet.values())
    by_amount = dues.sheet_ids("2025-09", "amount", descending=True)
    assert sorted(by_amount) == sorted(sheet)
    amounts = [sheet[pid].amount_fen for pid in by_amount if sheet[pid].amount_fen is not None]
    assert amounts == sorted(amounts, reverse=True) and len(amounts) > 10
    for descending in (False, True):  # no base, no amount: last either way, on either database
        empty = [sheet[pid].amount_fen is None for pid in dues.sheet_ids("2025-09", "amount", descending)]
        assert empty == sorted(empty) and any(empty)
    by_name = dues.sheet_ids("2025-09", "name")
    from unionoffice.collation import name_key
    assert [name_key(sheet[p].name) for p in by_name] == sorted(name_key(sheet[p].name) for p in by_name)
    statuses = [(sheet[p].paid_on is None, sheet[p].base_fen is not None) for p in dues.sheet_ids("2025-09", "status")]
    assert statuses == sorted(statuses, key=lambda s: (not s[0], not s[1]))  # 未缴, 缺工资基数, 已缴 (pinyin)


def test_arrears_come_most_months_first_then_by_name_without_sorting_them_all(db):
    """The names come sorted from the database and only the (months behind) groups are ordered in
    Python (one Python sort of 200,000 rows held the GIL, freezing the window, at 300,000 people):
    the order is the one it was, also for a name whose key is missing."""
    from unionoffice.collation import name_key
    from unionoffice.db.models import Person

    _varied_office()

    def expected(rows):
        return sorted(rows, key=lambda r: (-r["consecutive"], -r["unpaid"], name_key(r["name"]), r["person_id"]))

    rows = dues.arrears("2025-12")
    assert len({(r["consecutive"], r["unpaid"]) for r in rows}) > 2 and rows == expected(rows)
    assert not any("key" in r for r in rows)
    last = rows[-1]["person_id"]
    Person.update(name_key="").where(Person.id == last).execute()  # as a raw write could leave it
    again = dues.arrears("2025-12")
    assert again == expected(again) and again == rows
