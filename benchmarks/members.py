"""Members benchmark (run by hand; issue 10 grows this into the full suite).

    python benchmarks/members.py [--people 100000]

Builds a demo office, then prints each step's median time and its ratio to a raw baseline
measured in the same run on the same data."""

from __future__ import annotations

import argparse
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def median_ms(fn, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=100_000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="uo-bench-"))
    os.environ["UNIONOFFICE_DATA_DIR"] = str(folder / "data")
    db_path = folder / "office.sqlite3"

    from unionoffice.app import ensure_app
    from unionoffice.db.connection import open_database
    from unionoffice.domain import demo

    open_database(db_path)
    start = time.perf_counter()
    demo.fill(args.people)
    print(f"demo office of {args.people} people built in {time.perf_counter() - start:.1f} s")

    raw = sqlite3.connect(db_path)

    def baseline(text):
        """Plain SQL LIKE over the same columns: no sorting, no counting, no model."""
        like = f"%{text}%"
        return raw.execute(
            "SELECT id FROM person WHERE name LIKE ? OR name_pinyin LIKE ? OR name_initials LIKE ? "
            "OR member_card_no LIKE ? OR mobile LIKE ? OR id_number LIKE ? "
            "OR department_id IN (SELECT id FROM department WHERE name LIKE ?)",
            (like, text + "%", text + "%", like, like, like, like)).fetchall()

    app = ensure_app()
    from unionoffice.ui.members.tab import MembersTab

    tab_ms = median_ms(lambda: MembersTab().deleteLater(), runs=3)
    tab = MembersTab()
    rows = []
    for text in ("zw", "zhang", "5678", "动力", ""):
        def keystroke(text=text):
            tab.search.blockSignals(True)
            tab.search.setText(text[:-1] if text else "x")
            tab.search.blockSignals(False)
            tab.search.setText(text)  # the last keystroke: one query, one model reset
            tab.model.record(0) if tab.model.rowCount() else None
        ms = median_ms(keystroke)
        base = median_ms(lambda: baseline(text))
        label = f"search '{text}'" if text else "clear the search (all)"
        rows.append((f"{label} → table updated", ms, base))
    app.processEvents()
    print(f"{'step':40} {'median ms':>10} {'baseline ms':>12} {'ratio':>7}  target")
    print(f"{'open the 会员 tab':40} {tab_ms:10.1f} {'—':>12} {'—':>7}  ≤ 300 ms")
    for name, ms, base in rows:
        print(f"{name:40} {ms:10.1f} {base:12.1f} {ms / base:7.2f}  ≤ 100 ms")


if __name__ == "__main__":
    main()
