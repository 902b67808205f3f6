"""One order for names: a character at a time by syllable, tone and character, the same in SQL and
in Python."""

from tests.helpers import make_id
from unionoffice.collation import name_key, sort_key
from unionoffice.domain import members
from unionoffice.domain.validation import id_check_char

# In the order a dictionary (and the clerk) expects.
NAMES = ["阿里木", "陈伟", "陈晓东", "程刚", "李", "李桂", "李娜", "李平娟", "林峰", "单雄", "Tom",
         "曾明", "张强", "张三", "章安"]


def _id(n: int) -> str:
    first17 = f"11010119800101{n:03d}"
    return first17 + id_check_char(first17)


def test_names_sort_a_character_at_a_time():
    assert sorted(reversed(NAMES), key=name_key) == NAMES
    assert name_key("陈 伟") == name_key("陈伟")
    # 单 and 曾 as surnames, not as 单位 (dan) or 曾经 (ceng)
    assert sort_key("单位") < sort_key("单雄") and name_key("单雄") > name_key("李")
    assert name_key("Tom") == name_key("tom")


def test_the_roster_in_sql_is_in_the_same_order_as_python(db):
    for n, name in enumerate(reversed(NAMES)):
        members.create_person({"name": name, "id_number": _id(n)})
    ids = members.search_ids(members.RosterFilter())
    assert [members.get_person(i).name for i in ids] == NAMES
    descending = members.search_ids(members.RosterFilter(), "name", True)
    assert [members.get_person(i).name for i in descending] == NAMES[::-1]
    searched = members.search_ids(members.RosterFilter(text="li"))  # the search path sorts too
    assert [members.get_person(i).name for i in searched] == ["阿里木", "李", "李桂", "李娜", "李平娟", "林峰"]


def test_a_renamed_person_moves_to_the_new_place(db):
    first = members.create_person({"name": "程刚", "id_number": _id(1)})
    members.create_person({"name": "陈伟", "id_number": _id(2)})
    values = members.person_values(members.get_person(first.id))
    members.update_person(first.id, {**values, "name": "安刚"})
    assert [members.get_person(i).name for i in members.search_ids(members.RosterFilter())] == ["安刚", "陈伟"]


def test_department_and_group_drop_downs_are_in_pinyin_order(db):
    from unionoffice.domain import activities, congress, suggestions

    for name in ("质检部", "安全环保部", "动力厂", "检修车间", "办公室"):
        members.department_id(name)
    for n, group in enumerate(("装配组", "电工组", "班车组")):
        members.create_person({"name": f"组员{n}", "id_number": make_id(seq=700 + 2 * n), "union_group": group})
    expected = ["安全环保部", "办公室", "动力厂", "检修车间", "质检部"]
    assert [name for _, name in members.departments()] == expected
    assert suggestions.departments() == expected
    assert activities.departments() == expected and congress.departments() == expected
    assert members.union_group_names() == ["班车组", "电工组", "装配组"]
