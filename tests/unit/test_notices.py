import datetime as dt

import pytest

from unionoffice.domain import notices
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import notices as notices_ledger

D = dt.date
RICH = ("<p>关于<b>职工体检</b>的安排：</p><table><tr><td>部门</td><td>日期</td></tr>"
        "<tr><td>动力厂</td><td>3月5日</td></tr></table>")


def make(**extra):
    return notices.create({"title": "职工体检安排", "category": "职工切身利益", "content": RICH, **extra})


def test_cannot_publish_before_review(db):
    n = make()
    with pytest.raises(ValidationError, match="须先审核"):
        notices.publish(n.id)
    with pytest.raises(ValidationError, match="审核人"):
        notices.review(n.id, "")
    notices.review(n.id, "王建国", "2026-03-01")
    with pytest.raises(ValidationError, match="早于审核日期"):
        notices.publish(n.id, "2026-02-28")
    assert notices.state_on(notices.publish(n.id, "2026-03-02"), D(2026, 3, 2)) == "公示中"


@pytest.mark.parametrize("days", [0, -3, "x"])
def test_period_is_at_least_one_day(db, days):
    with pytest.raises(ValidationError) as err:
        make(period_days=days)
    assert err.value.field == "公示期（天）"


def test_state_follows_the_dates(db):
    n = make(period_days=7)
    assert notices.state_on(n, D(2026, 1, 1)) == "草稿"
    notices.review(n.id, "王建国", "2026-03-01")
    n = notices.publish(n.id, "2026-03-10")
    assert n.ends_on == D(2026, 3, 16)  # published on the 10th for 7 days: through the 16th
    expected = {D(2026, 3, 9): "已审核", D(2026, 3, 10): "公示中", D(2026, 3, 16): "公示中",
                D(2026, 3, 17): "公示期满"}
    for day, state in expected.items():
        assert notices.state_on(n, day) == state
        assert notices.search(notices.NoticeFilter(state=state), on=day)[0]["id"] == n.id
    with pytest.raises(ValidationError, match="公示期满后"):
        notices.archive(n.id, "2026-03-16")
    n = notices.archive(n.id, "2026-03-20")
    assert notices.state_on(n, D(2026, 3, 25)) == "已归档"


def test_default_period_comes_from_settings(db):
    from unionoffice.domain import settings

    settings.put_many({notices.DEFAULT_PERIOD_KEY: 10})
    assert make().period_days == 10


def test_archived_notice_cannot_be_edited_only_annotated(db):
    n = make()
    notices.review(n.id, "王建国", "2026-03-01")
    notices.publish(n.id, "2026-03-02")
    notices.archive(n.id, "2026-04-01")
    with pytest.raises(ValidationError, match="不能修改"):
        notices.update(n.id, {"title": "改了", "category": "其他"})
    with pytest.raises(ValidationError, match="不能修改"):
        notices.attach(n.id, "a.txt", b"x")
    notices.annotate(n.id, "原件已存档于档案室")
    assert [x.text for x in notices.notes(n.id)] == ["原件已存档于档案室"]
    assert notices.get(n.id).title == "职工体检安排"


def test_feedback_and_answer(db):
    n = make()
    with pytest.raises(ValidationError, match="公开后"):
        notices.add_feedback(n.id, "意见", "")
    notices.review(n.id, "王建国", "2026-03-01")
    notices.publish(n.id, "2026-03-02")
    item = notices.add_feedback(n.id, "建议增加项目", "", "2026-03-03")
    assert notices.counts(D(2026, 3, 3)) == {"showing": 1, "feedback_waiting": 1}
    with pytest.raises(ValidationError, match="答复人"):
        notices.answer_feedback(item.id, "已采纳", "")
    notices.answer_feedback(item.id, "已采纳", "李秀英", "2026-03-04")
    assert notices.counts(D(2026, 3, 4))["feedback_waiting"] == 0
    assert notices.feedback(n.id)[0].author == ""  # anonymous


def test_rich_text_survives_save_export_and_print_text(db, tmp_path):
    n = make()
    assert notices.get(n.id).content == RICH
    text = notices.plain_text(RICH)
    assert "职工体检" in text and "动力厂\t3月5日" in text
    notices.review(n.id, "王建国", "2026-03-01")
    notices.publish(n.id, "2026-03-02")
    out = tmp_path / "ledger.xlsx"
    assert notices_ledger.export_ledger(out, 2026) == 1
    from openpyxl import load_workbook

    ws = load_workbook(out)["厂务公开台账"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1][:4] == ("序号", "标题", "类别", "公开形式")
    assert rows[2][11] == text and rows[2][6] == dt.datetime(2026, 3, 2)
    assert ws.cell(row=3, column=7).number_format == "yyyy-mm-dd"
    assert rows[-1][0] == "合计"


def test_ledger_round_trip_and_import_rules(db, db_path, tmp_path):
    a = make()
    notices.review(a.id, "王建国", "2026-03-01")
    notices.publish(a.id, "2026-03-02")
    notices.archive(a.id, "2026-04-01")
    notices.create({"title": "草稿", "category": "其他"})
    out = tmp_path / "ledger.xlsx"
    notices_ledger.export_ledger(out, 2026)
    again = notices_ledger.read_ledger(out)
    assert (len(again.new), len(again.updates), again.unchanged, again.rejections) == (0, 0, 2, [])
    assert again.unknown_columns == []

    from tests.helpers import write_roster

    bad = write_roster(tmp_path / "old.xlsx",
                       ["标题", "类别", "公开形式", "责任部门", "公开日期", "公示期（天）", "状态", "内容"], [
                           ["食堂调价", "其他", "厂务公开栏", "综合办公室", "2025-06-01", 7, "已归档", "菜价调整"],
                           ["", "其他", "", "", "2025-06-01", 7, "公示期满", ""],
                           ["奖金方案", "工资福利", "", "", "2025-06-01", 7, "公示中", ""],
                           ["年金", "社会保险及企业年金缴费", "", "", "2025-07-01", 0, "公示期满", ""],
                           ["体检", "职工切身利益", "", "", "", 7, "公示中", ""],
                       ], title_rows=[["某厂厂务公开台账"]], footer=[["合计", "5项"]])
    plan = notices_ledger.read_ledger(bad)
    reasons = {r.row: (r.column, r.reason) for r in plan.rejections}
    assert reasons[4][0] == "标题" and reasons[5][0] == "类别"
    assert reasons[6][0] == "公示期（天）" and reasons[7][0] == "公开日期"
    notices_ledger.apply(plan, db_path=db_path)
    imported = notices.search(notices.NoticeFilter(text="食堂调价"))[0]
    assert imported["state"] == "已归档" and imported["published_on"] == D(2025, 6, 1)
    assert notices_ledger.read_ledger(bad).unchanged == 1


def test_import_of_a_file_with_nothing_usable_changes_nothing(db, tmp_path):
    from unionoffice.excel.reading import ImportFileError
    from tests.helpers import write_roster

    path = write_roster(tmp_path / "x.xlsx", ["姓名", "部门"], [["张三", "动力厂"]])
    with pytest.raises(ImportFileError):
        notices_ledger.read_ledger(path)
    assert notices.search(notices.NoticeFilter()) == []
