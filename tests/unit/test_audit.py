"""The audit log speaks the clerk's language: who (the clerk's own name, not the login), what (Chinese
actions, objects and fields), values a clerk reads (money in 元, people by name), and when (to the
second)."""

import datetime as dt
import getpass

import pytest

from unionoffice.db.models import AuditLog, MotionEvent
from unionoffice.domain import activities, audit, congress, members, welfare
from unionoffice.domain.validation import ValidationError
from tests.helpers import make_id


def test_the_clerks_own_name_is_the_actor_once_given(db):
    login = audit.login_name()  # user@computer on a server office
    assert login.split("@")[0] == getpass.getuser()
    assert audit.clerk_name() == "" and audit._actor() == login  # until a name is given
    assert audit.set_clerk_name("  李秀英 ") == "李秀英"
    assert audit.clerk_name() == "李秀英"
    zhang = members.create_person({"name": "张伟", "id_number": make_id(seq=111)}, join=("入会", "2020-01-01"))
    assert AuditLog.select().order_by(AuditLog.id.desc()).first().actor == "李秀英"
    wang = members.create_person({"name": "王芳", "id_number": make_id(seq=113)}, join=("入会", "2020-01-01"))
    li = members.create_person({"name": "李娜", "id_number": make_id(seq=115)}, join=("入会", "2020-01-01"))
    c = congress.save_congress({"term": 1, "session": 1, "starts_on": "2026-03-01"})
    congress.add_representatives(1, [zhang.id, wang.id, li.id])
    motion = congress.create_motion(c.id, {"title": "食堂", "category": "其他", "proposer_id": zhang.id,
                                           "seconder_ids": [wang.id, li.id], "submitted_on": "2026-03-02"})
    assert {e.recorded_by for e in MotionEvent.select().where(MotionEvent.motion == motion.id)} == {"李秀英"}
    with pytest.raises(ValidationError, match="姓名"):
        audit.set_clerk_name("  ")
    assert audit.readable(audit.entries(action="clerk"))[0]["after"] == "登记人姓名：李秀英"


def test_log_entries_read_in_chinese_with_money_in_yuan_and_the_time(db):
    """Issue 21: 操作日志 showed “attendance/activity”, “amount_fen：200000” and only the date."""
    person = members.create_person({"name": "张伟", "id_number": make_id(seq=111)})
    activity = activities.create({"name": "篮球赛", "kind": "文体活动", "starts_at": "2026-05-04 14:00"})
    activities.sign_up(activity.id, [person.id], confirm_past=True)
    activities.mark_attendance(activity.id, person.id)
    welfare.pay(person.id, {"kind": "医疗救助", "on": "2026-05-05", "amount": "2000", "approver": "王建国"})
    rows = audit.readable(audit.entries())
    attendance = next(r for r in rows if r["action"] == "签到")
    assert attendance["table"] == "活动"
    assert attendance["after"] == "到场：是；职工：张伟；当天补登：否"
    paid = next(r for r in rows if r["action"] == "帮扶发放")
    assert paid["table"] == "帮扶发放" and "金额：2,000.00 元" in paid["after"] and "类型：医疗救助" in paid["after"]
    assert dt.datetime.strptime(paid["at"], "%Y-%m-%d %H:%M:%S")
    created = next(r for r in rows if r["action"] == "新增" and r["table"] == "活动")
    assert "名称：篮球赛" in created["after"] and "开始时间：2026-05-04 14:00" in created["after"]
    english = [r for r in rows for key in ("action", "table", "before", "after") if "_" in r[key]]
    assert not english


def test_the_chapters_own_settings_and_an_activitys_money_read_in_chinese(db):
    """Seen in the week's walkthrough: 本单位工会 showed “address：（空）；chairman：…” and an activity
    “预算（分）：0.00 元”."""
    from unionoffice.domain import chapter

    chapter.save({"unit_name": "华北石化有限公司", "union_name": "华北石化有限公司工会委员会", "chairman": "王建国"})
    activities.create({"name": "篮球赛", "kind": "文体活动", "starts_at": "2026-05-04 14:00", "budget": "300"})
    rows = {r["table"]: r for r in audit.readable(audit.entries())}
    saved = rows["本单位工会"]["after"]
    assert "工会主席：王建国" in saved and "单位名称：华北石化有限公司" in saved
    assert not any(k in saved for k in ("chairman", "unit_name", "address"))
    assert "预算：300.00 元" in rows["活动"]["after"] and "（分）" not in rows["活动"]["after"]


def test_ids_written_here_belong_to_the_office_they_were_written_in(db_path, tmp_path):
    """Another office opened in the same program numbers its audit ids anew: an id this program wrote
    in the first office must not hide another program's change to the second."""
    from unionoffice.db.connection import close_database, open_database

    open_database(tmp_path / "first.sqlite3")
    try:
        members.create_person({"name": "张伟", "id_number": make_id(seq=111)})
        newest = AuditLog.select().order_by(AuditLog.id.desc()).first().id
        assert not audit.written_elsewhere(0, newest)  # all ours
    finally:
        close_database()
    open_database(tmp_path / "second.sqlite3")
    try:
        AuditLog.create(action="create", table_name="person")  # as another program would, no record()
        assert audit.written_elsewhere(0, AuditLog.select().order_by(AuditLog.id.desc()).first().id)
    finally:
        close_database()
