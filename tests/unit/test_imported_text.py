"""What the ledger importers store (issue 20): every text field cleaned and kept within its
column's size, a blank amount never turned into 0, one ID check everywhere, and exports that never
fail on what the database holds."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from unionoffice.db.models import Assistance, Motion
from unionoffice.domain import demo, dues, members, welfare
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import motions as motions_ledger
from unionoffice.ledgers import wages as wages_ledger
from unionoffice.ledgers import assistance as assistance_ledger
from tests.helpers import make_id, write_roster

VT = "_x000B_"  # how a vertical tab is stored in an .xlsx cell (openpyxl refuses the character itself)


def person(i, name):
    return members.create_person({"name": name, "id_number": make_id(seq=100 + 2 * i, birth="19800101")}).id


def test_assistance_ledger_cleans_notes_refuses_blank_amounts_and_long_text(db, db_path, tmp_path):
    person(0, "张伟")
    path = write_roster(tmp_path / "aid.xlsx", ["姓名", "帮扶类型", "日期", "金额（元）", "审批人", "备注"], [
        ["张伟", "慰问", "2025-03-01", "300", "王建国", f"第一行{VT}第二行\n第三行"],
        ["张伟", "送温暖", "2025-01-20", None, "王建国", ""],
        ["张伟", "医疗救助", "2025-02-01", "—", "王建国", ""],
        ["张伟", "临时救助", "2025-02-02", "100", "王建国", "长" * 2500],
    ])
    plan = assistance_ledger.read_ledger(path)
    reasons = {r.row: (r.column, r.reason) for r in plan.rejections}
    assert reasons[3][0] == "金额（元）" and "必须填写" in reasons[3][1]
    assert reasons[4][0] == "金额（元）" and "必须填写" in reasons[4][1]
    assert reasons[5] == ("备注", "内容过长（2,500 字，最多 2,000 字）")
    assistance_ledger.apply(plan, db_path=db_path)
    (stored,) = Assistance.select()
    assert stored.note == "第一行第二行\n第三行" and stored.amount_fen == 30000


def test_a_blank_wage_never_replaces_a_stored_base(db, db_path, tmp_path):
    a, b = person(0, "张伟"), person(1, "李娜")
    dues.set_base(a, "2026-11", "6000")
    path = write_roster(tmp_path / "pay.xlsx", ["姓名", "基本工资"], [["张伟", None], ["李娜", "—"]])
    plan = wages_ledger.read_wages(path, "2026-11")
    assert (plan.new, plan.updates, plan.rejections) == ([], [], [])
    assert [(s["row"], "为空" in s["reason"]) for s in plan.summary()["skipped"]] == [(2, True), (3, True)]
    wages_ledger.apply_wages(plan, db_path=db_path)
    assert dues.bases_for(dt.date(2026, 11, 1)).get(a) == 600000 and b not in dues.bases_for(dt.date(2026, 11, 1))


def test_a_family_member_id_is_checked_as_the_roster_checks_it(db):
    pid = person(0, "张伟")
    case = welfare.open_case(pid, {"category": "深度困难", "family_size": 3, "family_income": "30000"},
                             dt.date(2025, 3, 1), "李秀英")
    good = make_id(seq=301, birth="20100101")
    wrong = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationError, match="校验位"):
        welfare.add_family_member(case.id, {"name": "张小明", "id_number": wrong})
    with pytest.raises(ValidationError, match="18位"):
        welfare.add_family_member(case.id, {"name": "张小明", "id_number": good[:16]})
    member = welfare.add_family_member(case.id, {"name": "张小明", "id_number": " " + good.lower() + "\u200b"})
    assert member.id_number == good
    assert welfare.add_family_member(case.id, {"name": "张小红", "id_number": ""}).id_number == ""


def test_exports_never_fail_on_control_characters_already_stored(chapter_saved, tmp_path):
    demo.fill(40, seed=5)
    Assistance.update(note="旧数据\x0b竖向制表符").execute()
    Motion.update(reason="理由\x0b一", proposal="建议\x07", review_reason="意见\x1f").execute()
    year = Assistance.select().first().on.year
    assistance_ledger.export_workbook(tmp_path / "welfare.xlsx", year, full=True)
    from unionoffice.domain import congress

    motions_ledger.export_session(tmp_path / "motions.xlsx", congress.congresses()[0].id)
    cells = [c.value for ws in load_workbook(tmp_path / "motions.xlsx").worksheets
             for row in ws.iter_rows() for c in row if isinstance(c.value, str)]
    assert "理由一" in cells and "建议" in cells


def test_motion_ledger_text_is_cleaned_with_its_line_breaks_kept(chapter_saved, tmp_path):
    demo.fill(40, seed=5)
    from unionoffice.domain import congress

    out = tmp_path / "motions.xlsx"
    motions_ledger.export_session(out, congress.congresses()[0].id)
    wb = load_workbook(out)
    ws = wb["提案汇总表"]
    ws.cell(row=3, column=5).value = f"第一段{VT}\n第二段"
    ws.cell(row=3, column=4).value = "长" * 250
    ws.cell(row=4, column=5).value = f"第一段{VT}\n第二段"
    wb.save(out)
    plan = motions_ledger.read_ledger(out)
    reasons = {r.row: (r.column, r.reason) for r in plan.rejections}
    assert reasons[3] == ("案由", "内容过长（250 字，最多 200 字）")
    cleaned = motions_ledger._check({**{k: ws.cell(row=4, column=c + 1).value for k, c in
                                    [("number", 0), ("congress", 1), ("category", 2), ("title", 3),
                                     ("proposer", 6), ("submitted_on", 8)]},
                                 "reason": "第一段\x0b\r\n第二段"})
    assert cleaned["reason"] == "第一段\n第二段"


@pytest.mark.parametrize("value, expected", [
    (43831, dt.date(2020, 1, 1)), (43831.75, dt.date(2020, 1, 1)), ("1985-03-12 00:00:00", dt.date(1985, 3, 12)),
    ("2020/1/1 8:30", dt.date(2020, 1, 1)), ("1985.03", dt.date(1985, 3, 1)), (1985.1, dt.date(1985, 10, 1)),
    ("1985年3月", dt.date(1985, 3, 1)), ("198503", dt.date(1985, 3, 1)), (19850312, dt.date(1985, 3, 12)),
])
def test_dates_as_hr_writes_them(value, expected):
    from unionoffice.domain.validation import parse_date

    assert parse_date(value, "出生年月", allow_month=True) == expected


def test_a_year_month_is_refused_where_a_day_is_needed_and_phones_are_normalised():
    from unionoffice.domain.validation import normalise_mobile, parse_date

    with pytest.raises(ValidationError, match="无法识别"):
        parse_date("1985.03", "入职日期")
    for written in ("+86 138 0013 8000", "0086-13800138000", "86-138-0013-8000", "(138)0013 8000", 13800138000.0):
        assert normalise_mobile(written) == "13800138000"
    with pytest.raises(ValidationError):
        normalise_mobile("010-65123456")


def test_blank_cells_of_an_activity_ledger_keep_what_is_stored(db, tmp_path):
    from openpyxl import load_workbook

    from unionoffice.domain import activities
    from unionoffice.ledgers import activities as activities_ledger

    soon = dt.date.today() + dt.timedelta(days=5)
    activities.create({"name": "职工篮球赛", "kind": "文体活动", "starts_at": soon, "budget": "3000",
                       "place": "体育馆", "department": "工会"})
    out = tmp_path / "ledger.xlsx"
    activities_ledger.export_ledger(out, soon.year)
    wb = load_workbook(out)
    ws = wb["活动台账"]
    header = [c.value for c in ws[2]]
    for title in ("地点", "组织部门", "预算（元）"):
        ws.cell(row=3, column=header.index(title) + 1).value = None
    wb.save(out)
    plan = activities_ledger.read_ledger(out)
    assert (len(plan.updates), plan.unchanged) == (0, 1)
