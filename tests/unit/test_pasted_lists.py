"""Who a list pasted from Excel/WPS names (members.find_listed), as sign-up sheets come: with a 序号
column before the names, with or without a header row, by 证件号码 or by name."""

from tests.helpers import make_id
from unionoffice.domain import members


def _people():
    return {name: members.create_person({"name": name, "id_number": make_id(seq=700 + 2 * i)}).id
            for i, name in enumerate(["王建国", "刘洋", "陈静"])}


def test_a_serial_number_column_before_the_names_is_passed_over(db):
    ids = _people()
    with_header = [["序号", "姓名", "证件号码", "部门"], ["1", "王建国", make_id(seq=700), "机加工车间"],
                   ["2", "钱多多", "", "后勤"], ["3", "刘洋", "", "机加工车间"]]
    listed = members.find_listed(with_header)
    assert listed.ids == [ids["王建国"], ids["刘洋"]] and listed.missing == ["钱多多"]
    without_header = [["1", "陈静", ""], ["2", "钱多多"], ["3", "刘洋"]]
    listed = members.find_listed(without_header)
    assert listed.ids == [ids["陈静"], ids["刘洋"]] and listed.missing == ["钱多多"]


def test_the_named_column_is_read_even_after_other_text(db):
    ids = _people()
    rows = [["工号", "班组", "姓名"], ["A01", "一班", "陈静"], ["A02", "二班", "无此人"]]
    listed = members.find_listed(rows)
    assert listed.ids == [ids["陈静"]] and listed.missing == ["无此人"]
    assert members.find_listed([["7"], ["8"]]).missing == ["7", "8"]  # numbers only: named as pasted
