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
    people, counts = statistics.people_counts(TODAY, days)
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
