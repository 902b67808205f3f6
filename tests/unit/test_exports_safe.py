"""Every export of the demo office, read back: no cell is a live formula, ID and phone cells are
text. Each export of a later tab adds itself to EXPORTS."""

import pytest
from openpyxl import load_workbook

from unionoffice.domain import demo, members
from unionoffice.excel import activities_io, motions_io, notices_io, roster_export, roster_import, welfare_io
from tests.conftest import DATA
from tests.helpers import make_id

EXPORTS = {
    "roster": lambda path: roster_export.export_roster(path, include_all=True),
    "roster-masked": lambda path: roster_export.export_roster(path, masked=True),
    "notices": lambda path: notices_io.export_ledger(path, __import__("datetime").date.today().year),
    "activities": lambda path: activities_io.export_ledger(path, __import__("datetime").date.today().year),
    "motions": lambda path: motions_io.export_session(path, __import__(
        "unionoffice.domain.congress", fromlist=["x"]).congresses()[0].id),
    "welfare": lambda path: welfare_io.export_workbook(path, __import__("datetime").date.today().year, full=True),
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


def _annual(path):
    import io

    from PIL import Image

    from unionoffice.domain import statistics
    from unionoffice.excel.annual_report import write_annual

    png = io.BytesIO()
    Image.new("RGB", (40, 30), "white").save(png, "PNG")
    write_annual(path, statistics.annual(2026), ["一条提醒。"], [("入会率", png.getvalue())])


PRINTED = {**EXPORTS, "annual": _annual,
           "dues": lambda path: __import__("unionoffice.excel.dues_io", fromlist=["x"]).export_month(
               path, __import__("datetime").date.today().replace(day=1))}


@pytest.mark.parametrize("name", PRINTED)
def test_every_sheet_prints_with_page_numbers_fitted_to_the_width(office, tmp_path, name):
    """Issue 21: printed workbooks had no page numbers and 基本情况 ran off the page's side."""
    path = tmp_path / f"{name}.xlsx"
    PRINTED[name](path)
    for ws in load_workbook(path).worksheets:
        assert ws.oddFooter.center.text == "第 &P 页 共 &N 页", (name, ws.title)
        assert ws.page_setup.paperSize == 9 and ws.page_setup.fitToWidth == 1, (name, ws.title)
        assert ws.page_setup.fitToHeight == 0 and ws.sheet_properties.pageSetUpPr.fitToPage, (name, ws.title)
