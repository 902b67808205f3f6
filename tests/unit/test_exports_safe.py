"""Every export of the demo office, read back: no cell is a live formula, ID and phone cells are
text. Each export of a later tab adds itself to EXPORTS."""

import pytest
from openpyxl import load_workbook

from unionoffice.domain import demo, members
from unionoffice.ledgers import activities as activities_ledger
from unionoffice.ledgers import roster_export, roster_import
from unionoffice.ledgers import motions as motions_ledger
from unionoffice.ledgers import assistance as assistance_ledger
from unionoffice.ledgers import notices as notices_ledger
from tests.conftest import DATA
from tests.golden import fit_width
from tests.helpers import make_id

EXPORTS = {
    "roster": lambda path: roster_export.export_roster(path, include_all=True),
    "roster-masked": lambda path: roster_export.export_roster(path, masked=True),
    "notices": lambda path: notices_ledger.export_ledger(path, __import__("datetime").date.today().year),
    "activities": lambda path: activities_ledger.export_ledger(path, __import__("datetime").date.today().year),
    "motions": lambda path: motions_ledger.export_session(path, __import__(
        "unionoffice.domain.congress", fromlist=["x"]).congresses()[0].id),
    "welfare": lambda path: assistance_ledger.export_workbook(path, __import__("datetime").date.today().year, full=True),
    "rejections": lambda path: roster_import.write_rejections(
        roster_import.read_roster(DATA / "bad" / "hostile-cells.xlsx"), path),
}
TEXT_HEADERS = ("证件号码", "身份证号", "移动电话", "手机号码", "联系电话", "卡号")


@pytest.fixture
def office(chapter_saved):
    demo.fill(60, seed=11)
    for i, name in enumerate(["=1+1", "+86", "-3", "@SUM(A1)", "\tTab", "=HYPERLINK(\"x\")"]):
        members.create_person({"name": name, "id_number": make_id(seq=200 + i * 2, birth="19900101"),
                               "note": "=cmd|' /C calc'!A0"}, join=("入会", "2020-01-01"))
    from unionoffice.domain import notices

    n = notices.create({"title": "=IMPORTXML(\"x\")", "category": "其他", "content": "<p>@危险</p>",
                        "department": "+部门"})
    notices.review(n.id, "-审核人")
    notices.publish(n.id)
    return chapter_saved


@pytest.mark.parametrize("name", EXPORTS)
def test_no_live_formula_and_numbers_as_text(office, tmp_path, name):
    path = tmp_path / f"{name}.xlsx"
    EXPORTS[name](path)
    workbook = load_workbook(path)
    checked = has_text_columns = 0
    for ws in workbook.worksheets:
        header_row = next(r for r in ws.iter_rows(min_row=1, max_row=5)
                          if sum(c.value is not None for c in r) > 2)
        text_cols = {c.column for c in header_row if c.value in TEXT_HEADERS}
        has_text_columns += bool(text_cols)
        for row in ws.iter_rows(min_row=header_row[0].row + 1):
            for cell in row:
                assert cell.data_type != "f", (name, cell.coordinate, cell.value)
                if cell.value is not None and cell.column in text_cols:
                    assert cell.data_type == "s" and cell.number_format == "@", (name, cell.coordinate)
                    checked += 1
    assert checked > 0 or not has_text_columns


HOSTILE = '=HYPERLINK("http://example.invalid/x","点我")'


@pytest.fixture
def hostile_office(office):
    """The chapter's own name, an activity, a department and a rejected file all begin with '='."""
    import datetime as dt

    from unionoffice.domain import activities, chapter

    chapter.save({**demo.DEMO_CHAPTER, "union_name": HOSTILE, "unit_name": "-" + HOSTILE})
    today = dt.date.today()
    activity = activities.create({"name": HOSTILE, "kind": activities.KINDS[0], "department": "@部门",
                                  "starts_at": dt.datetime(today.year, today.month, today.day, 9)})
    from unionoffice.db.models import Person

    people = [p.id for p in Person.select().limit(3)]
    activities.sign_up(activity.id, people, confirm_past=True)
    return office


def _hostile_rejections(tmp_path, out):
    """A user's file named '=….xlsx' whose header cells are formulas, every row rejected."""
    from openpyxl import Workbook

    source = tmp_path / "=HYPERLINK(1).xlsx"
    wb = Workbook()
    wb.active.append(["姓名", "身份证号", HOSTILE, "+部门"])
    wb.active.append(["张三", "110101199001011234", "=1+1", "-x"])
    wb.save(source)
    plan = roster_import.read_roster(source)
    assert plan.rejections
    return roster_import.write_rejections(plan, out)


def _annual(path):
    import datetime as dt

    from unionoffice.domain import statistics
    from unionoffice.excel.annual_report import write_annual

    year = dt.date.today().year
    return write_annual(path, statistics.annual(year), [HOSTILE])


def _dues(path):
    import datetime as dt

    from unionoffice.ledgers import wages as wages_ledger

    return wages_ledger.export_month(path, dt.date.today().strftime("%Y-%m"))


EVERY_EXPORT = {**EXPORTS, "dues": _dues, "annual": _annual}


@pytest.mark.parametrize("name", [*EVERY_EXPORT, "hostile-rejections"])
def test_every_cell_of_every_export_is_safe(hostile_office, tmp_path, name):
    """Titles and header rows included: nothing the program writes is a live formula (§11)."""
    from unionoffice.excel.writing import FORMULA_STARTS

    path = tmp_path / f"{name}.xlsx"
    if name == "hostile-rejections":
        _hostile_rejections(tmp_path, path)
    else:
        EVERY_EXPORT[name](path)
    hostile_seen = 0
    for ws in load_workbook(path).worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (name, ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                    assert cell.quotePrefix, (name, ws.title, cell.coordinate, cell.value)
                    hostile_seen += 1
    assert hostile_seen or name == "rejections", name  # the hostile text was written, as text


def test_no_writer_makes_a_workbook_but_through_the_guard():
    """A new writer cannot forget the guard: only excel/writing.py makes openpyxl workbooks."""
    import re
    from pathlib import Path

    import unionoffice

    root = Path(unionoffice.__file__).parent
    offenders = [str(p.relative_to(root)) for p in root.rglob("*.py")
                 if p.name != "writing.py" and re.search(r"\bWorkbook\s*\(|from openpyxl import[^\n]*\bWorkbook\b",
                                                           p.read_text(encoding="utf-8"))]
    assert offenders == []


def _annual_printed(path):
    from unionoffice.domain import statistics
    from unionoffice.excel.annual_report import write_annual

    report = statistics.annual(2026)
    write_annual(path, report, ["一条提醒。"], statistics.chart_figures(2026, report.breakdowns))


PRINTED = {**EXPORTS, "annual": _annual_printed,
           "dues": lambda path: __import__("unionoffice.ledgers.wages", fromlist=["x"]).export_month(
               path, __import__("datetime").date.today().replace(day=1))}


@pytest.mark.parametrize("name", PRINTED)
def test_every_sheet_prints_with_page_numbers_fitted_to_the_width(office, tmp_path, name):
    """Issue 21: printed workbooks had no page numbers and 基本情况 ran off the page's side."""
    path = tmp_path / f"{name}.xlsx"
    PRINTED[name](path)
    for ws in load_workbook(path).worksheets:
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页", (name, ws.title)
        assert ws.page_setup.paperSize == 9 and fit_width(ws) >= 1, (name, ws.title)
        assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage, (name, ws.title)


def printed_scale(ws) -> float:
    """The scale a sheet prints at: its columns fitted onto fitToWidth pages across (each repeating
    the title columns), never enlarged."""
    from unionoffice.excel.writing import PAGE_WIDTH

    widths = [width_of(ws, c) for c in _letters(ws)]
    keys = 0
    if ws.print_title_cols:
        keys = sum(width_of(ws, c) for c in _letters(ws)[:len(_range(ws.print_title_cols))])
    pages = fit_width(ws)
    need = sum(widths) + keys * (pages - 1)
    return min(1.0, pages * PAGE_WIDTH[ws.page_setup.orientation] / need)


def width_of(ws, letter: str) -> float:
    """A column's width as the file sets it. A writer may set neighbouring columns of one width in one
    <col min max> (xlsxwriter does), which openpyxl keeps under the first column's letter alone."""
    from openpyxl.utils import column_index_from_string

    index = column_index_from_string(letter)
    for dimension in ws.column_dimensions.values():
        if dimension.min and dimension.max and dimension.min <= index <= dimension.max:
            return dimension.width
    return ws.column_dimensions[letter].width


def _letters(ws):
    from openpyxl.utils import get_column_letter

    return [get_column_letter(i) for i in range(1, ws.max_column + 1)]


def _range(cols: str):
    from openpyxl.utils import column_index_from_string

    first, last = cols.replace("$", "").split(":")
    return range(column_index_from_string(first), column_index_from_string(last) + 1)


@pytest.mark.parametrize("name", PRINTED)
def test_every_sheet_prints_readable_whole_and_dated(office, tmp_path, name):
    """Issue 29: multi-line text overprinted the next row, IDs and reasons were cut, fit-to-width
    shrank wide sheets to a third, and no page said when it was printed."""
    from unionoffice.excel.writing import MIN_SCALE, text_width

    path = tmp_path / f"{name}.xlsx"
    PRINTED[name](path)
    for ws in load_workbook(path).worksheets:
        where = (name, ws.title)
        assert ws.oddFooter.right.text == "打印日期：&D", where
        assert ws.print_title_rows in ("$1:$2", "1:2"), where
        assert printed_scale(ws) >= MIN_SCALE - 0.01, (where, printed_scale(ws))
        if fit_width(ws) > 1:  # split across pages: each repeats 序号 / 姓名
            assert ws.print_title_cols and ws.page_setup.orientation == "landscape", where
        headers = {c.column_letter: c.value for c in ws[2]} if ws.max_row > 1 else {}
        for letter, header in headers.items():
            if header in ("证件号码", "身份证号"):
                assert width_of(ws, letter) >= 20, where  # 18 digits whole
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                if isinstance(cell.value, str) and cell.column_letter in headers:
                    width = width_of(ws, cell.column_letter)
                    if "\n" in cell.value or text_width(cell.value) > width:
                        assert cell.alignment.wrap_text, (where, cell.coordinate, cell.value)
                if cell.value is not None and headers and name != "annual":
                    assert cell.border.left.style == "thin", (where, cell.coordinate)


def test_a_notice_of_several_lines_wraps_within_its_column(office, tmp_path):
    from unionoffice.domain import notices

    n = notices.create({"title": "六行的通知", "category": "其他", "content": "<p>一</p><p>二</p><p>三</p><p>四</p>"
                        "<p>五</p><p>六</p>", "department": "工会"})
    notices.review(n.id, "审核人")
    notices.publish(n.id)
    path = tmp_path / "notices.xlsx"
    PRINTED["notices"](path)
    ws = load_workbook(path).active
    content = next(c for c in ws[2] if c.value == "内容").column_letter
    cells = [ws[f"{content}{r}"] for r in range(3, ws.max_row + 1) if "\n" in str(ws[f"{content}{r}"].value)]
    assert cells and all(c.alignment.wrap_text for c in cells)


def test_a_sheet_too_long_to_print_is_written_plain_past_its_printed_rows(tmp_path):
    """Borders and wrapping are for what a clerk prints: a roster of 100,000 for the platform is
    written at a plain writer's speed past PRINTED_ROWS, its print settings kept."""
    from unionoffice.excel import writing

    wb = writing.new_workbook()
    ws = wb.create_sheet("名册")
    columns = [writing.Column("姓名", 10), writing.Column("备注", 12)]
    writing.start_sheet(ws, "名册", columns)
    rows = writing.PRINTED_ROWS + 10
    for n in range(rows):
        ws.append([f"张{n}", "一段很长很长很长的备注，要折行才能放得下"])
    wb.save(tmp_path / "long.xlsx")
    sheet = load_workbook(tmp_path / "long.xlsx", read_only=False)["名册"]
    first, last = sheet.cell(row=3, column=2), sheet.cell(row=rows + 2, column=2)
    assert first.border.left.style == "thin" and first.alignment.wrap_text
    assert last.value.startswith("一段") and last.border.left.style is None and not last.alignment.wrap_text
    assert sheet.print_title_rows and sheet.oddFooter.center.text


def test_the_streaming_writer_keeps_each_kind_of_value_and_the_look(tmp_path):
    """Issue 28: the exports are streamed by xlsxwriter; what they hold reads back as the openpyxl
    writer wrote it: dates as dates, money with its format, IDs as text, formulas as quoted text."""
    import datetime as dt
    from decimal import Decimal

    from unionoffice.excel import writing

    wb = writing.new_workbook()
    ws = wb.create_sheet("名单")
    again = wb.create_sheet("名单")  # a name taken: made unique as openpyxl did
    columns = [writing.Column("序号", 6, "number"), writing.Column("姓名", 10), writing.Column("身份证号", 12, "idtext"),
               writing.Column("入会日期", 12, "date"), writing.Column("金额", 12, "money"), writing.Column("备注", 12)]
    writing.start_sheet(ws, "=标题", columns)
    values = [1, "=1+1", "110101199001011234", dt.date(2026, 3, 1), Decimal("28.35"), True]
    ws.append([writing.value_cell(ws, v, c) for v, c in zip(values, columns)])
    ws.append([2, "张三", None, dt.datetime(2026, 3, 1, 9, 30), 1234, 2.5])
    wb.save(tmp_path / "kinds.xlsx")
    book = load_workbook(tmp_path / "kinds.xlsx")
    assert book.sheetnames == ["名单", "名单1"] and again.title == "名单1"
    sheet = book["名单"]
    assert sheet["A1"].value == "=标题" and sheet["A1"].quotePrefix and sheet["A1"].font.b and sheet["A1"].font.sz == 14
    assert [c.value for c in sheet[2]] == [c.header for c in columns] and all(c.font.b for c in sheet[2])
    assert sheet.freeze_panes == "A3"
    assert [width_of(sheet, letter) for letter in "ABCDEF"] == [writing.column_width(c) for c in columns]
    row = sheet[3]
    assert [c.value for c in row] == [1, "=1+1", "110101199001011234", dt.datetime(2026, 3, 1), 28.35, True]
    assert row[1].data_type == "s" and row[1].quotePrefix
    assert row[2].data_type == "s" and row[2].number_format == "@" and row[2].quotePrefix
    assert row[3].number_format == "yyyy-mm-dd" and row[4].number_format == "#,##0.00"
    assert all(c.border.left.style == "thin" for c in row)
    assert [c.value for c in sheet[4]] == [2, "张三", None, dt.datetime(2026, 3, 1, 9, 30), 1234, 2.5]
    assert sheet.print_title_rows == "$1:$2" and sheet.page_setup.paperSize == 9
