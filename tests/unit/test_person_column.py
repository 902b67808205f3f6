"""The ``person`` column type (issue 19): one engine lookup for every ledger that names people by
证件号码 or a unique name, with the same messages whichever ledger reads it."""

from __future__ import annotations

import pytest

from tests.helpers import make_id, write_roster
from unionoffice.domain import members
from unionoffice.domain.validation import ValidationError, mask_id
from unionoffice.ledgers import get
from unionoffice.ledgers.engine import find_person


def person(name: str, seq: int):
    return members.create_person({"name": name, "id_number": make_id(seq=seq)})


def test_one_lookup_and_one_wording_for_every_ledger(db, tmp_path):
    zhang = person("张伟", 111)
    twins = [person("李娜", 122), person("李娜", 133)]
    assert find_person(" 张伟 ", "") == zhang.id
    assert find_person("张伟", zhang.id_number.lower()) == zhang.id
    assert find_person("李娜", mask_id(twins[1].id_number)) == twins[1].id  # a masked number narrows the name
    for name, number, field, reason in (("", "", "姓名", "必须填写"), ("王五", "", "姓名", "名册中没有“王五”"),
                                        ("李娜", "", "姓名", "名册中有 2 个“李娜”，请填写证件号码区分"),
                                        ("李四", zhang.id_number, "姓名", "与名册中此证件号码的姓名“张伟”不一致"),
                                        ("张伟", make_id(seq=999), "证件号码", "名册中没有此证件号码")):
        with pytest.raises(ValidationError) as caught:
            find_person(name, number)
        assert (caught.value.field, caught.value.reason) == (field, reason)

    # the payroll and the payments read the same rows the same way
    rows = [["王五", ""], ["李娜", ""], ["李娜", mask_id(twins[0].id_number)]]
    wages = get("wages").read(write_roster(tmp_path / "w.xlsx", ["姓名", "证件号码", "基本工资"],
                                           [r + [5000] for r in rows]), month="2026-11")
    payments = get("assistance").read(write_roster(
        tmp_path / "a.xlsx", ["姓名", "证件号码", "帮扶类型", "日期", "金额"],
        [r + ["送温暖", "2026-01-10", 500] for r in rows]))
    for plan in (wages, payments):
        assert [(r.row, r.column, r.reason) for r in plan.rejections] == [
            (2, "姓名", "名册中没有“王五”"), (3, "姓名", "名册中有 2 个“李娜”，请填写证件号码区分")]
        assert [v["person"] for v in plan.new] == [twins[0].id]
