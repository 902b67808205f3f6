"""What a ledger declares it feeds (``Ledger.figures``) is what it feeds: every declared figure is a
figure of the annual report, and importing a ledger's export into an office moves exactly the
figures it declares (issue 19)."""

from __future__ import annotations

import pytest

from tests import golden
from unionoffice import ledgers
from unionoffice.domain import statistics

YEAR = 2026


def test_every_declared_figure_is_a_figure_of_the_annual_report():
    for kind in ledgers.kinds():
        assert set(ledgers.get(kind).figures) <= set(statistics.LABELS), kind
    fed = ledgers.feeding()
    assert fed["帮扶人次"] == ["帮扶发放明细"] and fed["入会率"] == ["职工花名册"]
    assert "统计期间" not in fed and "工会小组数" not in fed


@pytest.fixture(scope="module")
def office(tmp_path_factory):
    """A demo office's ledgers exported, and a new office holding only the demo's roster."""
    from unionoffice import cli

    folder = tmp_path_factory.mktemp("figures")
    with pytest.MonkeyPatch.context() as mp, golden.frozen_today():
        mp.setenv("UNIONOFFICE_DATA_DIR", str(folder))
        demo, fresh = folder / "demo.sqlite3", folder / "fresh.sqlite3"
        assert cli.main(["demo", "--db", str(demo), "--members", "60"]) == 0
        files = {}
        for kind, name, extra in (("roster", "members", ["--all"]), ("notices", "notices", ["--year", str(YEAR)]),
                                  ("activities", "activities", ["--year", str(YEAR)]),
                                  ("motions", "motions", ["--session", "第十届第一次"]),
                                  ("welfare", "assistance", ["--year", str(YEAR)]),
                                  ("dues", "wages", ["--month", f"{YEAR}-11"])):
            files[name] = folder / f"{kind}.xlsx"
            assert cli.main(["export", kind, "--db", str(demo), "-o", str(files[name]), *extra]) == 0
        assert cli.main(["import", "members", str(files.pop("members")), "--db", str(fresh), "--create"]) == 0
        # the demo's first session has no finished motion: one 立案 and answered, so that 办结 moves too
        files["motions"] = golden.edited(files["motions"], folder / "motions-answered.xlsx",
                                         {(3, 10): "立案", (3, 14): "A", (3, 16): "满意"})
        yield fresh, files


def figures() -> dict:
    """The figures of the demo's two statistical years (its congress sat in the earlier one)."""
    return {(year, label): value for year in (YEAR - 1, YEAR)
            for label, value in statistics.annual(year, with_breakdowns=False).figures.items()}


@pytest.mark.parametrize("kind", ["notices", "activities", "motions", "assistance", "wages"])
def test_an_import_moves_the_figures_it_declares(office, kind):
    from unionoffice import cli
    from unionoffice.db.connection import open_database

    fresh, files = office
    with golden.frozen_today():
        open_database(fresh)
        before = figures()
        extra = ["--month", f"{YEAR}-11"] if kind == "wages" else []
        assert cli.main(["import", kind, str(files[kind]), "--db", str(fresh), *extra]) == 0
        open_database(fresh)
        after = figures()
    moved = {label for (_year, label), value in after.items() if before[_year, label] != value}
    assert moved == set(ledgers.get(kind).figures)


def test_the_roster_moves_the_figures_it_declares(tmp_path):
    from unionoffice import cli
    from unionoffice.db.connection import open_database

    db = tmp_path / "office.sqlite3"
    with golden.frozen_today():
        assert cli.main(["import", "members", str(golden.DATA / "hr-roster-sample.xlsx"), "--db", str(db),
                         "--create"]) == 0
        open_database(db)
        figures = statistics.annual(YEAR, with_breakdowns=False).figures
    moved = {label for label, value in figures.items() if value and not isinstance(value, str)}  # a new office: 0
    assert moved == set(ledgers.get("members").figures)
