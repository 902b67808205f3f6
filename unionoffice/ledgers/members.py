"""职工花名册: the roster import keeps its own tuned reader and bulk writer (``excel/roster_import.py``,
measured by ``benchmarks/run.py``); it is declared here so that the command line and the window
plan and apply it through the same interface as every other ledger."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from unionoffice.ledgers.engine import Field, Ledger


class MembersLedger(Ledger):
    kind = "members"
    title = "职工花名册"
    unit = "人"
    fields = (  # the roster's own column list is roster_import.ALIASES; these are its keys
        Field("name", "姓名", (), "text", required=True),
        Field("id_number", "证件号码", ("身份证号", "身份证号码"), "person", required=True),
        Field("department", "部门"),
        Field("membership", "是否会员", (), "yesno"),
    )
    figures = ("职工人数", "女职工人数", "农民工人数", "会员人数", "女会员人数", "农民工会员人数",
               "新发展会员人数", "入会率")

    def apply_options(self, join_date=None) -> dict:
        return {"join_date": join_date}

    def read(self, path: Path | str, progress: Callable | None = None, **_options):
        from unionoffice.ledgers import roster_import

        return roster_import.classify(roster_import.read_roster(path, progress=progress))

    def apply(self, plan, *, db_path: Path | None = None, progress: Callable | None = None, join_date=None) -> dict:
        from unionoffice.ledgers import roster_import

        return roster_import.apply(plan, db_path=db_path, join_date=join_date, progress=progress)

    def write_rejections(self, plan, path, progress: Callable | None = None):
        from unionoffice.ledgers import roster_import

        return roster_import.write_rejections(plan, path, progress)


LEDGER = MembersLedger()
