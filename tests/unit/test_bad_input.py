"""Bad input for every importer (tests/data/bad/): a clear Chinese message, the database unchanged,
bounded time and memory. Each importer of a later tab adds itself to IMPORTERS."""

import datetime as dt
import time
import zipfile

import pytest

from unionoffice.db.models import Person
from unionoffice.ledgers import activities as activities_ledger
from unionoffice.excel import reading
from unionoffice.ledgers import roster_import
from unionoffice.ledgers import motions as motions_ledger
from unionoffice.ledgers import assistance as assistance_ledger
from unionoffice.ledgers import notices as notices_ledger
from tests.conftest import DATA

BAD = DATA / "bad"
IMPORTERS = {"members": roster_import.read_roster, "notices": notices_ledger.read_ledger,
             "activities": activities_ledger.read_ledger, "motions": motions_ledger.read_ledger,
             "assistance": assistance_ledger.read_ledger}

REFUSED = {
    "zip-bomb.xlsx": "压缩炸弹",
    "renamed-text.xlsx": "不是 Excel 工作簿",
    "renamed-image.xlsx": "不是 Excel 工作簿",
    "zero-bytes.xlsx": "空的",
    "empty-workbook.xlsx": "没有任何内容",
    "only-headers.xlsx": "只有表头|找不到表头|缺少必需的列",  # a roster's header means nothing to other ledgers
}


@pytest.mark.parametrize("importer", IMPORTERS.values(), ids=IMPORTERS.keys())
@pytest.mark.parametrize("name, message", REFUSED.items())
def test_files_that_cannot_be_imported(db, importer, name, message):
    started = time.perf_counter()
    with pytest.raises(reading.ImportFileError, match=message):
        importer(BAD / name)
    assert time.perf_counter() - started < 5
    assert Person.select().count() == 0


@pytest.mark.parametrize("importer", IMPORTERS.values(), ids=IMPORTERS.keys())
def test_xml_entity_bomb_is_not_expanded(db, importer):
    started = time.perf_counter()
    with pytest.raises(reading.ImportFileError):
        importer(BAD / "entity-bomb.xlsx")
    assert time.perf_counter() - started < 5


def test_hostile_cells_are_cleaned_or_rejected_never_evaluated(db, db_path):
    plan = roster_import.classify(roster_import.read_roster(BAD / "hostile-cells.xlsx"))
    accepted = {r.values["name"]: r.values for r in plan.new}
    rejected = {r.row: r for r in plan.rejections}
    assert "张伟" in accepted  # control characters removed
    assert "内容过长" in rejected[3].reason and rejected[3].column == "姓名"
    assert accepted["李娜"]["id_number"] == "110101197402074328"  # full-width digits folded
    assert "数字形式" in rejected[5].reason
    assert '=HYPERLINK("http://x","点我")' in accepted  # kept as text
    assert "校验位" in rejected[7].reason  # a formula's cached text, never evaluated
    roster_import.apply(plan, db_path=db_path)
    assert Person.select().count() == len(accepted)


def _big_roster(path, rows):
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    body = "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>某{r}</t></is></c></row>'
                   for r in range(2, rows + 2))
    head = '<row r="1"><c r="A1" t="inlineStr"><is><t>姓名</t></is></c><c r="B1" t="inlineStr"><is><t>身份证号</t></is></c></row>'
    sheet = (f'<?xml version="1.0"?><worksheet {ns}><dimension ref="A1:B{rows + 1}"/>'
             f"<sheetData>{head}{body}</sheetData></worksheet>")
    src = BAD / "only-headers.xlsx"
    with zipfile.ZipFile(src) as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else old.read(item)
            new.writestr(item, data)


@pytest.mark.parametrize("importer", IMPORTERS.values(), ids=IMPORTERS.keys())
def test_rows_over_the_limit_are_refused_with_the_limit_named(db, tmp_path, importer, monkeypatch):
    monkeypatch.setattr(reading, "MAX_ROWS", 150_000)  # the guard, lowered: 1,000,000 rows take long to write
    path = tmp_path / "huge.xlsx"
    _big_roster(path, 200_000)
    started = time.perf_counter()
    with pytest.raises(reading.ImportFileError, match="150,000"):
        importer(path)
    assert time.perf_counter() - started < 5


def test_the_row_limit_is_one_million():
    assert reading.MAX_ROWS == 1_000_000


def test_a_roster_over_the_old_150000_row_limit_is_read_in_one_file(db, tmp_path):
    from unionoffice.domain.validation import id_check_char

    rows = 150_001
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'

    def cell(ref, text):
        return f'<c r="{ref}" t="inlineStr"><is><t>{text}</t></is></c>'

    def number(r):
        first17 = f"110101{dt.date(1970, 1, 1) + dt.timedelta(days=r % 10_000):%Y%m%d}{r // 10_000:03d}"
        return first17 + id_check_char(first17)

    body = "".join(f'<row r="{r}">{cell(f"A{r}", f"某{r}")}{cell(f"B{r}", number(r))}</row>'
                   for r in range(2, rows + 2))
    sheet = (f'<?xml version="1.0"?><worksheet {ns}><dimension ref="A1:B{rows + 1}"/><sheetData>'
             f'<row r="1">{cell("A1", "姓名")}{cell("B1", "身份证号")}</row>{body}</sheetData></worksheet>')
    path = tmp_path / "big.xlsx"
    with zipfile.ZipFile(BAD / "only-headers.xlsx") as old, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item, sheet.encode() if item.filename == "xl/worksheets/sheet1.xml" else old.read(item))
    plan = roster_import.read_roster(path)
    assert not plan.rejections
    assert len(plan.records) == rows
    assert (plan.records[-1].row, plan.records[-1].values["name"]) == (rows + 1, f"某{rows + 1}")


# --- real rosters once read wrongly (issue 20) ------------------------------------------------
def _plan(name):
    return roster_import.classify(roster_import.read_roster(BAD / name))


def _rejected(plan):
    return {r.row: (r.column, r.reason) for r in plan.rejections}


def test_every_spelling_of_the_resident_id_card_is_checked(db):
    plan = _plan("id-type-spellings.xlsx")  # 居民身份证, 二代身份证, 身份证号码
    rejected = _rejected(plan)
    assert "校验位" in rejected[2][1] and "出生日期" in rejected[3][1] and "16位" in rejected[4][1]
    (only,) = plan.new
    assert only.values["id_type"] == "身份证"
    assert (only.values["birth_date"], only.values["gender"]) == (dt.date(1990, 7, 15), "女")


def test_the_visible_sheet_is_read_and_filtered_out_rows_are_counted(db):
    plan = _plan("hidden-sheet-and-filter.xlsx")
    assert plan.sheet == "花名册" and plan.hidden_sheets == ["旧名册"]
    assert [r.values["name"] for r in plan.new] == ["张伟"]
    summary = plan.summary()
    assert summary["sheet"] == "花名册"
    assert [(s["row"], "筛选" in s["reason"]) for s in summary["skipped"]] == [(3, True), (4, True)]


def test_a_total_line_is_recognised_by_what_it_is_and_skipped_rows_are_counted(db):
    plan = _plan("total-department.xlsx")
    assert len(plan.new) == 8 and not plan.rejections
    assert any(r.values.get("department") == "总计划部" for r in plan.new)
    skipped = plan.summary()["skipped"]
    assert [s["row"] for s in skipped] == [10, 11]
    assert "合计" in skipped[0]["reason"] and "之后" in skipped[1]["reason"]


def test_invisible_characters_are_removed_from_names_ids_and_notes(db, db_path):
    plan = _plan("invisible-characters.xlsx")
    assert sorted(r.values["name"] for r in plan.new) == ["张伟", "李娜", "王芳"]
    roster_import.apply(plan, db_path=db_path)
    assert all(p.id_number.isalnum() and len(p.id_number) == 18 for p in Person.select())
    assert Person.get(Person.name == "张伟").note == "第一行第二行"


def test_text_longer_than_its_column_is_refused_with_the_row_named(db):
    plan = _plan("long-text.xlsx")
    rejected = _rejected(plan)
    assert rejected[2] == ("户籍所在地", "内容过长（150 字，最多 100 字）")
    assert rejected[3][0] == "备注" and "最多 2000 字" in rejected[3][1]
    assert [r.values["name"] for r in plan.new] == ["王芳"]


def test_year_month_columns_accept_a_year_and_month(db, db_path):
    plan = _plan("year-month-dates.xlsx")
    assert _rejected(plan) == {5: ("出生年月", "1987-04 与身份证号中的 1987-02-03 不一致")}
    roster_import.apply(plan, db_path=db_path)
    zw, ln, wf = (Person.get(Person.name == n) for n in ("张伟", "李娜", "王芳"))
    assert zw.birth_date == dt.date(1985, 3, 12)  # the ID gives the day
    assert (zw.work_start_date, ln.work_start_date, wf.work_start_date) == (
        dt.date(2008, 7, 1), dt.date(2012, 9, 1), dt.date(2000, 10, 1))


def test_serial_dates_old_numeric_ids_and_phones_written_every_way(db, db_path):
    plan = _plan("serials-and-phones.xlsx")
    assert not plan.rejections and len(plan.new) == 6
    warned = {w.row: w.reason for w in plan.warnings}
    assert set(warned) == {5, 6} and "座机" in warned[5] and "2 个手机号码" in warned[6]
    assert plan.summary()["warnings"][0]["column"] == "手机号码"
    roster_import.apply(plan, db_path=db_path)
    people = {p.name: p for p in Person.select()}
    assert people["张伟"].hire_date == dt.date(2020, 1, 1) and people["张伟"].work_start_date == dt.date(2008, 7, 1)
    assert people["李娜"].hire_date == dt.date(2015, 3, 2) and people["李娜"].work_start_date == dt.date(2009, 7, 6)
    assert people["王芳"].id_upgraded and people["王芳"].id_number.startswith("11010119850312122")
    assert [people[n].mobile for n in ("张伟", "李娜", "王芳", "赵强", "钱明", "孙丽")] == [
        "13800138000", "13900139000", "13700137000", "", "", "13800138001"]


@pytest.mark.parametrize("name", ["two-row-header.xlsx", "declared-million-rows.xlsx", "roster-utf8.csv",
                                  "roster-gbk.csv"])
def test_real_layouts_are_read(db, name):
    plan = _plan(name)
    assert not plan.rejections and len(plan.new) >= 2
    assert plan.new[0].values["name"] == "张伟"
    if name == "two-row-header.xlsx":
        assert plan.new[1].values["ethnicity"] == "回族" and plan.new[1].values["mobile"] == "13900139000"
    if name.endswith(".csv"):
        assert plan.new[1].values["department"] == "财务部"


def test_formulas_saved_without_values_are_explained(db):
    with pytest.raises(reading.ImportFileError, match="Excel 或 WPS 打开"):
        roster_import.read_roster(BAD / "uncalculated-formulas.xlsx")


def test_a_masked_export_is_refused_once(db):
    with pytest.raises(reading.ImportFileError, match="屏蔽"):
        roster_import.read_roster(BAD / "masked-export.xlsx")


@pytest.mark.parametrize("cells, kind", [
    (["合计", None, None, 40036], "total"), ([None, "合 计：", "286人"], "total"), (["合计286人"], "total"),
    ([3, "小计", None, 12000], "total"), (["职工2", "110101198503120228", "总计划部"], "data"),
    (["总计划部", "合计"], "total"), (["合计", "110101198503120228"], "data"), (["填表说明：身份证号用文本"], "end"),
    (["张伟", "填表说明"], "data"), ([None, " ", ""], "blank"),
])
def test_a_total_line_is_what_it_is(cells, kind):
    assert reading._row_kind(cells).partition(":")[0] == kind


def test_a_header_over_two_rows_read_from_its_lower_row(db, tmp_path):
    from tests.helpers import make_id, write_roster

    path = write_roster(tmp_path / "h.xlsx", ["姓名", "身份证号", "基本信息", None, None],
                        [[None, None, "性别", "民族", "学历"], ["张伟", make_id(), "男", "汉", "本科"],
                         ["李娜", make_id(seq=124), "女", "回", "大专"]])
    plan = roster_import.read_roster(path)
    assert set(plan.columns) == {"name", "id_number", "gender", "ethnicity", "education"}
    assert [r.values["education"] for r in plan.records] == ["大学本科", "大学专科"] and not plan.rejections


def test_a_csv_with_tabs_and_an_id_in_scientific_notation(db, tmp_path):
    from tests.helpers import make_id

    path = tmp_path / "导出.csv"
    path.write_text(f"姓名\t身份证号\t备注\n张伟\t{make_id()}\t甲,乙\n李娜\t1.10101E+17\t\n", encoding="gbk")
    plan = roster_import.read_roster(path)
    assert [r.values["note"] for r in plan.records] == ["甲,乙"]
    assert plan.rejections[0].row == 3 and "数字形式" in plan.rejections[0].reason


def test_a_sheet_of_exactly_the_limit_is_read_and_one_row_more_refused(tmp_path, monkeypatch):
    """calamine's total_height is the last row's index (from 0), not a count."""
    import xlsxwriter

    monkeypatch.setattr(reading, "MAX_ROWS", 3)
    for rows, refused in ((3, False), (4, True)):
        path = tmp_path / f"rows-{rows}.xlsx"
        book = xlsxwriter.Workbook(str(path))
        sheet = book.add_worksheet("名册")
        for r in range(rows):
            sheet.write_row(r, 0, ["姓名" if r == 0 else f"人{r}", "部门"])
        book.close()
        if refused:
            with pytest.raises(reading.ImportFileError, match="4 行"):
                list(reading._sheets(path, "xlsx"))
        else:
            assert [s.name for s in reading._sheets(path, "xlsx")] == ["名册"]
