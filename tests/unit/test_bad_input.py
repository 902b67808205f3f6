"""Bad input for every importer (tests/data/bad/): a clear Chinese message, the database unchanged,
bounded time and memory. Each importer of a later tab adds itself to IMPORTERS."""

import time
import zipfile

import pytest

from unionoffice.db.models import Person
from unionoffice.excel import activities_io, motions_io, notices_io, reading, roster_import, welfare_io
from tests.conftest import DATA

BAD = DATA / "bad"
IMPORTERS = {"members": roster_import.read_roster, "notices": notices_io.read_ledger,
             "activities": activities_io.read_ledger, "motions": motions_io.read_ledger,
             "assistance": welfare_io.read_ledger}

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
def test_200000_rows_are_refused_with_the_limit_named(db, tmp_path, importer):
    path = tmp_path / "huge.xlsx"
    _big_roster(path, 200_000)
    started = time.perf_counter()
    with pytest.raises(reading.ImportFileError, match="150,000"):
        importer(path)
    assert time.perf_counter() - started < 5
