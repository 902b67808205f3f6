"""经费 (domain.md §14): vouchers, linked lines counted once, journals, closing, budget, reports."""

import datetime as dt

import pytest

from unionoffice.domain import activities, audit, dues, funds, members, welfare
from unionoffice.domain.validation import ValidationError
from tests.helpers import make_id

YEAR = dt.date.today().year - 1  # a whole past year: no date of it is in the future


def day(month, d=10, year=YEAR):
    return dt.date(year, month, d)


def voucher(**extra):
    values = {"on": day(3), "direction": "支出", "category": "职工活动支出", "item": "文体活动支出",
              "amount": "1,000.00", "settlement": "银行存款", "approver": "王主席", "summary": "购买球衣", **extra}
    return funds.create(values)


def person(seq=1, name="李明"):
    return members.create_person({"name": name, "id_number": make_id(seq=100 + seq * 2)},
                                 join=("入会", "2020-01-01")).id


def test_vouchers_are_numbered_per_year_need_an_approver_and_no_future_date(db):
    assert [voucher().number, voucher().number, voucher(on=day(1, year=YEAR + 1)).number] == [1, 2, 1]
    with pytest.raises(ValidationError) as exc:
        voucher(approver=" ")
    assert exc.value.field == "审批人"
    with pytest.raises(ValidationError) as exc:
        voucher(on=dt.date.today() + dt.timedelta(days=1))
    assert exc.value.field == "日期"
    with pytest.raises(ValidationError) as exc:
        voucher(number=2)
    assert "已有 002 号凭证" in exc.value.reason
    with pytest.raises(ValidationError) as exc:
        voucher(category="拨缴经费收入")  # an income category on a spending voucher
    assert exc.value.field == "类别"
    assert funds.voucher_lines(YEAR)[0].amount_fen == 100000


def test_a_spending_over_a_limit_is_warned_naming_it_and_what_was_received(db):
    pid = person()
    gift = {"category": "职工活动支出", "item": "会员活动支出-节日慰问", "person": pid}
    voucher(amount="1500", **gift)
    assert funds.warnings({"on": day(9), "direction": "支出", "amount": "400", "approver": "王", **gift}) == []
    found = funds.warnings({"on": day(9), "direction": "支出", "amount": "600", "approver": "王", **gift})
    assert found == [f"超过节日慰问每人每年限额 2,000.00 元：李明 {YEAR}年已领 1,500.00 元，"
                     f"加上本笔 600.00 元共 2,100.00 元。"]
    voucher(on=day(9), amount="600", **gift)
    assert dict(funds.review_summary(YEAR))["超过限额的支出凭证"] == 1  # the one that passed it, not the first
    funds.set_limits({"节日慰问": 300000})  # a setting, not a constant
    assert funds.warnings({"on": day(9), "direction": "支出", "amount": "600", "approver": "王", **gift}) == []
    assert dict(funds.review_summary(YEAR))["超过限额的支出凭证"] == 0
    funds.set_limits({"节日慰问": ""})
    assert funds.limits()["节日慰问"] == 200000


def test_a_linked_payment_is_counted_once_and_a_typed_copy_is_warned(db):
    pid = person()
    welfare.pay(pid, {"kind": "送温暖", "on": day(1, 20), "amount": "800", "approver": "王主席"})
    welfare.pay(pid, {"kind": "医疗救助", "on": day(2, 3), "amount": "300.50", "approver": "王主席",
                      "source": "上级工会拨款"})  # not the chapter's own money
    activities.create({"name": "篮球赛", "kind": "文体活动", "starts_at": dt.datetime(YEAR, 4, 2, 9), "cost": "1200.35"})
    dues.set_base(pid, day(5, 1), "6000")
    dues.mark_paid(day(5, 1), [pid], on=day(5, 15))
    books = funds.books(YEAR)
    assert [(r["source"], r["category"], r["item"], r["amount_fen"]) for r in books] == [
        ("困难帮扶", "维权支出", "送温暖费", 80000), ("活动", "职工活动支出", "文体活动支出", 120035),
        ("会费", "会费收入", "", 3000)]
    t = funds.totals(YEAR)
    assert (t["spending"]["维权支出"], t["spending_fen"], t["income_fen"]) == (80000, 200035, 3000)
    warned = funds.warnings({"on": day(1, 20), "direction": "支出", "category": "维权支出", "amount": "800",
                             "approver": "王"})
    assert len(warned) == 1 and "与困难帮扶的记录重复" in warned[0]
    funds.create({"on": day(1, 20), "direction": "支出", "category": "维权支出", "amount": "800", "approver": "王"})
    assert dict(funds.review_summary(YEAR))["与联动记录重复的凭证"] == 1


def test_a_closed_month_refuses_change_until_reopened_and_both_are_audited(db):
    v = voucher()
    funds.close_month(YEAR, 3)
    for attempt in (lambda: voucher(), lambda: funds.delete(v.id),
                    lambda: funds.update(v.id, {**_values(v), "amount": "2"}),
                    lambda: funds.update(v.id, {**_values(v), "on": day(4)})):
        with pytest.raises(ValidationError) as exc:
            attempt()
        assert "已结账" in exc.value.reason
    voucher(on=day(4))  # another month is open
    with pytest.raises(ValidationError):
        funds.set_opening(YEAR, "1", "2")
    funds.reopen_month(YEAR, 3, "补录发票")
    funds.update(v.id, {**_values(v), "amount": "2"})
    assert funds.get(v.id).amount_fen == 200
    logged = [(e.action, e.after) for e in audit.entries("funds")]
    assert logged[0][0] == "reopen_month" and "补录发票" in logged[0][1] and logged[1][0] == "close_month"


def _values(v):
    return {"on": v.on, "direction": v.direction, "category": v.category, "item": v.item,
            "amount_fen": v.amount_fen, "settlement": v.settlement, "approver": v.approver, "number": v.number}


def test_journals_run_from_the_opening_balance_and_agree_with_the_statement(db):
    funds.set_opening(YEAR, "1,000.10", "50,000.00")
    funds.create({"on": day(1, 5), "direction": "收入", "category": "拨缴经费收入", "amount": "30000.01",
                  "approver": "王", "settlement": "银行存款"})
    funds.create({"on": day(1, 6), "direction": "支出", "category": "业务支出", "amount": "0.11",
                  "approver": "王", "settlement": "现金"})
    voucher(on=day(2), amount="1,234.56")
    cash, bank = funds.journal(YEAR, "现金"), funds.journal(YEAR, "银行存款")
    assert [r["balance_fen"] for r in cash["rows"]] == [99999]
    assert [r["balance_fen"] for r in bank["rows"]] == [8000001, 7876545]
    statement = dict(funds.statement(YEAR))
    assert statement["年初结余"] == 5100010 and statement["收入合计"] == 3000001
    assert statement["支出合计"] == 123467 and statement["本年结余"] == 3000001 - 123467
    assert statement["年末结余"] == cash["closing_fen"] + bank["closing_fen"] == 7976544
    assert funds.negative_balances(YEAR) == []
    funds.create({"on": day(2, 7), "direction": "支出", "category": "业务支出", "amount": "1000", "approver": "王",
                  "settlement": "现金"})
    assert funds.negative_balances(YEAR) == [f"现金日记账自 {YEAR}-02-07 起余额为负（-0.01 元）"]


def test_budget_execution_warns_at_90_and_100_percent(db):
    funds.set_budget(YEAR, "职工活动支出", "1000")
    funds.set_budget(YEAR, "业务支出", "100")
    voucher(amount="900")
    funds.create({"on": day(5), "direction": "支出", "category": "业务支出", "amount": "100.01", "approver": "王"})
    rows = {r["category"]: r for r in funds.execution(YEAR)}
    assert (rows["职工活动支出"]["spent_fen"], rows["职工活动支出"]["remaining_fen"]) == (90000, 10000)
    assert str(rows["职工活动支出"]["rate"]) == "0.9000" and rows["职工活动支出"]["warning"] == "已用 90% 以上"
    assert rows["业务支出"]["warning"] == "已超预算" and rows["业务支出"]["remaining_fen"] == -1
    assert rows["维权支出"]["warning"] == "" and rows["维权支出"]["rate"] is None


def test_the_code_list_of_items_is_extendable(db):
    from unionoffice.domain import codes

    with pytest.raises(ValidationError):
        voucher(item="工会书屋购书")
    codes.set_values("funds_item", codes.values("funds_item") + ["职工活动支出/工会书屋购书"])
    assert "工会书屋购书" in funds.items("职工活动支出")
    assert voucher(item="工会书屋购书").item == "工会书屋购书"


def _year_of_books(pid):
    funds.set_opening(YEAR, "2,000.00", "100,000.00")
    for month, (direction, category, item, amount, settlement) in enumerate([
            ("收入", "拨缴经费收入", "", "30,000.00", "银行存款"), ("收入", "上级工会补助收入", "", "5,000.33", "银行存款"),
            ("支出", "职工活动支出", "文体活动支出", "1,234.56", "银行存款"), ("支出", "业务支出", "会议费", "88.88", "现金"),
            ("支出", "职工活动支出", "会员活动支出-节日慰问", "500.00", "现金"), ("收入", "其他收入", "", "0.01", "现金"),
            ("支出", "维权支出", "劳动保护费", "3,000.00", "银行存款"), ("支出", "资本性支出", "", "9,999.99", "银行存款"),
            ("支出", "业务支出", "培训费", "700.10", "银行存款"), ("收入", "行政补助收入", "", "2,000.00", "现金")],
            start=1):
        funds.create({"on": day(month), "direction": direction, "category": category, "item": item, "amount": amount,
                      "settlement": settlement, "approver": "王主席", "handler": "张会计", "pages": 1,
                      "summary": f"第{month}笔", "person": pid if "慰问" in item else None})
    welfare.pay(pid, {"kind": "送温暖", "on": day(1, 20), "amount": "800", "approver": "王主席"})
    activities.create({"name": "篮球赛", "kind": "文体活动", "starts_at": dt.datetime(YEAR, 4, 2, 9), "cost": "1200.35"})
    funds.set_budget(YEAR, "职工活动支出", "3000")


def test_the_workbook_agrees_with_the_journals_to_the_fen(db, db_path, tmp_path):
    from decimal import Decimal

    from openpyxl import load_workbook

    from unionoffice import cli

    _year_of_books(person())
    out = tmp_path / "funds.xlsx"
    assert cli.main(["report", "funds", "--year", str(YEAR), "--db", str(db_path), "-o", str(out)]) == 0
    wb = load_workbook(out)
    assert wb.sheetnames == ["收入支出表", "预算执行情况表", "现金日记账", "银行存款日记账", "经审摘要"]
    cells = {r[0]: Decimal(str(r[1])) for r in wb["收入支出表"].iter_rows(min_row=3, values_only=True)}
    assert cells["年初结余"] == Decimal("102000.00") and cells["拨缴经费收入"] == Decimal("30000.00")
    assert cells["收入合计"] == Decimal("37000.34") and cells["会费收入"] == 0
    assert cells["维权支出"] == Decimal("3800.00")  # the assistance paid from union funds, once
    assert cells["支出合计"] == Decimal("17523.88")
    assert cells["本年结余"] == cells["收入合计"] - cells["支出合计"] == Decimal("19476.46")
    closing = {}
    for name in ("现金日记账", "银行存款日记账"):
        rows = list(wb[name].iter_rows(min_row=3, values_only=True))
        assert rows[-1][0] == "本年合计"
        running = Decimal(str(rows[0][7]))
        for r in rows[1:-1]:
            running += Decimal(str(r[5] or 0)) - Decimal(str(r[6] or 0))
            assert Decimal(str(r[7])) == running
        closing[name] = Decimal(str(rows[-1][7]))
        assert closing[name] == running
    assert cells["年末结余"] == closing["现金日记账"] + closing["银行存款日记账"] == Decimal("121476.46")
    execution = {r[0]: r for r in wb["预算执行情况表"].iter_rows(min_row=3, values_only=True)}
    assert (Decimal(str(execution["职工活动支出"][2])), execution["职工活动支出"][4]) == (Decimal("2934.91"), "97.8%")
    review = {r[0]: r[1] for r in wb["经审摘要"].iter_rows(min_row=3, values_only=True)}
    assert review["凭证张数"] == 10 and review["联动记录条数"] == 2
    assert Decimal(str(review["本年结余（元）"])) == Decimal("19476.46")


def test_the_export_reimports_unchanged_and_linked_lines_are_never_new_vouchers(db, tmp_path):
    from openpyxl import load_workbook

    from unionoffice.ledgers import vouchers

    _year_of_books(person())
    out = tmp_path / "凭证.xlsx"
    assert vouchers.LEDGER.export(out, YEAR) == 12
    plan = vouchers.LEDGER.read(out)
    assert (plan.unchanged, len(plan.new), len(plan.updates), len(plan.rejections)) == (12, 0, 0, 0)
    wb = load_workbook(out)
    ws = wb.active
    rows = list(ws.iter_rows(min_row=3))
    linked = next(r for r in rows if r[11].value == "困难帮扶#1")
    linked[6].value = 801  # edited in the books: not taken, it is edited at its source
    typed = next(r for r in rows if r[0].value == "003")
    typed[6].value = 1234.57
    total = next(r[0].row for r in rows if r[0].value == "合计")
    ws.insert_rows(total, 2)
    for offset, values in enumerate([["011", dt.date(YEAR, 12, 1), "新凭证", "支出", "其他支出", "", 5, "现金", "", "王", 0],
                                     ["012", dt.date(YEAR, 12, 2), "缺审批人", "支出", "其他支出", "", 5, "现金", "", "", 0]]):
        for column, value in enumerate(values, start=1):
            ws.cell(row=total + offset, column=column, value=value)
    wb.save(out)
    plan = vouchers.LEDGER.read(out)
    assert (len(plan.new), len(plan.updates), plan.unchanged) == (1, 1, 10)
    assert [(r.column, r.reason) for r in plan.rejections] == [("审批人", "必须填写（凭证须经审批）")]
    assert any("困难帮扶" in reason for _, reason in plan.skipped)
    assert plan.updates[0][1] == {"amount_fen": 123457}
    funds.close_month(YEAR, 3)
    plan = vouchers.LEDGER.read(out)
    assert any(r.column == "日期" and "已结账" in r.reason for r in plan.rejections)


def test_the_retained_share_is_a_setting(db):
    from unionoffice.domain import settings

    assert funds.suggested_allocation_fen(100_000_000) == 1_200_000  # 1,000,000 元 × 2% × 60%
    settings.put_many({funds.RETAINED_KEY: 70})
    assert funds.suggested_allocation_fen(100_000_033) == 1_400_000  # rounded to the fen


def test_a_paid_suggestion_reward_is_linked_spending_counted_once(db):
    from unionoffice.domain import suggestions

    pid = person()
    s = suggestions.create({"number": f"JY{YEAR}-001", "submitted_on": day(2), "person": pid, "title": "余热回收",
                            "result": "采纳", "reviewed_on": day(2, 20)})
    suggestions.create({"number": f"JY{YEAR}-002", "submitted_on": day(2), "person": pid, "title": "节水",
                        "result": "采纳", "reward_fen": "300"})  # promised, not paid: not in the books
    assert [r for r in funds.books(YEAR) if r["source"] == "合理化建议"] == []
    suggestions.pay_reward(s.id, "800.50", day(3, 5))
    lines = [r for r in funds.books(YEAR) if r["source"] == "合理化建议"]
    assert [(r["on"], r["category"], r["item"], r["amount_fen"], r["ref"]) for r in lines] == [
        (day(3, 5), "业务支出", "专项业务费", 80050, f"合理化建议#{s.id}")]
    assert funds.totals(YEAR)["spending"]["业务支出"] == 80050
    typed = {"on": day(3, 5), "direction": "支出", "category": "业务支出", "amount": "800.50", "approver": "王"}
    assert any("与合理化建议的记录重复" in w for w in funds.warnings(typed))
