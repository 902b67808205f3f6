import datetime as dt

import pytest

from unionoffice.db.models import MembershipEvent, Person
from unionoffice.domain import members, organisation, statistics
from unionoffice.domain.validation import ValidationError
from tests.helpers import make_id

TODAY = dt.date.today()


def person(i, joined=None, **extra):
    return members.create_person({"name": f"职工{i}", "id_number": make_id(seq=100 + 2 * i, birth="19850101"),
                                  "department": "动力厂" if i % 2 else "财务部", **extra},
                                 join=("入会", joined) if joined else None).id


def test_an_approval_records_one_join_and_one_card(db):
    ids = [person(i) for i in range(6)]
    member = person(9, joined="2020-01-01")
    assert organisation.apply(ids + [member, ids[0]], TODAY - dt.timedelta(days=3)) == 6
    assert organisation.apply(ids, TODAY) == 0  # already applying
    pending = [a["id"] for a in organisation.applications(pending_only=True)]
    with pytest.raises(ValidationError, match="审批人"):
        organisation.approve(pending, by="")
    cards = organisation.approve(pending, by="王建国")
    assert len(cards) == 6 and len(set(cards)) == 6
    assert organisation.approve(pending, by="王建国") == []  # approving twice does nothing
    for pid in ids:
        events = MembershipEvent.select().where(MembershipEvent.person == pid)
        assert [e.kind for e in events] == ["入会"]
    all_cards = [p.member_card_no for p in Person.select() if p.member_card_no]
    assert len(all_cards) == len(set(all_cards))  # card numbers never repeat


def test_join_rates_by_department_and_the_non_member_list(db):
    for i in range(4):
        person(i, joined="2020-01-01" if i < 2 else None, employment_form="劳务派遣" if i == 3 else "劳动合同制")
    rates = {r["department"]: r for r in organisation.join_rates()}
    assert (rates["动力厂"]["employees"], rates["动力厂"]["members"]) == (2, 1)
    assert rates["财务部"]["rate"] == pytest.approx(0.5)
    non_members = organisation.non_members()
    assert [r["name"] for r in non_members][0] == "职工3"  # 劳务派遣 first
    assert non_members[0]["highlight"]


def test_cadre_register_feeds_the_annual_report(db):
    a, b = person(1, joined="2010-01-01"), person(2, joined="2010-01-01", union_post="工会主席（专职）")
    assert statistics.cadres(TODAY) == (1, 0)  # no register yet: from 工会职务
    cadre = organisation.add_cadre(a, "兼职", "工会委员", "2020-01-01")
    organisation.add_cadre(b, "专职", "工会主席", "2019-01-01")
    organisation.add_training(cadre.id, "2024-05-01", "基层工会干部培训", 16)
    assert statistics.cadres(TODAY) == (1, 1)
    assert organisation.cadres()[1]["hours"] == 16 or organisation.cadres()[0]["hours"] == 16
    members.update_person(a, {**members.person_values(members.get_person(a)), "left_on": "2025-01-01",
                              "hire_date": "2000-01-01"})
    assert statistics.cadres(TODAY) == (1, 0)  # a cadre who left the roster no longer counts
    assert any(c["left"] for c in organisation.cadres())
    with pytest.raises(ValidationError):
        organisation.add_training(cadre.id, "2024-05-01", "培训", 0)


def test_the_over_half_rule_at_its_boundary():
    assert organisation.is_elected(51, 100) and not organisation.is_elected(50, 100)
    assert organisation.is_elected(2, 3) and not organisation.is_elected(1, 3)


def test_an_election_creates_the_new_committee(db):
    ids = [person(i, joined="2015-01-01") for i in range(4)]
    low = organisation.create_election({"kind": "工会委员会", "held_on": "2026-05-01", "entitled": 90, "present": 60})
    organisation.add_candidate(low.id, ids[0], "主席", 50)
    with pytest.raises(ValidationError, match="三分之二"):
        organisation.conclude(low.id)  # exactly two thirds present is not enough
    with pytest.raises(ValidationError, match="实到人数"):
        organisation.add_candidate(low.id, ids[1], "委员", 61)
    election = organisation.create_election({"kind": "工会委员会", "held_on": "2026-05-01", "entitled": 100,
                                             "present": 80, "term_years": 5})
    for pid, post, votes in zip(ids, ("主席", "委员", "委员", "委员"), (70, 51, 50, 20)):
        organisation.add_candidate(election.id, pid, post, votes)
    committee = organisation.conclude(election.id)
    assert committee.term_end == dt.date(2031, 5, 1)
    current = organisation.current_committees()[0]
    assert [(m["name"], m["post"]) for m in current["members"]] == [("职工0", "主席"), ("职工1", "委员")]
    with pytest.raises(ValidationError, match="已根据"):
        organisation.conclude(election.id)


def test_committee_warnings(db):
    ids = [person(i, joined="2015-01-01", gender="") for i in range(24)]
    old = organisation.create_committee("经费审查委员会", "2015-01-01", "2020-01-01")
    organisation.add_committee_member(old.id, ids[0], "主任")
    members.update_person(ids[0], {**members.person_values(members.get_person(ids[0])), "left_on": "2024-01-01"})
    warnings = organisation.committee_warnings()
    women = sum(members.get_person(i).gender == "女" for i in ids[1:])
    assert any("经费审查委员会任期已于 2020-01-01 届满" in w for w in warnings)
    assert any("已不在职工名册" in w for w in warnings)
    assert any("应建立女职工委员会" in w for w in warnings) == (women >= 10)
    organisation.create_committee("女职工委员会", "2025-01-01", "2030-01-01")
    assert not any("女职工委员会" in w for w in organisation.committee_warnings())
