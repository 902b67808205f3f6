"""厂务公开台账: the year's ledger out, and existing ledgers in (its own columns, so an export
re-imports unchanged)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from unionoffice.db.models import Notice, now
from unionoffice.domain import notices
from unionoffice.domain.validation import ValidationError, clean_multiline, clean_text, parse_date
from unionoffice.excel.writing import Column
from unionoffice.ledgers.engine import UNCHANGED, Field, Ledger, raw

SHEET = "厂务公开台账"
COLUMNS = [
    Column("序号", 7, "number"), Column("标题", 36), Column("类别", 22), Column("公开形式", 14),
    Column("责任部门", 14), Column("审核人", 10), Column("公开日期", 12, "date"),
    Column("公示期（天）", 11, "number"), Column("公示截止日期", 12, "date"), Column("状态", 10),
    Column("反馈条数", 9, "number"), Column("内容", 60),
]


class NoticeLedger(Ledger):
    kind = "notices"
    table = "notice"
    title = SHEET
    model = Notice
    columns = COLUMNS
    fields = (
        Field("title", "标题", ("事项", "公开事项"), required=True),
        Field("category", "类别", ("公开类别",), "code", required=True),
        Field("form", "公开形式", ("形式",), "code"),
        Field("department", "责任部门"),
        Field("published_on", "公开日期", ("发布日期",), "date"),
        Field("period_days", "公示期", ("公示天数",), "integer"),
        Field("state", "状态", (), "code"),
        Field("content", "内容", ("公开内容",)),
        Field("reviewer", "审核人"),  # written by the export, known but not read back
        Field("ends", "公示截止日期", read=False),
        Field("feedback", "反馈条数", read=False),
    )
    same_row = "与第 {row} 行是同一事项（标题和公开日期相同）"
    same_column = "title"
    figures = ("厂务公开事项数",)

    @classmethod
    def key_of(cls, label: str) -> str | None:
        return next((k for k, v in notices.FIELDS.items() if v == label), None)

    def length_title(self, data, key: str) -> str:
        return data.title(key, notices.FIELDS.get(key, key))

    def begin(self, data, today: dt.date | None = None, **_options) -> None:
        self.today = today or dt.date.today()
        self.existing = {(n.title, n.published_on): n for n in Notice.select()}

    def cells(self, cells: list) -> list:
        return [int(c) if isinstance(c, float) and c.is_integer() else c for c in cells]

    def check(self, raw: dict) -> dict:
        today = self.today
        values = notices.validate({k: raw.get(k) for k in notices.FIELDS if k != "content"}
                                  | {"content": notices.rich_text(clean_multiline(raw.get("content")))})
        published = parse_date(raw.get("published_on"), "公开日期", today=today, allow_future=True)
        state = clean_text(raw.get("state"))
        if state and state not in notices.STATES:
            raise ValidationError("状态", f"应为 {'、'.join(notices.STATES)} 之一")
        if state in ("公示中", "公示期满", "已归档") and published is None:
            raise ValidationError("公开日期", f"状态为“{state}”的事项须有公开日期")
        values["published_on"] = published
        values["reviewed_on"] = published if published or state == "已审核" else None
        if state == "已审核" and published is None:
            values["reviewed_on"] = today
        values["ends_on"] = notices.ends_on(published, values["period_days"])
        values["archived_on"] = (min(today, values["ends_on"] + dt.timedelta(days=1))
                                 if state == "已归档" else None)
        if values["archived_on"] and values["archived_on"] < published:
            values["archived_on"] = published
        return values

    def key(self, values: dict):
        return (values["title"], values["published_on"])

    def match(self, values: dict, raw: dict, data):
        current = self.existing.get(self.key(values))
        if current is None:
            return None
        before = {"category": current.category, "form": current.form,
                  "department": current.department, "period_days": current.period_days,
                  "content": notices.plain_text(current.content),
                  "archived": current.archived_on is not None}
        after = {k: values[k] for k in before if k not in ("content", "archived")} | {
            "content": notices.plain_text(values["content"]), "archived": values["archived_on"] is not None}
        changed = {k: v for k, v in after.items() if before[k] != v and not (k == "content" and not v)}
        if not changed:
            return UNCHANGED
        return (current.id, values, {k: before[k] for k in changed})

    def write(self, plan) -> list[int]:
        ids = [Notice.create(**values).id for values in plan.new]
        for notice_id, values, before in plan.updates:
            Notice.update(**{k: v for k, v in values.items() if k != "content" or
                             notices.plain_text(v)}, updated_at=now()).where(Notice.id == notice_id).execute()
            if "archived" in before and not values["archived_on"]:
                Notice.update(archived_on=None).where(Notice.id == notice_id).execute()
        return ids

    def audited(self, record_id: int, values: dict, before: dict) -> tuple[dict, dict]:
        return ({k: v for k, v in before.items() if k != "content"},
                {k: values[k] for k in before if k in values and k != "content"})

    def year_rows(self, year: int, on: dt.date | None = None) -> list[dict]:
        return sorted(notices.search(notices.NoticeFilter(year=year), on),
                      key=lambda r: (r["published_on"] or dt.date.max, r["id"]))

    def export_row(self, n: int, r: dict) -> list:
        return [n, r["title"], r["category"], r["form"], r["department"], r["reviewer"], r["published_on"],
                r["period_days"], r["ends_on"], r["state"], r["feedback"], notices.plain_text(r["content"])]

    def export_total(self, rows: list[dict]) -> dict:
        return super().export_total(rows) | {10: raw(sum(r["feedback"] for r in rows))}


LEDGER = NoticeLedger()


def read_ledger(path: Path | str, today: dt.date | None = None):
    return LEDGER.read(path, today=today)


apply = LEDGER.apply
export_ledger = LEDGER.export
