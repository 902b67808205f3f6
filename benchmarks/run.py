"""The scale benchmark (run by hand, not part of CI's pass/fail):

    python benchmarks/run.py [--people 100000 [300000 …]] [--runs 3] [--keep DIR]
                             [--only import [--pg URL] | --only exports | --search-only [--server URL] | --gui-only]

Builds a demo office of 100,000 people with membership histories, 2,000 motions, 5,000 assistance
records and 1,000 activities with 50,000 sign-ups, then prints each step's median time, the peak
memory, and its ratio to a raw baseline measured in the same run on the same data. Given several
sizes (``--people 100000 300000``), it measures each in turn and prints a table for each.
``--only import``: the roster import lines alone (no demo office). ``--pg URL``: also the import into a
PostgreSQL server (a throwaway one: tests/pg_cluster.sh start DIR PORT prints its URL) against a raw
COPY of the same rows; databases named uo_bench_* are made and dropped on it.
``--only exports``: the exports alone (every ledger's, the roster, 会费 and the reports).
``--keep DIR`` builds each office once in DIR and reuses it on the next run; ``--gui-only`` measures
only the window (every tab's longest freeze, the peak memory after visiting them all, the cold start).""" 

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
    parser.add_argument("--only", choices=["import", "exports"], help="measure these steps alone")
    parser.add_argument("--pg", default="", help="a PostgreSQL server URL for the import's COPY line")
    parser.add_argument("--peak-of", type=Path, help=argparse.SUPPRESS)  # a child: import one roster
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="keep each demo office built in DIR and reuse it in later runs")
    parser.add_argument("--server", metavar="URL",
                        help="also measure the search keystrokes on a copy of the office in a PostgreSQL "
                             "database made for it at this server (e.g. the URL tests/pg_cluster.sh prints)")
    parser.add_argument("--search-only", action="store_true",
                        help="measure the search keystrokes only (issue 28)")
    parser.add_argument("--gui-only", action="store_true", help="measure the window only")
    parser.add_argument("--visit-tabs", type=Path, help=argparse.SUPPRESS)  # the child process below
    args = parser.parse_args()
    if args.visit_tabs:
        visit_tabs(args.visit_tabs)
        return
    if args.peak_of:
        import_peak_child(args.peak_of)
        return
    tables = []
    for people in args.people:
        tables.append((people, measure(argparse.Namespace(**{**vars(args), "people": people}))))
    for people, results in tables:
        print_table(people, results)
    print(f"\nload average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


def import_peak_child(roster: Path) -> None:
    """Import ``roster`` into a new office file in this process (no Qt, as `unionoffice import
    members` does it) and print its peak memory."""
    from unionoffice.db.connection import close_database, open_database
    from unionoffice.ledgers import roster_import

    target = roster.with_name("peak.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(str(target) + suffix).unlink(missing_ok=True)
    open_database(target)
    plan = roster_import.classify(roster_import.read_roster(roster))
    roster_import.apply(plan, db_path=None)
    close_database()
    print(f"imported {len(plan.new)}", flush=True)
    with open("/proc/self/status", encoding="ascii") as status:  # VmHWM: this process's own peak
        print(f"peak {next(int(line.split()[1]) for line in status if line.startswith('VmHWM:'))}", flush=True)


def import_peak(roster: Path) -> float:
    """The peak resident memory (MB) of a process that imports ``roster`` into an empty office."""
    code = f"import benchmarks.run as bench; bench.import_peak_child(__import__('pathlib').Path({str(roster)!r}))"
    out = subprocess.run([sys.executable, "-c", code],
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True, text=True,
                         check=True).stdout
    return next(float(line.split()[1]) for line in out.splitlines() if line.startswith("peak ")) / 1024


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


def floor_reference(folder: Path, roster: Path, ours: float, base: float, results: list, runs: int) -> None:
    from python_calamine import CalamineWorkbook

    from unionoffice.db.connection import close_database, open_database

    # For reference: the part of the import no checking can avoid. The same read, then the rows the
    # importer wrote (departments, people with all the office's columns, their 入会 events) written
    # again with raw sqlite3 into an empty office (floor_write).
    written = sqlite3.connect(folder / "import.sqlite3")
    tables = {t: written.execute(f"SELECT * FROM {t}").fetchall()
              for t in ("department", "union_group", "person", "membership_event")}
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
        floor_write(target, tables)

    floor = median_time(floor_import, runs)
    results.append(("  (floor: that read + raw write, no checks)", floor, base, "reference"))
    results.append(("import the HR roster ÷ the floor line", ours, floor, "≤ 1.6×"))  # issue 28's target


def floor_write(target: Path, tables: dict[str, list[tuple]]) -> None:
    """The floor's write: ``tables``' rows inserted with raw sqlite3 executemany into the empty office
    ``target`` in one transaction, on a connection set up as the office's (WAL, synchronous FULL,
    foreign keys checked) with the page cache an import writes with, and the same index upkeep as the
    importer's, the cheapest measured: each table's indexes dropped and built again after its rows,
    and the search index's triggers dropped and the index filled once after the people (its triggers
    per row took twice the whole floor's time at 100,000 people); at the end the office holds the
    same indexes, triggers and search entries as the importer leaves."""
    from unionoffice.db import search_index

    con = sqlite3.connect(target, isolation_level=None)
    for pragma in ("journal_mode=wal", "synchronous=2", "foreign_keys=1", "cache_size=-65536"):
        con.execute(f"PRAGMA {pragma}")
    con.execute("BEGIN")
    triggers = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'person' "
                           "AND name LIKE 'person_search_%'").fetchall()
    for name, _ in triggers:
        con.execute(f"DROP TRIGGER {name}")
    for table, rows in tables.items():
        if not rows:
            continue
        indexes = con.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                              "AND sql IS NOT NULL", (table,)).fetchall()
        for name, _ in indexes:
            con.execute(f"DROP INDEX {name}")
        con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(rows[0]))})", rows)
        for _, sql in indexes:
            con.execute(sql)
    if triggers:
        search_index._fill(_RawSql(con))
        for _, sql in triggers:
            con.execute(sql)
    con.execute("COMMIT")
    con.close()


class _RawSql:
    """A raw sqlite3 connection or psycopg2 cursor with peewee's ``execute_sql``, for search_index's
    fills."""

    def __init__(self, con):
        self.con = con

    def execute_sql(self, sql: str, params: tuple = ()):
        if isinstance(self.con, sqlite3.Connection):
            return self.con.execute(sql, params)
        self.con.execute(sql, params or None)
        return self.con


def _pg_admin(url: str, sql: str) -> None:
    import psycopg2

    con = psycopg2.connect(url)
    con.autocommit = True
    try:
        con.cursor().execute(sql)
    finally:
        con.close()


def _pg_url(url: str, name: str) -> str:
    from urllib.parse import urlsplit, urlunsplit

    return urlunsplit(urlsplit(url)._replace(path="/" + name))


def pg_import_lines(server: str, roster: Path, runs: int, results: list) -> None:
    """The roster import into an empty office on PostgreSQL, against the same read and a raw COPY of
    the rows it wrote (departments, groups, people, their 入会 events) into an empty office, in one
    transaction."""
    import io

    import psycopg2
    from python_calamine import CalamineWorkbook

    from unionoffice.db import search_index
    from unionoffice.db.connection import close_database, open_database
    from unionoffice.ledgers import roster_import

    template, work = "uo_bench_template", "uo_bench_import"
    _pg_admin(server, f"DROP DATABASE IF EXISTS {work} WITH (FORCE)")
    _pg_admin(server, f"DROP DATABASE IF EXISTS {template} WITH (FORCE)")
    _pg_admin(server, f"CREATE DATABASE {template} TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'")
    open_database(_pg_url(server, template))  # the schema, migrated once
    close_database()

    def fresh() -> str:
        _pg_admin(server, f"DROP DATABASE IF EXISTS {work} WITH (FORCE)")
        _pg_admin(server, f"CREATE DATABASE {work} TEMPLATE {template}")
        return _pg_url(server, work)

    def ours() -> float:
        url = fresh()
        open_database(url)
        started = time.perf_counter()
        plan = roster_import.classify(roster_import.read_roster(roster))
        roster_import.apply(plan, db_path=None)
        took = time.perf_counter() - started
        close_database()
        return took

    times = [ours() for _ in range(runs)]
    names = ("department", "union_group", "person", "membership_event")
    con = psycopg2.connect(_pg_url(server, template))
    cursor = con.cursor()
    before = {}
    for table in names:  # what an empty office already holds
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {table}")
        before[table] = cursor.fetchone()[0]
    con.close()
    con = psycopg2.connect(_pg_url(server, work))  # the rows the last import wrote, as COPY text
    tables = {}
    for table in names:
        buffer = io.StringIO()
        con.cursor().copy_expert(f"COPY (SELECT * FROM {table} WHERE id > {before[table]}) TO STDOUT", buffer)
        tables[table] = buffer.getvalue()
    con.close()

    def raw(read: bool) -> float:
        """The COPY with the importer's index upkeep, the cheapest way (as the SQLite floor's): the
        people's secondary indexes dropped and built again after the rows, the gram trigger off and
        the gram table filled once, then ANALYZE. With the trigger firing per row a raw COPY took
        longer than the whole import, which flattered the importer."""
        url = fresh()
        con = psycopg2.connect(url)
        started = time.perf_counter()
        if read:
            CalamineWorkbook.from_path(str(roster)).get_sheet_by_name("花名册").to_python()
        cursor = con.cursor()
        cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'person' "
                       "AND indexname NOT IN (SELECT conname FROM pg_constraint)")
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        cursor.execute(f"ALTER TABLE person DISABLE TRIGGER {search_index.GRAM_TRIGGER}")
        for table, text in tables.items():
            cursor.copy_expert(f"COPY {table} FROM STDIN", io.StringIO(text))
        for _, sql in indexes:
            cursor.execute(sql)
        cursor.execute(f"ALTER TABLE person ENABLE TRIGGER {search_index.GRAM_TRIGGER}")
        search_index._fill_grams(_RawSql(cursor))
        con.commit()
        con.autocommit = True
        cursor.execute("ANALYZE person, membership_event")
        took = time.perf_counter() - started
        con.close()
        return took

    base = stats.median(raw(True) for _ in range(runs))
    results.append(("import the HR roster (PostgreSQL)", stats.median(times), base, "≤ 2.0×"))
    results.append(("  (raw COPY alone, no read)", stats.median(raw(False) for _ in range(runs)), base,
                    "reference"))
    _pg_admin(server, f"DROP DATABASE IF EXISTS {work} WITH (FORCE)")
    _pg_admin(server, f"DROP DATABASE IF EXISTS {template} WITH (FORCE)")


def visit_tabs(db_path: Path) -> None:
    """In a process of its own (so its memory is the window's alone): open the window on 概况, then
    every tab in turn. For each, the longest time the GUI thread did not answer a 10 ms heartbeat
    while the tab opened and its data loaded (until no background work is left), and the time until
    then. Prints one line a tab and the process's peak memory."""
    from PySide6.QtCore import QElapsedTimer, QEventLoop, QThreadPool, QTimer

    from unionoffice.app import ensure_app, peak_memory_kb
    from unionoffice.db.connection import open_database
    from unionoffice.ui.common import tasks
    from unionoffice.ui.main_window import MainWindow

    app = ensure_app()
    clock = QElapsedTimer()
    clock.start()
    beats = {"last": 0, "gap": 0}

    def beat() -> None:
        now = clock.elapsed()
        beats["gap"] = max(beats["gap"], now - beats["last"])
        beats["last"] = now

    heart = QTimer()
    heart.setInterval(10)
    heart.timeout.connect(beat)
    heart.start()

    def busy() -> bool:
        return bool(tasks._running) or bool(tasks._tasks) or QThreadPool.globalInstance().activeThreadCount() > 0

    def settle(action, counted=lambda: False) -> tuple[int, int]:
        """Run ``action`` on the GUI thread, wait for its work to end; (longest gap, ms until done).
        The time until ``counted()`` first holds (a tab's figures on screen) goes in state["counted"]."""
        loop = QEventLoop()
        state = {"idle_since": None, "counted": None}

        def check() -> None:
            if state["counted"] is None and counted():
                state["counted"] = clock.elapsed() - started
            if busy():
                state["idle_since"] = None
            elif state["idle_since"] is None:
                state["idle_since"] = clock.elapsed()
            elif clock.elapsed() - state["idle_since"] >= 150:  # quiet for a while: done
                loop.quit()

        poll = QTimer()
        poll.timeout.connect(check)
        poll.start(5)
        beats["last"], beats["gap"] = clock.elapsed(), 0
        started = clock.elapsed()
        action()
        loop.exec()
        poll.stop()
        settle.counted = state["counted"]
        return beats["gap"], state["idle_since"] - started

    window = {}

    def open_window() -> None:
        open_database(db_path)
        window["w"] = MainWindow(db_path)
        window["w"].tabs.setCurrentIndex(0)
        window["w"].show()

    gap, took = settle(open_window)
    print(f"tab 窗口+概况 {gap} {took}", flush=True)
    w = window["w"]
    for index in range(1, w.tabs.count()):  # each tab is built when first shown: asked for once there
        gap, took = settle(lambda index=index: w.tabs.setCurrentIndex(index),
                           lambda index=index: getattr(w.tabs.widget(index), "counted", False))
        print(f"tab {w.tabs.tabText(index)} {gap} {took}", flush=True)
        if settle.counted is not None:
            print(f"figures {w.tabs.tabText(index)} {settle.counted}", flush=True)
    print(f"peak {peak_memory_kb()}", flush=True)
    w.close()


def measure_window(db_path: Path, results: list) -> None:
    """Every tab's longest freeze and the window's peak memory, in a child process on a copy of the
    office (a window leaves its session marks)."""
    copy = db_path.with_name("visit.sqlite3")
    for suffix in ("", "-wal", "-shm"):
        Path(str(copy) + suffix).unlink(missing_ok=True)
    shutil.copyfile(db_path, copy)
    env = compiled_env(db_path.parent)
    out = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--visit-tabs", str(copy)], env=env,
                         stdout=subprocess.PIPE, text=True, check=True).stdout
    tabs = [line.split()[1:] for line in out.splitlines() if line.startswith("tab ")]
    for name, gap, took in tabs:
        results.append((f"  tab {name}: longest freeze", int(gap) / 1000, None, f"≤ 100 ms (data in {took} ms)"))
    for line in out.splitlines():
        if line.startswith("figures "):
            _, name, took = line.split()
            results.append((f"  tab {name}: figures on screen", int(took) / 1000, None, "≤ 1.0 s / 3 s"))
    name, gap, _took = max(tabs, key=lambda t: int(t[1]))
    results.append((f"longest GUI freeze opening a tab ({name})", int(gap) / 1000, None, "≤ 100 ms"))
    peak = next(float(line.split()[1]) for line in out.splitlines() if line.startswith("peak "))
    results.append(("peak memory, every tab visited (MB)", peak / 1024, None, "≤ 400 MB"))


def compiled_env(folder: Path) -> dict:
    """The child's environment: this checkout first, and its modules compiled once and kept (in the
    office's folder), as an installed program's are; with PYTHONDONTWRITEBYTECODE every start would
    compile every module again (seconds)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONPYCACHEPREFIX": str(folder / "pycache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def office_folder(args) -> tuple[Path, bool]:
    """The folder of this size's office, and whether it still has to be built."""
    if args.keep is None:
        return Path(tempfile.mkdtemp(prefix="uo-bench-")), True
    folder = args.keep / f"{args.people}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder, not (folder / "built").exists()


def measure(args) -> list[tuple]:
    folder, fresh = office_folder(args)
    os.environ["UNIONOFFICE_DATA_DIR"] = str(folder / "data")
    db_path = folder / "office.sqlite3"
    results = []

    from unionoffice.db.connection import close_database, open_database

    if args.only != "import":
        if fresh:
            for suffix in ("", "-wal", "-shm"):
                Path(str(db_path) + suffix).unlink(missing_ok=True)
            started = time.perf_counter()
            open_database(db_path)
            build_office(db_path, args.people)
            close_database()
            (folder / "built").touch()
            print(f"demo office: {args.people:,} people, 2,000 motions, 5,000 assistance records, 1,000 activities, "
                  f"50,000 sign-ups — built in {time.perf_counter() - started:.1f} s")
        else:
            open_database(db_path)  # upgraded to this checkout's schema, if it is older
            close_database()
            print(f"demo office: {args.people:,} people, kept in {folder}")
        if args.search_only:
            return search_keystrokes(args, db_path)
        if args.gui_only:
            measure_window(db_path, results)
            cold_starts(db_path, results, args.runs)
            return results

    if args.only == "exports":
        export_steps(folder, db_path, args, results)
        return results

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

    empty = folder / "empty.sqlite3"  # an empty office, its schema made once (as the floor's)
    open_database(empty)
    close_database()

    def our_import():
        target = folder / "import.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(str(target) + suffix).unlink(missing_ok=True)
        shutil.copyfile(empty, target)
        open_database(target)
        plan = roster_import.classify(roster_import.read_roster(roster))
        roster_import.apply(plan, db_path=None)
        close_database()

    base = median_time(baseline_import, args.runs)
    try:
        ours = median_time(our_import, args.runs)
        results.append(("import the HR roster", ours, base, "reference (÷ the floor below)"))
    except roster_import.ImportFileError as exc:  # the row limit of one file (1,000,000)
        close_database()
        print(f"import refused: {exc}")
        results.append(("import the HR roster: refused", float("nan"), base, "imports"))
        ours = None

    if ours is not None:
        floor_reference(folder, roster, ours, base, results, args.runs)
        results.append(("peak memory of an import process (MB)", import_peak(roster), None, "≤ 400 MB"))
    if args.pg:
        pg_import_lines(args.pg, roster, args.runs, results)
    if args.only == "import":
        shutil.rmtree(folder, ignore_errors=True)
        return results

    # 2. every export against a raw write of its cells
    export_steps(folder, db_path, args, results)
    open_database(db_path)

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
    raw = sqlite3.connect(db_path)
    results += keystrokes(tab, raw, args.runs)
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
    tab.model.set_ids(tab.whole_list()[:2000])  # (a long list's rest comes from a worker)

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
    while not window.dues.counted:  # the 会费 tab was opened last: its figures come from a worker
        app.processEvents()
        time.sleep(0.005)
    results.append(("  (会费 tab: figures on screen)", time.perf_counter() - started, None, "reference"))
    while not window.dues.ready:  # then its sheet and arrears list
        app.processEvents()
        time.sleep(0.005)
    results.append(("  (会费 tab: sheet and arrears on screen)", time.perf_counter() - started, None, "reference"))
    window.tabs.setCurrentIndex(0)  # the window keeps its last tab for the next start: the cold start
    window.close()                  # below opens on 概况, as a first start does
    app.processEvents()
    close_database()
    open_database(db_path)

    close_database()

    # 6. every tab's longest freeze and the peak memory after visiting them all, 7. the cold start
    measure_window(db_path, results)
    cold_starts(db_path, results, args.runs)
    return results


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
    results.append(("会费 figures (应缴, 已缴, 缺工资基数)", median_time(lambda: dues.figures(this_month), args.runs),
                    None, "≤ 1.0 s / 3 s"))
    results.append(("会费 tab's whole month (figures, sheet ids, 12-month arrears)",
                    median_time(lambda: _month_view(this_month), args.runs), None, "≤ 1.0 s / 3 s"))
    ours = median_time(lambda: wages.export_month(folder / "dues.xlsx", this_month), args.runs)
    exported = workbook_cells(folder / "dues.xlsx")
    base = median_time(lambda: xlsxwriter_write(folder / "raw-dues.xlsx", exported), args.runs)
    results.append(("export dues (month + 全年汇总)", ours, base, "≤ 1.5×"))
    queries = dues_queries(this_month)  # the sheet's query and the summary's (its month totals in a second)
    results.append(("  ÷ its own queries, plain, + raw write", ours, median_time(
        lambda: (plain_queries(db_path, queries), xlsxwriter_write(folder / "raw-dues.xlsx", exported)), args.runs),
        "reference"))
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
        if kind == "vouchers":  # its lines include the year's dues, summed from every payment
            results.append(("  ÷ plain queries of its lines + raw write", ours, median_time(
                lambda: (books_plain(db_path, dt.date.today().year),
                         xlsxwriter_write(folder / f"raw-{kind}.xlsx", exported)), args.runs), "reference"))
        del exported

    # 5. the annual statistics workbook (with its charts)
    from unionoffice.domain import statistics
    from unionoffice.excel.annual_report import write_annual

    year = statistics.last_finished_year()

    def annual():  # as `unionoffice report annual` does it (native charts, no Qt)
        report = statistics.annual(year)
        write_annual(folder / "annual.xlsx", report, statistics.checks(year, report=report),
                     statistics.chart_figures(year, report.breakdowns, report.join_rates))
    ours = median_time(annual, args.runs)
    exported = workbook_cells(folder / "annual.xlsx")
    raw = median_time(lambda: xlsxwriter_write(folder / "raw-annual.xlsx", exported), args.runs)
    results.append(("annual statistics workbook", ours, raw, "≤ 1.5× (≤ 2 s)"))
    # its figures count 100,000 people's histories, which a raw write of 200 cells does not: the second
    # baseline reads the same figures by the fewest plain sqlite3 queries (one pass over the events)
    report = statistics.annual(year)
    figures = annual_plain(db_path, year)
    assert figures["members"] == report.figures["会员人数"] and figures["employees"] == report.figures["职工人数"], (
        figures, report.figures)
    assert figures["join_rates"] == [rate for _, rate in statistics.join_rate_history(year)], figures
    results.append(("  ÷ plain queries of its figures + raw write", ours, median_time(
        lambda: (annual_plain(db_path, year), xlsxwriter_write(folder / "raw-annual.xlsx", exported)), args.runs),
        "reference"))


    # the funds workbook, as `unionoffice report funds` writes it
    from unionoffice.ledgers.funds_report import write_funds

    ours = median_time(lambda: write_funds(folder / "funds.xlsx", dt.date.today().year), args.runs)
    exported = workbook_cells(folder / "funds.xlsx")
    results.append(("report funds", ours, median_time(
        lambda: xlsxwriter_write(folder / "raw-funds.xlsx", exported), args.runs), "≤ 1.5×"))
    results.append(("  ÷ plain queries of its lines + raw write", ours, median_time(
        lambda: (books_plain(db_path, dt.date.today().year),
                 xlsxwriter_write(folder / "raw-funds.xlsx", exported)), args.runs), "reference"))
    close_database()


def annual_plain(db_path: Path, year: int) -> dict:
    """The annual report's figures of people (职工, 会员 and their breakdowns on the stock date, 入会率 at
    the end of five years) and its counts of records, read by plain sqlite3: one pass over the
    membership events joined to the people, and a query per small register."""
    from unionoffice.domain import statistics

    period = statistics.statistical_year(year)
    ends = [statistics.statistical_year(y).as_of.isoformat() for y in range(year - 4, year + 1)]
    on = period.as_of.isoformat()
    held = " | ".join(f"MAX(CASE WHEN kind IN ('入会', '转入', '保留') AND start <= '{d}' AND (stop IS NULL OR"
                      f" stop > '{d}') THEN {1 << i} ELSE 0 END)" for i, d in enumerate(ends))
    db = sqlite3.connect(db_path)
    rows = db.execute(
        "WITH s AS (SELECT person_id, kind, date AS start, LEAD(date) OVER (PARTITION BY person_id ORDER BY date, id)"
        " AS stop FROM membership_event), m AS (SELECT person_id,"
        f" {held} AS held,"
        " MAX(kind IN ('入会', '转入')) AS joined FROM s GROUP BY person_id)"
        " SELECT p.hire_date, p.left_on, p.gender, p.is_migrant, p.birth_date, p.education, p.employment_form,"
        " d.name, p.department_id, COALESCE(m.held, 0), m.joined FROM person p"
        " LEFT JOIN department d ON d.id = p.department_id LEFT JOIN m ON m.person_id = p.id").fetchall()
    employees = [0] * len(ends)
    members_at = [0] * len(ends)
    tables = {k: {} for k in ("dept", "gender", "band", "education", "form")}
    female = members = 0
    last = len(ends) - 1
    for hire, left, gender, migrant, born, education, form, dept, dept_id, held, joined in rows:
        for i, d in enumerate(ends):
            if (hire is None or hire <= d) and (left is None or left > d):
                employees[i] += 1
                members_at[i] += held >> i & 1
        if (hire is None or hire <= on) and (left is None or left > on):
            member = held >> last & 1
            female += gender == "女"
            members += member
            age = None if born is None else int(on[:4]) - int(born[:4]) - (on[5:] < born[5:10])
            band = "不详" if age is None else "35-" if age <= 35 else "45-" if age <= 45 else "54-" if age <= 54 else "55+"
            for key, value in (("dept", dept), ("gender", gender), ("band", band), ("education", education),
                               ("form", form)):
                counts = tables[key].setdefault(value, [0, 0, 0, 0])
                counts[0] += 1
                counts[1] += member
                counts[2] += gender == "女"
                counts[3] += member and gender == "女"
    start, end = period.start.isoformat(), period.end.isoformat()
    small = [db.execute(sql, (start, end)).fetchone() for sql in (
        "SELECT COUNT(*), SUM(amount_fen) FROM assistance WHERE \"on\" BETWEEN ? AND ?",
        "SELECT COUNT(*) FROM activity WHERE date(starts_at) BETWEEN ? AND ?",
        "SELECT COUNT(*) FROM signup JOIN activity a ON a.id = signup.activity_id WHERE signup.attended"
        " AND date(a.starts_at) BETWEEN ? AND ?",
        "SELECT COUNT(*) FROM motion WHERE submitted_on BETWEEN ? AND ?",
        "SELECT COUNT(*) FROM membership_event WHERE kind = '入会' AND date BETWEEN ? AND ?")]
    db.close()
    return {"employees": employees[last], "members": members, "female": female, "tables": tables, "small": small,
            "join_rates": [m / e if e else 0.0 for m, e in zip(members_at, employees)]}


def books_plain(db_path: Path, year: int) -> list:
    """A year's books (vouchers and the lines linked from 帮扶, 活动, 会费 and 合理化建议) read by plain sqlite3
    (会费 from the month totals the payments' triggers keep, as the program reads them)."""
    start, end = f"{year}-01-01", f"{year}-12-31"
    db = sqlite3.connect(db_path)
    found = [db.execute(sql, (start, end)).fetchall() for sql in (
        "SELECT * FROM voucher WHERE \"on\" BETWEEN ? AND ?",
        "SELECT a.*, p.name FROM assistance a JOIN person p ON p.id = a.person_id WHERE a.\"on\" BETWEEN ? AND ?",
        "SELECT * FROM activity WHERE date(starts_at) BETWEEN ? AND ?",
        "SELECT month, amount_fen, people, last_paid_on FROM dues_month_total WHERE month BETWEEN ? AND ?",
        "SELECT * FROM suggestion WHERE reward_paid_on BETWEEN ? AND ? AND reward_fen > 0")]
    db.close()
    return found


def dues_queries(month: dt.date) -> list[tuple[str, list]]:
    """会费: the program's own queries of the month's sheet and the year's summary, with their parameters."""
    from unionoffice.db.models import database
    from unionoffice.domain import dues

    captured = []
    real = database.obj.execute_sql

    def capture(sql, params=None, *args, **kwargs):
        captured.append((sql, list(params or ())))
        return real(sql, params, *args, **kwargs)

    database.obj.execute_sql = capture
    try:
        dues._month_rows(month)
        dues.year_summary(month.year)
    finally:
        del database.obj.execute_sql
    return captured


def plain_queries(db_path: Path, queries: list[tuple[str, list]]) -> list:
    db = sqlite3.connect(db_path)
    found = [db.execute(sql, params).fetchall() for sql, params in queries]
    db.close()
    return found


def cold_starts(db_path: Path, results: list, runs: int) -> None:
    """Cold start to a usable window, and the peak memory of that start."""
    env = {**compiled_env(db_path.parent), "UNIONOFFICE_QUIT_WHEN_SHOWN": "1"}

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
    results.append(("cold start to a usable window", stats.median(cold_start() for _ in range(runs)),
                    median_time(qt_import, runs), "≤ 1.0 s"))
    results.append(("peak memory of a cold start (MB)", max(peaks), None, "≤ 400 MB"))


SEARCHED = ("zw", "5678", "动力", "王", "张伟", "zhangw", "138")  # 1, 2, 3 and more characters


def settled(tab) -> None:
    """Let the 会员 tab finish what a keystroke left on a worker (a long list's rest and figures), as
    it does between a clerk's keystrokes; each keystroke is then timed from a quiet tab."""
    from PySide6.QtWidgets import QApplication

    while not tab.complete or tab.rest.busy:
        QApplication.processEvents()
        time.sleep(0.002)


def keystrokes(tab, raw, runs: int, label: str = "") -> list[tuple]:
    """The last keystroke of each search typed into the 会员 tab (the list and its first row shown:
    the GUI thread's time), against a plain LIKE scan of the same columns on a raw connection ``raw``."""
    results = []
    mark = "%s" if "psycopg2" in type(raw).__module__ else "?"
    settled(tab)
    for text in SEARCHED:
        def keystroke(text=text):
            settled(tab)
            started = time.perf_counter()
            tab.search.blockSignals(True)
            tab.search.setText(text[:-1])
            tab.search.blockSignals(False)
            tab.search.setText(text)
            if tab.model.rowCount():
                tab.model.record(0)
            keystroke.took = time.perf_counter() - started

        def timed(keystroke=keystroke):
            times = []
            for _ in range(runs * 2):
                keystroke()
                times.append(keystroke.took)
            return stats.median(times)

        def like(text=text):
            pattern = f"%{text}%"
            cursor = raw.cursor()
            cursor.execute(
                "SELECT id FROM person WHERE name LIKE ? OR name_pinyin LIKE ? OR name_initials LIKE ? "
                "OR member_card_no LIKE ? OR mobile LIKE ? OR id_number LIKE ? OR department_id IN "
                "(SELECT id FROM department WHERE name LIKE ?)".replace("?", mark),
                (pattern, text + "%", text + "%", pattern, pattern, pattern, pattern))
            cursor.fetchall()
        keystroke()  # the first search of a text warms the caches: measure the ones after it
        results.append((f"search keystroke '{text}'{label}", timed(),
                        median_time(like, runs * 2), "≤ 50 ms"))
        if not tab.complete:  # a long list: its rest and the status line's figures come from a worker
            results.append((f"  (search '{text}'{label}: figures on screen)",
                            median_time(lambda: (keystroke(), settled(tab)), runs), None, "reference"))
    return results


def search_keystrokes(args, db_path: Path) -> list[tuple]:
    """The search keystrokes alone (--search-only): on the office file, and with --server on a copy
    of it in a PostgreSQL database of its own (made anew, the planner's figures renewed)."""
    from unionoffice.app import ensure_app
    from unionoffice.db.connection import close_database, open_database
    from unionoffice.ui.members.tab import MembersTab

    app = ensure_app()
    open_database(db_path)
    tab = MembersTab()
    tab.reload_choices()
    results = keystrokes(tab, sqlite3.connect(db_path), args.runs)
    tab.deleteLater()
    app.processEvents()
    close_database()
    if args.server:
        results += server_keystrokes(args, db_path, app)
    return results


def server_keystrokes(args, db_path: Path, app) -> list[tuple]:
    import psycopg2
    from urllib.parse import urlsplit, urlunsplit

    from unionoffice.db import transfer
    from unionoffice.db.connection import close_database, open_database
    from unionoffice.ui.members.tab import MembersTab

    name = f"uo_bench_{args.people}"
    admin = psycopg2.connect(args.server)
    admin.autocommit = True
    admin.cursor().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin.cursor().execute(f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'")
    admin.close()
    url = urlunsplit(urlsplit(args.server)._replace(path="/" + name))
    started = time.perf_counter()
    transfer.file_to_server(db_path, url)
    print(f"copied to {name} in {time.perf_counter() - started:.1f} s")
    open_database(url)
    tab = MembersTab()
    tab.reload_choices()
    raw = psycopg2.connect(url)
    results = keystrokes(tab, raw, args.runs, " (PostgreSQL)")
    raw.close()
    tab.deleteLater()
    app.processEvents()
    close_database()
    return results


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
