import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from unionoffice.domain import members, welfare
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import assistance as assistance_ledger
from tests.helpers import make_id

D = dt.date


def person(i=0, name=None, **extra):
    return members.create_person({"name": name or f"职工{i}", "id_number": make_id(seq=100 + i * 2, birth="19800101"),
                                  "department": "动力厂", **extra}).id


def filed_case(pid, applied="2025-03-01", **values):
    case = welfare.open_case(pid, {"category": "深度困难", "family_size": 3, "family_income": "30000", **values},
                             applied, "李秀英")
    for i, _ in enumerate(welfare.FLOW[1:]):
        case = welfare.advance(case.id, D.fromisoformat(applied) + dt.timedelta(days=7 * (i + 1)), "李秀英")
    return case


def test_flow_to_filing_and_per_capita_income(db):
    pid = person()
    case = welfare.open_case(pid, {"category": "相对困难", "family_size": 3, "family_income": "36,000.10"},
                             "2026-01-05", "李秀英")
    assert welfare.per_capita_monthly_fen(case) == 100000  # 36,000.10 / 12 / 3 = 1,000.00
    with pytest.raises(ValidationError, match="经办人"):
        welfare.advance(case.id, "2026-01-10", "")
    for step in welfare.FLOW[1:]:
        case = welfare.advance(case.id, "2026-01-10", "李秀英")
        assert case.stage == step
    assert case.filed_on == D(2026, 1, 10)
    with pytest.raises(ValidationError, match="没有下一步"):
        welfare.advance(case.id, "2026-01-11", "李秀英")
    assert [s.step for s in welfare.steps(case.id)] == list(welfare.FLOW)
    with pytest.raises(ValidationError, match="未退档"):
        welfare.open_case(pid, {"category": "相对困难"})


def test_closing_needs_a_reason_and_the_status_follows_the_history(db):
    pid = person()
    case = filed_case(pid, "2024-03-01")
    assert welfare.status_on(case, D(2024, 6, 1)) == "增量"
    assert welfare.status_on(case, D(2025, 6, 1)) == "存量"
    with pytest.raises(ValidationError, match="原因"):
        welfare.close_case(case.id, "  ", "2025-07-01")
    case = welfare.close_case(case.id, "子女就业", "2025-07-01")
    assert welfare.status_on(case, D(2025, 8, 1)) == ""
    again = filed_case(pid, "2026-01-05")
    assert welfare.status_on(again, D(2026, 3, 1)) == "返困"
    assert welfare.filed_count(D(2025, 6, 30)) == 1 and welfare.filed_count(D(2025, 12, 31)) == 0


def test_a_payment_needs_an_approver_and_money_is_exact(db):
    pid = person()
    with pytest.raises(ValidationError, match="审批人"):
        welfare.pay(pid, {"kind": "医疗救助", "on": "2026-03-01", "amount": "100", "approver": ""})
    with pytest.raises(ValidationError, match="两位小数"):
        welfare.pay(pid, {"kind": "医疗救助", "on": "2026-03-01", "amount": "100.001", "approver": "王建国"})
    with pytest.raises(ValidationError, match="就读阶段"):
        welfare.pay(pid, {"kind": "金秋助学", "on": "2026-08-01", "amount": "3000", "approver": "王建国"})
    for amount in ("0.10", "0.20", "1,000.05"):
        welfare.pay(pid, {"kind": "临时救助", "on": "2026-03-01", "amount": amount, "approver": "王建国"})
    assert welfare.totals(D(2026, 1, 1), D(2026, 12, 31))["amount_fen"] == 100035


def test_holiday_batch_and_aid_suggestion(db):
    ids = [person(i) for i in range(20)]
    created = welfare.pay_batch(ids + ids[:3], {"kind": "送温暖", "occasion": "两节", "on": "2026-01-20",
                                                "amount": "500", "approver": "王建国"})
    assert len(created) == 20
    totals = welfare.totals(D(2025, 10, 1), D(2026, 9, 30))
    assert (totals["times"], totals["warmth_times"], totals["amount_fen"]) == (20, 20, 1000000)
    filed_case(ids[0], "2025-03-01")
    assert welfare.suggested_aid_fen(ids[0], "大学") == 500000
    assert welfare.suggested_aid_fen(ids[1], "高中") == 200000
    from unionoffice.domain import settings

    settings.put_many({"welfare.aid.unfiled.高中": 250000})
    assert welfare.suggested_aid_fen(ids[1], "高中") == 250000


def test_campaign_balance_and_overdraw_warning(db):
    pid = person()
    campaign = welfare.create_campaign("为重病职工献爱心", "2026-02-01")
    welfare.donate(campaign.id, "100", "2026-02-02", person_id=pid)
    welfare.donate(campaign.id, "200.50", "2026-02-03", donor="兄弟单位")
    with pytest.raises(welfare.Overdraw, match="超过捐款余额 300.50"):
        welfare.pay(pid, {"kind": "医疗救助", "on": "2026-02-10", "amount": "400", "approver": "王建国",
                          "campaign_id": campaign.id})
    item = welfare.pay(pid, {"kind": "医疗救助", "on": "2026-02-10", "amount": "300", "approver": "王建国",
                             "campaign_id": campaign.id})
    assert item.source == "捐款"
    row = welfare.campaigns()[0]
    assert (row["collected_fen"], row["paid_fen"], row["balance_fen"], row["donors"]) == (30050, 30000, 50, 2)
    welfare.pay(pid, {"kind": "医疗救助", "on": "2026-02-11", "amount": "100", "approver": "王建国",
                      "campaign_id": campaign.id}, allow_overdraw=True)
    assert welfare.campaigns()[0]["balance_fen"] == -9950


def test_a_person_who_leaves_keeps_their_history(db):
    pid = person()
    filed_case(pid)
    welfare.pay(pid, {"kind": "慰问", "on": "2025-05-01", "amount": "800", "approver": "王建国"})
    members.update_person(pid, {**members.person_values(members.get_person(pid)), "left_on": "2025-12-31"})
    assert len(welfare.assistance(welfare.AssistanceFilter(person_id=pid))) == 1
    assert welfare.cases(welfare.CaseFilter())[0]["person"] == pid
    with pytest.raises(ValidationError):
        members.delete_person(pid)  # records elsewhere: 转出/退会 instead


def test_workbook_totals_read_back_exactly(db, tmp_path):
    ids = [person(i) for i in range(3)]
    filed_case(ids[0], "2026-01-05", card_no="6222020200112233445")
    for pid, amount in zip(ids, ("0.10", "0.20", "1,234.56")):
        welfare.pay(pid, {"kind": "送温暖", "on": "2026-01-20", "amount": amount, "approver": "王建国"})
    welfare.pay(ids[0], {"kind": "医疗救助", "on": "2026-03-01", "amount": "2000", "approver": "王建国"})
    out = tmp_path / "welfare.xlsx"
    written = assistance_ledger.export_workbook(out, 2026)
    assert written["paid_fen"] == 323486
    wb = load_workbook(out)
    assert wb.sheetnames == ["困难职工档案台账", "帮扶发放明细", "两节送温暖统计表", "家庭成员"]  # 家庭成员: issue 27
    payments = list(wb["帮扶发放明细"].iter_rows(min_row=3, values_only=True))
    data, total = payments[:-1], payments[-1]
    assert total[0] == "合计" and Decimal(str(total[6])) == Decimal("3234.86")
    assert sum(Decimal(str(r[6])) for r in data) == Decimal("3234.86")
    assert all("*" in r[2] for r in data) and payments[0][11] is None  # masked, signature column empty
    assert "屏蔽" in wb["帮扶发放明细"]["A1"].value
    warmth = list(wb["两节送温暖统计表"].iter_rows(min_row=3, values_only=True))
    assert warmth[-1][2] == 3 and Decimal(str(warmth[-1][3])) == Decimal("1234.86")
    cases = list(wb["困难职工档案台账"].iter_rows(min_row=3, values_only=True))
    assert cases[0][5:7] == ("深度困难", "增量") and "*" in cases[0][16]
    full = tmp_path / "full.xlsx"
    assistance_ledger.export_workbook(full, 2026, full=True)
    assert load_workbook(full)["困难职工档案台账"]["Q3"].value == "6222020200112233445"


def test_payment_ledger_import(db, db_path, tmp_path):
    from tests.helpers import write_roster

    a, b = person(0, "张伟"), person(1, "李娜")
    person(2, "李娜")  # a namesake: name alone is ambiguous
    path = write_roster(tmp_path / "old.xlsx", ["姓名", "证件号码", "帮扶类型", "日期", "金额（元）", "资金来源", "审批人", "备注"], [
        ["张伟", "", "送温暖", "2025-01-20", "500", "本级工会经费", "王建国", ""],
        ["李娜", make_id(seq=102, birth="19800101"), "医疗救助", "2025-03-01", "1,200.50", "", "", "历史记录无审批人"],
        ["李娜", "", "慰问", "2025-03-01", "300", "", "王建国", ""],
        ["赵六", "", "慰问", "2025-03-01", "300", "", "王建国", ""],
        ["张伟", "", "慰问", "2025-03-01", "三百", "", "王建国", ""],
        ["张伟", "", "慰问", "2025-03-01", "-300", "", "王建国", ""],
    ], text_columns=("B",))
    plan = assistance_ledger.read_ledger(path)
    reasons = {r.row: (r.column, r.reason) for r in plan.rejections}
    assert "2 个“李娜”" in reasons[4][1] and "没有“赵六”" in reasons[5][1]
    assert reasons[6][0] == "金额（元）" and "负数" in reasons[7][1]
    assistance_ledger.apply(plan, db_path=db_path)
    assert welfare.totals(D(2025, 1, 1), D(2025, 12, 31))["amount_fen"] == 170050
    assert assistance_ledger.read_ledger(path).unchanged == 2
    out = tmp_path / "export.xlsx"
    assistance_ledger.export_workbook(out, 2025)
    again = assistance_ledger.read_ledger(out)
    assert (len(again.new), again.unchanged) == (0, 2)
    assert {a, b} == {r["person"] for r in welfare.assistance(welfare.AssistanceFilter(year=2025))}
