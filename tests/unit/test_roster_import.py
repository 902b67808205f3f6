import datetime as dt
import json

import pytest
from openpyxl import Workbook

from unionoffice.db.models import AuditLog, MembershipEvent, Person
from unionoffice.domain import members
from unionoffice.ledgers import roster_import as ri
from tests.conftest import SAMPLE, SAMPLE_TRUTH
from tests.helpers import make_id, write_roster

REASON_WORDS = {"bad_date": "日期", "missing_name": "姓名", "id_as_number": "数字形式",
                "duplicate_id": "重复", "bad_checksum": "校验位", "birth_mismatch": "不一致"}


def run(path, db_path, **kw):
    plan = ri.classify(ri.read_roster(path))
    ri.apply(plan, db_path=db_path, **kw)
    return plan.summary()


def test_sample_roster_matches_its_truth_file(db, db_path):
    truth = json.loads(SAMPLE_TRUTH.read_text(encoding="utf-8"))
    summary = run(SAMPLE, db_path)
    expected = {r["excel_row"]: r["defect"] for r in truth["rows"] if r["defect"]}
    got = {r["row"]: r for r in summary["rejections"]}
    assert set(got) == set(expected)
    for row, defect in expected.items():
        assert REASON_WORDS[defect] in got[row]["reason"], (row, defect, got[row])
    assert summary["imported"] == truth["valid"] == 374
    assert summary["rejected"] == sum(truth["rejected"].values())
    employees, member_count = members.headcount()
    assert (employees, member_count) == (truth["employees"], truth["members"])
    member_ids = members.member_ids_on(dt.date.today())
    assert Person.select().where(Person.id.in_(member_ids) & (Person.gender == "女")).count() == truth["female_members"]
    assert Person.select().where(Person.id.in_(member_ids) & Person.is_migrant).count() == truth["migrant_members"]
    assert Person.select().where(Person.gender == "女").count() == truth["female_employees"]
    assert Person.select().where(Person.is_migrant).count() == truth["migrant_employees"]
    # the rejection names the file's own column
    assert got[95]["column"] == "身份证号"

    again = run(SAMPLE, db_path)
    assert (again["imported"], again["updated"], again["unchanged"]) == (0, 0, 374)
    assert Person.select().count() == 374


def test_other_spellings_title_rows_blank_rows_and_total_line(db, db_path, tmp_path):
    header = ["职工姓名", "公民身份号码", "工作部门", "文化程度", "户口类型", "手机", "是否会员", "入会日期", "工号"]
    rows = [
        ["张伟", make_id(seq=111), "动力厂", "大专", "农村", "13812345678", "是", "2010年5月1日", "A1"],
        [None, None, None, None, None, None, None, None, None],
        ["李娜", "110101850312122", "财务部", "硕士研究生", "城镇", "", "否", "", "A2"],  # 15 digits
        ["王五", make_id(seq=133).lower(), "财务部", "", "", "", "是", dt.date(2012, 1, 2), "A3"],
    ]
    path = write_roster(tmp_path / "r.xlsx", header, rows,
                        title_rows=[["某公司职工花名册"], ["填报单位：人事部"]],
                        footer=[["合计", "3人"], ["赵六", make_id(seq=155)]])
    summary = run(path, db_path)
    assert summary["imported"] == 3 and summary["rejected"] == 0
    assert summary["unknown_columns"] == ["工号"]
    zw = Person.get(Person.name == "张伟")
    assert (zw.education, zw.hukou_type, zw.is_migrant, zw.department.name) == ("大学专科", "农业户口", True, "动力厂")
    assert members.history(zw.id)[0].date == dt.date(2010, 5, 1)
    ln = Person.get(Person.name == "李娜")
    assert ln.id_number == "11010119850312122X"[:17] + ln.id_number[17] and ln.id_upgraded
    assert ln.education == "研究生" and ln.membership_state == ""
    assert not Person.select().where(Person.name == "赵六").exists()  # after the 合计 line


def test_id_number_arriving_as_a_number_is_rejected(db, tmp_path):
    path = write_roster(tmp_path / "r.xlsx", ["姓名", "身份证号"], [["张伟", 110101198503121230]])
    plan = ri.read_roster(path)
    assert plan.rejections[0].row == 2
    assert "数字形式" in plan.rejections[0].reason


def test_rejection_list_shows_a_number_id_as_the_file_holds_it(db, tmp_path):
    """Issue 21: 210102198512034911 saved as a number came back as real-looking 210102198512034912."""
    from openpyxl import load_workbook

    path = write_roster(tmp_path / "r.xlsx", ["姓名", "身份证号", "手机号码"],
                        [["张伟", 210102198512034911, 13800138000]])
    plan = ri.read_roster(path)
    assert plan.rejections[0].reason.startswith("证件号码以数字形式保存（文件中是 2.10102E+17，即 210102198512035000）")
    assert "后几位已丢失" in plan.rejections[0].reason
    out = ri.write_rejections(plan, tmp_path / "拒绝.xlsx")
    rows = list(load_workbook(out)["被拒绝的行"].iter_rows(min_row=3, values_only=True))
    assert rows[0][3:] == ("张伟", "2.10102E+17", "13800138000")  # as Excel shows it, nothing made up


def test_changed_fields_are_updated_and_audited(db, db_path, tmp_path):
    number = make_id(seq=111)
    first = write_roster(tmp_path / "a.xlsx", ["姓名", "身份证号", "部门", "手机号码"],
                         [["张伟", number, "动力厂", "13812345678"]])
    run(first, db_path)
    second = write_roster(tmp_path / "b.xlsx", ["姓名", "身份证号", "部门", "手机号码"],
                          [["张伟", number, "检修车间", ""]])
    summary = run(second, db_path)
    assert (summary["imported"], summary["updated"], summary["unchanged"]) == (0, 1, 0)
    person = Person.get(Person.id_number == number)
    assert person.department.name == "检修车间"
    assert person.mobile == "13812345678"  # an empty cell does not erase
    # one audit entry per import (issue 19): the changed person's fields before and after are in it
    entry = AuditLog.select().where(AuditLog.table_name == "person").order_by(AuditLog.id.desc()).first()
    assert entry.action == "import" and entry.row_id is None
    assert json.loads(entry.before) == {"changes": {str(person.id): {"department": "动力厂"}}}
    after = json.loads(entry.after)
    assert after["changes"] == {str(person.id): {"department": "检修车间"}}
    assert (after["file"], after["updated"], after["updated_ids"]) == ("b.xlsx", 1, str(person.id))
    assert not AuditLog.select().where(AuditLog.action == "update").exists()


def test_no_membership_column_marks_new_people_as_members_on_request(db, db_path, tmp_path):
    path = write_roster(tmp_path / "r.xlsx", ["姓名", "身份证号"],
                        [["张伟", make_id(seq=111)], ["李娜", make_id(seq=122)]])
    plan = ri.classify(ri.read_roster(path))
    assert not plan.has_membership_column
    ri.apply(plan, db_path=db_path, join_date=dt.date(2024, 3, 1))
    assert members.headcount() == (2, 2)
    assert {e.date for e in MembershipEvent.select()} == {dt.date(2024, 3, 1)}


def test_cancel_leaves_the_database_as_it_was(db, db_path):
    run_first = write_roster  # noqa: F841 - readability
    plan = ri.classify(ri.read_roster(SAMPLE))

    class Stop(Exception):
        pass

    calls = []

    def progress(done, total, text=""):
        calls.append(done)
        if len(calls) > 1:
            raise Stop()

    with pytest.raises(Stop):
        ri.apply(plan, db_path=db_path, progress=progress)
    assert Person.select().count() == 0
    assert MembershipEvent.select().count() == 0


def test_a_file_that_is_not_a_workbook(db, tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a workbook")
    with pytest.raises(ri.ImportFileError):
        ri.read_roster(bad)
    wb = Workbook()
    wb.active.append(["甲", "乙"])
    wb.save(tmp_path / "y.xlsx")
    with pytest.raises(ri.ImportFileError, match="表头"):
        ri.read_roster(tmp_path / "y.xlsx")


def test_rejection_report_keeps_the_original_row(db, tmp_path):
    from openpyxl import load_workbook

    plan = ri.classify(ri.read_roster(SAMPLE))
    out = ri.write_rejections(plan, tmp_path / "rej.xlsx")
    ws = load_workbook(out).active
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert len(rows) == len(plan.rejections)
    assert list(ws.iter_rows(min_row=2, max_row=2, values_only=True))[0][:3] == ("行号", "错误列", "错误原因")
    by_row = {r[0]: r for r in rows}
    assert by_row[95][7] == "2.10102E+17"  # the damaged number as Excel shows it, no made-up digits
    assert ws.cell(row=3 + [r[0] for r in rows].index(95), column=8).data_type == "s"


def test_old_xls_format_is_read(db, db_path):
    from tests.conftest import DATA

    plan = ri.classify(ri.read_roster(DATA / "roster-old-format.xls"))
    assert plan.sheet == "职工名单" and plan.header_row == 3
    assert [r.values["name"] for r in plan.new] == ["张伟", "李娜"]
    assert [(r.row, r.column) for r in plan.rejections] == [(6, "身份证号码")]
    assert "校验位" in plan.rejections[0].reason
    ri.apply(plan, db_path=db_path)
    assert members.headcount() == (2, 1)


def test_the_same_bad_cell_on_many_rows_rejects_each_of_them(db, db_path, tmp_path):
    """An import checks each distinct department or date once; a refusal still reaches every row."""
    header = ["姓名", "身份证号", "部门", "是否会员", "入会时间"]
    rows = [["张伟", make_id(seq=111), "动力厂", "是", "2001-02-30"],
            ["李娜", make_id(seq=122), "动力厂", "是", "2010-05-01"],
            ["王五", make_id(seq=133), "动力厂", "是", "2001-02-30"],
            ["赵六", make_id(seq=155), "动" * 101, "是", "2010-05-01"],
            ["钱七", make_id(seq=177), "动" * 101, "是", "2010-05-01"],
            ["孙八", make_id(seq=199), "　合同工 ", "也许", ""],  # a 合 that is no 合计 line
            ["周九", make_id(seq=211), "合同工", "否", None]]
    summary = run(write_roster(tmp_path / "r.xlsx", header, rows), db_path)
    got = {r["row"]: (r["column"], r["reason"]) for r in summary["rejections"]}
    assert got == {2: ("入会时间", "“2001-02-30”不是存在的日期"), 4: ("入会时间", "“2001-02-30”不是存在的日期"),
                   5: ("部门", "内容过长（101 字，最多 100 字）"), 6: ("部门", "内容过长（101 字，最多 100 字）"),
                   7: ("是否会员", "应填“是”或“否”，实际为“也许”")}
    assert [p.name for p in Person.select().order_by(Person.id)] == ["李娜", "周九"]
    assert Person.get(Person.name == "周九").department.name == "合同工"
    assert members.history(Person.get(Person.name == "李娜").id)[0].date == dt.date(2010, 5, 1)


def test_a_cancelled_rejection_list_leaves_no_file(db, tmp_path):
    rows = [[f"职工{n}", 110101198503120000 + n] for n in range(4500)]
    plan = ri.read_roster(write_roster(tmp_path / "r.xlsx", ["姓名", "身份证号"], rows))
    seen = []

    def progress(done, total, text):
        seen.append((done, total, text))
        if done >= 2000:
            raise RuntimeError("取消")

    out = tmp_path / "被拒绝的行.xlsx"
    with pytest.raises(RuntimeError):
        ri.write_rejections(plan, out, progress)
    assert seen == [(0, 4500, "正在保存拒绝清单…"), (2000, 4500, "正在保存拒绝清单…")]
    assert not list(tmp_path.glob("被拒绝的行*"))


def test_a_bulk_import_renews_the_query_planners_figures(db, db_path, monkeypatch):
    """Issue 28: after a large import PostgreSQL's planner knows the table (it searched 100,000 people
    at twice the time until someone ran ANALYZE)."""
    from unionoffice.db import bulk

    def analyzed() -> bool:
        if type(db).__name__.startswith("Postgres"):
            return db.execute_sql("SELECT last_analyze IS NOT NULL FROM pg_stat_user_tables "
                                  "WHERE relname = 'person'").fetchone()[0]
        return bool(db.table_exists("sqlite_stat1") and db.execute_sql(
            "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = 'person'").fetchone()[0])

    assert not analyzed()
    monkeypatch.setattr(bulk, "ANALYZE_AFTER", 5)  # the sample roster stands for a large one
    assert run(SAMPLE, db_path)["imported"] >= 5
    # PostgreSQL has its figures; SQLite's plans stay those its queries were written for
    assert analyzed() == type(db).__name__.startswith("Postgres")
