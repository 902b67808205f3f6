"""The command line as scripts and the higher union's IT use it: real processes, exit codes."""

import json
import os
import sqlite3
import subprocess
import sys


from tests.conftest import SAMPLE


def cli(*args, env=None):
    return subprocess.run([sys.executable, "-m", "unionoffice", *map(str, args)],
                          capture_output=True, text=True, env={**os.environ, **(env or {})},
                          timeout=120)


def test_version():
    from unionoffice import __version__

    result = cli("--version")
    assert result.returncode == 0 and __version__ in result.stdout


def test_usage_errors_exit_2_in_chinese(tmp_path):
    result = cli("import", "members")
    assert result.returncode == 2 and "参数错误" in result.stderr
    result = cli("demo", "--db", tmp_path / "x.sqlite3", "--members", "abc")
    assert result.returncode == 2


def test_demo_then_check_ok(tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert cli("demo", "--db", db, "--members", 50).returncode == 0
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 50
    assert con.execute("SELECT COUNT(*) FROM membership_event").fetchone()[0] > 30
    con.close()
    result = cli("check", "--db", db)
    assert result.returncode == 0 and result.stdout.strip() == "ok"


def test_check_finds_damaged_pages(tmp_path):
    db = tmp_path / "demo.sqlite3"
    assert cli("demo", "--db", db, "--members", 400).returncode == 0
    con = sqlite3.connect(db)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    root = con.execute("SELECT rootpage FROM sqlite_master WHERE name='person'").fetchone()[0]
    con.close()
    with open(db, "r+b") as fh:  # scribble over the person table's root page
        fh.seek((root - 1) * page_size + 8)
        fh.write(b"\xde\xad\xbe\xef" * 256)
    result = cli("check", "--db", db)
    assert result.returncode == 1
    assert result.stdout.strip() and "ok" != result.stdout.strip()


def test_check_rejects_a_file_that_is_not_an_office_file(tmp_path):
    bad = tmp_path / "bad.sqlite3"
    bad.write_bytes(b"hello" * 100)
    result = cli("check", "--db", bad)
    assert result.returncode == 1 and "SQLite" in result.stdout


def test_import_members_json_and_exit_codes(tmp_path):
    db = tmp_path / "office.sqlite3"
    result = cli("import", "members", SAMPLE, "--db", db, "--create", "--json", "--report", tmp_path / "rej.xlsx")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert set(summary) == {"imported", "updated", "unchanged", "rejected", "rejections", "unknown_columns",
                            "sheet", "skipped", "warnings"}
    assert summary["sheet"] == "花名册"
    assert (summary["imported"], summary["rejected"]) == (374, 26)
    assert {"row", "column", "reason"} == set(summary["rejections"][0])
    assert (tmp_path / "rej.xlsx").exists()
    again = json.loads(cli("import", "members", SAMPLE, "--db", db, "--json").stdout)
    assert (again["imported"], again["unchanged"]) == (0, 374)

    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("hello")
    result = cli("import", "members", not_a_workbook, "--db", db, "--json")
    assert result.returncode == 1 and "无法导入" in result.stderr


def test_dry_run_writes_nothing(tmp_path):
    db = tmp_path / "office.sqlite3"
    result = cli("import", "members", SAMPLE, "--db", db, "--create", "--dry-run", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)["imported"] == 374
    con = sqlite3.connect(db)
    assert con.execute("SELECT COUNT(*) FROM person").fetchone()[0] == 0
    con.close()


def test_export_roster(tmp_path):
    from openpyxl import load_workbook

    db = tmp_path / "office.sqlite3"
    cli("import", "members", SAMPLE, "--db", db, "--create")
    out = tmp_path / "roster.xlsx"
    result = cli("export", "roster", "--db", db, "-o", out)
    assert result.returncode == 0, result.stderr
    ws = load_workbook(out)["会员名册"]
    assert ws.max_row - 2 == 325
    ids = [r[7] for r in ws.iter_rows(min_row=3, values_only=True)]
    assert all(isinstance(i, str) and len(i) == 18 for i in ids)
    assert cli("export", "roster", "--db", tmp_path / "missing.sqlite3", "-o", out).returncode == 1


def test_notices_export_and_import(tmp_path):
    db = tmp_path / "office.sqlite3"
    assert cli("demo", "--db", db, "--members", 30).returncode == 0
    out = tmp_path / "notices.xlsx"
    import datetime as dt

    year = dt.date.today().year
    result = cli("export", "notices", "--db", db, "--year", year, "-o", out)
    assert result.returncode == 0, result.stderr
    from openpyxl import load_workbook

    ws = load_workbook(out)["厂务公开台账"]
    assert ws["A1"].value.endswith(f"厂务公开台账（{year}年）") and ws.max_row > 5
    again = json.loads(cli("import", "notices", out, "--db", db, "--json").stdout)
    assert again["imported"] == 0 and again["rejected"] == 0 and again["unchanged"] == ws.max_row - 3
    fresh = tmp_path / "fresh.sqlite3"
    first = json.loads(cli("import", "notices", out, "--db", fresh, "--create", "--json").stdout)
    assert first["imported"] == ws.max_row - 3


def test_activities_export_and_import(tmp_path):
    import datetime as dt

    from openpyxl import load_workbook

    db = tmp_path / "office.sqlite3"
    assert cli("demo", "--db", db, "--members", 60).returncode == 0
    out = tmp_path / "activities.xlsx"
    result = cli("export", "activities", "--db", db, "--year", dt.date.today().year, "-o", out)
    assert result.returncode == 0, result.stderr
    wb = load_workbook(out)
    assert wb.sheetnames[0] == "活动台账" and len(wb.sheetnames) > 2
    again = json.loads(cli("import", "activities", out, "--db", db, "--json").stdout)
    assert (again["imported"], again["updated"], again["rejected"]) == (0, 0, 0)


def test_motions_export_by_session_and_import(tmp_path):
    from openpyxl import load_workbook

    db = tmp_path / "office.sqlite3"
    assert cli("demo", "--db", db, "--members", 120).returncode == 0
    out = tmp_path / "motions.xlsx"
    result = cli("export", "motions", "--db", db, "--session", "第十届第一次", "-o", out)
    assert result.returncode == 0, result.stderr
    assert load_workbook(out).sheetnames == ["提案汇总表", "提案办理情况表"]
    again = json.loads(cli("import", "motions", out, "--db", db, "--json").stdout)
    assert (again["imported"], again["updated"], again["rejected"]) == (0, 0, 0) and again["unchanged"] > 0
    missing = cli("export", "motions", "--db", db, "--session", "第九届第九次", "-o", out)
    assert missing.returncode == 1 and "第十届第一次职工代表大会" in missing.stderr


def test_welfare_export_and_assistance_import(tmp_path):
    import datetime as dt

    from openpyxl import load_workbook

    db = tmp_path / "office.sqlite3"
    assert cli("demo", "--db", db, "--members", 120).returncode == 0
    out = tmp_path / "welfare.xlsx"
    year = dt.date.today().year
    result = cli("export", "welfare", "--db", db, "--year", year, "-o", out)
    assert result.returncode == 0, result.stderr
    assert load_workbook(out).sheetnames == ["困难职工档案台账", "帮扶发放明细", "两节送温暖统计表", "家庭成员"]  # 家庭成员: issue 27
    again = json.loads(cli("import", "assistance", out, "--db", db, "--json").stdout)
    assert again["imported"] == 0 and again["rejected"] == 0 and again["unchanged"] > 0


def test_report_annual_with_charts(tmp_path):
    from openpyxl import load_workbook

    from unionoffice.domain import statistics

    db = tmp_path / "office.sqlite3"
    assert cli("demo", "--db", db, "--members", 150).returncode == 0
    out = tmp_path / "annual.xlsx"
    result = cli("report", "annual", "--year", 2026, "--db", db, "-o", out, env={"QT_QPA_PLATFORM": "offscreen"})
    assert result.returncode == 0, result.stderr
    wb = load_workbook(out)
    labels = [row[0] for row in wb["基本情况"].iter_rows(min_row=3, values_only=True)]
    assert all(label in labels for label in statistics.LABELS)
    assert len(wb["图表"]._charts) == 5  # native charts (issue 28), editable in Excel and WPS
    assert cli("report", "annual", "--db", db, "-o", out).returncode == 2  # --year is required


def test_report_annual_needs_no_qt(tmp_path):
    """Issue 28: the annual workbook's charts are native Excel charts drawn from the figures, so the
    command line never loads Qt (a server or a scheduled task has no screen and may have no Qt)."""
    from openpyxl import load_workbook

    db = tmp_path / "office.sqlite3"
    assert cli("demo", "--db", db, "--members", 80).returncode == 0
    out = tmp_path / "annual.xlsx"
    code = ("import sys; from unionoffice.cli import main; code = main(sys.argv[1:]); "
            "assert 'PySide6' not in sys.modules, sorted(m for m in sys.modules if 'PySide6' in m)[:3]; "
            "sys.exit(code)")
    result = subprocess.run([sys.executable, "-c", code, "report", "annual", "--year", "2026", "--db", str(db),
                             "-o", str(out)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    charts = load_workbook(out)["图表"]._charts
    assert [c.tagname for c in charts] == ["lineChart", "barChart", "barChart", "barChart", "barChart"]
    assert [c.type for c in charts[1:]] == ["bar", "col", "col", "bar"]  # names of departments on the left


def test_wages_import_and_dues_export(tmp_path):
    from openpyxl import Workbook, load_workbook

    db = tmp_path / "office.sqlite3"
    assert cli("demo", "--db", db, "--members", 40).returncode == 0
    con = sqlite3.connect(db)
    name, number = con.execute("SELECT name, id_number FROM person WHERE membership_state='入会' LIMIT 1").fetchone()
    con.close()
    wb = Workbook()
    wb.active.append(["姓名", "证件号码", "基本工资"])
    wb.active.append([name, number, "6,000"])
    payroll = tmp_path / "payroll.xlsx"
    wb.save(payroll)
    assert cli("import", "wages", payroll, "--db", db).returncode == 2  # --month is needed
    result = json.loads(cli("import", "wages", payroll, "--db", db, "--month", "2026-11", "--json").stdout)
    assert result["rejected"] == 0 and result["imported"] + result["updated"] == 1
    out = tmp_path / "dues.xlsx"
    assert cli("export", "dues", "--db", db, "--month", "2026-11", "-o", out).returncode == 0
    assert load_workbook(out).sheetnames == ["会费收缴表", "全年汇总"]


def test_bad_or_unreachable_server_addresses_are_named_in_chinese(tmp_path):
    office = tmp_path / "office.sqlite3"
    assert cli("demo", "--db", office, "--members", 5).returncode == 0
    for address, says in (("postgresql://union@db:abc/unionoffice", "端口不正确"),
                          ("postgresql://union@db:5432/", "缺少数据库名")):
        for args, code in ((("export", "roster", "--db", address, "-o", tmp_path / "r.xlsx"), 2),
                           (("check", "--db", address), 1),
                           (("transfer", "--from", office, "--to", address), 1)):
            result = cli(*args)
            assert result.returncode == code, (args, result.stderr)
            assert says in result.stdout + result.stderr and "Traceback" not in result.stderr
    refused = cli("export", "roster", "--db", "postgresql://union@127.0.0.1:1/unionoffice", "-o", tmp_path / "r.xlsx")
    assert refused.returncode == 1 and "无法连接数据库服务器" in refused.stderr
    assert "Traceback" not in refused.stderr and not (tmp_path / "r.xlsx").exists()
