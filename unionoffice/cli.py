"""The command line. Every verb runs the same domain code as the window.

    unionoffice [--db PATH]                       open the window
    unionoffice --version
    unionoffice demo --db PATH [--members N]
    unionoffice check --db PATH
    unionoffice backup --db PATH [-o FILE]
    unionoffice report annual --year 2026 --db PATH -o OUT.xlsx
    unionoffice report funds --year 2026 --db PATH -o OUT.xlsx   (经费收支报表, calendar year)
    unionoffice import members|motions|notices|activities|assistance|vouchers|contracts|mediations FILE
    unionoffice import wages FILE --month 2026-11 --db PATH --db PATH [--dry-run] [--json] [--report OUT.xlsx]
    unionoffice export roster --db PATH -o OUT.xlsx [--all] [--masked]
    unionoffice export roster --template 模板.xlsx --db PATH -o OUT.xlsx [--all] [--json]
    unionoffice export organisation --template 模板.xlsx --db PATH -o OUT.xlsx [--json]
    unionoffice export notices|activities|welfare|contracts|mediations --db PATH --year 2026 -o OUT.xlsx [--full]
    unionoffice export motions --db PATH --session 第十届第二次 -o OUT.xlsx
    unionoffice export dues --db PATH --month 2026-11 -o OUT.xlsx
    unionoffice import|export grievances|hazards|suggestions … (--year 2026; suggestions --full)
    unionoffice transfer --from SOURCE --to TARGET [--replace]

PATH may also be a PostgreSQL URL (postgresql://user@host:5432/unionoffice) for an office kept on a
shared server; its password comes from the URL, PGPASSWORD or ~/.pgpass (pgpass.conf on Windows).

Errors go to stderr in Chinese; usage errors exit 2."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from unionoffice import __version__

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


class ChineseArgumentParser(argparse.ArgumentParser):
    def error(self, message: str):  # noqa: D401 - argparse API
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"参数错误：{message}\n请运行 “unionoffice --help” 查看用法。\n")


def _kinds(*others: str, exports: bool = False) -> list[str]:
    """The declared ledgers' kinds (``unionoffice.ledgers``), after the ones still written by hand."""
    from unionoffice import ledgers

    declared = ledgers.export_kinds() if exports else ledgers.kinds()
    return list(others) + [k for k in declared if k not in others]


def _parser() -> argparse.ArgumentParser:
    parser = ChineseArgumentParser(prog="unionoffice", description="工会办公室")
    parser.add_argument("--version", action="version", version=f"unionoffice {__version__}")
    parser.add_argument("--db", help="数据文件路径，或数据库服务器地址 postgresql://用户@主机:端口/库名"
                                     "（默认用户数据文件夹中的数据文件）")
    sub = parser.add_subparsers(dest="verb", parser_class=ChineseArgumentParser)

    demo = sub.add_parser("demo", help="生成演示数据")
    demo.add_argument("--db", required=True)
    demo.add_argument("--members", type=int, default=300, help="职工人数（默认 300）")

    check = sub.add_parser("check", help="检查数据文件是否完好")
    check.add_argument("--db", required=True)
    check.add_argument("--repair", action="store_true", help="重新统计本程序按记录保存的合计（会费月合计）")

    imp = sub.add_parser("import", help="从 Excel 导入")
    imp.add_argument("kind", choices=_kinds())
    imp.add_argument("file")
    imp.add_argument("--db", required=True)
    imp.add_argument("--dry-run", action="store_true", help="只检查，不写入")
    imp.add_argument("--json", action="store_true", help="以 JSON 输出结果")
    imp.add_argument("--report", help="把被拒绝的行写入此 Excel 文件")
    imp.add_argument("--join-date", help="文件无会员列时，把新职工登记为会员的入会日期")
    imp.add_argument("--month", help="工资基数从哪个月起生效（导入工资），如 2026-11")
    imp.add_argument("--create", action="store_true", help="--db 的数据文件不存在时新建一个（否则报错）")

    report = sub.add_parser("report", help="生成报送上级工会的报表")
    report.add_argument("kind", choices=["annual", "funds"], help="annual 统计年报；funds 经费收支报表（自然年度）")
    report.add_argument("--year", type=int, required=True, help="统计年度：2026 即 2025-10-01 至 2026-09-30")
    report.add_argument("--db", required=True)
    report.add_argument("-o", "--output", required=True)
    report.add_argument("--no-charts", action="store_true", help="不在工作簿中放图表")

    backup = sub.add_parser("backup", help="备份数据文件")
    backup.add_argument("--db", required=True)
    backup.add_argument("-o", "--output", help="备份文件路径（默认在数据文件旁的 backups 文件夹）")

    transfer = sub.add_parser("transfer", help="在数据文件与数据库服务器之间迁移整个办公室的数据（核对每张表的行数）")
    transfer.add_argument("--from", dest="source", required=True, help="源：数据文件路径或 postgresql:// 地址")
    transfer.add_argument("--to", dest="target", required=True, help="目标：数据文件路径或 postgresql:// 地址")
    transfer.add_argument("--replace", action="store_true", help="目标已有数据时，用源数据替换它（替换前先备份）")

    exp = sub.add_parser("export", help="导出 Excel")
    exp.add_argument("kind", choices=_kinds("roster", "organisation", exports=True))
    exp.add_argument("--month", help="月份（会费收缴表），如 2026-11")
    exp.add_argument("--full", action="store_true", help="困难帮扶台账、劳动争议调解台账中写完整的证件号码（和卡号）")
    exp.add_argument("--db", required=True)
    exp.add_argument("-o", "--output", required=True)
    exp.add_argument("--year", type=int, help="年度（厂务公开台账、活动台账）")
    exp.add_argument("--session", help="会议，如 第十届第二次（提案汇总表）")
    exp.add_argument("--all", action="store_true", help="包括非会员")
    exp.add_argument("--masked", action="store_true", help="证件号码、手机号码屏蔽显示")
    exp.add_argument("--template", help="上级平台的会员信息模板（.xlsx）：按它的表头、下拉列表和日期格式填写")
    exp.add_argument("--json", action="store_true", help="以 JSON 输出结果（按模板导出时）")
    return parser


def _err(message: str) -> None:
    print(message, file=sys.stderr)


def _exists(target: str) -> bool:
    """A file that is there, or a server (whether it answers is found out on connecting)."""
    from unionoffice.db.connection import is_server

    return is_server(target) or Path(target).exists()


class OfficeMissing(Exception):
    """No office at --db and no leave to make one; the message is for the user."""


def _new_file(path: str) -> bool:
    from unionoffice.db.connection import is_server

    if is_server(path):
        return False
    file = Path(path)
    return not file.exists() or (file.is_file() and file.stat().st_size == 0)


def _open(path: str, *, create: bool = False):
    """Open the office at ``path``. A new, empty office is made only when asked (``demo``,
    ``import --create``): a mistyped path is an error, never a silently created office."""
    from unionoffice.db.connection import as_target, open_database

    if not create and _new_file(path):
        raise OfficeMissing(f"找不到数据文件：{path}\n"
                            "（要在这里新建一个空的办公室数据文件，请在命令中加 --create）")
    return open_database(as_target(path))


def _writing(path: str):
    """Hold an office file for a command that writes to it (``office_lock``); a server needs no lock."""
    from contextlib import nullcontext

    from unionoffice.db.connection import is_server

    if is_server(path):
        return nullcontext(False)
    from unionoffice import office_lock

    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return office_lock.writing(path, _err)


def cmd_demo(args) -> int:
    from unionoffice.domain import demo

    if args.members < 0:
        _err("参数错误：--members 不能为负数")
        return EXIT_USAGE
    with _writing(args.db):
        _open(args.db, create=True)
        demo.fill(args.members)
    print(f"已生成演示数据：{args.members} 名职工 → {args.db}")
    return EXIT_OK


def cmd_check(args) -> int:
    from unionoffice.db.check import check_file
    from unionoffice.db.connection import check_server, is_server

    if args.repair:
        from unionoffice.db import dues_totals
        from unionoffice.db.models import database

        with _writing(args.db):
            _open(args.db)
            with database.atomic():
                dues_totals.rebuild(database.obj)
        print("已按缴费记录重新统计会费月合计")
    problems = check_server(args.db) if is_server(args.db) else check_file(args.db)
    if problems:
        for p in problems:
            print(p)
        return EXIT_FAIL
    print("ok")
    return EXIT_OK


def _declared_import(args, db_path: Path, join_date):
    """A declared ledger (``unionoffice.ledgers``): read and check, the rejections, then apply."""
    from unionoffice import ledgers

    ledger = ledgers.get(args.kind)
    plan = ledger.read(args.file, **ledger.import_options(args))
    if args.report and plan.rejections:
        ledger.write_rejections(plan, args.report)
    if not args.dry_run:
        ledger.apply(plan, db_path=db_path, **ledger.apply_options(join_date=join_date))
    return plan


def cmd_import(args) -> int:
    from contextlib import nullcontext

    from unionoffice.domain.validation import ValidationError, parse_date
    from unionoffice.excel.reading import ImportFileError
    from unionoffice.ledgers.engine import OptionError

    try:
        join_date = parse_date(args.join_date, "--join-date") if args.join_date else None
    except ValidationError as exc:
        _err(f"参数错误：{exc}")
        return EXIT_USAGE
    if not Path(args.file).exists():
        _err(f"找不到文件：{args.file}")
        return EXIT_FAIL
    from unionoffice.db.backup import BackupError

    try:
        with nullcontext() if args.dry_run else _writing(args.db):
            db = _open(args.db, create=args.create)
            plan = _declared_import(args, db.unionoffice_target, join_date)
    except BackupError as exc:  # damaged, read-only, a full disk: nothing was written
        if args.json:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        _err(f"未导入，数据没有任何改动：{exc}")
        return EXIT_FAIL
    except (OptionError, ValidationError) as exc:
        _err(f"参数错误：{exc}")
        return EXIT_USAGE
    except ImportFileError as exc:
        if args.json:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        _err(f"无法导入：{exc}")
        return EXIT_FAIL
    summary = plan.summary()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        verb = "将" if args.dry_run else "已"
        print(f"读取工作表“{summary['sheet']}”：{verb}新增 {summary['imported']}，更新 {summary['updated']}，"
              f"未变 {summary['unchanged']}，拒绝 {summary['rejected']} 行，跳过 {len(summary['skipped'])} 行。")
        for r in summary["rejections"]:
            print(f"  第 {r['row']} 行 [{r['column']}]：{r['reason']}")
        for r in summary.get("warnings", []):
            print(f"  第 {r['row']} 行 [{r['column']}]（该人已导入）：{r['reason']}")
        for r in summary["skipped"]:
            print(f"  第 {r['row']} 行：{r['reason']}")
        if summary["unknown_columns"]:
            print(f"  未识别的列（已忽略）：{'、'.join(summary['unknown_columns'])}")
        for note in summary.get("notes", []):
            print(f"  {note}")
    return EXIT_OK


def cmd_export(args) -> int:
    import datetime as dt

    if not _exists(args.db):
        _err(f"找不到数据文件：{args.db}")
        return EXIT_FAIL
    _open(args.db)
    if args.template and args.kind not in ("roster", "organisation"):
        _err("参数错误：--template 只用于 export roster 和 export organisation")
        return EXIT_USAGE
    if args.kind == "organisation" and not args.template:
        _err("参数错误：export organisation 须用 --template 指定上级平台的工会组织信息采集表")
        return EXIT_USAGE
    if args.template:
        return _export_template(args)
    if args.kind == "roster":
        from unionoffice.ledgers import roster_export

        count = roster_export.export_roster(args.output, include_all=args.all, masked=args.masked)
        print(f"已导出 {count} 人 → {args.output}")
    else:
        return _declared_export(args)
    return EXIT_OK


def _declared_export(args) -> int:
    from unionoffice import ledgers
    from unionoffice.ledgers.engine import OptionError

    try:
        print(ledgers.exporter(args.kind).exported(args.output, args))
    except OptionError as exc:
        _err(str(exc))
        return exc.code
    return EXIT_OK


def _export_template(args) -> int:
    """The roster written into a higher union platform's own template (domain.md §16)."""
    from unionoffice.ledgers import platform_template
    from unionoffice.excel.reading import ImportFileError

    if not Path(args.template).exists():
        _err(f"找不到模板：{args.template}")
        return EXIT_FAIL
    try:
        if args.kind == "organisation":
            result = platform_template.fill_organisation(args.template, args.output)
        else:
            result = platform_template.fill_template(args.template, args.output, include_all=args.all,
                                                     masked=args.masked)
    except ImportFileError as exc:
        if args.json:
            print(json.dumps({"error": str(exc)}, ensure_ascii=False))
        _err(f"无法使用模板：{exc}")
        return EXIT_FAIL
    summary = result.summary()
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, default=str))
        return EXIT_OK
    if args.kind == "organisation":
        print(f"已填写工会组织信息 {len(result.filled)} 项（工作表“{result.sheet}”）→ {args.output}")
        if result.empty:
            print(f"  本单位工会信息中尚未填写（已留空）：{'、'.join(result.empty)}")
        for u in result.unmapped:
            print(f"  [{u.column}] “{u.value}”不在模板的下拉列表中，已留空，可选：{'、'.join(u.choices)}")
        return EXIT_OK
    print(f"已按模板“{result.template.sheet}”填写 {result.written} 人（第 {result.template.first_row} 行起）"
          f" → {args.output}")
    if result.template.unknown_columns:
        print(f"  未识别的列（留空）：{'、'.join(result.template.unknown_columns)}")
    if result.unmapped:
        print(f"  {len(result.unmapped)} 个单元格的值不在模板的下拉列表中，已留空，见“待补充”工作表：")
        for line in platform_template.distinct_unmapped(result.unmapped):
            print(f"    [{line['column']}] “{line['value']}”（{line['people']} 人），可选：{'、'.join(line['choices'])}")
    return EXIT_OK


def cmd_report(args) -> int:
    from unionoffice.domain import statistics
    from unionoffice.excel.annual_report import write_annual

    if not _exists(args.db):
        _err(f"找不到数据文件：{args.db}")
        return EXIT_FAIL
    _open(args.db)
    if args.kind == "funds":
        return _funds_report(args)
    report = statistics.annual(args.year)
    # native Excel charts drawn from the figures: no Qt on the command line
    figures = None if args.no_charts else statistics.chart_figures(args.year, report.breakdowns, report.join_rates)
    warnings = statistics.checks(args.year, report=report)  # its people counted once
    write_annual(args.output, report, warnings, figures)
    print(f"已生成 {args.year} 年度基层工会统计年报（{report.period.text}）→ {args.output}")
    for w in warnings:
        print(f"  逻辑检查：{w}")
    return EXIT_OK


def _funds_report(args) -> int:
    """经费: 收入支出表, 预算执行情况表, the two journals and the 经审 summary of a calendar year."""
    from unionoffice.domain import funds, money
    from unionoffice.ledgers.funds_report import write_funds

    write_funds(args.output, args.year)
    statement = dict(funds.statement(args.year))
    print(f"已生成 {args.year} 年经费收支报表 → {args.output}")
    print(f"  收入合计 {money.text(statement['收入合计'])} 元，支出合计 {money.text(statement['支出合计'])} 元，"
          f"本年结余 {money.text(statement['本年结余'])} 元")
    for w in funds.budget_warnings(args.year):
        print(f"  预算执行：{w}")
    return EXIT_OK


def cmd_backup(args) -> int:
    from unionoffice.db.backup import BackupError, backup_file, backup_server, make_backup, rotate
    from unionoffice.db.check import quick_check
    from unionoffice.db.connection import is_server

    if not _exists(args.db):
        _err(f"找不到数据文件：{args.db}")
        return EXIT_FAIL
    problems = [] if is_server(args.db) else quick_check(args.db)
    if problems:
        _err("数据文件已损坏，未备份：" + "；".join(problems))
        return EXIT_FAIL
    try:
        if args.output and is_server(args.db):
            target = backup_server(args.db, args.output)
        elif args.output:
            target = backup_file(args.db, args.output)
        else:
            target = make_backup(args.db, "manual")
            rotate(args.db)
    except BackupError as exc:
        _err(f"备份失败：{exc}")
        return EXIT_FAIL
    print(f"已备份 → {target}")
    return EXIT_OK


def cmd_transfer(args) -> int:
    from unionoffice.db import transfer
    from unionoffice.db.backup import BackupError, backup_before
    from unionoffice.db.connection import display, is_server

    if not _exists(args.source):
        _err(f"找不到数据文件：{args.source}")
        return EXIT_FAIL
    if is_server(args.source) == is_server(args.target):
        _err("参数错误：--from 与 --to 须一个是数据文件、一个是 postgresql:// 数据库服务器地址")
        return EXIT_USAGE
    try:
        if not is_server(args.target):
            if Path(args.target).exists():
                _err(f"目标文件已存在，为免覆盖，未迁移：{args.target}")
                return EXIT_FAIL
            counts = transfer.server_to_file(args.source, args.target)
        else:
            held = transfer.people_on(args.target)
            if held and not args.replace:
                _err(f"目标数据库中已有 {held} 名职工的数据。确要用源数据替换，请加 --replace（替换前会先备份）。")
                return EXIT_FAIL
            if held:
                backup_before(args.target, "before-restore")
            counts = transfer.file_to_server(args.source, args.target)
    except (transfer.TransferError, BackupError) as exc:
        _err(f"迁移失败，目标未改动：{exc}")
        return EXIT_FAIL
    except Exception as exc:  # the server refused the connection, the login, …
        from unionoffice.db.check import describe

        _err(f"迁移失败，目标未改动：{describe(exc)}")
        return EXIT_FAIL
    rows = sum(counts.values())
    print(f"已迁移 {len(counts)} 张表、{rows} 行，逐表核对行数一致：{display(args.source)} → {display(args.target)}")
    return EXIT_OK


COMMANDS = {"transfer": cmd_transfer, "report": cmd_report, "backup": cmd_backup, "demo": cmd_demo, "check": cmd_check, "import": cmd_import, "export": cmd_export}


def main(argv: list[str] | None = None) -> int:
    from unionoffice.logs import log, setup

    args = _parser().parse_args(argv)
    setup()
    log.info("start: %s", args.verb or "window")
    if args.verb is None:
        from unionoffice.app import run

        return run(args.db)
    from unionoffice.db.migrations import OfficeSchemaError
    from unionoffice.office_lock import OfficeBusy

    try:
        return COMMANDS[args.verb](args)
    except (OfficeMissing, OfficeSchemaError, OfficeBusy) as exc:
        _err(str(exc))
        return EXIT_FAIL
    except FileNotFoundError as exc:
        _err(f"找不到文件：{exc}")
        return EXIT_FAIL
    except OSError as exc:  # files.WriteError carries a Chinese message already
        from unionoffice.files import WriteError, explain

        _err(str(exc) if isinstance(exc, WriteError) else explain(exc, Path(exc.filename or "")))
        return EXIT_FAIL
    except Exception as exc:  # a last resort: never a Python traceback for the user
        from unionoffice.db.check import database_reason
        from unionoffice.db.connection import ServerAddressError, display, is_server

        if isinstance(exc, ServerAddressError):
            _err(f"参数错误：{exc}")
            return EXIT_USAGE
        if not _is_database_error(exc):
            raise
        undone = "，数据没有任何改动" if args.verb == "import" else ""  # one transaction, rolled back
        if is_server(getattr(args, "db", None)):
            _err(f"无法连接数据库服务器，或读写其中的数据{undone}：{display(args.db)}\n{database_reason(exc)}")
        else:
            _err(f"数据文件无法使用{undone}：{database_reason(exc)}")
        return EXIT_FAIL


def _is_database_error(exc: BaseException) -> bool:
    """peewee's errors, and the drivers' own (bulk writes use the driver's cursor)."""
    import sqlite3

    import peewee

    return (isinstance(exc, (peewee.DatabaseError, peewee.InterfaceError, sqlite3.Error))
            or type(exc).__module__.startswith("psycopg2"))
