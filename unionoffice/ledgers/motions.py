"""提案汇总表 and 提案办理情况表 of a congress session; and motions ledgers in (the 汇总表's own
columns, so an export re-imports unchanged). People are matched to the roster by name (and
证件号码 where a column gives it)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from unionoffice.db.models import Congress, Motion, MotionEvent, MotionSeconder, Person, Representative
from unionoffice.domain import audit, congress
from unionoffice.domain.validation import ValidationError, clean_multiline, clean_text, normalise_id, parse_date
from unionoffice.excel.writing import Column, new_workbook
from unionoffice.ledgers.engine import UNCHANGED, Field, Ledger, OptionError, Sheet, save, unit_name

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
CO = "；协办："
_COLUMN_OF = {"lead_department": "departments", "co_departments": "departments"}


def _departments(m: dict) -> str:
    return m["lead_department"] + (f"{CO}{m['co_departments']}" if m["co_departments"] else "")


def export_session(path: Path | str, congress_id: int, progress: Callable | None = None) -> int:
    c = Congress.get_by_id(congress_id)
    name = congress.congress_name(c)
    rows = sorted(congress.search(congress.MotionFilter(congress_id=congress_id)), key=lambda r: r["number"])
    unit = unit_name()
    wb = new_workbook()
    sheet = Sheet(wb, "提案汇总表", f"{unit} {name} 提案汇总表", SUMMARY)
    seconders_of = _seconders(congress_id)
    for r in rows:
        seconders = "、".join(seconders_of.get(r["id"], ()))
        result = r["review_result"] + ("（大会议案）" if r["promoted"] else "")
        sheet.row([r["number"], name, r["category"], r["title"], r["reason"], r["proposal"], r["proposer_name"],
                   seconders, r["submitted_on"], result, r["review_reason"], _departments(r), r["reply_on"],
                   r["reply_grade"], r["reply_text"], r["verdict"]])
    sheet.total({0: "合计", 3: f"{len(rows)} 件"})
    handling = Sheet(wb, "提案办理情况表", f"{unit} {name} 提案办理情况表", HANDLING)
    for r in rows:
        if r["review_result"] != "立案":
            continue
        grade = f"{r['reply_grade']} {congress.GRADES[r['reply_grade']]}" if r["reply_grade"] else ""
        handling.row([r["number"], r["title"], r["proposer_name"], r["lead_department"], r["co_departments"],
                      r["assigned_on"], r["due_on"], r["reply_on"], grade, r["verdict"], r["stage"],
                      "是" if r["finished"] else "否", "是" if r["overdue"] else "否"])
    accepted = [r for r in rows if r["review_result"] == "立案"]
    handling.total({0: "合计", 1: f"立案 {len(accepted)} 件，办结 {sum(r['finished'] for r in accepted)} 件，"
                                 f"超期 {sum(r['overdue'] for r in accepted)} 件"})
    save(wb, path)
    return len(rows)


def _seconders(congress_id: int) -> dict[int, list[str]]:
    """Each motion of the session → its seconders' names in the order they were recorded (as
    ``congress.seconders`` gives one motion's): one query for the whole session."""
    found: dict[int, list[str]] = {}
    query = (MotionSeconder.select(MotionSeconder.motion, Person.name).join(Person)
             .where(MotionSeconder.motion.in_(Motion.select(Motion.id).where(Motion.congress == congress_id)))
             .order_by(MotionSeconder.id))
    for motion_id, name in query.tuples():
        found.setdefault(motion_id, []).append(name)
    return found


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



def _note_new_people(plan) -> None:
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



_ERRORS = {"编号": "number", "会议": "congress", "类别": "category", "案由": "title", "提案人": "proposer",
           "附议人": "seconders", "提交日期": "submitted_on", "审查结果": "review_result",
           "答复日期": "reply_on", "答复等级": "reply_grade", "提案人意见": "verdict", "承办部门": "departments"}


class MotionLedger(Ledger):
    kind = "motions"
    table = "motion"
    title = "提案汇总表"
    unit = "件"
    model = Motion
    fields = (
        Field("number", "编号", ("提案编号",), required=True),
        Field("congress", "会议", ("会次",), "code"),
        Field("category", "类别", (), "code"),
        Field("title", "案由", ("提案名称",), required=True),
        Field("reason", "理由", ("理由/依据",)),
        Field("proposal", "建议", ("办法/建议",)),
        Field("proposer", "提案人", (), "person", required=True),
        Field("proposer_id", "提案人证件号码", (), "person"),
        Field("seconders", "附议人", (), "person"),
        Field("submitted_on", "提交日期", (), "date"),
        Field("review_result", "审查结果", (), "code"),
        Field("review_reason", "审查意见"),
        Field("departments", "承办部门"),
        Field("reply_on", "答复日期", (), "date"),
        Field("reply_grade", "答复等级", (), "code"),
        Field("reply_text", "答复内容", ("答复意见",)),
        Field("verdict", "提案人意见", (), "code"),
    )
    same_row = "编号与第 {row} 行重复"
    same_column = "number"
    figures = ("提案数", "立案数", "提案办结数")
    errors = _ERRORS

    def length_title(self, data, key: str) -> str:
        return data.title(_COLUMN_OF.get(key, key), self.label(key))

    def begin(self, data, **_options) -> None:
        self.existing = {m.number: m for m in Motion.select()}

    def check(self, raw: dict) -> dict:
        return _check(raw)

    def key(self, values: dict):
        return values["number"]

    def match(self, values: dict, raw: dict, data):
        current = self.existing.get(values["number"])
        if current is None:
            return None
        compared = ("category", "title", "review_result", "lead_department", "co_departments", "reply_grade",
                    "verdict", "stage") + (("reply_text",) if "reply_text" in data.columns else ())
        # a ledger without a 答复内容 column (older exports, other offices) leaves the recorded reply as it is
        before = {k: getattr(current, k) for k in compared}
        changed = {k for k in compared if before[k] != values[k]}
        if current.stage == congress.ARCHIVED:
            changed.discard("stage")  # the ledger has no archive column: archiving is kept
        if not changed:
            return UNCHANGED
        return (current.id, {k: values[k] for k in changed}, {k: before[k] for k in changed})

    def finish(self, plan) -> None:
        _note_new_people(plan)

    def write(self, plan) -> list[int]:
        ids = []
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
            ids.append(motion.id)
        for motion_id, values, _before in plan.updates:
            Motion.update(**values).where(Motion.id == motion_id).execute()
        return ids

    def exported(self, path, args) -> str:
        found = congress.congress_by_name(args.session or "")
        if found is None:
            names = "、".join(congress.congress_name(c) for c in congress.congresses()) or "（无）"
            raise OptionError(f"找不到会议“{args.session or ''}”。已登记的会议：{names}", 2 if not args.session else 1)
        return f"已导出 {export_session(path, found.id)} 件提案 → {path}"


LEDGER = MotionLedger()
read_ledger = LEDGER.read
apply = LEDGER.apply
