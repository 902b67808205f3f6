"""维权, part one (domain.md §15): collective contracts through their process, and dispute mediation."""

import datetime as dt

import pytest

from unionoffice.db.models import Notice, Person
from unionoffice.domain import congress, contracts, mediation, members, notices
from unionoffice.domain.validation import ValidationError
from tests.helpers import make_id

D = dt.date


@pytest.fixture
def term(db):
    """Ten representatives of the 10th term and a session of its congress; one outsider."""
    people = [members.create_person({"name": f"代表{i}", "id_number": make_id(seq=100 + i * 2, birth="19800101"),
                                     "department": "动力厂"}, join=("入会", "2010-01-01")).id for i in range(10)]
    c = congress.save_congress({"term": 10, "session": 2, "starts_on": "2026-03-10"})
    congress.add_representatives(10, people, "一线代表团")
    return c, people


def wage_contract(**extra):
    return contracts.create({"name": "2026年度工资专项集体合同", "kind": contracts.WAGES, "covered": 300,
                             "wage_increase": "平均增长 5%", **extra}, proposed_on="2026-01-05")


def up_to_vote(c):
    contracts.answer(c.id, "2026-01-20")
    contracts.save_meeting(c.id, {"held_on": "2026-02-01", "union_chief": "王建国", "employer_chief": "赵总",
                                  "union_members": "李娜、张伟", "record": "双方就工资增幅达成一致。"})
    contracts.draft(c.id, "2026-02-10")


def test_a_contract_goes_from_proposal_to_publication(term):
    session, _people = term
    c = wage_contract()
    assert contracts.stage(c, D(2026, 1, 6)) == "要约"
    with pytest.raises(ValidationError, match="须先登记至少一次协商会议"):
        contracts.answer(c.id, "2026-01-20") and contracts.draft(c.id, "2026-01-21")
    contracts.save_meeting(c.id, {"held_on": "2026-02-01", "union_chief": "王建国", "employer_chief": "赵总"})
    contracts.draft(c.id, "2026-02-10")
    contracts.vote(c.id, session.id, 8, "2026-03-10")
    with pytest.raises(ValidationError, match="早于起始日期"):
        contracts.sign(c.id, "2026-03-12", "2026-04-01", "2026-03-31")
    contracts.sign(c.id, "2026-03-12", "2026-04-01", "2027-03-31")
    contracts.file(c.id, "2026-03-18")
    assert contracts.stage(contracts.get(c.id), D(2026, 4, 1)) == "已报送"
    with pytest.raises(ValidationError, match="早于生效日期"):
        contracts.publicise(c.id, "2026-04-01")  # in force 15 days after filing: 04-02
    assert contracts.stage(contracts.get(c.id), D(2026, 4, 2)) == "已生效"
    done = contracts.publicise(c.id, "2026-04-03")
    assert contracts.stage(done) == "已公示"
    notice = Notice.get_by_id(done.notice_id)
    assert notice.category == "集体合同和劳动规章制度" and notice.published_on == D(2026, 4, 3)
    assert "平均增长 5%" in notice.content and notices.state_on(notice, D(2026, 4, 3)) == "公示中"


def test_in_force_on_a_date():
    c = {"starts_on": D(2026, 4, 1), "ends_on": D(2027, 3, 31)}
    assert not contracts.in_force(c, D(2026, 3, 31))
    assert contracts.in_force(c, D(2026, 4, 1)) and contracts.in_force(c, D(2027, 3, 31))
    assert not contracts.in_force(c, D(2027, 4, 1))
    assert not contracts.in_force({"starts_on": None, "ends_on": None}, D(2026, 5, 1))
    assert contracts.standing(c, D(2027, 4, 1)) == "已到期"


def test_a_vote_under_half_of_all_representatives_is_refused(term):
    session, people = term
    c = wage_contract()
    up_to_vote(c)
    with pytest.raises(ValidationError, match="未超过全体代表 10 人的半数"):
        contracts.vote(c.id, session.id, 5, "2026-03-10")  # half of ten is not more than half
    assert contracts.get(c.id).voted_on is None
    passed = contracts.vote(c.id, session.id, 6, "2026-03-10")
    assert (passed.votes_for, passed.votes_entitled, passed.congress_id) == (6, 10, session.id)
    other = wage_contract()
    up_to_vote(other)
    with pytest.raises(ValidationError, match="多于全体代表"):
        contracts.vote(other.id, session.id, 11, "2026-03-10")
    # a representative who has left the enterprise is no longer among all representatives
    Person.update(left_on=D(2026, 3, 1)).where(Person.id == people[0]).execute()
    assert contracts.vote(other.id, session.id, 5, "2026-03-10").votes_entitled == 9


def test_the_list_of_a_year(db):
    from unionoffice.db.models import Contract

    Contract.create(name="旧", kind=contracts.GENERAL, starts_on=D(2022, 1, 1), ends_on=D(2024, 12, 31))
    Contract.create(name="在期", kind=contracts.GENERAL, starts_on=D(2025, 1, 1), ends_on=D(2027, 12, 31))
    contracts.create({"name": "跨年协商", "kind": contracts.WAGES}, proposed_on="2025-12-01")
    contracts.create({"name": "明年要约", "kind": contracts.WOMEN}, proposed_on=dt.date.today())
    names = {r["name"] for r in contracts.search(year=2026)}
    assert {"在期", "跨年协商"} <= names and "旧" not in names
    assert {r["name"] for r in contracts.search(year=2024)} == {"旧"}


def test_signing_a_wage_contract_needs_its_increase(term):
    session, _ = term
    c = wage_contract(wage_increase="")
    up_to_vote(c)
    contracts.vote(c.id, session.id, 9, "2026-03-10")
    with pytest.raises(ValidationError, match="工资增长幅度"):
        contracts.sign(c.id, "2026-03-12", "2026-04-01", "2027-03-31")


def test_warnings(term):
    session, _ = term
    on = D(2026, 3, 1)
    assert [w for _, w in contracts.warnings(on)] == ["目前没有有效期内的综合性集体合同", "目前没有有效期内的工资专项集体合同"]
    late = wage_contract()
    assert any("未获回应" in w for _, w in contracts.warnings(on))  # proposed 01-05, due 01-25
    up_to_vote(late)
    contracts.vote(late.id, session.id, 9, "2026-03-10")
    contracts.sign(late.id, "2026-03-12", "2026-04-01", "2026-08-31")
    found = [w for _, w in contracts.warnings(D(2026, 3, 23))]
    assert any("尚未报送" in w for w in found)
    contracts.file(late.id, "2026-03-20")
    found = [w for _, w in contracts.warnings(D(2026, 6, 1))]
    assert "目前没有有效期内的工资专项集体合同" not in found
    assert any("尚未向全体职工公示" in w for w in found)
    assert any("将于 2026-08-31 到期" in w for w in found)  # within 3 months
    contracts.create({"name": "下一年度工资专项集体合同", "kind": contracts.WAGES}, proposed_on="2026-06-01")
    assert not any("到期" in w for _, w in contracts.warnings(D(2026, 6, 2)))


def test_contract_figures(db):
    from unionoffice.db.models import Contract

    for kind, starts, ends, covered in ((contracts.GENERAL, "2024-01-01", "2026-12-31", 280),
                                        (contracts.GENERAL, "2021-01-01", "2023-12-31", 250),
                                        (contracts.WAGES, "2026-01-01", "2026-12-31", 280),
                                        (contracts.WAGES, "2025-01-01", "2025-12-31", 270),
                                        (contracts.WOMEN, "2025-10-01", "2026-09-30", 100),
                                        (contracts.SAFETY, "2026-10-01", "2027-09-30", 280)):
        Contract.create(name=kind, kind=kind, starts_on=starts, ends_on=ends, covered=covered)
    assert contracts.figures(D(2026, 9, 30)) == {"集体合同份数": 3, "工资专项集体合同份数": 1,
                                                "女职工权益保护专项集体合同份数": 1, "集体合同覆盖职工人数": 280}


@pytest.fixture
def worker(db):
    return members.create_person({"name": "刘明", "id_number": make_id(seq=501, birth="19900101")},
                                 join=("入会", "2015-01-01")).id


def case(worker, **extra):
    return mediation.create({"person": worker, "applied_on": "2026-05-06", "kind": "劳动报酬", "people": 1,
                             "amount": "3,200.50", "how": "书面", **extra})


def test_the_fifteen_day_limit(worker):
    c = case(worker)
    assert c.number == "2026调字第001号" and c.amount_fen == 320050
    assert mediation.state(c, D(2026, 5, 7)) == "待受理"
    with pytest.raises(ValidationError, match="调解员"):
        mediation.accept(c.id, "", "2026-05-08")
    c = mediation.accept(c.id, "周调解", "2026-05-08")
    assert mediation.limit_on(c.accepted_on) == D(2026, 5, 23)
    assert mediation.state(c, D(2026, 5, 23)) == "调解中" and mediation.days_left(c, D(2026, 5, 23)) == 0
    assert mediation.state(c, D(2026, 5, 24)) == "已逾期" and mediation.days_left(c, D(2026, 5, 24)) == -1
    with pytest.raises(ValidationError, match="已超过受理后 15 日"):
        mediation.close(c.id, "调解成功", "2026-05-24", "补发工资 3200.50 元。")
    with pytest.raises(ValidationError, match="协议内容"):
        mediation.close(c.id, "调解成功", "2026-05-20")
    done = mediation.close(c.id, "调解成功", "2026-05-23", "补发工资 3200.50 元。")
    assert done.agreement_no == "2026调协字第001号" and mediation.state(done) == "调解成功"


def test_oral_application_refusal_and_collective(worker):
    with pytest.raises(ValidationError, match="口头申请须当场记录"):
        case(worker, how="口头")
    oral = case(worker, how="口头", request="要求支付加班费。", people=12)
    assert mediation.is_collective(oral) and oral.number == "2026调字第001号"
    with pytest.raises(ValidationError, match="理由"):
        mediation.refuse(oral.id, "", "2026-05-07")
    refused = mediation.refuse(oral.id, "已申请劳动仲裁", "2026-05-07")
    assert (refused.result, refused.accepted_on) == ("不予受理", None)
    with pytest.raises(ValidationError, match="已结案"):
        mediation.accept(oral.id, "周调解", "2026-05-08")


def test_an_applicant_who_has_left_can_apply(worker):
    members.add_event(worker, "转出", "2026-01-31", "劳动（工作）关系发生变化")
    Person.update(left_on=D(2026, 1, 31)).where(Person.id == worker).execute()
    c = case(worker)
    rows = mediation.search()
    assert [r["number"] for r in rows] == [c.number] and rows[0]["left_on"] == D(2026, 1, 31)


def test_mediation_figures(worker):
    a = case(worker, applied_on="2025-09-20")
    mediation.accept(a.id, "周调解", "2025-09-30")  # before the period
    b = case(worker, applied_on="2025-09-28")
    mediation.accept(b.id, "周调解", "2025-10-01")
    mediation.close(b.id, "调解成功", "2025-10-10", "达成协议。")
    c = case(worker, applied_on="2026-09-01")
    mediation.accept(c.id, "周调解", "2026-09-02")
    mediation.close(c.id, "调解不成", "2026-09-10")
    case(worker, applied_on="2026-09-20")  # not accepted
    assert mediation.figures(D(2025, 10, 1), D(2026, 9, 30)) == {"劳动争议调解受理件数": 2, "劳动争议调解成功件数": 1}


@pytest.mark.sqlite_only
def test_migration_adds_the_rights_tables_to_an_office_of_the_version_before(db_path):
    from peewee import SqliteDatabase

    from unionoffice.db import migrations
    from unionoffice.db.connection import SQLITE_PRAGMAS, close_database, open_database
    from unionoffice.db.models import Contract

    step = next(i for i, m in enumerate(migrations.MIGRATIONS) if m.__name__ == "_v16_rights_contracts")
    old = SqliteDatabase(str(db_path), pragmas=SQLITE_PRAGMAS)
    migrations.upgrade(old, target=step)
    assert not old.table_exists("contract")
    old.close()
    db = open_database(db_path)
    try:
        assert all(db.table_exists(t) for t in ("contract", "contract_meeting", "contract_attachment",
                                                "mediation_case"))
        c = contracts.create({"name": "综合性集体合同", "kind": contracts.GENERAL})
        Contract.update(covered=5).where(Contract.id == c.id).execute()
        assert contracts.get(c.id).row_version == 1  # the row-version trigger is there
    finally:
        close_database()


# --- ledgers ------------------------------------------------------------------------------------
def _filled(worker_id):
    from unionoffice.db.models import Contract

    Contract.create(name="2026年综合性集体合同", kind=contracts.GENERAL, signed_on=D(2025, 12, 20),
                    starts_on=D(2026, 1, 1), ends_on=D(2028, 12, 31), voted_on=D(2025, 12, 10),
                    filed_on=D(2025, 12, 25), covered=280, note="第三期")
    Contract.create(name="2026年度工资专项集体合同", kind=contracts.WAGES, starts_on=D(2026, 1, 1),
                    ends_on=D(2026, 12, 31), covered=280)
    Contract.create(name="旧合同", kind=contracts.GENERAL, starts_on=D(2020, 1, 1), ends_on=D(2022, 12, 31))
    a = case(worker_id, people=12)
    mediation.accept(a.id, "周调解", "2026-05-07")
    mediation.close(a.id, "调解成功", "2026-05-15", "补发。")
    b = case(worker_id, applied_on="2026-06-01")
    mediation.accept(b.id, "周调解", "2026-06-02")
    case(worker_id, applied_on="2026-06-03")
    c = case(worker_id, applied_on="2026-06-04")
    mediation.refuse(c.id, "已申请仲裁", "2026-06-05")


def test_exports_re_import_unchanged(worker, tmp_path):
    from openpyxl import load_workbook

    from unionoffice.ledgers import contracts as contracts_ledger
    from unionoffice.ledgers import mediations as mediations_ledger

    _filled(worker)
    out = tmp_path / "contracts.xlsx"
    assert contracts_ledger.LEDGER.export(out, 2026) == 2  # the old one is not in force in 2026
    plan = contracts_ledger.LEDGER.read(out)
    assert (plan.summary()["unchanged"], len(plan.new), len(plan.updates), len(plan.rejections)) == (2, 0, 0, 0)
    out = tmp_path / "mediations.xlsx"
    assert mediations_ledger.LEDGER.export(out, 2026) == 4
    ws = load_workbook(out).active
    assert "证件号码已屏蔽" in ws["A1"].value and "*" in ws["E3"].value
    assert [ws.cell(r, 11).value for r in range(3, 7)] == ["调解成功", "调解中", "待受理", "不予受理"]
    plan = mediations_ledger.LEDGER.read(out)
    assert (plan.summary()["unchanged"], len(plan.new), len(plan.updates), len(plan.rejections)) == (4, 0, 0, 0)
    full = tmp_path / "full.xlsx"
    mediations_ledger.LEDGER.export(full, 2026, full=True)
    ws = load_workbook(full).active
    assert "含完整证件号码" in ws["A1"].value and "*" not in ws["E3"].value


def test_ledger_rows_are_checked_and_applied(worker, tmp_path, db_path):
    from openpyxl import Workbook

    from unionoffice.ledgers import contracts as contracts_ledger
    from unionoffice.ledgers import mediations as mediations_ledger

    wb = Workbook()
    ws = wb.active
    ws.append(["合同名称", "类型", "起始日期", "终止日期", "覆盖职工人数"])
    ws.append(["甲", "综合性集体合同", "2026-01-01", "2028-12-31", 300])
    ws.append(["乙", "专项合同", "2026-01-01", "2028-12-31", 300])
    ws.append(["丙", "工资专项集体合同", "2026-01-01", None, 300])
    ws.append(["丁", "综合性集体合同", "2026-01-01", "2027-12-31", 1])
    path = tmp_path / "in.xlsx"
    wb.save(path)
    plan = contracts_ledger.LEDGER.read(path)
    assert len(plan.new) == 1
    assert [(r.row, r.column, r.reason) for r in plan.rejections] == [
        (3, "类型", f"应为 {'、'.join(contracts.KINDS)} 之一"), (4, "终止日期", "必须填写"),
        (5, "起始日期", "与第 2 行是同一份合同（类型和起始日期相同）")]
    contracts_ledger.LEDGER.apply(plan, db_path=db_path)
    assert contracts.figures(D(2026, 6, 1))["集体合同覆盖职工人数"] == 300

    wb = Workbook()
    ws = wb.active
    ws.append(["案号", "申请日期", "申请人", "证件号码", "争议类型", "涉及金额（元）", "受理日期", "调解结果"])
    ws.append(["2026调字第009号", "2026-03-01", "刘明", None, "工伤", "1,000.5", "2026-03-02", "调解成功"])
    ws.append(["2026调字第010号", "2026-03-01", "查无此人", None, "工伤", None, None, "待受理"])
    ws.append(["2026调字第011号", "2026-03-01", "刘明", None, "工伤", None, "2026-03-02", "不予受理"])
    ws.append(["2026调字第009号", "2026-03-01", "刘明", None, "工伤", None, None, "待受理"])
    wb.save(path)
    plan = mediations_ledger.LEDGER.read(path)
    assert [(r.row, r.column) for r in plan.rejections] == [(3, "申请人"), (4, "受理日期"), (5, "案号")]
    mediations_ledger.LEDGER.apply(plan, db_path=db_path)
    imported = mediation.search()[0]
    assert (imported["number"], imported["amount_fen"], imported["state"]) == ("2026调字第009号", 100050, "调解成功")


def test_command_line_import_and_export(worker, tmp_path, db_path, capsys):
    import json

    from unionoffice import cli

    _filled(worker)
    out = tmp_path / "m.xlsx"
    assert cli.main(["export", "mediations", "--db", str(db_path), "--year", "2026", "-o", str(out)]) == 0
    capsys.readouterr()
    assert cli.main(["import", "mediations", str(out), "--db", str(db_path), "--json", "--dry-run"]) == 0
    summary = json.loads(capsys.readouterr().out.splitlines()[0])
    assert summary["unchanged"] == 4 and summary["rejected"] == 0
    out = tmp_path / "c.xlsx"
    assert cli.main(["export", "contracts", "--db", str(db_path), "--year", "2026", "-o", str(out)]) == 0


def test_the_annual_report_counts_the_rights_figures(worker, tmp_path):
    from openpyxl import load_workbook

    from unionoffice.domain import statistics
    from unionoffice.excel.annual_report import write_annual

    _filled(worker)  # in force on 2026-09-30: the 2026 general (280) and wage contracts; three cases accepted
    report = statistics.annual(2026, today=D(2026, 11, 1), with_breakdowns=False)
    expected = {"集体合同份数": 2, "工资专项集体合同份数": 1, "女职工权益保护专项集体合同份数": 0,
                "集体合同覆盖职工人数": 280, "劳动争议调解受理件数": 2, "劳动争议调解成功件数": 1}
    assert {k: report.figures[k] for k in expected} == expected
    out = write_annual(tmp_path / "年报.xlsx", report)
    ws = load_workbook(out)["基本情况"]
    cells = {row[0]: row[1] for row in ws.iter_rows(values_only=True) if row[0] in expected}
    assert cells == expected
