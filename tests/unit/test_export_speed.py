"""Issue 28: the exports' shortcuts write exactly what the plain way wrote. Each test writes the same
rows both ways and compares the files' sheet and style XML byte for byte, or a figure counted both ways."""

from __future__ import annotations

import datetime as dt
import zipfile
from decimal import Decimal

from unionoffice.excel import writing
from unionoffice.excel.writing import Column, value_cell
from tests.unit.test_statistics import office  # noqa: F401  (the fixture: a known office)

COLUMNS = [Column("序号", 6, "number"), Column("姓名", 10), Column("证件号码", 12, "idtext"),
           Column("日期", 12, "date"), Column("金额（元）", 12, "money"), Column("备注", 14)]
LONG = "一段很长很长很长很长的备注，要折行才能放得下"
ROWS = [
    [1, "张三", "110101199001011234", dt.date(2026, 3, 1), Decimal("28.35"), "短"],
    [2, "=1+1", 110101199001011234, dt.datetime(2026, 3, 1, 9, 30), 1234, LONG],
    [3, "", None, "2026-03-01", "未缴", "=" + LONG],
    [4.5, "line\nbreak", "", dt.date(2026, 1, 2), None, "tab\there\x01"],
    [True, Decimal("2.5"), "@x", 7, Decimal("0"), dt.date(2026, 5, 6)],
    [writing.Cell("kept", None, True), "+86", "  spaced  ", None],  # a short row: blanks to the end
    [5, "中" * 30, "x\x02", dt.date(2026, 2, 3), 3.25, "A" * 40, "past the last column"],
]


def _xml(path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/") or n == "xl/styles.xml"}


def _write(path, rows: list[list], fast: bool, repeat: int = 1) -> None:
    wb = writing.new_workbook()
    ws = wb.create_sheet("台账")
    writing.start_sheet(ws, "标题", COLUMNS)
    for _ in range(repeat):
        for row in rows:
            if fast:
                ws.values(row, COLUMNS)
            else:
                ws.append([value_cell(ws, v, c) for v, c in zip(row, COLUMNS)])
    wb.save(path)


def test_a_ledger_row_of_plain_values_is_the_row_value_cell_and_append_wrote(tmp_path):
    _write(tmp_path / "plain.xlsx", ROWS, fast=False)
    _write(tmp_path / "fast.xlsx", ROWS, fast=True)
    assert _xml(tmp_path / "fast.xlsx") == _xml(tmp_path / "plain.xlsx")


def test_rows_past_the_printed_ones_are_written_plain_the_same_way(tmp_path, monkeypatch):
    monkeypatch.setattr(writing, "PRINTED_ROWS", 9)  # the rows after the 7 first are past it
    _write(tmp_path / "plain.xlsx", ROWS, fast=False, repeat=3)
    _write(tmp_path / "fast.xlsx", ROWS, fast=True, repeat=3)
    assert _xml(tmp_path / "fast.xlsx") == _xml(tmp_path / "plain.xlsx")


def test_a_small_workbook_packaged_in_memory_holds_the_parts_one_from_temporary_files_does(tmp_path, monkeypatch):
    _write(tmp_path / "memory.xlsx", ROWS, fast=True, repeat=3)
    monkeypatch.setattr(writing, "IN_MEMORY_ROWS", 10)  # 2 title rows and 21 rows: past it, from files
    _write(tmp_path / "files.xlsx", ROWS, fast=True, repeat=3)
    with zipfile.ZipFile(tmp_path / "memory.xlsx") as memory, zipfile.ZipFile(tmp_path / "files.xlsx") as files:
        # in memory the parts carry Excel's own date; from files, xlsxwriter's portable one
        assert {i.filename: i.date_time for i in memory.infolist()}["xl/workbook.xml"] == (1980, 1, 1, 0, 0, 0)
        assert {i.filename: i.date_time for i in files.infolist()}["xl/workbook.xml"] != (1980, 1, 1, 0, 0, 0)
        assert memory.namelist() == files.namelist()
        assert all(memory.read(name) == files.read(name) for name in memory.namelist() if name != "docProps/core.xml")


def test_text_width_counts_a_chinese_character_as_two():
    assert writing.text_width("ab中文") == 6
    assert writing.text_width("一二三\nabcdefgh\n") == 8
    assert writing.text_width("") == 0
    assert writing.text_width("⺀\u2e7f") == 3  # the first wide character, and the last narrow one
    assert writing.text_width(12345) == 5


def test_the_annual_report_counts_its_people_and_past_join_rates_in_the_same_passes(office, monkeypatch):
    from unionoffice.domain import members, statistics
    from tests.unit.test_statistics import TODAY

    days = [dt.date(2022, 9, 30), dt.date(2025, 9, 30), dt.date(2026, 3, 1), TODAY]
    people, counts, _groups = statistics._count_people(TODAY, days)
    assert people == statistics.people_figures(TODAY)
    assert counts == members.headcounts(days)
    expected = statistics.join_rate_history(2026, today=TODAY)
    monkeypatch.setattr(members, "headcounts", None)  # the report and its charts count no third pass
    report = statistics.annual(2026, today=TODAY)
    assert report.join_rates == expected and [y for y, _ in expected] == [2022, 2023, 2024, 2025, 2026]
    assert statistics.chart_figures(2026, report.breakdowns, report.join_rates)["join_rates"] == expected


STREAMED = writing.streamed_sheet_class


def _streamed(path, stock: bool, monkeypatch) -> None:
    from xlsxwriter.worksheet import Worksheet

    monkeypatch.setattr(writing, "streamed_sheet_class", (lambda: Worksheet) if stock else STREAMED)
    wb = writing.new_workbook()
    ws = wb.create_sheet("台账")
    writing.start_sheet(ws, "标题", COLUMNS)
    for row in ROWS * 2:
        ws.values(row, COLUMNS)
    raw = ws.ws  # what the ledgers never write, written as xlsxwriter writes it
    bold = wb.book.add_format({"bold": True})
    raw.set_column(9, 9, 12, bold)
    raw.set_row(40, 20, bold)
    for col, value in enumerate([" lead", "trail ", "_x0001_ and \x02", "<r>rich?</r>", "a&b<c>\"d\"", 1e20, -0.5,
                                 True, None, "", "=SUM(A1)", 3]):
        for row in (40, 41):
            if value is None:
                raw.write_blank(row, col, None, bold if row == 41 else None)
            elif isinstance(value, str) and value.startswith("="):
                raw.write_formula(row, col, value)
            else:
                raw.write(row, col, value)
    raw.write_rich_string(42, 0, "a", bold, "b")
    ws.written = 43
    ws.append(["past the ledger rows", 7])
    wb.save(path)


def test_a_streamed_cell_is_the_xml_xlsxwriter_writes(tmp_path, monkeypatch):
    _streamed(tmp_path / "stock.xlsx", True, monkeypatch)
    _streamed(tmp_path / "fast.xlsx", False, monkeypatch)
    assert _xml(tmp_path / "fast.xlsx") == _xml(tmp_path / "stock.xlsx")
    assert STREAMED().__name__ == "StreamedSheet"


def _breakdowns_person_by_person(on: dt.date) -> dict:
    """What ``statistics.breakdowns`` counted before issue 28, person by person in Python."""
    from unionoffice.db.models import Person
    from unionoffice.domain import members, statistics

    member_ids = members.member_id_set(on)
    found: dict[str, dict] = {}
    for p in Person.select().where(members.employees_on(on)):
        born = p.birth_date
        age = None if born is None else on.year - born.year - ((on.month, on.day) < (born.month, born.day))
        band = next((name for name, low, high in statistics.AGE_BANDS if age is not None and low <= age <= high), "不详")
        keys = {"按部门": p.department.name if p.department_id else None, "按性别": p.gender, "按年龄段": band,
                "按学历": p.education, "按用工形式": p.employment_form}
        for table, key in keys.items():
            counts = found.setdefault(table, {}).setdefault(key or "（未填）", [0, 0, 0, 0])
            member, female = p.id in member_ids, p.gender == "女"
            counts[0] += 1
            counts[1] += member
            counts[2] += female
            counts[3] += member and female
    return found


def test_the_breakdowns_counted_in_one_query_are_those_counted_person_by_person(office):
    """Age bands at their edges (a birthday on the day itself, 29 February, born after the day) and
    people without a department, a birth date or an education."""
    from unionoffice.db.models import Person
    from unionoffice.domain import members, statistics
    from tests.helpers import make_id

    births = ["1991-09-30", "1991-10-01", "1981-09-30", "1981-10-01", "1972-09-30", "1972-10-01", "1980-02-29",
              "1982-02-28", "1982-03-01", "1826-01-01", "2027-01-01"]
    for i, born in enumerate(births):
        p = members.create_person({"name": f"边界{i}", "id_number": make_id(seq=300 + i, birth="19800101"),
                                   "hire_date": "2010-01-01", "department": "动力厂" if i % 3 else ""},
                                  join=("入会", "2011-01-01") if i % 4 else None)
        Person.update(birth_date=dt.date.fromisoformat(born), education="" if i % 5 == 0 else "大学本科").where(
            Person.id == p.id).execute()
    for on in (dt.date(2026, 9, 30), dt.date(2028, 2, 29), dt.date(2027, 2, 28), dt.date(2026, 10, 1)):
        counted = statistics.breakdowns(on)
        expected = _breakdowns_person_by_person(on)
        for table, (_header, rows) in counted.items():
            assert {r[0]: r[1:5] for r in rows if r[0] != "合计"} == expected[table], (on, table)
