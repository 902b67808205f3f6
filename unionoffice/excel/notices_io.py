"""厂务公开台账: the year's ledger out, and existing ledgers in (its own columns, so an export
re-imports unchanged)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable


from unionoffice.db.backup import backup_before
from unionoffice.db.models import Notice, database, now
from unionoffice.domain import audit, chapter, notices
from unionoffice.domain.validation import ValidationError, clean_multiline, clean_text, parse_date
from unionoffice.excel.ledger import LedgerPlan, Rejection, check_lengths
from unionoffice.excel.reading import read_sheet
from unionoffice.excel.writing import Column, new_workbook, start_sheet, value_cell
from unionoffice.files import atomic_target
from unionoffice.logs import log

SHEET = "厂务公开台账"
COLUMNS = [
    Column("序号", 7, "number"), Column("标题", 36), Column("类别", 22), Column("公开形式", 14),
    Column("责任部门", 14), Column("审核人", 10), Column("公开日期", 12, "date"),
    Column("公示期（天）", 11, "number"), Column("公示截止日期", 12, "date"), Column("状态", 10),
    Column("反馈条数", 9, "number"), Column("内容", 60),
]
ALIASES = {
    "标题": "title", "事项": "title", "公开事项": "title", "类别": "category", "公开类别": "category",
    "公开形式": "form", "形式": "form", "责任部门": "department", "公开日期": "published_on",
    "发布日期": "published_on", "公示期": "period_days", "公示天数": "period_days", "状态": "state",
    "内容": "content", "公开内容": "content",
    # written by the export, known but not read back
    "审核人": "reviewer", "公示截止日期": "_ends", "反馈条数": "_feedback",
}


def export_ledger(path: Path | str, year: int, *, on: dt.date | None = None,
                  progress: Callable | None = None) -> int:
    rows = notices.search(notices.NoticeFilter(year=year), on)
    rows.sort(key=lambda r: (r["published_on"] or dt.date.max, r["id"]))
    info = chapter.load()
    wb = new_workbook()
    ws = wb.create_sheet(SHEET)
    start_sheet(ws, f"{info['union_name'] or info['unit_name'] or '本单位工会'} 厂务公开台账（{year}年）", COLUMNS)
    for n, r in enumerate(rows, start=1):
        values = [n, r["title"], r["category"], r["form"], r["department"], r["reviewer"],
                  r["published_on"], r["period_days"], r["ends_on"], r["state"], r["feedback"],
                  notices.plain_text(r["content"])]
        ws.append([value_cell(ws, v, c) for v, c in zip(values, COLUMNS)])
    ws.append([value_cell(ws, "合计", COLUMNS[0]), value_cell(ws, f"{len(rows)} 项", COLUMNS[1])]
              + [None] * 8 + [sum(r["feedback"] for r in rows)])
    with atomic_target(path) as partial:
        wb.save(partial)
    return len(rows)


def read_ledger(path: Path | str, today: dt.date | None = None) -> LedgerPlan:
    today = today or dt.date.today()
    data = read_sheet(path, ALIASES, required=("title", "category"))
    header = data.header
    plan = LedgerPlan.of(path, data)
    seen: dict[tuple, int] = {}
    existing = {(n.title, n.published_on): n for n in Notice.select()}
    for row_no, cells in data.rows:
        cells = list(cells) + [None] * (len(header) - len(cells))
        cells = [int(c) if isinstance(c, float) and c.is_integer() else c for c in cells]
        raw = {key: cells[col] for key, col in data.columns.items()}
        try:
            values = _check(raw, today)
            check_lengths(Notice, values, lambda k: data.title(k, notices.FIELDS.get(k, k)))
        except ValidationError as exc:
            key = next((k for k, v in notices.FIELDS.items() if v == exc.field), None)
            plan.rejections.append(Rejection(row_no, data.title(key, exc.field) if key else exc.field,
                                             exc.reason, cells))
            continue
        key = (values["title"], values["published_on"])
        if key in seen:
            plan.rejections.append(Rejection(row_no, data.title("title"), f"与第 {seen[key]} 行是同一事项（标题和公开日期相同）", cells))
            continue
        seen[key] = row_no
        current = existing.get(key)
        if current is None:
            plan.new.append(values)
            continue
        before = {"category": current.category, "form": current.form,
                  "department": current.department, "period_days": current.period_days,
                  "content": notices.plain_text(current.content),
                  "archived": current.archived_on is not None}
        after = {k: values[k] for k in before if k not in ("content", "archived")} | {
            "content": notices.plain_text(values["content"]), "archived": values["archived_on"] is not None}
        changed = {k: v for k, v in after.items() if before[k] != v and not (k == "content" and not v)}
        if changed:
            plan.updates.append((current.id, values, {k: before[k] for k in changed}))
        else:
            plan.unchanged += 1
    return plan


def _check(raw: dict, today: dt.date) -> dict:
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


def apply(plan: LedgerPlan, *, db_path: Path | None = None, progress: Callable | None = None) -> dict:
    if (plan.new or plan.updates):
        backup_before(db_path, "before-import")
    with database.atomic():
        for values in plan.new:
            notice = Notice.create(**values)
            audit.record("import", "notice", notice.id, None, {"title": values["title"]})
        for notice_id, values, before in plan.updates:
            Notice.update(**{k: v for k, v in values.items() if k != "content" or
                             notices.plain_text(v)}, updated_at=now()).where(Notice.id == notice_id).execute()
            audit.record("update", "notice", notice_id,
                         {k: v for k, v in before.items() if k != "content"},
                         {k: values[k] for k in before if k in values and k != "content"})
            if "archived" in before and not values["archived_on"]:
                Notice.update(archived_on=None).where(Notice.id == notice_id).execute()
        if progress:
            progress(1, 1, "完成")
    summary = plan.summary()
    log.info("notices import: %d new, %d updated, %d unchanged, %d rejected", summary["imported"],
             summary["updated"], summary["unchanged"], summary["rejected"])
    return summary
