"""The golden run of every ledger import and export (issue 19): a fixed office, every ``export KIND``
and every ``import KIND`` of the command line, each workbook's cells (values only) and print settings
and each JSON summary, as plain data. ``tests/unit/test_ledgers_unchanged.py`` compares it with the
snapshots in ``tests/data/golden/``; ``python tests/golden.py`` rewrites them (only when a change of
behaviour is meant)."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
from pathlib import Path

DATA = Path(__file__).parent / "data"
GOLDEN = DATA / "golden"
TODAY = dt.date(2026, 11, 20)
NOW = dt.datetime(2026, 11, 20, 10, 30, 0)
YEAR = "2026"

_REAL_DATE, _REAL_DATETIME = dt.date, dt.datetime


class _Frozen(type):
    """A stand-in for ``datetime.date``/``datetime.datetime`` whose today is fixed; what it makes and
    what it recognises are the real classes."""

    def __instancecheck__(cls, obj):
        return isinstance(obj, cls._real)

    def __subclasscheck__(cls, sub):
        return issubclass(sub, cls._real)


class FrozenDate(_REAL_DATE, metaclass=_Frozen):
    _real = _REAL_DATE

    def __new__(cls, *args, **kwargs):
        return _REAL_DATE(*args, **kwargs)

    @classmethod
    def today(cls):
        return TODAY


class FrozenDateTime(_REAL_DATETIME, metaclass=_Frozen):
    _real = _REAL_DATETIME

    def __new__(cls, *args, **kwargs):
        return _REAL_DATETIME(*args, **kwargs)

    @classmethod
    def now(cls, tz=None):
        return NOW if tz is None else NOW.replace(tzinfo=tz)

    @classmethod
    def today(cls):
        return NOW

    @classmethod
    def utcnow(cls):
        return NOW


@contextlib.contextmanager
def frozen_today():
    # libraries that keep the datetime classes at import (sqlite3's adapters) are loaded first
    import sqlite3  # noqa: F401

    import openpyxl  # noqa: F401
    import xlsxwriter  # noqa: F401
    import peewee  # noqa: F401

    import unionoffice.db.models  # noqa: F401
    import unionoffice.domain.demo  # noqa: F401

    dt.date, dt.datetime = FrozenDate, FrozenDateTime
    try:
        yield
    finally:
        dt.date, dt.datetime = _REAL_DATE, _REAL_DATETIME


def _plain(value):
    if isinstance(value, (_REAL_DATE, _REAL_DATETIME)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def fit_width(ws) -> int:
    """The pages across a sheet fitted to the page prints on. A writer may leave fitToWidth="1" out
    (xlsxwriter does, as OOXML's default is 1: Excel, WPS and LibreOffice read it so), which openpyxl
    reads back as None."""
    return 1 if ws.page_setup.fitToWidth is None else ws.page_setup.fitToWidth


def workbook_snapshot(path: Path) -> dict:
    """Every sheet's cells (values only) and how it prints."""
    from openpyxl import load_workbook

    wb = load_workbook(path)
    sheets = {}
    for ws in wb.worksheets:
        setup = ws.page_setup
        fit_to_page = ws.sheet_properties.pageSetUpPr.fitToPage if ws.sheet_properties.pageSetUpPr else None
        sheets[ws.title] = {
            "print": {"orientation": setup.orientation, "paperSize": _plain(setup.paperSize),
                      "fitToWidth": _plain(fit_width(ws) if fit_to_page else setup.fitToWidth), "fitToHeight": _plain(setup.fitToHeight),
                      "fitToPage": ws.sheet_properties.pageSetUpPr.fitToPage
                      if ws.sheet_properties.pageSetUpPr else None,
                      "titleRows": ws.print_title_rows, "footer": ws.oddFooter.center.text,
                      "freeze": ws.freeze_panes},
            "cells": [[_plain(v) for v in row] for row in ws.iter_rows(values_only=True)],
        }
    return sheets


class Run:
    def __init__(self, folder: Path):
        self.folder = folder
        self.results: dict[str, object] = {}

    def cli(self, *args) -> tuple[int, str]:
        from unionoffice import cli

        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = cli.main([str(a) for a in args])
        text = (out.getvalue() + err.getvalue()).replace(str(self.folder), "<tmp>")
        return code, text

    def export(self, name: str, *args) -> Path:
        target = self.folder / f"{name}.xlsx"
        code, text = self.cli("export", *args, "-o", target)
        self.results[f"export {name}"] = {"exit": code, "output": text,
                                          "workbook": workbook_snapshot(target) if target.exists() else None}
        return target

    def load(self, name: str, kind: str, file: Path, db: Path, *extra) -> None:
        """``import KIND`` twice: --dry-run --json, then for real with --json and --report."""
        for mode in ("dry-run", "import"):
            report = self.folder / f"{name}-{mode}-rejected.xlsx"
            flags = ["--dry-run"] if mode == "dry-run" else []
            code, text = self.cli("import", kind, file, "--db", db, "--json", "--report", report, *flags, *extra)
            try:
                summary = json.loads(text.splitlines()[0]) if text.startswith("{") else text
            except ValueError:
                summary = text
            self.results[f"import {name} ({mode})"] = {
                "exit": code, "summary": summary,
                "rejected": workbook_snapshot(report) if report.exists() else None}


def edited(source: Path, target: Path, changes: dict[tuple[int, int], object], sheet: int = 0) -> Path:
    """A copy of an exported ledger with some cells changed (row, column are Excel's, from 1)."""
    from openpyxl import load_workbook

    wb = load_workbook(source)
    ws = wb.worksheets[sheet]
    for (row, column), value in changes.items():
        ws.cell(row, column).value = value
    wb.save(target)
    return target


def run_all(folder: Path) -> dict:
    """The whole golden run in ``folder`` (its own office files); returns name → snapshot."""
    run = Run(folder)
    db = folder / "office.sqlite3"
    with frozen_today():
        code, text = run.cli("demo", "--db", db, "--members", 120)
        assert code == 0, text
        run.export("roster", "roster", "--db", db)
        run.export("roster-all-masked", "roster", "--db", db, "--all", "--masked")
        run.export("roster-template", "roster", "--db", db, "--template", DATA / "platform-template-sample.xlsx",
                   "--json")
        notices = run.export("notices", "notices", "--db", db, "--year", YEAR)
        activities = run.export("activities", "activities", "--db", db, "--year", YEAR)
        motions = run.export("motions", "motions", "--db", db, "--session", "第十届第一次")
        welfare = run.export("welfare", "welfare", "--db", db, "--year", YEAR)
        run.export("welfare-full", "welfare", "--db", db, "--year", YEAR, "--full")
        dues = run.export("dues", "dues", "--db", db, "--month", "2026-11")
        roster = folder / "roster.xlsx"
        masked = folder / "roster-all-masked.xlsx"

        # the office's own exports back into it: unchanged
        run.load("notices-again", "notices", notices, db)
        run.load("activities-again", "activities", activities, db)
        run.load("motions-again", "motions", motions, db)
        run.load("assistance-again", "assistance", welfare, db)
        run.load("wages-from-dues", "wages", dues, db, "--month", "2026-11")
        run.load("members-roster-again", "members", roster, db)
        run.load("members-masked", "members", masked, db)
        run.load("members-sample-into-demo", "members", DATA / "hr-roster-sample.xlsx", db)
        vouchers = run.export("vouchers", "vouchers", "--db", db, "--year", YEAR)
        run.load("vouchers-again", "vouchers", vouchers, db)
        run.load("vouchers-edited", "vouchers", edited(vouchers, folder / "vouchers-edited.xlsx", {
            (5, 7): 1234.56, (6, 10): None, (7, 12): "困难帮扶#99999", (8, 4): "收支"}), db)
        for kind in ("grievances", "hazards", "suggestions"):  # 维权 part two: out and back in unchanged
            run.load(f"{kind}-again", kind, run.export(kind, kind, "--db", db, "--year", YEAR), db)

        # edited ledgers: updated rows, a rejected one, a blank one
        run.load("notices-edited", "notices", edited(notices, folder / "notices-edited.xlsx", {
            (3, 3): "招用职工及劳动合同签订", (4, 2): None, (5, 8): 20, (6, 10): "不知道"}), db)
        run.load("activities-edited", "activities", edited(activities, folder / "activities-edited.xlsx", {
            (3, 6): "新礼堂", (4, 3): "不存在的类型", (5, 9): "1,234.5", (6, 4): "2026-13-01"}), db)
        run.load("motions-edited", "motions", edited(motions, folder / "motions-edited.xlsx", {
            (3, 3): "文化建设", (4, 7): "查无此人", (5, 14): "D", (6, 16): "满意"}), db)
        run.load("assistance-edited", "assistance", edited(welfare, folder / "assistance-edited.xlsx", {
            (3, 2): "名册外", (4, 7): 123.45, (5, 7): None}, sheet=1), db)
        run.load("wages-edited", "wages", edited(dues, folder / "wages-edited.xlsx", {
            (3, 4): 7777.77, (4, 4): None, (5, 2): "查无此人"}), db, "--month", "2026-11")
        run.export("notices-after-edits", "notices", "--db", db, "--year", YEAR)
        run.export("activities-after-edits", "activities", "--db", db, "--year", YEAR)
        run.export("motions-after-edits", "motions", "--db", db, "--session", "第十届第一次")
        run.export("dues-after-edits", "dues", "--db", db, "--month", "2026-11")

        # into a new office: new rows, and rejections where the roster lacks the people
        fresh = folder / "fresh.sqlite3"
        run.load("members-sample", "members", DATA / "hr-roster-sample.xlsx", fresh, "--create")
        run.load("members-old-format", "members", DATA / "roster-old-format.xls", fresh)
        run.load("notices-fresh", "notices", notices, fresh)
        run.load("activities-fresh", "activities", activities, fresh)
        run.load("motions-fresh", "motions", motions, fresh)
        run.load("assistance-fresh", "assistance", welfare, fresh)
        run.load("wages-fresh", "wages", dues, fresh, "--month", "2026-11")
        run.load("wages-sample", "wages", DATA / "hr-roster-sample.xlsx", fresh, "--month", "2026-10")
        run.export("fresh-notices", "notices", "--db", fresh, "--year", YEAR)
        run.export("fresh-activities", "activities", "--db", fresh, "--year", YEAR)
        run.export("fresh-dues", "dues", "--db", fresh, "--month", "2026-10")
        run.export("fresh-roster", "roster", "--db", fresh, "--all")

        # 维权 (issue 24): contracts and mediation cases out, back in unchanged, edited, and into a new office
        contracts = run.export("contracts", "contracts", "--db", db, "--year", YEAR)
        mediations = run.export("mediations", "mediations", "--db", db, "--year", YEAR)
        run.export("mediations-full", "mediations", "--db", db, "--year", YEAR, "--full")
        run.load("contracts-again", "contracts", contracts, db)
        run.load("mediations-again", "mediations", mediations, db)
        run.load("contracts-edited", "contracts", edited(contracts, folder / "contracts-edited.xlsx", {
            (3, 9): 999, (4, 3): "不存在的类型", (5, 6): None}), db)
        run.load("mediations-edited", "mediations", edited(mediations, folder / "mediations-edited.xlsx", {
            (3, 7): 3, (4, 4): "查无此人", (5, 11): "不知道"}), db)
        run.export("contracts-after-edits", "contracts", "--db", db, "--year", YEAR)
        run.load("contracts-fresh", "contracts", contracts, fresh)
        run.load("mediations-fresh", "mediations", mediations, fresh)
    return json.loads(json.dumps(run.results, ensure_ascii=False, default=str))


def snapshot_path(name: str) -> Path:
    return GOLDEN / (name.replace(" ", "_").replace("(", "").replace(")", "") + ".json")


def write_snapshots(results: dict) -> None:
    GOLDEN.mkdir(exist_ok=True)
    for old in GOLDEN.glob("*.json"):
        old.unlink()
    for name, snapshot in results.items():
        snapshot_path(name).write_text(json.dumps({"name": name, "snapshot": snapshot}, ensure_ascii=False,
                                                  indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":  # python tests/golden.py: rewrite the snapshots from today's code
    import os
    import sys
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent.parent))
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["UNIONOFFICE_DATA_DIR"] = str(Path(tmp) / "data")
        (Path(tmp) / "data").mkdir()
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        results = run_all(Path(tmp))
    write_snapshots(results)
    print(f"{len(results)} snapshots → {GOLDEN}")
