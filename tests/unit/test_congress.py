import datetime as dt

import pytest

from unionoffice.domain import congress, members
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import motions as motions_ledger
from tests.helpers import make_id

D = dt.date


@pytest.fixture
def session(db):
    people = []
    for i in range(6):
        people.append(members.create_person(
            {"name": f"代表{'甲乙丙丁戊己'[i]}", "id_number": make_id(seq=100 + i * 2, birth="19800101"),
             "gender": "", "department": "动力厂"}, join=("入会", "2010-01-01")).id)
    outsider = members.create_person({"name": "非代表", "id_number": make_id(seq=300, birth="19800101")},
                                     join=("入会", "2010-01-01")).id
    c = congress.save_congress({"term": 10, "session": 2, "starts_on": "2026-03-10"})
    congress.add_representatives(10, people[:5], "一线代表团")
    return c, people, outsider


def motion(c, people, **extra):
    values = {"title": "关于改善夜班伙食的提案", "category": "职工权益", "proposer_id": people[0],
              "seconder_ids": [people[1], people[2]], "submitted_on": "2026-02-20", **extra}
    return congress.create_motion(c.id, values)


def test_names_of_congresses():
    assert congress.chinese_number(10) == "十" and congress.chinese_number(21) == "二十一"
    assert congress.parse_congress_name("第十届第二次职工代表大会") == (10, 2, "职工代表大会")
    assert congress.parse_congress_name("第三届第十一次") == (3, 11, "职工代表大会")
    assert congress.parse_congress_name("年度大会") is None


def test_proposer_must_be_a_representative_of_the_term(session):
    c, people, outsider = session
    with pytest.raises(ValidationError, match="不是第十届职工代表"):
        motion(c, people, proposer_id=outsider)
    with pytest.raises(ValidationError, match="不是本届职工代表"):
        motion(c, people, seconder_ids=[people[1], people[5]])


def test_fewer_than_two_seconders_is_an_error(session):
    c, people, _ = session
    with pytest.raises(ValidationError, match="至少 2 名附议人"):
        motion(c, people, seconder_ids=[people[1]])
    with pytest.raises(ValidationError, match="至少 2 名附议人"):
        motion(c, people, seconder_ids=[people[1], people[0]])  # the proposer does not second himself


def test_numbering_never_repeats_within_a_year_also_after_a_delete(session):
    c, people, _ = session
    first = motion(c, people)
    second = motion(c, people)
    assert (first.number, second.number) == ("2026-001", "2026-002")
    congress.delete_motion(second.id)
    assert motion(c, people).number == "2026-003"
    assert motion(c, people, submitted_on="2025-12-30").number == "2025-001"


def test_not_accepted_needs_a_reason_and_a_reply_needs_a_grade(session):
    c, people, _ = session
    m = motion(c, people)
    with pytest.raises(ValidationError, match="不立案须写明理由"):
        congress.review(m.id, "不立案", "", "2026-03-01")
    other = motion(c, people)
    congress.review(other.id, "不立案", "纯属个人问题", "2026-03-01")
    congress.review(m.id, "立案", on="2026-03-01")
    congress.assign(m.id, "后勤部", "财务部", "2026-04-30", "2026-03-05")
    with pytest.raises(ValidationError, match="等级"):
        congress.reply(m.id, "已改善", "", "2026-03-20")
    assert congress.reply(m.id, "已改善", "b", "2026-03-20").reply_grade == "B"


def test_dissatisfied_reopens_and_a_reopened_motion_is_not_finished(session):
    c, people, _ = session
    m = motion(c, people)
    congress.review(m.id, "立案", on="2026-03-01")
    congress.assign(m.id, "后勤部", "", "2026-04-30", "2026-03-05")
    congress.reply(m.id, "已改善", "A", "2026-03-20")
    m = congress.record_verdict(m.id, "不满意", "2026-03-25", "2026-05-31")
    assert (m.stage, m.reopened, m.due_on, congress.is_finished(m)) == ("已交办", 1, D(2026, 5, 31), False)
    assert congress.period_counts(D(2025, 10, 1), D(2026, 9, 30)) == {"submitted": 1, "accepted": 1, "finished": 0}
    congress.reply(m.id, "已增加夜班热食", "A", "2026-04-20")
    m = congress.record_verdict(m.id, "满意", "2026-04-25")
    assert congress.is_finished(m)
    assert congress.period_counts(D(2025, 10, 1), D(2026, 9, 30))["finished"] == 1
    trail = [(e.action, e.on) for e in congress.trail(m.id)]
    assert [a for a, _ in trail] == ["征集", "审查", "交办", "答复", "提案人意见", "答复", "提案人意见"]
    assert all(e.recorded_by is not None for e in congress.trail(m.id))
    congress.archive(m.id, "2026-05-01")
    assert congress.get(m.id).stage == "已归档"


def test_steps_keep_their_order(session):
    c, people, _ = session
    m = motion(c, people)
    with pytest.raises(ValidationError, match="不能交办"):
        congress.assign(m.id, "后勤部", "", "2026-04-30", "2026-03-05")
    congress.review(m.id, "立案", on="2026-03-01")
    with pytest.raises(ValidationError, match="早于审查日期"):
        congress.assign(m.id, "后勤部", "", "2026-04-30", "2026-02-25")


def test_overdue_and_merge(session):
    c, people, _ = session
    m = motion(c, people)
    congress.review(m.id, "立案", on="2026-03-01")
    congress.assign(m.id, "后勤部", "", "2026-04-30", "2026-03-05")
    assert congress.search(congress.MotionFilter(overdue=True), on=D(2026, 5, 1))[0]["id"] == m.id
    assert congress.counts(D(2026, 4, 1)) == {"open": 1, "overdue": 0}
    dup = motion(c, people)
    congress.review(dup.id, "", on="2026-03-02", merge_into=m.id)
    assert congress.get(dup.id).stage == "已合并"


def test_quota_warnings_name_the_numbers(session):
    c, people, _ = session
    assert congress.quota_warnings(10) == ["职工 7 人，不足 100 人，应召开职工大会（不选代表）。"]
    assert congress.minimum_representatives(99) is None
    assert [congress.minimum_representatives(n) for n in (100, 999, 1000, 9999, 10000)] == [30, 30, 100, 100, 150]


def test_quota_check_against_a_workforce_of_120(db):
    ids = [members.create_person({"name": f"职工{i}", "id_number": make_id(seq=i, birth="19850101"),
                                  "gender": ""}, join=("入会", "2010-01-01")).id for i in range(120)]
    women = [i for i in ids if members.get_person(i).gender == "女"]
    men = [i for i in ids if members.get_person(i).gender == "男"]
    congress.add_representatives(1, men[:20], "一线", "一线")
    congress.add_representatives(1, men[20:26], "机关", "中层及以上")
    warnings = congress.quota_warnings(1)
    assert "职工代表 26 人，少于职工 120 人时的最低人数 30 人。" in warnings
    assert any(w.startswith("中层及以上代表 6 人，占 23%") for w in warnings)
    assert any(w.startswith("女职工代表 0 人") for w in warnings)
    share = len(women) / 120
    needed = next(n for n in range(1, 60) if n / (26 + n) >= share)
    congress.add_representatives(1, women[:needed], "一线", "一线")
    assert congress.quota_warnings(1) == []


def test_session_workbooks_and_ledger_round_trip(session, db_path, tmp_path):
    c, people, _ = session
    m = motion(c, people)
    congress.review(m.id, "立案", on="2026-03-01", promote=True)
    congress.assign(m.id, "后勤部", "财务部", "2026-04-30", "2026-03-05")
    congress.reply(m.id, "已改善", "A", "2026-03-20")
    congress.record_verdict(m.id, "满意", "2026-03-25")
    rejected = motion(c, people)
    congress.review(rejected.id, "不立案", "纯属个人问题", "2026-03-01")
    out = tmp_path / "motions.xlsx"
    assert motions_ledger.export_session(out, c.id) == 2
    from openpyxl import load_workbook

    wb = load_workbook(out)
    assert wb.sheetnames == ["提案汇总表", "提案办理情况表"]
    summary = list(wb["提案汇总表"].iter_rows(min_row=2, values_only=True))
    assert summary[0][:4] == ("编号", "会议", "类别", "案由")
    assert summary[1][0] == "2026-001" and summary[1][7] == "代表乙、代表丙" and summary[1][11] == "后勤部；协办：财务部"
    handling = list(wb["提案办理情况表"].iter_rows(min_row=3, values_only=True))
    assert handling[0][8] == "A 已解决" and handling[0][11] == "是" and len(handling) == 2  # + 合计
    plan = motions_ledger.read_ledger(out)
    assert (len(plan.new), len(plan.updates), plan.unchanged, plan.rejections) == (0, 0, 2, [])


def test_the_summary_carries_the_reply_and_reads_it_back(session, db_path, tmp_path):
    from openpyxl import load_workbook

    c, people, _ = session
    m = motion(c, people)
    congress.review(m.id, "立案", on="2026-03-01")
    congress.assign(m.id, "后勤部", "", "2026-04-30", "2026-03-05")
    congress.reply(m.id, "夜班食堂已增加热菜两种，\n自四月起执行。", "A", "2026-03-20")
    out = tmp_path / "motions.xlsx"
    motions_ledger.export_session(out, c.id)
    wb = load_workbook(out)
    header, row = list(wb["提案汇总表"].iter_rows(min_row=2, max_row=3, values_only=True))
    assert header[13:16] == ("答复等级", "答复内容", "提案人意见")
    assert row[14] == "夜班食堂已增加热菜两种，\n自四月起执行。"
    assert motions_ledger.read_ledger(out).unchanged == 1  # the export re-imports unchanged

    wb["提案汇总表"].cell(row=3, column=15, value="热菜增加到三种。")  # the ledger corrected by hand
    wb.save(out)
    plan = motions_ledger.read_ledger(out)
    assert plan.updates == [(m.id, {"reply_text": "热菜增加到三种。"}, {"reply_text": "夜班食堂已增加热菜两种，\n自四月起执行。"})]
    motions_ledger.apply(plan, db_path=db_path)
    assert congress.get(m.id).reply_text == "热菜增加到三种。"

    wb["提案汇总表"].delete_cols(15)  # a ledger without the column leaves the recorded reply alone
    wb.save(out)
    assert motions_ledger.read_ledger(out).unchanged == 1


def test_import_matches_people_creates_congress_and_adds_representatives(session, db_path, tmp_path):
    from tests.helpers import write_roster

    c, people, outsider = session
    members.create_person({"name": "代表甲", "id_number": make_id(seq=500, birth="19900101")})  # a namesake
    path = write_roster(tmp_path / "old.xlsx", ["编号", "会议", "类别", "案由", "提案人", "附议人", "提交日期",
                                                 "审查结果", "审查意见", "答复等级", "提案人意见"], [
        ["2025-001", "第九届第三次职工代表大会", "职工权益", "增加班车", "非代表", "代表乙、代表丙", "2025-03-01",
         "立案", "", "A", "满意"],
        ["2025-002", "第九届第三次", "其他", "食堂", "查无此人", "代表乙", "2025-03-01", "", "", "", ""],
        ["2025-003", "第九届第三次", "其他", "停车", "代表甲", "代表乙", "2025-03-01", "", "", "", ""],
        ["2025-004", "某某会议", "其他", "绿化", "代表乙", "代表丙", "2025-03-01", "", "", "", ""],
        ["2025-005", "第九届第三次", "其他", "宿舍", "代表乙", "代表丙", "2025-03-01", "不立案", "", "", ""],
    ])
    plan = motions_ledger.read_ledger(path)
    reasons = {r.row: r.reason for r in plan.rejections}
    assert "查无此人" in reasons[3] and "2 个“代表甲”" in reasons[4] and "无法识别会议" in reasons[5]
    assert 6 not in reasons  # a past 不立案 without a reason is taken as recorded
    assert any("非代表 将登记为第九届职工代表" in n for n in plan.notes)
    assert any("将新建会议：第九届第三次职工代表大会" in n for n in plan.notes)
    motions_ledger.apply(plan, db_path=db_path)
    imported = congress.search(congress.MotionFilter(text="增加班车"))[0]
    assert imported["stage"] == "已评价" and imported["finished"]
    assert congress.is_representative(9, outsider)
    assert congress.next_number(2025)[0] == "2025-006"


def test_a_stale_motion_edit_is_refused_and_another_field_merges(session):
    from unionoffice.db.models import Motion
    from unionoffice.domain import concurrency

    c, people, _ = session
    m = motion(c, people)
    base = concurrency.base_of(Motion.get_by_id(m.id), [*congress.MOTION_LABELS, "proposer_id"])
    values = {"title": m.title, "category": m.category, "proposer_id": people[0],
              "seconder_ids": [people[1], people[2]], "submitted_on": "2026-02-20"}
    congress.update_motion(m.id, {**values, "title": "关于改善夜班伙食和班车的提案"})  # the other desk
    with pytest.raises(concurrency.ConflictError, match="班车"):
        congress.update_motion(m.id, {**values, "title": "关于夜班伙食的提案"}, base=base)
    congress.update_motion(m.id, {**values, "proposal": "增加夜宵品种"}, base=base)
    saved = Motion.get_by_id(m.id)
    assert (saved.title, saved.proposal) == ("关于改善夜班伙食和班车的提案", "增加夜宵品种")


def test_saving_a_motion_from_its_form_keeps_its_delegation(session):
    """The form (and an edit in the list, which saves through it) has no 代表团 field: a save must
    not clear the one the motion got from its proposer."""
    from unionoffice.db.models import Motion

    c, people, _ = session
    m = motion(c, people)
    assert m.delegation == "一线代表团"
    congress.update_motion(m.id, {"title": "关于夜班伙食的提案", "category": "职工权益", "proposer_id": people[0],
                                  "seconder_ids": [people[1], people[2]], "submitted_on": "2026-02-20"})
    assert Motion.get_by_id(m.id).delegation == "一线代表团"


def test_an_over_long_cell_is_rejected_with_its_row_not_refused_by_the_database(session, tmp_path):
    """PostgreSQL refuses a text longer than its column (StringDataRightTruncation, naming no row);
    SQLite would keep it. The importer rejects the row, naming row, column and limit."""
    from tests.helpers import write_roster

    header = ["编号", "会议", "类别", "案由", "提案人", "附议人", "提交日期", "承办部门"]
    row = ["2025-{}", "第九届第三次", "其他", "食堂", "代表甲", "代表乙", "2025-03-01", ""]
    rows = [[row[0].format("001") + "号" * 30] + row[1:],
            [row[0].format("002")] + row[1:3] + ["长" * 201] + row[4:],
            [row[0].format("003")] + row[1:7] + ["后" * 101],
            [row[0].format("004")] + row[1:7] + ["后勤部；协办：" + "财" * 301],
            [row[0].format("005")] + row[1:]]
    plan = motions_ledger.read_ledger(write_roster(tmp_path / "long.xlsx", header, rows))
    found = {r.row: (r.column, r.reason) for r in plan.rejections}
    assert found[2][0] == "编号" and "最多 20 字" in found[2][1]
    assert found[3][0] == "案由" and "最多 200 字" in found[3][1]
    assert found[4][0] == "承办部门" and "最多 100 字" in found[4][1]
    assert found[5][0] == "承办部门" and "最多 300 字" in found[5][1]
    assert [v["number"] for v in plan.new] == ["2025-005"]
