"""维权 part two (domain.md §15): 职工诉求 and 座谈会, 劳动保护监督检查, 合理化建议 — their rules, the
eight annual figures, and their ledgers out and back in."""

import datetime as dt
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from unionoffice.domain import inspections, members, requests, statistics, suggestions
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import get as ledger
from tests.helpers import make_id

D = dt.date


def person(i=0, name=None, department="动力厂"):
    return members.create_person({"name": name or f"职工{i}", "id_number": make_id(seq=100 + i * 2, birth="19800101"),
                                  "department": department}).id


def request(number="SQ2026-001", **extra):
    return requests.create({"number": number, "received_on": "2026-03-02", "content": "食堂晚班没有热饭",
                            "source": "主席信箱", **extra})


# --- 职工诉求 ---------------------------------------------------------------------------------
def test_request_needs_number_date_and_content(db):
    for missing, label in (("number", "编号"), ("received_on", "收到日期"), ("content", "内容")):
        with pytest.raises(ValidationError) as err:
            request(**{missing: ""})
        assert (err.value.field, err.value.reason) == (label, "必须填写")


def test_request_choices_and_anonymous(db):
    with pytest.raises(ValidationError, match="应为 座谈会、主席信箱"):
        request(source="微信")
    with pytest.raises(ValidationError, match="应为 薪酬待遇"):
        request(category="吃饭")
    assert request().proposer == "匿名"  # a request may be anonymous
    assert request("SQ2026-002", proposer="张伟").proposer == "张伟"
    with pytest.raises(ValidationError, match="已被另一条诉求使用"):
        request()


def test_closing_needs_a_result_and_not_before_received(db):
    with pytest.raises(ValidationError) as err:
        request(closed_on="2026-03-10")
    assert err.value.field == "办理结果"
    with pytest.raises(ValidationError) as err:
        request(result="已解决")
    assert err.value.field == "办结日期"
    with pytest.raises(ValidationError, match="早于收到日期"):
        request(closed_on="2026-03-01", result="已解决")
    g = request(due_on="2026-03-20")
    g = requests.close(g.id, D(2026, 3, 15), "已解决", "已安排晚班热饭", "满意")
    assert (g.result, g.satisfaction, g.reply) == ("已解决", "满意", "已安排晚班热饭")


def test_overdue_requests_are_flagged(db):
    g = request(due_on="2026-03-20")
    assert requests.state_of(g, D(2026, 3, 20)) == "办理中"
    assert requests.state_of(g, D(2026, 3, 21)) == "超期"
    assert requests.search(state="超期", on=D(2026, 3, 21))[0]["overdue"]
    assert requests.counts(D(2026, 3, 21)) == {"open": 1, "overdue": 1}
    requests.close(g.id, D(2026, 3, 25), "部分解决")
    assert requests.state_of(requests.get(g.id), D(2026, 3, 26)) == "已办结"
    assert requests.counts(D(2026, 3, 26)) == {"open": 0, "overdue": 0}


def test_a_forum_lists_the_requests_it_collected(db):
    forum = requests.hold_forum({"held_on": "2026-04-10", "topic": "一线职工座谈会", "attendance": "张伟、李娜",
                                 "attendance_count": 12},
                                [{"content": "倒班宿舍热水不足"}, {"content": "希望增加技能培训", "proposer": "李娜"},
                                 {"content": "劳保鞋尺码不全"}])
    rows = requests.forum_requests(forum.id)
    assert [r["number"] for r in rows] == ["SQ2026-001", "SQ2026-002", "SQ2026-003"]
    assert {r["source"] for r in rows} == {"座谈会"} and {r["received_on"] for r in rows} == {D(2026, 4, 10)}
    assert requests.forums()[0]["requests"] == 3
    with pytest.raises(ValidationError):  # a bad request writes nothing, not even the forum
        requests.hold_forum({"held_on": "2026-04-11", "topic": "二次座谈"}, [{"content": "a"}, {"content": ""}])
    assert len(requests.forums()) == 1


# --- 劳动保护监督检查 -------------------------------------------------------------------------
def inspection(on="2026-05-06", scope="动力厂锅炉房", hazards=()):
    return inspections.create({"inspected_on": on, "scope": scope, "kind": "专项检查", "inspectors": "王建国、赵敏"},
                              hazards)


def test_inspection_rules(db):
    with pytest.raises(ValidationError) as err:
        inspections.create({"inspected_on": "2026-05-06", "scope": ""})
    assert (err.value.field, err.value.reason) == ("检查范围", "必须填写")
    with pytest.raises(ValidationError, match="检查类型"):
        inspections.create({"inspected_on": "2026-05-06", "scope": "x", "kind": "随便看看"})
    inspection()
    with pytest.raises(ValidationError, match="已登记过"):  # 检查日期 + 检查范围 make one inspection
        inspection()
    with pytest.raises(ValidationError, match="早于检查日期"):
        inspection("2026-05-07", hazards=[{"description": "a", "due_on": "2026-05-01"}])


def test_hazard_followed_to_fix_and_verification(db):
    i = inspection(hazards=[{"description": "安全阀未校验", "level": "重大", "department": "动力厂",
                             "due_on": "2026-05-20"},
                            {"description": "消防通道堆放杂物", "department": "仓储部", "due_on": "2026-05-10"}])
    first, second = inspections.hazards(i.id, on=D(2026, 5, 15))
    assert (first["state"], second["state"]) == ("待整改", "超期")
    with pytest.raises(ValidationError, match="尚未整改完成"):
        inspections.verify(first["id"], "王建国", "2026-05-16")
    with pytest.raises(ValidationError, match="早于检查日期"):
        inspections.fix(first["id"], "2026-05-01")
    inspections.fix(first["id"], "2026-05-16")
    with pytest.raises(ValidationError, match="早于整改完成日期"):
        inspections.verify(first["id"], "王建国", "2026-05-15")
    with pytest.raises(ValidationError, match="验证人"):
        inspections.verify(first["id"], "", "2026-05-17")
    inspections.verify(first["id"], "王建国", "2026-05-17")
    row = inspections.search(on=D(2026, 5, 18))[0]
    assert (row["found"], row["fixed"], row["open"], row["overdue"], row["state"]) == (2, 1, 1, 1, "有超期隐患")
    assert inspections.hazard_state(inspections.hazards(i.id)[0]) == "已验证"
    assert inspections.counts(D(2026, 5, 18)) == {"open": 1, "overdue": 1}
    assert inspections.departments_with_open_hazards() == ["仓储部"]
    assert [h["description"] for h in inspections.notice_rows("仓储部")] == ["消防通道堆放杂物"]


# --- 合理化建议 -------------------------------------------------------------------------------
def suggestion(pid, number="JY2026-001", **extra):
    return suggestions.create({"number": number, "submitted_on": "2026-02-01", "person": pid,
                               "title": "锅炉余热回收", **extra})


def test_suggestion_rules(db):
    pid = person()
    with pytest.raises(ValidationError) as err:
        suggestion(None)
    assert err.value.field == "建议人"
    with pytest.raises(ValidationError, match="必须填写"):
        suggestion(pid, title="")
    with pytest.raises(ValidationError, match="不能填写创造经济效益"):
        suggestion(pid, benefit_fen="100")  # only an adopted one creates a benefit
    s = suggestion(pid)
    assert (s.result, s.benefit_fen) == ("待评审", 0)
    with pytest.raises(ValidationError, match="只有采纳的建议"):
        suggestions.implement(s.id, "2026-03-01", "1000")
    suggestions.review(s.id, "采纳", D(2026, 2, 10))
    s = suggestions.implement(s.id, D(2026, 3, 1), "123,456.78")
    assert s.benefit_fen == 12345678
    with pytest.raises(ValidationError, match="超过两位小数"):
        suggestions.pay_reward(s.id, "10.001", D(2026, 3, 5))
    suggestions.pay_reward(s.id, "500", D(2026, 3, 5))
    with pytest.raises(ValidationError, match="不能删除"):
        suggestions.delete(s.id)


def test_paid_rewards_for_the_funds_books(db):
    pid = person()
    s = suggestion(pid, result="采纳", reviewed_on="2026-02-10")
    suggestion(pid, "JY2026-002", result="采纳", reward_fen="300")  # promised, not yet paid
    assert suggestions.paid_rewards() == []
    suggestions.pay_reward(s.id, "800.50", D(2026, 3, 5))
    assert suggestions.paid_rewards(D(2026, 1, 1), D(2026, 12, 31)) == [{
        "on": D(2026, 3, 5), "amount_fen": 80050, "category": "业务支出", "item": "专项业务费",
        "summary": "合理化建议奖励：JY2026-001 锅炉余热回收（职工0）", "source": "suggestion", "source_id": s.id}]
    assert suggestions.paid_rewards(D(2026, 4, 1)) == []


def test_year_list_by_department(db):
    a, b = person(0, department="动力厂"), person(1, department="仓储部")
    suggestion(a, result="采纳", benefit_fen="1000", reward_fen="100")
    suggestion(a, "JY2026-002", result="不采纳")
    suggestion(b, "JY2026-003", result="采纳", benefit_fen="50")
    rows = suggestions.by_department(2026)
    assert [(r["department"], r["count"], r["adopted"], r["benefit_fen"]) for r in rows] == [
        ("仓储部", 1, 1, 5000), ("动力厂", 2, 1, 100000), ("合计", 3, 2, 105000)]


# --- the annual figures ------------------------------------------------------------------------
def test_annual_figures_count_as_section_15_defines(db):
    pid = person()
    request("SQ1", received_on="2025-09-30")  # before the statistical year 2026
    request("SQ2", received_on="2025-10-01", closed_on="2026-09-30", result="已解决")
    request("SQ3", received_on="2026-09-30", closed_on="2026-10-01", result="已解决")  # closed after the end
    request("SQ4", received_on="2026-01-05")
    inspection("2025-10-08", "A", [{"description": "a", "fixed_on": "2026-01-01"}, {"description": "b"}])
    inspection("2025-10-08", "B", [{"description": "c", "fixed_on": "2026-10-02"}])
    inspection("2025-10-09", "A")  # found nothing: still an inspection
    inspection("2025-09-30", "A", [{"description": "old", "fixed_on": "2025-10-02"}])
    suggestion(pid, "S1", submitted_on="2025-10-01", result="采纳", benefit_fen="1000.50")
    suggestion(pid, "S2", submitted_on="2026-09-30", result="采纳", benefit_fen="99.50")
    suggestion(pid, "S3", submitted_on="2026-05-01", result="不采纳")
    suggestion(pid, "S4", submitted_on="2025-09-01", result="采纳", benefit_fen="7")
    figures = statistics.annual(2026, D(2026, 11, 1), with_breakdowns=False).figures
    assert {k: figures[k] for k in statistics.RIGHTS_REQUEST_LABELS} == {
        "职工诉求件数": 3, "职工诉求办结件数": 1, "劳动保护监督检查次数": 3, "发现隐患数": 3, "隐患整改数": 1,
        "合理化建议件数": 3, "合理化建议采纳件数": 2, "合理化建议创造经济效益（元）": Decimal("1100.00")}
    assert tuple(figures)[-8:] == statistics.RIGHTS_REQUEST_LABELS


def test_annual_workbook_holds_the_figures(db, tmp_path):
    from unionoffice.excel.annual_report import write_annual

    pid = person()
    suggestion(pid, submitted_on="2026-01-05", result="采纳", benefit_fen="1234.5")
    request(received_on="2026-01-05")
    path = write_annual(tmp_path / "年报.xlsx", statistics.annual(2026, D(2026, 11, 1), with_breakdowns=False))
    ws = load_workbook(path)["基本情况"]
    cells = {r[0].value: r[1] for r in ws.iter_rows(min_row=3) if r[0].value}
    assert cells["职工诉求件数"].value == 1
    assert cells["合理化建议创造经济效益（元）"].value == 1234.5
    assert cells["合理化建议创造经济效益（元）"].number_format == "#,##0.00"


# --- the ledgers -------------------------------------------------------------------------------
def _sheet(path, header, rows):
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def test_ledgers_reimport_unchanged(db, db_path, tmp_path):
    pid = person()
    request(due_on="2026-03-20")
    request("SQ2026-002", closed_on="2026-03-05", result="解释说明", satisfaction="基本满意")
    inspection(hazards=[{"description": "安全阀未校验", "level": "重大", "due_on": "2026-05-20"},
                        {"description": "消防通道堆放杂物", "fixed_on": "2026-05-08"}])
    inspection("2026-06-01", "仓库")
    suggestion(pid, result="采纳", benefit_fen="1000", reward_fen="100", implemented_on="2026-03-01")
    for kind, rows in (("grievances", 2), ("hazards", 3), ("suggestions", 1)):
        out = tmp_path / f"{kind}.xlsx"
        assert ledger(kind).export(out, 2026) == rows
        plan = ledger(kind).read(out)
        assert (len(plan.new), len(plan.updates), plan.unchanged, plan.rejections) == (0, 0, rows, []), kind
    ws = load_workbook(tmp_path / "suggestions.xlsx").active
    assert "证件号码已屏蔽" in ws["A1"].value and "*" in ws.cell(row=3, column=4).value  # §12
    assert ws.cell(row=3, column=4).data_type == "s"


def test_ledgers_name_wrong_rows(db, tmp_path):
    person(0, "张伟")
    path = _sheet(tmp_path / "g.xlsx", ["编号", "收到日期", "内容", "来源"],
                  [["A1", "2026-03-01", "热水", "主席信箱"], ["A2", None, "x", ""], ["A1", "2026-03-02", "y", ""],
                   ["A3", "2026-03-02", "z", "微信"]])
    plan = ledger("grievances").read(path)
    assert [(r.row, r.column, r.reason) for r in plan.rejections] == [
        (3, "收到日期", "必须填写"), (4, "编号", "编号与第 2 行重复"), (5, "来源", "应为 座谈会、主席信箱、走访、热线、职代会、其他 之一")]
    path = _sheet(tmp_path / "h.xlsx", ["检查日期", "检查范围", "隐患描述", "整改期限"],
                  [["2026-05-06", "锅炉房", "安全阀", "2026-05-01"], ["2026-05-06", "", "x", None],
                   ["2026-05-06", "锅炉房", None, None], ["2026-05-06", "锅炉房", "漏水", None]])
    plan = ledger("hazards").read(path)
    assert [(r.row, r.column) for r in plan.rejections] == [(2, "整改期限"), (3, "检查范围")]
    assert len(plan.new) == 2
    path = _sheet(tmp_path / "s.xlsx", ["编号", "提交日期", "建议人", "题目", "评审结果", "奖励金额（元）"],
                  [["J1", "2026-02-01", "查无此人", "t", "采纳", None], ["J2", "2026-02-01", "张伟", "t", "好", None],
                   ["J3", "2026-02-01", "张伟", "t", "采纳", "1.234"], ["J4", "2026-02-01", "张伟", "t", "采纳", None]])
    plan = ledger("suggestions").read(path)
    assert [(r.row, r.column) for r in plan.rejections] == [(2, "建议人"), (3, "评审结果"), (4, "奖励金额（元）")]
    assert plan.new[0]["reward_fen"] == 0  # a blank amount is 0


def test_hazard_ledger_updates_and_applies(db, db_path, tmp_path):
    inspection(hazards=[{"description": "安全阀未校验", "due_on": "2026-05-20"}])
    out = tmp_path / "h.xlsx"
    ledger("hazards").export(out, 2026)
    wb = load_workbook(out)
    wb.active.cell(row=3, column=9).value = dt.datetime(2026, 5, 18)  # 整改完成日期
    wb.active.delete_rows(wb.active.max_row)  # the 合计 row ends the data: new rows go above it
    wb.active.append([dt.datetime(2026, 5, 6), "动力厂锅炉房", "专项检查", "王建国、赵敏", "新发现的隐患"])
    wb.active.append([dt.datetime(2026, 7, 1), "食堂", "节前检查", "赵敏"])
    wb.save(out)
    plan = ledger("hazards").read(out)
    assert (len(plan.new), len(plan.updates), plan.unchanged) == (2, 1, 0)
    ledger("hazards").apply(plan, db_path=db_path)
    assert inspections.period_counts(D(2026, 1, 1), D(2026, 12, 31)) == (2, 2, 1)
    assert ledger("hazards").read(out).unchanged == 3


def test_a_second_demo_fill_of_the_same_office_adds_no_second_set_of_rights_or_books(db):
    from unionoffice.db.models import Contract, Forum, Grievance, Hazard, Inspection, MediationCase, Suggestion, Voucher
    from unionoffice.domain import demo

    models = (Forum, Grievance, Inspection, Hazard, Suggestion, Contract, MediationCase, Voucher)
    demo.fill(10, seed=1)
    first = [m.select().count() for m in models]
    assert all(first)
    demo.fill(5, seed=2)  # more people: the registers' demo data is made once (it refused a second 座谈会 day before)
    assert [m.select().count() for m in models] == first
