import datetime as dt
import json

import pytest

from unionoffice.db.models import AuditLog, Person, UnionGroup
from unionoffice.domain import members
from unionoffice.domain.validation import ValidationError
from tests.helpers import make_id

D = dt.date


def add(name, birth="19850312", seq=123, join=None, **extra):
    values = {"name": name, "id_number": make_id(birth, seq=seq), **extra}
    return members.create_person(values, join=("入会", join) if join else None)


def test_membership_is_a_history(db):
    p = add("张伟", join="2010-05-01")
    members.add_event(p.id, "转出", "2020-03-01", "劳动(工作)关系发生变化")
    assert not members.is_member_on(p.id, D(2010, 4, 30))
    assert members.is_member_on(p.id, D(2010, 5, 1))
    assert members.is_member_on(p.id, D(2020, 2, 29))
    assert not members.is_member_on(p.id, D(2020, 3, 1))
    members.add_event(p.id, "转入", "2022-01-01")
    assert members.is_member_on(p.id, D(2023, 1, 1))
    assert [e.kind for e in members.history(p.id)] == ["入会", "转出", "转入"]
    assert members.get_person(p.id).membership_state == "转入"


def test_retired_member_on_hold_is_still_a_member(db):
    p = add("李娜", join="1990-01-01", employment_status="退休")
    members.add_event(p.id, "保留", "2020-01-01", "退休")
    assert members.is_member_on(p.id, D.today())
    assert members.headcount() == (1, 1)


def test_event_rules(db):
    p = add("王芳", join="2015-01-01")
    with pytest.raises(ValidationError, match="已是会员"):
        members.add_event(p.id, "入会", "2016-01-01")
    with pytest.raises(ValidationError, match="原因"):
        members.add_event(p.id, "退会", "2016-01-01")
    with pytest.raises(ValidationError, match="之后"):
        members.add_event(p.id, "退会", D.today() + dt.timedelta(days=1), "个人要求退会")
    q = add("赵强", seq=125)
    with pytest.raises(ValidationError, match="不是会员"):
        members.add_event(q.id, "转出", "2016-01-01", "失业")
    members.add_event(p.id, "退会", "2018-01-01", "个人要求退会")
    with pytest.raises(ValidationError, match="时间顺序"):
        members.add_event(p.id, "转入", "2017-01-01")


def test_undo_only_the_newest_event(db):
    p = add("孙丽", join="2015-01-01")
    members.add_event(p.id, "退会", "2018-01-01", "个人要求退会")
    first, last = members.history(p.id)
    with pytest.raises(ValidationError):
        members.delete_event(first.id)
    members.delete_event(last.id)
    assert members.get_person(p.id).membership_state == "入会"


def test_headcount_counts_by_recorded_dates(db):
    add("甲", seq=111, join="2010-01-01", hire_date="2009-01-01")
    add("乙", seq=113, join="2021-06-01", hire_date="2021-01-01")
    add("丙", seq=115, hire_date="2000-01-01")
    left = add("丁", seq=117, join="2005-01-01")
    members.add_event(left.id, "转出", "2019-12-31", "劳动(工作)关系发生变化")
    Person.update(left_on=D(2019, 12, 31)).where(Person.id == left.id).execute()
    assert members.headcount(D(2019, 6, 30)) == (3, 2)
    assert members.headcount(D(2020, 6, 30)) == (2, 1)
    assert members.headcount(D(2022, 1, 1)) == (3, 2)
    assert members.join_rate(3, 2) == pytest.approx(2 / 3)


def test_validation_of_a_person(db):
    with pytest.raises(ValidationError) as err:
        members.create_person({"name": "", "id_number": make_id()})
    assert err.value.field == "姓名"
    with pytest.raises(ValidationError) as err:
        members.create_person({"name": "周", "id_number": make_id(), "birth_date": "1985-03-13"})
    assert err.value.field == "出生日期"
    with pytest.raises(ValidationError) as err:
        members.create_person({"name": "周", "id_number": make_id(seq=124), "gender": "男"})
    assert err.value.field == "性别"
    p = members.create_person({"name": "周", "id_number": make_id(seq=124), "hukou_type": "农村",
                               "education": "本科", "mobile": "138 1234 5678"})
    assert (p.gender, p.birth_date, p.hukou_type, p.is_migrant, p.education, p.mobile) == (
        "女", D(1985, 3, 12), "农业户口", True, "大学本科", "13812345678")
    with pytest.raises(ValidationError, match="已登记在 周 名下"):
        members.create_person({"name": "周二", "id_number": make_id(seq=124)})


def test_search_by_name_pinyin_initials_phone_and_id_tail(db):
    zw = add("张伟", seq=111, department="动力厂", mobile="13812345678")
    add("李娜", seq=122, department="财务部", mobile="13900001111")
    cz = add("曾志", seq=133)

    def ids(text, **kw):
        return members.search_ids(members.RosterFilter(text=text, **kw))

    assert ids("张") == [zw.id]
    assert ids("zhangwei") == [zw.id]
    assert ids("zw") == [zw.id]
    assert ids("ZW") == [zw.id]
    assert ids("zengzhi") == [cz.id]  # 曾 as a surname reads zeng
    assert ids("5678") == [zw.id]
    assert ids(zw.id_number[-4:]) == [zw.id]
    assert ids("财务") != [] and zw.id not in ids("财务")
    assert ids("HY") == []
    assert len(ids("")) == 3


def test_sort_by_name_uses_pinyin_and_filters_combine(db):
    a = add("阿明", seq=111, join="2020-01-01")
    z = add("朱丽", seq=122, hukou_type="农业户口")
    b = add("白云", seq=133, join="2020-01-01")
    assert members.search_ids(members.RosterFilter()) == [a.id, b.id, z.id]
    assert members.search_ids(members.RosterFilter(), "name", True) == [z.id, b.id, a.id]
    assert members.search_ids(members.RosterFilter(membership="member")) == [a.id, b.id]
    assert members.search_ids(members.RosterFilter(membership="nonmember")) == [z.id]
    assert members.search_ids(members.RosterFilter(migrant=True)) == [z.id]
    assert members.summary(members.RosterFilter()) == (3, 2)
    assert members.search(members.RosterFilter(), "name") == ([a.id, b.id, z.id], 3, 2, 0)
    assert members.search(members.RosterFilter(migrant=True)) == ([z.id], 1, 0, 0)


def test_people_who_left_are_listed_with_the_box_ticked_but_not_counted(db):
    """含已离职: the list shows them; 职工, 会员 and so 入会率 count only those still employed."""
    stays = add("阿明", seq=111, join="2020-01-01")
    goes = add("白云", seq=133, join="2020-01-01")
    members.add_event(goes.id, "转出", "2024-06-30", "劳动(工作)关系发生变化", leave=True)
    everyone = members.RosterFilter(include_left=True)
    assert members.search(everyone) == ([stays.id, goes.id], 1, 1, 1)
    assert members.summary(everyone) == (1, 1)
    assert members.search(members.RosterFilter()) == ([stays.id], 1, 1, 0)


def test_leaving_ends_the_employment_status_in_post(db):
    """转出 with 离职: 就业状况 no longer says 在岗 (失业 when that is the reason, else 其他); a status
    that still holds after leaving (退休) is kept; without 离职 nothing changes."""
    a = add("阿明", seq=111, join="2020-01-01")
    b = add("白云", seq=133, join="2020-01-01")
    c = add("陈东", seq=145, join="2020-01-01", employment_status="退休")
    d = add("丁一", seq=157, join="2020-01-01")
    members.add_event(a.id, "转出", "2024-06-30", "劳动(工作)关系发生变化", leave=True)
    members.add_event(b.id, "退会", "2024-06-30", "所在企业破产", leave=True)
    members.add_event(c.id, "转出", "2024-06-30", "劳动(工作)关系发生变化", leave=True)
    members.add_event(d.id, "转出", "2024-06-30", "劳动(工作)关系发生变化")
    assert [members.get_person(p.id).employment_status for p in (a, b, c, d)] == ["其他", "失业", "退休", "在岗"]
    members.add_event(d.id, "转入", "2025-01-01", "", employment_status="其他")  # no 离职: kept
    assert members.get_person(d.id).employment_status == "在岗"


def test_delete_only_without_records_elsewhere(db):
    p = add("钱多", seq=111, join="2020-01-01", department="动力厂")
    q = add("钱少", seq=122)
    UnionGroup.create(name="第一小组", leader=p.id)
    with pytest.raises(ValidationError, match="转出"):
        members.delete_person(p.id)
    members.delete_person(q.id)
    assert Person.get_or_none(Person.id == q.id) is None


def test_audit_log_never_holds_numbers_in_clear(db):
    p = add("吴用", seq=111, mobile="13812345678")
    members.update_person(p.id, {**members.person_values(p), "mobile": "13987654321"})
    assert members.reveal(p.id, "id_number") == p.id_number
    text = " ".join(f"{e.before} {e.after}" for e in AuditLog.select())
    assert p.id_number not in text and "13812345678" not in text and "13987654321" not in text
    reveal = AuditLog.get(AuditLog.action == "reveal")
    assert json.loads(reveal.after) == {"field": "证件号码"}
    update = AuditLog.get(AuditLog.action == "update", AuditLog.table_name == "person")
    assert json.loads(update.after) == {"mobile": "139****4321"}


def test_card_number_generated_on_joining(db):
    p = add("郑和", seq=111, join="2020-01-01")
    q = add("郑成", seq=122, join="2020-01-01")
    assert p.member_card_no == "HY000001" and q.member_card_no == "HY000002"


def test_leaving_the_enterprise_stops_counting_as_employee(db):
    p = add("冯军", seq=111, join="2010-01-01", hire_date="2009-01-01")
    members.add_event(p.id, "转出", "2024-06-30", "劳动(工作)关系发生变化", leave=True)
    assert members.get_person(p.id).left_on == D(2024, 6, 30)
    assert members.headcount(D(2024, 6, 29)) == (1, 1)
    assert members.headcount(D(2024, 6, 30)) == (0, 0)
    assert members.search_ids(members.RosterFilter()) == []
    assert members.search_ids(members.RosterFilter(include_left=True)) == [p.id]
    values = members.person_values(members.get_person(p.id))
    members.update_person(p.id, {**values, "left_on": ""})  # taken back on the person's page
    assert members.get_person(p.id).left_on is None
    with pytest.raises(ValidationError, match="早于入职日期"):
        members.update_person(p.id, {**values, "left_on": "2008-01-01"})


def test_the_first_rows_of_the_roster_begin_its_whole_list_in_every_sort(db):
    from unionoffice.domain import demo

    demo.fill(60, seed=4)
    for key, _label in members.ROSTER_COLUMNS:
        for descending in (False, True):
            for f in (members.RosterFilter(), members.RosterFilter(text="部", include_left=True)):
                whole = members.search(f, key, descending)
                first = members.roster_rows_first(f, key, descending, limit=9)
                assert [r[0] for r in first] == whole.ids[:9], (key, descending)
                assert members.roster_view(members.roster_rows_first(f, key, descending, limit=10 ** 6)) == whole
