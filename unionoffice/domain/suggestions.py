"""合理化建议 (domain.md §15): a suggestion from a worker on the roster, 评审 (采纳 / 不采纳 / 待评审),
实施 when adopted, the 经济效益 it created and the 奖励 paid for it. The reward is paid from union
funds: ``paid_rewards`` lists each payment (date, amount, a link back) for the 经费 books, where it is
业务支出 / 专项业务费 (§14)."""

from __future__ import annotations

import datetime as dt

from peewee import JOIN, fn

from unionoffice.db.models import Department, Person, Suggestion, database
from unionoffice.domain import audit, concurrency, members
from unionoffice.domain.requests import numbered
from unionoffice.domain.money import to_fen
from unionoffice.domain.validation import ValidationError, check_length, clean_multiline, clean_text, parse_date

RESULTS = ("待评审", "采纳", "不采纳")
FIELD_LABELS = {"number": "编号", "submitted_on": "提交日期", "person": "建议人", "title": "题目",
                "content": "内容", "result": "评审结果", "reviewed_on": "评审日期", "implemented_on": "实施日期",
                "benefit_fen": "创造经济效益（元）", "reward_fen": "奖励金额（元）", "reward_paid_on": "奖励发放日期"}
# where the 经费 books put a reward (§14: 业务支出 / 专项业务费, 合理化建议)
FUNDS_CATEGORY, FUNDS_ITEM = "业务支出", "专项业务费"


def next_number(year: int | None = None) -> str:
    """建议编号: JY + year + a three-digit sequence (JY2026-001)."""
    return numbered(Suggestion.number, "JY", year)


def _amount(values: dict, key: str) -> int:
    value = values.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else to_fen(value, FIELD_LABELS[key])


def validate(values: dict, today: dt.date | None = None, *, history: bool = False) -> dict:
    """The rules of a suggestion: 编号, 提交日期, 建议人 (on the roster), 题目 filled; 评审结果 from its
    list; 实施 and 奖励 only for an adopted one; amounts exact to the fen (a blank one is 0)."""
    number = clean_text(values.get("number"))
    if not number:
        raise ValidationError("编号", "必须填写")
    submitted = parse_date(values.get("submitted_on"), "提交日期", today=today)
    if submitted is None:
        raise ValidationError("提交日期", "必须填写")
    person = values.get("person")
    if not person or Person.get_or_none(Person.id == person) is None:
        raise ValidationError("建议人", "请从名册中选择建议人")
    title = clean_text(values.get("title"))
    if not title:
        raise ValidationError("题目", "必须填写")
    result = clean_text(values.get("result")) or RESULTS[0]
    if result not in RESULTS:
        raise ValidationError("评审结果", f"应为 {'、'.join(RESULTS)} 之一")
    reviewed = parse_date(values.get("reviewed_on"), "评审日期", today=today)
    implemented = parse_date(values.get("implemented_on"), "实施日期", today=today)
    benefit, reward = _amount(values, "benefit_fen"), _amount(values, "reward_fen")
    paid = parse_date(values.get("reward_paid_on"), "奖励发放日期", today=today)
    if result != "采纳" and not history:  # an imported past is taken as recorded
        for label, value in (("实施日期", implemented), ("创造经济效益（元）", benefit), ("奖励发放日期", paid)):
            if value:
                raise ValidationError(label, f"评审结果为“{result}”的建议不能填写{label.split('（')[0]}")
    for label, day in (("评审日期", reviewed), ("实施日期", implemented), ("奖励发放日期", paid)):
        if day is not None and day < submitted:
            raise ValidationError(label, "早于提交日期")
    if paid is not None and not reward and not history:
        raise ValidationError("奖励金额（元）", "填写了奖励发放日期，须填写奖励金额")
    return {"number": check_length(number, "编号", 30), "submitted_on": submitted, "person": int(person),
            "title": check_length(title, "题目", 200), "content": clean_multiline(values.get("content")),
            "result": result, "reviewed_on": reviewed if result != "待评审" else None,
            "implemented_on": implemented, "benefit_fen": benefit, "reward_fen": reward, "reward_paid_on": paid}


def _unique(number: str, exclude: int | None = None) -> None:
    query = Suggestion.select().where(Suggestion.number == number)
    if exclude:
        query = query.where(Suggestion.id != exclude)
    if query.exists():
        raise ValidationError("编号", f"编号“{number}”已被另一条建议使用")


def create(values: dict) -> Suggestion:
    clean = validate(values)
    with database.atomic():
        _unique(clean["number"])
        suggestion = Suggestion.create(**clean)
        audit.record("create", "suggestion", suggestion.id, None, {"number": clean["number"]})
    return suggestion


def _current(row: Suggestion) -> dict:
    return {k: getattr(row, k if k != "person" else "person_id") for k in FIELD_LABELS}


def update(suggestion_id: int, values: dict, base: concurrency.Base | None = None) -> Suggestion:
    clean = validate(values)
    with database.atomic():
        row = concurrency.lock_row(Suggestion, suggestion_id)
        _unique(clean["number"], suggestion_id)
        current = _current(row)
        changes = concurrency.changes_to_write("建议", row, current, clean, base, FIELD_LABELS)
        if changes:
            Suggestion.update(**changes).where(Suggestion.id == suggestion_id).execute()
            audit.record("update", "suggestion", suggestion_id, {k: current[k] for k in changes}, changes)
    return get(suggestion_id)


def get(suggestion_id: int) -> Suggestion:
    return Suggestion.get_by_id(suggestion_id)


def delete(suggestion_id: int) -> None:
    if get(suggestion_id).reward_paid_on:
        raise ValidationError("合理化建议", "奖励已发放（已计入工会经费支出）的建议不能删除")
    with database.atomic():
        Suggestion.delete().where(Suggestion.id == suggestion_id).execute()
        audit.record("delete", "suggestion", suggestion_id, None, None)


def _step(suggestion_id: int, **changes) -> Suggestion:
    return update(suggestion_id, _current(get(suggestion_id)) | changes)


def review(suggestion_id: int, result: str, on) -> Suggestion:
    """评审: 采纳 or 不采纳 on a day."""
    if result not in RESULTS[1:]:
        raise ValidationError("评审结果", "应为 采纳 或 不采纳")
    if parse_date(on, "评审日期") is None:
        raise ValidationError("评审日期", "必须填写")
    return _step(suggestion_id, result=result, reviewed_on=on)


def implement(suggestion_id: int, on, benefit="") -> Suggestion:
    """实施 of an adopted suggestion, with the 经济效益 it created (元)."""
    if get(suggestion_id).result != "采纳":
        raise ValidationError("实施", "只有采纳的建议可以登记实施")
    changes = {"implemented_on": on}
    if clean_text(benefit):
        changes["benefit_fen"] = to_fen(benefit, "创造经济效益（元）")
    return _step(suggestion_id, **changes)


def pay_reward(suggestion_id: int, amount, on) -> Suggestion:
    """奖励 paid on a day from union funds."""
    if get(suggestion_id).result != "采纳":
        raise ValidationError("奖励", "只有采纳的建议可以发放奖励")
    fen = to_fen(amount, "奖励金额（元）")
    if fen <= 0:
        raise ValidationError("奖励金额（元）", "应大于 0")
    return _step(suggestion_id, reward_fen=fen, reward_paid_on=on)


def _rows(query) -> list[dict]:
    return list(query.dicts())


def _query():
    return (Suggestion.select(Suggestion, Person.name.alias("proposer"), Person.id_number.alias("id_number"),
                              Department.name.alias("department"))
            .join(Person).join(Department, JOIN.LEFT_OUTER).order_by(Suggestion.submitted_on, Suggestion.id))


def search(text: str = "", result: str = "", year: int | None = None, department: str = "") -> list[dict]:
    query = _query()
    if year:
        query = query.where(Suggestion.submitted_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
    if result:
        query = query.where(Suggestion.result == result)
    if department:
        query = query.where(Department.name == department)
    if text:
        like = f"%{text}%"
        query = query.where(Suggestion.number.contains(text) | (Suggestion.title ** like) | (Person.name ** like))
    return _rows(query)


def by_department(year: int) -> list[dict]:
    """The year's list by department: 件数, 采纳, 经济效益, 奖励 per department, with a 合计 line."""
    groups: dict[str, dict] = {}
    for r in search(year=year):
        g = groups.setdefault(r["department"] or "（未分部门）",
                              {"department": r["department"] or "（未分部门）", "count": 0, "adopted": 0,
                               "benefit_fen": 0, "reward_fen": 0})
        g["count"] += 1
        g["adopted"] += r["result"] == "采纳"
        g["benefit_fen"] += r["benefit_fen"] if r["result"] == "采纳" else 0
        g["reward_fen"] += r["reward_fen"]
    rows = [groups[k] for k in sorted(groups)]
    total = {"department": "合计", **{k: sum(g[k] for g in rows) for k in ("count", "adopted", "benefit_fen", "reward_fen")}}
    return rows + [total]


def departments() -> list[str]:
    return [name for _, name in members.departments()]


def period_counts(start: dt.date, end: dt.date) -> tuple[int, int, int]:
    """(合理化建议件数, 合理化建议采纳件数, 创造经济效益 in 分): submitted in the period; of those the
    adopted ones, and the sum of their benefit."""
    submitted = Suggestion.select().where(Suggestion.submitted_on.between(start, end))
    adopted = submitted.where(Suggestion.result == "采纳")
    benefit = (Suggestion.select(fn.COALESCE(fn.SUM(Suggestion.benefit_fen), 0))
               .where(Suggestion.submitted_on.between(start, end) & (Suggestion.result == "采纳")).scalar())
    return submitted.count(), adopted.count(), int(benefit or 0)


def paid_rewards(start: dt.date | None = None, end: dt.date | None = None) -> list[dict]:
    """Rewards paid from union funds, for the 经费 books as linked spending entered once (§14): each
    with its date, amount (分), the category and sub-item it is spent under, a 摘要, and the link
    back to its suggestion (``source``, ``source_id``) where it is edited."""
    query = _query().where(Suggestion.reward_paid_on.is_null(False) & (Suggestion.reward_fen > 0))
    if start:
        query = query.where(Suggestion.reward_paid_on >= start)
    if end:
        query = query.where(Suggestion.reward_paid_on <= end)
    return [{"on": r["reward_paid_on"], "amount_fen": r["reward_fen"], "category": FUNDS_CATEGORY,
             "item": FUNDS_ITEM, "summary": f"合理化建议奖励：{r['number']} {r['title']}（{r['proposer']}）",
             "source": "suggestion", "source_id": r["id"]}
            for r in sorted(_rows(query), key=lambda r: (r["reward_paid_on"], r["id"]))]
