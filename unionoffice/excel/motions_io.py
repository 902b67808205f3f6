"""提案汇总表 and 提案办理情况表 of a congress session; and motions ledgers in (the 汇总表's own
columns, so an export re-imports unchanged). People are matched to the roster by name (and
证件号码 where a column gives it)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable


from unionoffice.db.backup import backup_before
from unionoffice.db.models import Congress, Motion, MotionEvent, MotionSeconder, Person, Representative, database
from unionoffice.domain import audit, chapter, congress
from unionoffice.domain.validation import ValidationError, clean_multiline, clean_text, normalise_id, parse_date
from unionoffice.excel.ledger import LedgerPlan, Rejection, check_lengths
from unionoffice.excel.reading import read_sheet
from unionoffice.excel.writing import Column, new_workbook, start_sheet, value_cell
from unionoffice.files import atomic_target
from unionoffice.logs import log

SUMMARY = [
    Column("编号", 10), Column("会议", 26), Column("类别", 10), Column("案由", 30), Column("理由", 40),
    Column("建议", 40), Column("提案人", 10), Column("附议人", 20), Column("提交日期", 12, "date"),
    Column("审查结果", 12), Column("审查意见", 24), Column("承办部门", 20), Column("答复日期", 12, "date"),
    Column("答复等级", 10), Column("答复内容", 40), Column("提案人意见", 10),
]
HANDLING = [
    Column("编号", 10), Column("案由", 30), Column("提案人", 10), Column("主办部门", 14), Column("协办部门", 18),
    Column("交办日期", 12, "date"), Column("办理期限", 12, "date"), Column("答复日期", 12, "date"),
    Column("答复等级", 16), Column("提案人意见", 10), Column("办理状态", 10), Column("是否办结", 9),
    Column("是否超期", 9),
]
ALIASES = {
    "编号": "number", "提案编号": "number", "会议": "congress", "会次": "congress", "类别": "category",
    "案由": "title", "提案名称": "title", "理由": "reason", "理由/依据": "reason", "建议": "proposal",
    "办法/建议": "proposal", "提案人": "proposer", "提案人证件号码": "proposer_id", "附议人": "seconders",
    "提交日期": "submitted_on", "审查结果": "review_result", "审查意见": "review_reason",
    "承办部门": "departments", "答复日期": "reply_on", "答复等级": "reply_grade", "答复内容": "reply_text",
    "答复意见": "reply_text", "提案人意见": "verdict",
}
CO = "；协办："
_TITLES = {}
for _alias, _key in ALIASES.items():
    _TITLES.setdefault(_key, _alias)
_COLUMN_OF = {"lead_department": "departments", "co_departments": "departments"}


def _departments(m: dict) -> str:
    return m["lead_department"] + (f"{CO}{m['co_departments']}" if m["co_departments"] else "")


def export_session(path: Path | str, congress_id: int, progress: Callable | None = None) -> int:
    c = Congress.get_by_id(congress_id)
    name = congress.congress_name(c)
    rows = sorted(congress.search(congress.MotionFilter(congress_id=congress_id)), key=lambda r: r["number"])
    info = chapter.load()
    unit = info["union_name"] or info["unit_name"] or "本单位工会"
    wb = new_workbook()
    ws = wb.create_sheet("提案汇总表")
    start_sheet(ws, f"{unit} {name} 提案汇总表", SUMMARY)
    for r in rows:
        seconders = "、".join(n for _, n in congress.seconders(r["id"]))
        result = r["review_result"] + ("（大会议案）" if r["promoted"] else "")
        values = [r["number"], name, r["category"], r["title"], r["reason"], r["proposal"], r["proposer_name"],
                  seconders, r["submitted_on"], result, r["review_reason"], _departments(r), r["reply_on"],
                  r["reply_grade"], r["reply_text"], r["verdict"]]
        ws.append([value_cell(ws, v, col) for v, col in zip(values, SUMMARY)])
    ws.append([value_cell(ws, "合计", SUMMARY[0]), None, None, value_cell(ws, f"{len(rows)} 件", SUMMARY[3])])
    handling = wb.create_sheet("提案办理情况表")
    start_sheet(handling, f"{unit} {name} 提案办理情况表", HANDLING)
    for r in rows:
        if r["review_result"] != "立案":
            continue
        grade = f"{r['reply_grade']} {congress.GRADES[r['reply_grade']]}" if r["reply_grade"] else ""
        values = [r["number"], r["title"], r["proposer_name"], r["lead_department"], r["co_departments"],
                  r["assigned_on"], r["due_on"], r["reply_on"], grade, r["verdict"], r["stage"],
                  "是" if r["finished"] else "否", "是" if r["overdue"] else "否"]
        handling.append([value_cell(handling, v, col) for v, col in zip(values, HANDLING)])
    accepted = [r for r in rows if r["review_result"] == "立案"]
    handling.append([value_cell(handling, "合计", HANDLING[0]),
                     value_cell(handling, f"立案 {len(accepted)} 件，办结 {sum(r['finished'] for r in accepted)} 件，"
                                          f"超期 {sum(r['overdue'] for r in accepted)} 件", HANDLING[1])])
    with atomic_target(path) as partial:
        wb.save(partial)
    return len(rows)


def _match_people(names_text, id_text, field: str) -> list[int]:
    names = [n for n in re.split(r"[、,，;；\s]+", clean_text(names_text)) if n]
    found = []
    for name in names:
        query = Person.select(Person.id).where(Person.name == name)
        if id_text and len(names) == 1:
            query = query.where(Person.id_number == normalise_id(id_text))
        ids = [p.id for p in query]
        if not ids:
            raise ValidationError(field, f"名册中没有“{name}”")
        if len(ids) > 1:
            raise ValidationError(field, f"名册中有 {len(ids)} 个“{name}”，请加一列“提案人证件号码”区分")
        found.append(ids[0])
    return found


def _stage(values: dict) -> str:
    if values["verdict"] in ("满意", "基本满意"):
        return congress.JUDGED
    if values["verdict"] == "不满意" or (values["lead_department"] and not values["reply_on"]):
        return congress.ASSIGNED
    if values["reply_on"]:
        return congress.REPLIED
    return {"立案": congress.ACCEPTED, "不立案": congress.REJECTED, "转为意见建议": congress.ADVICE,
            "并案": congress.MERGED}.get(values["review_result"], congress.COLLECTED)


def read_ledger(path: Path | str) -> LedgerPlan:
    data = read_sheet(path, ALIASES, required=("number", "title", "proposer"))
    plan = LedgerPlan.of(path, data)
    labels = {"编号": "number", "会议": "congress", "类别": "category", "案由": "title", "提案人": "proposer",
              "附议人": "seconders", "提交日期": "submitted_on", "审查结果": "review_result",
              "答复日期": "reply_on", "答复等级": "reply_grade", "提案人意见": "verdict",
              "承办部门": "departments"}
    existing = {m.number: m for m in Motion.select()}
    seen: dict[str, int] = {}
    for row_no, cells in data.rows:
        cells = list(cells) + [None] * (len(data.header) - len(cells))
        raw = {key: cells[col] for key, col in data.columns.items()}
        try:
            values = _check(raw)
            check_lengths(Motion, values, lambda key: data.title(_COLUMN_OF.get(key, key), _TITLES.get(key, key)))
        except ValidationError as exc:
            key = labels.get(exc.field)
            plan.rejections.append(Rejection(row_no, data.title(key, exc.field) if key else exc.field,
                                             exc.reason, cells))
            continue
        if values["number"] in seen:
            plan.rejections.append(Rejection(row_no, data.title("number"),
                                             f"编号与第 {seen[values['number']]} 行重复", cells))
            continue
        seen[values["number"]] = row_no
        current = existing.get(values["number"])
        if current is None:
            plan.new.append(values)
            continue
        compared = ("category", "title", "review_result", "lead_department", "co_departments", "reply_grade",
                    "verdict", "stage") + (("reply_text",) if "reply_text" in data.columns else ())
        # a ledger without a 答复内容 column (older exports, other offices) leaves the recorded reply as it is
        before = {k: getattr(current, k) for k in compared}
        changed = {k for k in compared if before[k] != values[k]}
        if current.stage == congress.ARCHIVED:
            changed.discard("stage")  # the ledger has no archive column: archiving is kept
        if changed:
            plan.updates.append((current.id, {k: values[k] for k in changed}, {k: before[k] for k in changed}))
        else:
            plan.unchanged += 1
    _note_new_people(plan)
    return plan


def _check(raw: dict) -> dict:
    number = clean_text(raw.get("number"))
    if not number:
        raise ValidationError("编号", "必须填写")
    title = clean_text(raw.get("title"))
    if not title:
        raise ValidationError("案由", "必须填写")
    category = clean_text(raw.get("category")) or "其他"
    if category not in congress.CATEGORIES:
        raise ValidationError("类别", f"应为 {'、'.join(congress.CATEGORIES)} 之一")
    parsed = congress.parse_congress_name(raw.get("congress") or "")
    if parsed is None:
        raise ValidationError("会议", f"无法识别会议“{clean_text(raw.get('congress'))}”（如 第十届第二次职工代表大会）")
    proposer = _match_people(raw.get("proposer"), raw.get("proposer_id"), "提案人")
    if len(proposer) != 1:
        raise ValidationError("提案人", "应为一人")
    seconders = [p for p in _match_people(raw.get("seconders"), None, "附议人") if p != proposer[0]]
    submitted = parse_date(raw.get("submitted_on"), "提交日期")
    if submitted is None:
        raise ValidationError("提交日期", "必须填写")
    result = clean_text(raw.get("review_result")).replace("（大会议案）", "").replace("(大会议案)", "")
    if result not in ("",) + congress.REVIEW_RESULTS + ("并案",):
        raise ValidationError("审查结果", f"应为 {'、'.join(congress.REVIEW_RESULTS)} 之一")
    departments = clean_text(raw.get("departments"))
    lead, _, co = departments.partition(CO)
    reply_on = parse_date(raw.get("reply_on"), "答复日期")
    grade = clean_text(raw.get("reply_grade")).upper()[:1]
    if grade and grade not in congress.GRADES:
        raise ValidationError("答复等级", "应为 A、B 或 C")
    verdict = clean_text(raw.get("verdict"))
    if verdict and verdict not in congress.VERDICTS:
        raise ValidationError("提案人意见", f"应为 {'、'.join(congress.VERDICTS)} 之一")
    values = {"number": number, "year": submitted.year, "congress_key": parsed, "category": category,
              "title": title, "reason": clean_multiline(raw.get("reason")),
              "proposal": clean_multiline(raw.get("proposal")), "proposer": proposer[0], "seconders": seconders,
              "submitted_on": submitted, "review_result": result,
              "review_reason": clean_multiline(raw.get("review_reason")), "lead_department": lead,
              "co_departments": co, "reply_on": reply_on, "reply_grade": grade,
              "reply_text": clean_multiline(raw.get("reply_text")), "verdict": verdict,
              "promoted": "大会议案" in clean_text(raw.get("review_result"))}
    values["stage"] = _stage(values)
    return values


def _note_new_people(plan: LedgerPlan) -> None:
    terms: dict[int, set[int]] = {}
    for values in plan.new:
        term = values["congress_key"][0]
        known = terms.setdefault(term, {r.person_id for r in Representative.select().where(Representative.term == term)})
        for person_id in [values["proposer"]] + values["seconders"]:
            if person_id not in known:
                known.add(person_id)
                plan.notes.append(f"{Person.get_by_id(person_id).name} 将登记为第{congress.chinese_number(term)}届职工代表")
    made = {key for v in plan.new for key in [v["congress_key"]]
            if not Congress.select().where((Congress.term == key[0]) & (Congress.session == key[1])).exists()}
    for term, session, kind in sorted(made):
        plan.notes.append(f"将新建会议：第{congress.chinese_number(term)}届第{congress.chinese_number(session)}次{kind}")


def apply(plan: LedgerPlan, *, db_path: Path | None = None, progress: Callable | None = None) -> dict:
    if (plan.new or plan.updates):
        backup_before(db_path, "before-import")
    with database.atomic():
        for values in plan.new:
            term, session, kind = values["congress_key"]
            c, _ = Congress.get_or_create(term=term, session=session, defaults={"kind": kind})
            people = [values["proposer"]] + values["seconders"]
            known = {r.person_id for r in Representative.select().where(Representative.term == term)}
            for person_id in people:
                if person_id not in known:
                    Representative.create(term=term, person=person_id)
                    known.add(person_id)
            row = {k: v for k, v in values.items() if k not in ("congress_key", "seconders")}
            motion = Motion.create(congress=c, reviewed_on=values["submitted_on"] if values["review_result"] else None,
                                   reopened=1 if values["verdict"] == "不满意" else 0, **row)
            for person_id in values["seconders"]:
                MotionSeconder.get_or_create(motion=motion, person=person_id)
            MotionEvent.create(motion=motion, on=values["submitted_on"], action="导入",
                               detail=f"从台账导入，状态：{values['stage']}", recorded_by=audit._actor())
            audit.record("import", "motion", motion.id, None, {"number": values["number"]})
        for motion_id, values, before in plan.updates:
            Motion.update(**values).where(Motion.id == motion_id).execute()
            audit.record("update", "motion", motion_id, before, values)
    summary = plan.summary()
    log.info("motions import: %d new, %d updated, %d unchanged, %d rejected", summary["imported"],
             summary["updated"], summary["unchanged"], summary["rejected"])
    return summary



