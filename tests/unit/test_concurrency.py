"""Optimistic concurrency: a save made from what a dialog loaded merges over other desks' changes to
other fields and is refused when the same field was changed elsewhere. Runs on both backends."""

import threading

import pytest

from unionoffice.db.models import Activity, Notice, Person, database
from unionoffice.domain import activities, concurrency, demo, members, notices
from unionoffice.domain.concurrency import ConflictError


@pytest.fixture
def person(chapter_saved):
    demo.fill(5, seed=3)
    return Person.select().order_by(Person.id).first()


def loaded(person_id):
    person = members.get_person(person_id)
    values = members.person_values(person)
    return concurrency.Base(person.row_version, values), values


def test_every_update_raises_the_row_version(person):
    before = person.row_version
    Person.update(position="电工").where(Person.id == person.id).execute()  # any code path
    assert Person.get_by_id(person.id).row_version == before + 1
    members.refresh_state([person.id])
    assert Person.get_by_id(person.id).row_version > before + 1


def test_other_fields_merge_and_the_same_field_is_refused(person):
    base, mine = loaded(person.id)
    # another desk saves a new mobile and position meanwhile
    other_base, other = loaded(person.id)
    members.update_person(person.id, {**other, "mobile": "13911112222", "position": "班长"}, base=other_base)

    # this desk changed only the 学历: merged, the other desk's change kept
    education = "研究生" if mine["education"] != "研究生" else "大学本科"
    members.update_person(person.id, {**mine, "education": education}, base=base)
    saved = members.get_person(person.id)
    assert (saved.mobile, saved.position, saved.education) == ("13911112222", "班长", education)

    # this desk, still on its old copy, changes the position too: refused, nothing written
    with pytest.raises(ConflictError) as caught:
        members.update_person(person.id, {**mine, "position": "车间主任"}, base=base)
    message = str(caught.value)
    assert "岗位" in message and "车间主任" in message and "班长" in message
    assert members.get_person(person.id).position == "班长"


def test_the_same_value_on_both_desks_is_no_conflict(person):
    base, mine = loaded(person.id)
    other_base, other = loaded(person.id)
    members.update_person(person.id, {**other, "position": "班长"}, base=other_base)
    members.update_person(person.id, {**mine, "position": "班长"}, base=base)
    assert members.get_person(person.id).position == "班长"


def test_without_a_base_the_command_line_path_is_unchanged(person):
    _, values = loaded(person.id)
    members.update_person(person.id, {**values, "position": "焊工"})
    assert members.get_person(person.id).position == "焊工"


def test_notices_and_activities_refuse_a_lost_update(chapter_saved):
    import datetime as dt

    n = notices.create({"title": "食堂价格调整", "category": "其他", "content": "<p>一</p>", "department": "后勤"})
    base = concurrency.base_of(Notice.get_by_id(n.id), notices.FIELD_LABELS)
    notices.update(n.id, {"title": "食堂价格调整（修订）", "category": "其他", "content": "<p>一</p>",
                          "department": "后勤", "period_days": n.period_days})
    with pytest.raises(ConflictError, match="修订"):
        notices.update(n.id, {"title": "食堂菜价调整", "category": "其他", "content": "<p>一</p>",
                              "department": "后勤", "period_days": n.period_days}, base=base)
    assert Notice.get_by_id(n.id).title == "食堂价格调整（修订）"

    start = dt.datetime.now().replace(microsecond=0) + dt.timedelta(days=3)
    values = {"name": "拔河比赛", "kind": "文体活动", "starts_at": start, "ends_at": start + dt.timedelta(hours=2),
              "place": "操场", "cap": 20}
    a = activities.create(values)
    base = concurrency.base_of(Activity.get_by_id(a.id), activities.FIELD_LABELS)
    activities.update(a.id, {**values, "place": "体育馆"})
    with pytest.raises(ConflictError, match="体育馆"):
        activities.update(a.id, {**values, "place": "会议室"}, base=base)
    activities.update(a.id, {**values, "place": "体育馆", "cap": 30}, base=base)  # other field: merged
    assert (Activity.get_by_id(a.id).place, Activity.get_by_id(a.id).cap) == ("体育馆", 30)


def test_two_connections_saving_at_once_never_lose_a_change(person):
    """Two threads (each with its own connection, as two desks) save the same loaded copy: one
    wins, the other is refused; neither change is silently overwritten."""
    base, mine = loaded(person.id)
    outcomes = []
    barrier = threading.Barrier(2)

    def desk(position):
        try:
            barrier.wait()
            members.update_person(person.id, {**mine, "position": position}, base=base)
            outcomes.append(("saved", position))
        except ConflictError:
            outcomes.append(("refused", position))
        except Exception as exc:  # SQLite: the second writer may find the file busy
            outcomes.append(("error", repr(exc)))
        finally:
            if not database.is_closed():
                database.close()

    threads = [threading.Thread(target=desk, args=(p,)) for p in ("甲岗", "乙岗")]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    saved = [p for kind, p in outcomes if kind == "saved"]
    assert len(saved) == 1, outcomes
    assert members.get_person(person.id).position == saved[0]


def test_the_log_tells_the_desks_apart_on_a_server(person, db_path):
    import socket

    from unionoffice.db.connection import is_server
    from unionoffice.domain import audit

    _, values = loaded(person.id)
    members.update_person(person.id, {**values, "position": "质检员"})
    entry = audit.entries("person", person.id)[0]
    assert entry.actor and ("@" + socket.gethostname() in entry.actor) == is_server(db_path)
