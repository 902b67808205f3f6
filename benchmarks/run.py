"""The scale benchmark (run by hand, not part of CI's pass/fail):

    python benchmarks/run.py [--people 100000 [300000 …]] [--runs 3] [--only exports]

Builds a demo office of 100,000 people with membership histories, 2,000 motions, 5,000 assistance
records and 1,000 activities with 50,000 sign-ups, then prints each step's median time, the peak
memory, and its ratio to a raw baseline measured in the same run on the same data. Given several
sizes (``--people 100000 300000``), it measures each in turn and prints a table for each. With
``--only exports`` it measures the exports alone: every ledger's, the roster, 会费 and the reports.""" 

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import sqlite3
import statistics as stats
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def median_time(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return stats.median(times)


def build_office(db_path: Path, people: int) -> None:
    from unionoffice.db import bulk
    from unionoffice.db.models import Activity, Assistance, Congress, Motion, Person, Representative, Signup, database
    from unionoffice.domain import demo

    demo.fill(people, seed=7)
    rng = random.Random(7)
    today = dt.date.today()
    ids = [pid for (pid,) in Person.select(Person.id).tuples()]
    with database.atomic():
        term = 20
        bulk.insert_rows(Congress, ("term", "session", "kind", "starts_on"),
                         [(term, s, "职工代表大会", today - dt.timedelta(days=400 - s * 200)) for s in (1, 2)])
        congress_ids = [c.id for c in Congress.select().where(Congress.term == term)]
        reps = rng.sample(ids, 150)
        bulk.insert_rows(Representative, ("term", "person", "delegation", "level"),
                         [(term, pid, "代表团", "一线") for pid in reps])
        stages = ("征集", "已立案", "已交办", "已答复", "已评价", "不立案")
        bulk.insert_rows(Motion, ("number", "year", "congress", "category", "title", "proposer", "submitted_on",
                                  "stage", "review_result"),
                         [(f"B{n:05d}", today.year, congress_ids[n % 2], "其他", f"提案{n}", rng.choice(reps),
                           today - dt.timedelta(days=rng.randrange(1, 700)), stages[n % 6],
                           "立案" if n % 6 in (1, 2, 3, 4) else "") for n in range(2000)])
        bulk.insert_rows(Assistance, ("person", "kind", "on", "amount_fen", "approver", "signed"),
                         [(rng.choice(ids), rng.choice(("送温暖", "医疗救助", "慰问")),
                           today - dt.timedelta(days=rng.randrange(1, 700)), rng.randrange(100, 5000) * 100, "王建国", True)
                          for _ in range(5000)])
        first = (Activity.select(Activity.id).order_by(Activity.id.desc()).scalar() or 0) + 1
        bulk.insert_rows(Activity, ("id", "name", "kind", "starts_at"),
                         [(first + n, f"活动{n}", "文体活动", dt.datetime.combine(
                             today - dt.timedelta(days=rng.randrange(1, 700)), dt.time(9))) for n in range(1000)])
        rows = []
        for n in range(1000):
            for pid in rng.sample(ids, 50):
                rows.append((first + n, pid, "报名", rng.random() < 0.8))
        bulk.insert_rows(Signup, ("activity", "person", "status", "attended"), rows)


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂兰华建国志红玉梅文辉鹏飞斌宇浩凯健俊帆"
         "帅旭宁龙林欢阳晨瑞博亮成雪琳晶颖倩婷婧雯悦佳欣怡然子涵轩睿思诗梦雨嘉庆东海波峰春秋冬")
DEPARTMENTS = [f"{w}{k}" for w in ("动力", "检修", "运行", "财务", "采购", "安全", "质检", "后勤", "信息", "销售",
                                   "生产", "技术", "设备", "仓储", "物流") for k in ("厂", "车间", "部", "中心", "科",
                                                                            "一队", "二队", "三队", "班组", "办公室")]


def write_roster(path: Path, people: int) -> list[tuple]:
    """An HR roster as varied as a real one: names mostly distinct, about 150 departments, join
    dates on any day (so remembering a cell's answer helps only as much as it would in real life)."""
    from openpyxl import Workbook

    from unionoffice.domain.validation import id_check_char

    rng = random.Random(11)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("花名册")
    ws.append(["某公司职工花名册"])
    ws.append(["序号", "姓名", "性别", "身份证号", "部门", "文化程度", "手机号码", "是否工会会员", "入会时间"])
    rows, seen = [], set()
    while len(rows) < people:
        birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 38 * 365))
        first17 = f"{rng.choice(('110101', '220201', '330106', '440106', '510104', '610103'))}{birth:%Y%m%d}" \
                  f"{rng.randrange(1000):03d}"
        number = first17 + id_check_char(first17)
        if number in seen:
            continue
        seen.add(number)
        gender = "男" if int(number[16]) % 2 else "女"
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
        member = rng.random() < 0.9
        joined = birth + dt.timedelta(days=rng.randrange(18 * 365, 30 * 365))
        row = (len(rows) + 1, name, gender, number, rng.choice(DEPARTMENTS),
               rng.choice(("大学本科", "大学专科", "研究生", "中专", "高中")), f"13{rng.randrange(10**9):09d}",
               "是" if member else "否", f"{joined:%Y-%m-%d}" if member and joined < dt.date.today() else None)
        rows.append(row)
        ws.append(list(row))
    wb.save(path)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, nargs="+", default=[100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", choices=["exports"], help="measure these steps alone")
    args = parser.parse_args()
    tables = []
    for people in args.people:
        tables.append((people, measure(argparse.Namespace(people=people, runs=args.runs, only=args.only))))
    for people, results in tables:
        print_table(people, results)


def xlsxwriter_write(path: Path, sheets: dict[str, list[list]]) -> None:
    """The raw baseline of an export: the same cells written by xlsxwriter in constant memory, with
    nothing but a date format."""
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False,
                                         "strings_to_urls": False})
    date = wb.add_format({"num_format": "yyyy-mm-dd"})
    for name, rows in sheets.items():
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    ws.write_datetime(r, c, value, date)
                elif value is not None:
                    ws.write(r, c, value)
    wb.close()


def workbook_cells(path: Path) -> dict[str, list[list]]:
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    return {name: book.get_sheet_by_name(name).to_python() for name in book.sheet_names}


def floor_reference(folder: Path, roster: Path, base: float, results: list, runs: int) -> None:
    from python_calamine import CalamineWorkbook

    from unionoffice.db.connection import close_database, open_database

    # For reference: the part of the import no checking can avoid. The same read, then the rows the
    # importer wrote (people with all the office's columns, their 入会 events) written again with raw
    # sqlite3 into an empty office, indexes dropped and rebuilt, in one transaction.
    written = sqlite3.connect(folder / "import.sqlite3")
    tables = {t: written.execute(f"SELECT * FROM {t}").fetchall() for t in ("person", "membership_event")}
    written.close()
    empty = folder / "empty.sqlite3"
    open_database(empty)
    close_database()

    def floor_import():
        target = folder / "floor.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(empty, target)
        CalamineWorkbook.from_path(str(roster)).get_sheet_by_name("花名册").to_python()
        con = sqlite3.connect(target, isolation_level=None)
        con.execute("PRAGMA journal_mode=wal")
        con.execute("PRAGMA synchronous=2")
        con.execute("BEGIN")
        for table, rows in tables.items():
            indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                                  "AND sql IS NOT NULL", (table,)).fetchall()
            for name, _ in indexes:
                con.execute(f"DROP INDEX {name}")
            con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
            for _, sql in indexes:
                con.execute(sql)
        con.execute("COMMIT")
        con.close()

    results.append(("  (floor: that read + raw write, no checks)", median_time(floor_import, runs), base,
                    "reference"))


def measure(args) -> list[tuple]:
    folder = Path(tempfile.mkdtemp(prefix="uo-bench-"))
    os.environ["UNIONOFFICE_DATA_DIR"] = str(folder / "data")
    db_path = folder / "office.sqlite3"
    results = []

    from unionoffice.db.connection import close_database, open_database

    started = time.perf_counter()
    open_database(db_path)
    build_office(db_path, args.people)
    close_database()
    print(f"demo office: {args.people:,} people, 2,000 motions, 5,000 assistance records, 1,000 activities, "
          f"50,000 sign-ups — built in {time.perf_counter() - started:.1f} s")

    if args.only != "exports":
        import_steps(folder, db_path, args, results)
    export_steps(folder, db_path, args, results)
    if args.only == "exports":
        return results

    from unionoffice.db.connection import close_database, open_database

    open_database(db_path)
    raw = sqlite3.connect(db_path)
    gui_steps(folder, db_path, args, results, raw)
    close_database()

    # 6. cold start to a usable window, and its peak memory
    cold_start_steps(db_path, args, results)
    return results


def import_steps(folder: Path, db_path: Path, args, results: list) -> None:
    from unionoffice.db.connection import close_database, open_database

    # 1. import a 100k-row HR roster into an empty office
    roster = folder / "roster.xlsx"
    write_roster(roster, args.people)
    from python_calamine import CalamineWorkbook

    from unionoffice.ledgers import roster_import

    def baseline_import():
        target = folder / "raw.sqlite3"
        target.unlink(missing_ok=True)
        data = CalamineWorkbook.from_path(str(roster)).get_sheet_by_name("花名册").to_python()
        con = sqlite3.connect(target)
        con.execute("CREATE TABLE p (name, gender, id_number, dept, edu, mobile, member, joined)")
        con.executemany("INSERT INTO p VALUES (?,?,?,?,?,?,?,?)", [r[1:] for r in data[2:]])
        con.commit()
        con.close()

    def our_import():
        target = folder / "import.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        open_database(target)
        plan = roster_import.classify(roster_import.read_roster(roster))
        roster_import.apply(plan, db_path=None)
        close_database()

    base = median_time(baseline_import, args.runs)
    try:
        ours = median_time(our_import, args.runs)
        results.append(("import the HR roster", ours, base, "≤ 2.0×"))
    except roster_import.ImportFileError as exc:  # the 150,000-row limit of one file
        close_database()
        print(f"import refused: {exc}")
        results.append(("import the HR roster: refused", float("nan"), base, "imports"))
        ours = None

    if ours is not None:
        floor_reference(folder, roster, base, results, args.runs)


def export_steps(folder: Path, db_path: Path, args, results: list) -> None:
    """Every export against a raw xlsxwriter write (constant memory) of the same cells: the roster,
    会费, each ledger the CLI's ``export KIND`` writes, the annual statistics and the funds workbooks."""
    from unionoffice.db.connection import close_database, open_database

    open_database(db_path)
    # 2. export the real-name roster
    from openpyxl import Workbook

    from unionoffice.ledgers import roster_export

    roster_rows = [list(r) for r in sqlite3.connect(db_path).execute(
        "SELECT id, name, gender, birth_date, ethnicity, employment_status, id_type, id_number, education, "
        "skill_level, mobile, hukou_type, hukou_place, membership_state, '', '', political_status, '', "
        "native_place, is_migrant FROM person WHERE membership_state IN ('入会','转入','保留')")]

    def openpyxl_export():
        wb = Workbook(write_only=True)
        ws = wb.create_sheet("会员名册")
        for r in roster_rows:
            ws.append(r)
        wb.save(folder / "raw-export.xlsx")

    ours = median_time(lambda: roster_export.export_roster(folder / "export.xlsx"), args.runs)
    exported = workbook_cells(folder / "export.xlsx")  # the same cells, written raw
    base = median_time(lambda: xlsxwriter_write(folder / "raw-export.xlsx", exported), args.runs)
    results.append(("export the real-name roster", ours, base, "≤ 1.2×"))
    results.append(("  (openpyxl write-only, same rows)", median_time(openpyxl_export, 1), base, "reference"))
    del exported

    # 会费: the tab's figures (what its worker counts), and `export dues` against its cells written raw
    from unionoffice.domain import dues
    from unionoffice.ledgers import wages
    from unionoffice.ui.dues.tab import _month_view

    this_month = dt.date.today().replace(day=1)
    results.append(("会费 figures (sheet, totals, 12-month arrears)",
                    median_time(lambda: _month_view(this_month), args.runs), None, "≤ 1.0 s / 3 s"))
    ours = median_time(lambda: wages.export_month(folder / "dues.xlsx", this_month), args.runs)
    exported = workbook_cells(folder / "dues.xlsx")
    base = median_time(lambda: xlsxwriter_write(folder / "raw-dues.xlsx", exported), args.runs)
    results.append(("export dues (month + 全年汇总)", ours, base, "≤ 1.5×"))
    del exported, dues


    # every other ledger export, as `unionoffice export KIND` writes it (its default options)
    from unionoffice import ledgers
    from unionoffice.domain import congress

    options = argparse.Namespace(year=None, month=None, full=False, all=False, masked=False,
                                 session=congress.congress_name(congress.congresses()[0]))
    for kind in ledgers.export_kinds():
        if kind == "dues":  # measured above
            continue
        target = folder / f"{kind}.xlsx"
        ours = median_time(lambda: ledgers.exporter(kind).exported(target, options), args.runs)
        exported = workbook_cells(target)
        rows = sum(len(cells) for cells in exported.values())
        base = median_time(lambda: xlsxwriter_write(folder / f"raw-{kind}.xlsx", exported), args.runs)
        results.append((f"export {kind} ({rows:,} rows)", ours, base, "≤ 1.5×"))
        del exported

    # 5. the annual statistics workbook (with its charts)
    from unionoffice.domain import statistics
    from unionoffice.excel.annual_report import write_annual

    year = statistics.last_finished_year()

    def annual():  # as `unionoffice report annual` does it (native charts, no Qt)
        report = statistics.annual(year)
        write_annual(folder / "annual.xlsx", report, statistics.checks(year, report=report),
                     statistics.chart_figures(year, report.breakdowns))
    ours = median_time(annual, args.runs)
    exported = workbook_cells(folder / "annual.xlsx")
    results.append(("annual statistics workbook", ours, median_time(
        lambda: xlsxwriter_write(folder / "raw-annual.xlsx", exported), args.runs), "≤ 1.5× (≤ 2 s)"))


    # the funds workbook, as `unionoffice report funds` writes it
    from unionoffice.ledgers.funds_report import write_funds

    ours = median_time(lambda: write_funds(folder / "funds.xlsx", dt.date.today().year), args.runs)
    exported = workbook_cells(folder / "funds.xlsx")
    results.append(("report funds", ours, median_time(
        lambda: xlsxwriter_write(folder / "raw-funds.xlsx", exported), args.runs), "≤ 1.5×"))
    close_database()


def gui_steps(folder: Path, db_path: Path, args, results: list, raw) -> None:
    from unionoffice.db.connection import close_database, open_database
    from unionoffice.ledgers import roster_import

    # 3. the 会员 tab, 4. search keystrokes
    from unionoffice.app import ensure_app
    from unionoffice.ui.members.tab import MembersTab

    app = ensure_app()
    def open_tab():
        tab = MembersTab()
        tab.reload_choices()  # what its first showing does
        tab.deleteLater()
    results.append(("open the 会员 tab", median_time(open_tab, args.runs), None, "≤ 300 ms"))
    tab = MembersTab()
    for text in ("zw", "5678", "动力"):
        def keystroke(text=text):
            tab.search.blockSignals(True)
            tab.search.setText(text[:-1])
            tab.search.blockSignals(False)
            tab.search.setText(text)
            if tab.model.rowCount():
                tab.model.record(0)

        def like(text=text):
            pattern = f"%{text}%"
            raw.execute("SELECT id FROM person WHERE name LIKE ? OR name_pinyin LIKE ? OR name_initials LIKE ? "
                        "OR member_card_no LIKE ? OR mobile LIKE ? OR id_number LIKE ? OR department_id IN "
                        "(SELECT id FROM department WHERE name LIKE ?)",
                        (pattern, text + "%", text + "%", pattern, pattern, pattern, pattern)).fetchall()
        results.append((f"search keystroke '{text}'", median_time(keystroke, args.runs * 2),
                        median_time(like, args.runs * 2), "≤ 100 ms"))
    app.processEvents()

    # 4b. working in the roster as in a spreadsheet (issue 22): a 5,000-row paste to its preview, an
    # edit in place saved and shown, a 2,000-row list printed to PDF
    from unionoffice.ui.common import list_print
    from unionoffice.ui.common.paste import pasted_sheet

    sample = raw.execute("SELECT p.name, p.id_number, d.name, p.mobile FROM person p LEFT JOIN department d "
                         "ON d.id = p.department_id ORDER BY p.id LIMIT 5000").fetchall()
    pasted = "姓名\t证件号码\t部门\t手机\r\n" + "".join(f"{n}\t{i}\t{d or ''}\t{m or ''}\r\n" for n, i, d, m in sample)

    def paste_preview():
        path, _header = pasted_sheet(pasted, roster_import.ALIASES, [])
        roster_import.classify(roster_import.read_roster(path))

    results.append(("paste 5,000 rows: to the import preview", median_time(paste_preview, args.runs), None, "≤ 2 s"))
    tab.search.setText("")
    first = tab.model.id_at(0)
    flip = iter(["钳工", "电工"] * (args.runs * 2 + 2))

    def edit_in_place():
        tab.edit_cell(first, "position", next(flip))
        tab.model.index(0, 5).data()  # shown again

    results.append(("edit in place: saved and shown", median_time(edit_in_place, args.runs * 2), None, "≤ 100 ms"))
    tab.model.set_ids(tab.model.ids()[:2000])

    def print_2000():
        snap = list_print.snapshot(tab.view, "职工名册", "全部", tab)
        list_print.list_pdf(snap, str(folder / "roster-2000.pdf"))

    results.append(("print a 2,000-row list to PDF", median_time(print_2000, args.runs), None, "≤ 10 s"))
    app.processEvents()

    # For reference: the other tabs' first showing in a whole window (the GUI thread's share: what
    # they count on a worker thread arrives later), and when the 会费 tab's figures are on screen.
    from unionoffice.ui.main_window import MainWindow

    close_database()
    copy = folder / "tabs.sqlite3"  # a window of its own leaves its session marks: not on the office
    shutil.copyfile(db_path, copy)  # the cold start below opens
    open_database(copy)
    window = MainWindow(copy)
    window.show()
    app.processEvents()
    opened = {}
    for name in ("congress", "notices", "welfare", "activities", "organisation", "reports", "dues"):
        started = time.perf_counter()
        window.tabs.setCurrentWidget(getattr(window, name))
        app.processEvents()
        opened[window.tabs.tabText(window.tabs.currentIndex())] = time.perf_counter() - started
    slowest = max(opened, key=opened.get)
    results.append((f"  (slowest other tab to open: {slowest})", opened[slowest], None, "reference"))
    while not window.dues.ready:  # the 会费 tab was opened last: its figures come from a worker
        app.processEvents()
        time.sleep(0.005)
    results.append(("  (会费 tab: figures on screen)", time.perf_counter() - started, None, "reference"))
    window.tabs.setCurrentIndex(0)  # the window keeps its last tab for the next start: the cold start
    window.close()                  # below opens on 概况, as a first start does
    app.processEvents()


def cold_start_steps(db_path: Path, args, results: list) -> None:
    # 6. cold start to a usable window, and its peak memory
    env = {**os.environ, "UNIONOFFICE_QUIT_WHEN_SHOWN": "1", "PYTHONPATH": str(ROOT)}

    peaks = []

    def cold_start() -> float:
        """Seconds from launching the process to the window shown and its event loop running; the
        process's own peak memory is kept (os.wait4 gives that child's rusage alone)."""
        started = time.time()
        process = subprocess.Popen([sys.executable, "-m", "unionoffice", "--db", str(db_path)], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        out = process.stdout.read()
        process.wait()
        # the process reports its own peak (a child's rusage would count the parent's pages before exec)
        peaks.append(next(float(line.split()[1]) for line in out.splitlines() if line.startswith("peak ")) / 1024)
        shown = next(float(line.split()[1]) for line in out.splitlines() if line.startswith("shown "))
        return shown - started

    def qt_import():
        subprocess.run([sys.executable, "-c", "import PySide6.QtWidgets"], check=True)

    cold_start()  # the first start of the day makes its backup: measure the starts after it
    results.append(("cold start to a usable window", stats.median(cold_start() for _ in range(args.runs)),
                    median_time(qt_import, args.runs), "≤ 1.0 s"))
    results.append(("peak memory of the GUI process (MB)", max(peaks), None, "≤ 400 MB"))


def print_table(people: int, results: list[tuple]) -> None:
    print(f"\n{people:,} people")
    print(f"{'step':42} {'median':>10} {'baseline':>10} {'ratio':>7}  target")
    for name, value, base, target in results:
        if value != value:  # nan: the step did not run
            print(f"{name:42} {'—':>10} {'—':>10} {'—':>7}  {target}")
            continue
        if "MB" in name:
            print(f"{name:42} {value:9.0f}  {'—':>10} {'—':>7}  {target}")
            continue
        ratio = f"{value / base:6.2f}×" if base else "—"
        print(f"{name:42} {value * 1000:8.0f}ms {base * 1000 if base else 0:8.0f}ms {ratio:>7}  {target}"
              .replace("       0ms", "         —"))


if __name__ == "__main__":
    main()
