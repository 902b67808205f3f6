"""集体合同 and 集体协商 (domain.md §15): the four types of contract, each through its process —
要约 (the other side answers within 20 days) → 协商会议 (both sides' 首席代表 and members, a 协商记录)
→ 草案 → 职代会（职工大会）审议 (passed by more than half of ALL representatives) → 签字 → 报送 the
labour department within 10 days → in force after 15 days without objection → 公示 (a 厂务公开
notice made from it). A contract is **in force on a date** when 起始日期 ≤ date ≤ 终止日期;
renewal is due 3 months before its end."""

from __future__ import annotations

import datetime as dt
import html

from peewee import fn

from unionoffice.db.models import Congress, Contract, ContractAttachment, ContractMeeting, Person, Representative, database
from unionoffice.domain import audit, concurrency, members, notices
from unionoffice.domain.mediation import whole_number
from unionoffice.domain.validation import ValidationError, check_length, clean_multiline, clean_text, parse_date
from unionoffice.domain.wording import chinese_date

KINDS = ("综合性集体合同", "工资专项集体合同", "女职工权益保护专项集体合同", "劳动安全卫生专项集体合同")
GENERAL, WAGES, WOMEN, SAFETY = KINDS
PROPOSERS = ("工会", "企业")
ANSWER_DAYS = 20  # the other side answers a 要约 within 20 days
FILING_DAYS = 10  # 报送 within 10 days of signing
REVIEW_DAYS = 15  # in force after 15 days without objection
RENEWAL_MONTHS = 3  # the next 要约 is due 3 months before the end
NOTICE_CATEGORY = "集体合同和劳动规章制度"

# stages, in order (the last one reached names where a contract is)
PROPOSED, NEGOTIATING, DRAFTED, VOTED, SIGNED, FILED, EFFECTIVE, PUBLICISED = (
    "要约", "协商", "草案", "职代会通过", "已签字", "已报送", "已生效", "已公示")
STAGES = (PROPOSED, NEGOTIATING, DRAFTED, VOTED, SIGNED, FILED, EFFECTIVE, PUBLICISED)
STANDINGS = ("未生效", "有效期内", "已到期")

FIELD_LABELS = {"name": "合同名称", "kind": "类型", "proposer": "要约方", "proposal": "要约内容",
                "covered": "覆盖职工人数", "wage_increase": "工资增长幅度", "text": "合同文本", "note": "备注"}


def add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=min(day.day, last))
        except ValueError:
            continue
    raise AssertionError(day)


# --- what a contract is on a day --------------------------------------------------------------
def in_force(contract: Contract | dict, on: dt.date) -> bool:
    """起始日期 ≤ on ≤ 终止日期 (§15)."""
    starts, ends = _get(contract, "starts_on"), _get(contract, "ends_on")
    return bool(starts and ends and starts <= on <= ends)


def in_force_sql(on: dt.date):
    """``in_force`` as an SQL condition."""
    return (Contract.starts_on.is_null(False) & Contract.ends_on.is_null(False)
            & (Contract.starts_on <= on) & (Contract.ends_on >= on))


def _get(record, key: str):
    return record[key] if isinstance(record, dict) else getattr(record, key)


def effective_on(contract: Contract | dict) -> dt.date | None:
    """The day the contract takes effect: 15 days after 报送 without objection."""
    filed = _get(contract, "filed_on")
    return filed + dt.timedelta(days=REVIEW_DAYS) if filed else None


def stage(contract: Contract | dict, on: dt.date | None = None) -> str:
    on = on or dt.date.today()
    publicised = _get(contract, "publicised_on")
    if publicised and publicised <= on:  # a 公示 may be set for a later day
        return PUBLICISED
    effective = effective_on(contract)
    if effective and effective <= on:
        return EFFECTIVE
    for key, name in (("filed_on", FILED), ("signed_on", SIGNED), ("voted_on", VOTED), ("draft_on", DRAFTED),
                      ("answered_on", NEGOTIATING)):
        if _get(contract, key):
            return name
    return PROPOSED


def standing(contract: Contract | dict, on: dt.date | None = None) -> str:
    on = on or dt.date.today()
    ends = _get(contract, "ends_on")
    if ends and ends < on:
        return "已到期"
    return "有效期内" if in_force(contract, on) else "未生效"


def answer_due(contract) -> dt.date | None:
    proposed = _get(contract, "proposed_on")
    return proposed + dt.timedelta(days=ANSWER_DAYS) if proposed else None


def filing_due(contract) -> dt.date | None:
    signed = _get(contract, "signed_on")
    return signed + dt.timedelta(days=FILING_DAYS) if signed else None


# --- checking and saving ----------------------------------------------------------------------
def validate(values: dict) -> dict:
    name = clean_text(values.get("name"))
    if not name:
        raise ValidationError("合同名称", "必须填写")
    kind = clean_text(values.get("kind"))
    if kind not in KINDS:
        raise ValidationError("类型", f"应为 {'、'.join(KINDS)} 之一")
    proposer = clean_text(values.get("proposer")) or PROPOSERS[0]
    if proposer not in PROPOSERS:
        raise ValidationError("要约方", f"应为 {'、'.join(PROPOSERS)} 之一")
    increase = clean_text(values.get("wage_increase"))
    return {"name": check_length(name, "合同名称", 200), "kind": kind, "proposer": proposer,
            "proposal": clean_multiline(values.get("proposal")),
            "covered": whole_number(values.get("covered"), "覆盖职工人数"),
            "wage_increase": check_length(increase, "工资增长幅度", 50),
            "text": clean_multiline(values.get("text")), "note": clean_multiline(values.get("note"))}


def create(values: dict, proposed_on=None) -> Contract:
    """A new contract starts with its 要约 (today unless given)."""
    clean = validate(values)
    day = parse_date(proposed_on or values.get("proposed_on") or dt.date.today(), "要约日期")
    with database.atomic():
        contract = Contract.create(**clean, proposed_on=day)
        audit.record("create", "contract", contract.id, None, {"name": clean["name"], "kind": clean["kind"],
                                                               "proposed_on": day})
    return contract


def update(contract_id: int, values: dict, base: concurrency.Base | None = None) -> Contract:
    clean = validate(values)
    with database.atomic():
        contract = concurrency.lock_row(Contract, contract_id)
        before = {k: getattr(contract, k) for k in clean}
        changed = concurrency.changes_to_write("集体合同", contract, before, clean, base, FIELD_LABELS)
        if changed:
            Contract.update(**changed).where(Contract.id == contract_id).execute()
            audit.record("update", "contract", contract_id, {k: before[k] for k in changed if k != "text"},
                         {k: v for k, v in changed.items() if k != "text"})
    return Contract.get_by_id(contract_id)


def get(contract_id: int) -> Contract:
    return Contract.get_by_id(contract_id)


def delete(contract_id: int) -> None:
    contract = Contract.get_by_id(contract_id)
    if contract.signed_on:
        raise ValidationError("删除", "已签字的集体合同不能删除")
    with database.atomic():
        contract.delete_instance(recursive=True)
        audit.record("delete", "contract", contract_id, {"name": contract.name}, None)


def _day(on, field: str, after: dt.date | None, what: str, *, future: bool = False) -> dt.date:
    day = parse_date(on, field, allow_future=future) if on else dt.date.today()
    if after and day < after:
        raise ValidationError(field, f"早于{what}（{after:%Y-%m-%d}）")
    return day


def _step(contract_id: int, action: str, **values) -> Contract:
    with database.atomic():
        Contract.update(**values).where(Contract.id == contract_id).execute()
        audit.record(action, "contract", contract_id, None, values)
    return Contract.get_by_id(contract_id)


def _need(contract: Contract, key: str, what: str, action: str) -> None:
    if not getattr(contract, key):
        raise ValidationError(action, f"须先{what}")


def _not_again(contract: Contract, key: str, action: str) -> None:
    if getattr(contract, key):
        raise ValidationError(action, f"已经{action}（{getattr(contract, key):%Y-%m-%d}）")


def answer(contract_id: int, on=None) -> Contract:
    """对方回应要约 (due within 20 days; a late answer is recorded as it came)."""
    c = get(contract_id)
    _not_again(c, "answered_on", "回应")
    return _step(contract_id, "answer", answered_on=_day(on, "回应日期", c.proposed_on, "要约日期"))


def meetings(contract_id: int) -> list[ContractMeeting]:
    return list(ContractMeeting.select().where(ContractMeeting.contract == contract_id)
                .order_by(ContractMeeting.held_on, ContractMeeting.id))


def save_meeting(contract_id: int, values: dict, meeting_id: int | None = None) -> ContractMeeting:
    """A 协商会议: its date, both sides' 首席代表 (required) and members, and its 协商记录."""
    c = get(contract_id)
    if not c.answered_on:
        raise ValidationError("协商会议", "对方回应要约后才能协商")
    if c.signed_on:
        raise ValidationError("协商会议", "合同已签字，不能再登记协商会议")
    held = _day(values.get("held_on"), "会议日期", c.answered_on, "回应日期", future=True)
    clean = {"held_on": held, "place": check_length(clean_text(values.get("place")), "地点", 200)}
    for key, label, limit in (("union_chief", "职工方首席代表", 50), ("employer_chief", "企业方首席代表", 50),
                              ("union_members", "职工方协商代表", 500), ("employer_members", "企业方协商代表", 500)):
        clean[key] = check_length(clean_text(values.get(key)), label, limit)
        if key.endswith("chief") and not clean[key]:
            raise ValidationError(label, "必须填写")
    clean["record"] = clean_multiline(values.get("record"))
    with database.atomic():
        if meeting_id is None:
            meeting = ContractMeeting.create(contract=contract_id, **clean)
        else:
            ContractMeeting.update(**clean).where(ContractMeeting.id == meeting_id).execute()
            meeting = ContractMeeting.get_by_id(meeting_id)
        audit.record("meeting", "contract", contract_id, None, {"held_on": held, "union_chief": clean["union_chief"],
                                                                "employer_chief": clean["employer_chief"]})
    return meeting


def get_meeting(meeting_id: int) -> ContractMeeting:
    return ContractMeeting.get_by_id(meeting_id)


def draft(contract_id: int, on=None) -> Contract:
    c = get(contract_id)
    _not_again(c, "draft_on", "形成草案")
    held = meetings(contract_id)
    if not held:
        raise ValidationError("草案", "须先登记至少一次协商会议")
    return _step(contract_id, "draft", draft_on=_day(on, "草案日期", held[-1].held_on, "最后一次协商会议"))


def entitled(congress: Congress, on: dt.date) -> int:
    """All who vote at the congress on a day: the term's representatives still employed then; at a
    职工大会 (under 100 employees), every employee."""
    if congress.kind == "职工大会":
        return Person.select().where(members.employees_on(on)).count()
    return (Representative.select().join(Person)
            .where((Representative.term == congress.term) & members.employees_on(on)).count())


def vote(contract_id: int, congress_id: int, votes_for, on=None) -> Contract:
    """职代会（职工大会）审议: passed only by more than half of ALL representatives (not of those
    present); a vote at or under half is refused and nothing is written."""
    c = get(contract_id)
    _not_again(c, "voted_on", "审议通过")
    _need(c, "draft_on", "形成草案", "审议")
    congress = Congress.get_or_none(Congress.id == congress_id)
    if congress is None:
        raise ValidationError("职代会", "请选择审议草案的职工（代表）大会")
    day = _day(on, "审议日期", c.draft_on, "草案日期")
    votes = whole_number(votes_for, "赞成票数")
    total = entitled(congress, day)
    if not total:
        raise ValidationError("职代会", "该届职工代表名单为空，无法计算全体代表的半数")
    if votes > total:
        raise ValidationError("赞成票数", f"{votes} 票多于全体代表 {total} 人")
    if votes * 2 <= total:
        raise ValidationError("赞成票数", f"赞成 {votes} 票，未超过全体代表 {total} 人的半数，草案未获通过")
    return _step(contract_id, "vote", congress=congress.id, voted_on=day, votes_for=votes, votes_entitled=total)


def sign(contract_id: int, on, starts_on, ends_on) -> Contract:
    """签字, with the contract's term (usually 1–3 years); a wage contract states its increase."""
    c = get(contract_id)
    _not_again(c, "signed_on", "签字")
    _need(c, "voted_on", "经职代会审议通过", "签字")
    day = _day(on, "签订日期", c.voted_on, "审议日期")
    starts = parse_date(starts_on, "起始日期", allow_future=True)
    ends = parse_date(ends_on, "终止日期", allow_future=True)
    check_term(starts, ends)
    if c.kind == WAGES and not c.wage_increase:
        raise ValidationError("工资增长幅度", "工资专项集体合同须写明约定的工资增长幅度")
    return _step(contract_id, "sign", signed_on=day, starts_on=starts, ends_on=ends)


def check_term(starts: dt.date | None, ends: dt.date | None) -> None:
    if starts is None:
        raise ValidationError("起始日期", "必须填写")
    if ends is None:
        raise ValidationError("终止日期", "必须填写")
    if ends < starts:
        raise ValidationError("终止日期", "早于起始日期")


def file(contract_id: int, on=None) -> Contract:
    """报送 the labour department (due within 10 days of signing)."""
    c = get(contract_id)
    _not_again(c, "filed_on", "报送")
    _need(c, "signed_on", "签字", "报送")
    return _step(contract_id, "file", filed_on=_day(on, "报送日期", c.signed_on, "签订日期"))


def publicise(contract_id: int, on=None) -> Contract:
    """公示 to all employees once in force: a 厂务公开 notice made from the contract, reviewed and on
    the board from that day."""
    c = get(contract_id)
    _not_again(c, "publicised_on", "公示")
    _need(c, "filed_on", "报送", "公示")
    day = _day(on, "公示日期", effective_on(c), "生效日期（报送后 15 日）", future=True)
    body = [f"《{c.name}》经{congress_label(c)}审议通过，于{chinese_date(c.signed_on)}签订，"
            f"{chinese_date(c.filed_on)}报送劳动行政部门，审查期满未提出异议，已经生效。",
            f"合同期限：{chinese_date(c.starts_on)}至{chinese_date(c.ends_on)}。"]
    if c.covered:
        body.append(f"覆盖职工 {c.covered} 人。")
    if c.wage_increase:
        body.append(f"约定工资增长幅度：{c.wage_increase}。")
    content = "".join(f"<p>{html.escape(line)}</p>" for line in body) + notices.rich_text(c.text)
    with database.atomic():
        notice = notices.create({"title": f"关于{c.name}的公示", "category": NOTICE_CATEGORY,
                                 "form": notices.FORMS[1], "content": content, "reviewer": audit._actor()})
        notices.review(notice.id, audit._actor(), min(day, dt.date.today()))
        notices.publish(notice.id, day)
        return _step(contract_id, "publicise", publicised_on=day, notice=notice.id)


def congress_label(c: Contract) -> str:
    from unionoffice.domain.congress import congress_name

    return congress_name(c.congress) if c.congress_id else "职工代表大会"


# --- attachments --------------------------------------------------------------------------------
def attach(contract_id: int, filename: str, data: bytes) -> ContractAttachment:
    if len(data) > notices.MAX_ATTACHMENT:
        raise ValidationError("附件", f"文件太大（上限 {notices.MAX_ATTACHMENT // 1024 // 1024} MB）")
    with database.atomic():
        item = ContractAttachment.create(contract=contract_id, filename=filename, data=data, size=len(data))
        audit.record("attach", "contract", contract_id, None, {"file": filename, "size": len(data)})
    return item


def attachments(contract_id: int) -> list[tuple[int, str, int]]:
    return [(a.id, a.filename, a.size) for a in ContractAttachment.select(
        ContractAttachment.id, ContractAttachment.filename, ContractAttachment.size)
        .where(ContractAttachment.contract == contract_id).order_by(ContractAttachment.id)]


def attachment_data(attachment_id: int) -> tuple[str, bytes]:
    item = ContractAttachment.get_by_id(attachment_id)
    return item.filename, bytes(item.data)


def remove_attachment(attachment_id: int) -> None:
    item = ContractAttachment.get_by_id(attachment_id)
    with database.atomic():
        item.delete_instance()
        audit.record("detach", "contract", item.contract_id, {"file": item.filename}, None)


# --- lists, warnings and counts -----------------------------------------------------------------
def search(text: str = "", kind: str = "", year: int | None = None, on: dt.date | None = None) -> list[dict]:
    """Rows for the list: a year shows the contracts in force some day of it, negotiated in it, or
    still being negotiated then (proposed by its end, not yet signed)."""
    on = on or dt.date.today()
    cond = True
    text = clean_text(text)
    if text:
        cond &= Contract.name.contains(text) | Contract.kind.contains(text)
    if kind:
        cond &= Contract.kind == kind
    if year:
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
        cond &= (((Contract.starts_on <= end) & (Contract.ends_on >= start))
                 | ((Contract.proposed_on >= start) & (Contract.proposed_on <= end))
                 | (Contract.signed_on.is_null() & (Contract.proposed_on <= end)))
    count = (ContractMeeting.select(fn.COUNT(ContractMeeting.id)).where(ContractMeeting.contract == Contract.id))
    rows = list(Contract.select(Contract, count.alias("meetings")).where(cond)
                .order_by(Contract.starts_on.desc(nulls="first"), Contract.id.desc()).dicts())
    for r in rows:
        r["congress_id"] = r.pop("congress")
        r["notice_id"] = r.pop("notice")
        r["stage"] = stage(r, on)
        r["standing"] = standing(r, on)
    return rows


def warnings(on: dt.date | None = None) -> list[tuple[int | None, str]]:
    """What needs doing, with the contract it concerns: a step overdue, a contract ending within
    3 months without its next 要约, no 综合性 or 工资专项 contract in force."""
    on = on or dt.date.today()
    found: list[tuple[int | None, str]] = []
    contracts = list(Contract.select().order_by(Contract.kind, Contract.starts_on))
    for c in contracts:
        if c.ends_on and c.ends_on < on:
            continue  # history: a contract that has ended asks for nothing
        due = answer_due(c)
        if due and not c.answered_on and due < on:
            found.append((c.id, f"《{c.name}》要约已超过 {ANSWER_DAYS} 日（{due:%Y-%m-%d} 前）未获回应"))
        due = filing_due(c)
        if due and c.proposed_on and not c.filed_on and due < on:
            found.append((c.id, f"《{c.name}》签字已超过 {FILING_DAYS} 日，尚未报送劳动行政部门（应于 {due:%Y-%m-%d} 前）"))
        effective = effective_on(c)
        if effective and c.proposed_on and effective <= on and not c.publicised_on:
            found.append((c.id, f"《{c.name}》已于 {effective:%Y-%m-%d} 生效，尚未向全体职工公示"))
        if in_force(c, on) and c.ends_on <= add_months(on, RENEWAL_MONTHS):
            successor = any(o.kind == c.kind and o.id != c.id and not (o.ends_on and o.ends_on <= c.ends_on)
                            and ((o.proposed_on and o.proposed_on >= c.starts_on)
                                 or (o.starts_on and o.starts_on > c.starts_on)) for o in contracts)
            if not successor:
                found.append((c.id, f"《{c.name}》将于 {c.ends_on:%Y-%m-%d} 到期，应启动续签要约"))
    for kind in (GENERAL, WAGES):
        if not any(c.kind == kind and in_force(c, on) for c in contracts):
            found.append((None, f"目前没有有效期内的{kind}"))
    return found


FIGURES = ("集体合同份数", "工资专项集体合同份数", "女职工权益保护专项集体合同份数", "集体合同覆盖职工人数")


def figures(on: dt.date) -> dict[str, int]:
    """The annual report's contract figures, as of a day (§15)."""
    live = list(Contract.select().where(in_force_sql(on)).order_by(Contract.starts_on.desc(), Contract.id.desc()))
    general = [c for c in live if c.kind == GENERAL]
    return dict(zip(FIGURES, (len(live), sum(c.kind == WAGES for c in live), sum(c.kind == WOMEN for c in live),
                              general[0].covered if general else 0)))
