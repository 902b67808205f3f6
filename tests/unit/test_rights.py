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
