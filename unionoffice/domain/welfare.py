"""困难帮扶: hardship files and their flow, assistance paid to anyone on the roster, holiday visits
in a batch, 金秋助学 with suggested amounts, donation campaigns and their balance (domain.md §7).
Money in integer 分."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from peewee import JOIN, fn

from unionoffice.db.models import (
    Assistance,
    Campaign,
    CaseStep,
    Department,
    Donation,
    FamilyMember,
    HardshipCase,
    Person,
    database,
)
from unionoffice.domain import audit, concurrency, settings
from unionoffice.domain.money import text as money_text, to_fen
from unionoffice.domain.validation import (
    ValidationError, check_length, clean_text, normalise_id, parse_date, parse_id_number,
)

CATEGORIES = ("深度困难", "相对困难", "意外致困")
TARGETS = ("城镇困难职工", "困难农民工")
CAUSES = ("因病", "因残", "因学", "因灾", "因意外", "失业", "其他")
FLOW = ("申请", "入户调查", "公示", "上级工会复核", "建档")
CLOSED = "退档"
KINDS = ("送温暖", "金秋助学", "医疗救助", "临时救助", "慰问", "其他")
OCCASIONS = {"送温暖": ("两节", "元旦", "春节"), "慰问": ("生病住院", "婚丧", "生育")}
SOURCES = ("本级工会经费", "上级工会拨款", "行政", "捐款")
SCHOOL_LEVELS = ("大学", "高中")
# 金秋助学 reference amounts (one city, 2024): settings, not constants
AID_DEFAULTS = {("filed", "大学"): 500000, ("filed", "高中"): 300000,
                ("unfiled", "大学"): 400000, ("unfiled", "高中"): 200000}


# --- hardship files ------------------------------------------------------------------------
def per_capita_monthly_fen(case: HardshipCase | dict) -> int:
    """家庭月人均收入 = 家庭年总收入 / 12 / 家庭人口, to the fen (half up)."""
    get = case.get if isinstance(case, dict) else lambda k: getattr(case, k)
    size = max(1, int(get("family_size") or 1))
    return int((Decimal(get("family_income_fen") or 0) / 12 / size).to_integral_value(ROUND_HALF_UP))


def validate_case(values: dict) -> dict:
    category = clean_text(values.get("category"))
    if category not in CATEGORIES:
        raise ValidationError("档案类别", f"应为 {'、'.join(CATEGORIES)} 之一")
    target = clean_text(values.get("target")) or TARGETS[0]
    if target not in TARGETS:
        raise ValidationError("对象", f"应为 {'、'.join(TARGETS)} 之一")
    main = clean_text(values.get("main_cause"))
    if main and main not in CAUSES:
        raise ValidationError("主要致困原因", f"应为 {'、'.join(CAUSES)} 之一")
    try:
        size = int(values.get("family_size") or 1)
    except (TypeError, ValueError):
        raise ValidationError("家庭人口", "应为整数") from None
    if size < 1:
        raise ValidationError("家庭人口", "至少 1 人")
    return {"category": category, "target": target, "main_cause": main,
            "other_cause": clean_text(values.get("other_cause")),
            "health": check_length(clean_text(values.get("health")), "健康状况", 50),
            "marital": clean_text(values.get("marital")), "housing": clean_text(values.get("housing")),
            "family_size": size, "family_income_fen": to_fen(values.get("family_income"), "家庭年总收入"),
            "own_income_fen": to_fen(values.get("own_income"), "本人月收入"),
            "bank": clean_text(values.get("bank")),
            "card_no": clean_text(values.get("card_no")).replace(" ", ""),
            "note": (values.get("note") or "").strip()}


def open_case(person_id: int, values: dict, on=None, actor: str = "") -> HardshipCase:
    """申请: a new file for a person on the roster (one open file at a time)."""
    if HardshipCase.select().where((HardshipCase.person == person_id) & (HardshipCase.stage != CLOSED)).exists():
        raise ValidationError("困难档案", "此人已有未退档的档案")
    clean = validate_case(values)
    date = parse_date(on, "申请日期") if on else dt.date.today()
    with database.atomic():
        case = HardshipCase.create(person=person_id, stage="申请", applied_on=date, **clean)
        CaseStep.create(case=case, step="申请", on=date, actor=clean_text(actor))
        audit.record("create", "hardship_case", case.id, None, {"category": clean["category"]})
    return case


CASE_LABELS = {"category": "困难类别", "target": "帮扶对象", "main_cause": "主要致困原因",
               "other_cause": "其他致困原因", "health": "健康状况", "marital": "婚姻状况", "housing": "住房情况",
               "family_size": "家庭人口", "family_income_fen": "家庭年总收入（分）", "own_income_fen": "本人月收入（分）",
               "bank": "开户银行", "card_no": "银行卡号", "note": "备注"}


def update_case(case_id: int, values: dict, base: concurrency.Base | None = None) -> HardshipCase:
    """Save an edited hardship file; ``base`` as in ``members.update_person``."""
    clean = validate_case(values)
    with database.atomic():
        case = concurrency.lock_row(HardshipCase, case_id)
        before = {k: getattr(case, k) for k in clean}
        changed = concurrency.changes_to_write("困难职工档案", case, before, clean, base, CASE_LABELS)
        if changed:
            HardshipCase.update(**changed).where(HardshipCase.id == case_id).execute()
            audit.record("update", "hardship_case", case_id, {k: before[k] for k in changed if k != "card_no"},
                         {k: v for k, v in changed.items() if k != "card_no"})
    return HardshipCase.get_by_id(case_id)


def next_step(stage: str) -> str | None:
    """The step ``advance`` records after ``stage``: None once filed (建档) or closed (退档)."""
    return FLOW[FLOW.index(stage) + 1] if stage in FLOW[:-1] else None


def no_next_step(stage: str) -> str:
    """Why a case at ``stage`` has no next step, and what to do instead."""
    if stage == FLOW[-1]:
        return "档案已建档，没有下一步；每年复核请用“年度复核”，脱困请用“退档”"
    return f"档案现在是“{stage}”，没有下一步"


def advance(case_id: int, on=None, actor: str = "", note: str = "") -> HardshipCase:
    """The next step of 申请 → 入户调查 → 公示 → 上级工会复核 → 建档."""
    case = HardshipCase.get_by_id(case_id)
    step = next_step(case.stage)
    if step is None:
        raise ValidationError("档案流程", no_next_step(case.stage))
    actor = clean_text(actor)
    if not actor:
        raise ValidationError("经办人", f"{step}须写明经办人")
    date = parse_date(on, f"{step}日期") if on else dt.date.today()
    last = CaseStep.select(fn.MAX(CaseStep.on)).where(CaseStep.case == case_id).scalar()
    if last and date < last:
        raise ValidationError(f"{step}日期", f"早于上一步（{last:%Y-%m-%d}）")
    with database.atomic():
        HardshipCase.update(stage=step, filed_on=date if step == "建档" else case.filed_on,
                            reviewed_on=date if step == "建档" else case.reviewed_on).where(
            HardshipCase.id == case_id).execute()
        CaseStep.create(case=case_id, step=step, on=date, actor=actor, note=clean_text(note))
        audit.record("step", "hardship_case", case_id, None, {"step": step})
    return HardshipCase.get_by_id(case_id)


def review(case_id: int, on=None, actor: str = "", note: str = "") -> HardshipCase:
    """年度复核 of a filed case."""
    case = HardshipCase.get_by_id(case_id)
    if case.stage != "建档":
        raise ValidationError("年度复核", "只有已建档的档案需要复核")
    date = parse_date(on, "复核日期") if on else dt.date.today()
    with database.atomic():
        HardshipCase.update(reviewed_on=date).where(HardshipCase.id == case_id).execute()
        CaseStep.create(case=case_id, step="年度复核", on=date, actor=clean_text(actor), note=clean_text(note))
        audit.record("review", "hardship_case", case_id, None, {"date": date})
    return HardshipCase.get_by_id(case_id)


def close_case(case_id: int, reason: str, on=None, actor: str = "") -> HardshipCase:
    """退档 when out of difficulty (a reason is required)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("退档原因", "退档须写明原因")
    case = HardshipCase.get_by_id(case_id)
    if case.stage == CLOSED:
        raise ValidationError("退档", "已经退档")
    date = parse_date(on, "退档日期") if on else dt.date.today()
    with database.atomic():
        HardshipCase.update(stage=CLOSED, closed_on=date, close_reason=reason).where(
            HardshipCase.id == case_id).execute()
        CaseStep.create(case=case_id, step=CLOSED, on=date, actor=clean_text(actor), note=reason)
        audit.record("close", "hardship_case", case_id, None, {"reason": reason})
    return HardshipCase.get_by_id(case_id)


def status_on(case: HardshipCase | dict, on: dt.date | None = None) -> str:
    """增量 (filed this year for the first time), 存量 (filed in an earlier year, still open) or
    返困 (filed again after an earlier file was closed); empty when not filed or closed on that day."""
    on = on or dt.date.today()
    get = case.get if isinstance(case, dict) else lambda k: getattr(case, k)
    filed, closed = get("filed_on"), get("closed_on")
    if not filed or filed > on or (closed and closed <= on):
        return ""
    person = get("person") if isinstance(case, dict) else case.person_id
    earlier = HardshipCase.select().where((HardshipCase.person == person) & (HardshipCase.id != get("id"))
                                          & HardshipCase.closed_on.is_null(False)
                                          & (HardshipCase.closed_on <= filed)).exists()
    if earlier:
        return "返困"
    return "增量" if filed.year == on.year else "存量"


def get_case(case_id: int) -> HardshipCase:
    return HardshipCase.get_by_id(case_id)


def steps(case_id: int) -> list[CaseStep]:
    return list(CaseStep.select().where(CaseStep.case == case_id).order_by(CaseStep.on, CaseStep.id))


def add_family_member(case_id: int, values: dict) -> FamilyMember:
    name = clean_text(values.get("name"))
    if not name:
        raise ValidationError("家庭成员姓名", "必须填写")
    number = normalise_id(clean_text(values.get("id_number")))
    if number:  # one ID check everywhere: the family member's number as the roster's (GB 11643)
        number = parse_id_number(number, field="家庭成员身份证号").number
    with database.atomic():
        member = FamilyMember.create(case=case_id, name=name, relation=clean_text(values.get("relation")),
                                     id_number=number, health=clean_text(values.get("health")),
                                     monthly_income_fen=to_fen(values.get("monthly_income"), "月收入"),
                                     identity=clean_text(values.get("identity")),
                                     school_or_work=clean_text(values.get("school_or_work")))
        audit.record("family", "hardship_case", case_id, None, {"name": name, "id_number": number})
    return member


def family(case_id: int) -> list[FamilyMember]:
    return list(FamilyMember.select().where(FamilyMember.case == case_id).order_by(FamilyMember.id))


@dataclass
class CaseFilter:
    text: str = ""
    category: str = ""
    stage: str = ""
    status: str = ""
    year: int | None = None


def cases(f: CaseFilter, on: dt.date | None = None) -> list[dict]:
    on = on or dt.date.today()
    query = (HardshipCase.select(HardshipCase, Person.name, Person.id_number, Person.gender,
                                 Department.name.alias("dept"))
             .join(Person).join(Department, JOIN.LEFT_OUTER, on=Person.department == Department.id))
    cond = True
    if clean_text(f.text):
        cond &= Person.name.contains(clean_text(f.text)) | Person.name_initials.startswith(clean_text(f.text).lower())
    if f.category:
        cond &= HardshipCase.category == f.category
    if f.stage:
        cond &= HardshipCase.stage == f.stage
    if f.year:
        cond &= (HardshipCase.applied_on <= dt.date(f.year, 12, 31)) & (
            HardshipCase.closed_on.is_null() | (HardshipCase.closed_on >= dt.date(f.year, 1, 1)))
    rows = list(query.where(cond).order_by(HardshipCase.applied_on.desc()).dicts())
    for r in rows:
        r["department"] = r.pop("dept") or ""
        r["per_capita_fen"] = per_capita_monthly_fen(r)
        r["status"] = status_on(r, on)
    if f.status:
        rows = [r for r in rows if r["status"] == f.status]
    return rows


def is_filed(person_id: int, on: dt.date) -> bool:
    return HardshipCase.select().where(
        (HardshipCase.person == person_id) & HardshipCase.filed_on.is_null(False) & (HardshipCase.filed_on <= on)
        & (HardshipCase.closed_on.is_null() | (HardshipCase.closed_on > on))).exists()


def filed_count(on: dt.date) -> int:
    """困难职工建档数: files in force (建档, not yet 退档) on a day."""
    return HardshipCase.select().where(
        HardshipCase.filed_on.is_null(False) & (HardshipCase.filed_on <= on)
        & (HardshipCase.closed_on.is_null() | (HardshipCase.closed_on > on))).count()


# --- assistance --------------------------------------------------------------------------------
def suggested_aid_fen(person_id: int, level: str, on: dt.date | None = None) -> int:
    """金秋助学 amount from settings: filed families more, university more than high school."""
    filed = "filed" if is_filed(person_id, on or dt.date.today()) else "unfiled"
    key = (filed, level)
    return int(settings.get(f"welfare.aid.{filed}.{level}", AID_DEFAULTS.get(key, 0)))


def validate_assistance(values: dict) -> dict:
    kind = clean_text(values.get("kind"))
    if kind not in KINDS:
        raise ValidationError("帮扶类型", f"应为 {'、'.join(KINDS)} 之一")
    date = parse_date(values.get("on"), "日期")
    if date is None:
        raise ValidationError("日期", "必须填写")
    amount = to_fen(values.get("amount"), "金额（元）")
    goods = clean_text(values.get("goods"))
    if amount == 0 and not goods:
        raise ValidationError("金额（元）", "须填写金额或实物")
    approver = clean_text(values.get("approver"))
    if not approver:
        raise ValidationError("审批人", "每笔帮扶都须有审批人")
    source = clean_text(values.get("source")) or SOURCES[0]
    if source not in SOURCES:
        raise ValidationError("资金来源", f"应为 {'、'.join(SOURCES)} 之一")
    level = clean_text(values.get("school_level"))
    if kind == "金秋助学" and level not in SCHOOL_LEVELS:
        raise ValidationError("就读阶段", "金秋助学须注明就读阶段（大学或高中）")
    return {"kind": kind, "occasion": clean_text(values.get("occasion")), "on": date, "amount_fen": amount,
            "goods": check_length(goods, "实物", 200), "source": source, "approver": approver,
            "signed": bool(values.get("signed")), "campaign": values.get("campaign_id") or None,
            "school_level": level if kind == "金秋助学" else "", "note": (values.get("note") or "").strip(),
            "batch": clean_text(values.get("batch"))}


def campaign_balance_fen(campaign_id: int) -> int:
    given = Donation.select(fn.COALESCE(fn.SUM(Donation.amount_fen), 0)).where(Donation.campaign == campaign_id).scalar()
    paid = (Assistance.select(fn.COALESCE(fn.SUM(Assistance.amount_fen), 0))
            .where(Assistance.campaign == campaign_id).scalar())
    return int(given) - int(paid)


class Overdraw(ValidationError):
    """Paying more than a campaign collected: allowed only when confirmed."""


def pay(person_id: int, values: dict, *, allow_overdraw: bool = False) -> Assistance:
    clean = validate_assistance(values)
    if clean["campaign"]:
        clean["source"] = "捐款"
        balance = campaign_balance_fen(clean["campaign"])
        if clean["amount_fen"] > balance and not allow_overdraw:
            raise Overdraw("捐款余额", f"本次 {money_text(clean['amount_fen'])} 元超过捐款余额 {money_text(balance)} 元")
    with database.atomic():
        item = Assistance.create(person=person_id, **clean)
        audit.record("pay", "assistance", item.id, None,
                     {"person": person_id, "kind": clean["kind"], "amount_fen": clean["amount_fen"]})
    return item


def pay_batch(person_ids: list[int], values: dict) -> list[int]:
    """两节送温暖 and other batches: one amount each, one approval, one transaction."""
    clean = validate_assistance(values)
    batch = clean["batch"] or f"{clean['kind']}{clean['on']:%Y%m%d}"
    ids = []
    with database.atomic():
        for person_id in dict.fromkeys(person_ids):
            ids.append(Assistance.create(person=person_id, **{**clean, "batch": batch}).id)
        audit.record("pay_batch", "assistance", None, None,
                     {"kind": clean["kind"], "people": len(ids), "amount_fen": clean["amount_fen"]})
    return ids


def mark_signed(assistance_id: int, signed: bool = True) -> None:
    with database.atomic():
        Assistance.update(signed=signed).where(Assistance.id == assistance_id).execute()
        audit.record("sign", "assistance", assistance_id, None, {"signed": signed})


def delete_assistance(assistance_id: int) -> None:
    item = Assistance.get_by_id(assistance_id)
    with database.atomic():
        item.delete_instance()
        audit.record("delete", "assistance", assistance_id,
                     {"person": item.person_id, "kind": item.kind, "amount_fen": item.amount_fen}, None)


@dataclass
class AssistanceFilter:
    text: str = ""
    kind: str = ""
    year: int | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    person_id: int | None = None
    campaign_id: int | None = None


def assistance(f: AssistanceFilter) -> list[dict]:
    query = (Assistance.select(Assistance, Person.name, Person.id_number, Department.name.alias("dept"))
             .join(Person).join(Department, JOIN.LEFT_OUTER, on=Person.department == Department.id))
    cond = True
    text = clean_text(f.text)
    if text:
        cond &= (Person.name.contains(text) | Person.name_initials.startswith(text.lower())
                 | Assistance.batch.contains(text))
    if f.kind:
        cond &= Assistance.kind == f.kind
    if f.year:
        cond &= (Assistance.on >= dt.date(f.year, 1, 1)) & (Assistance.on <= dt.date(f.year, 12, 31))
    if f.start:
        cond &= Assistance.on >= f.start
    if f.end:
        cond &= Assistance.on <= f.end
    if f.person_id:
        cond &= Assistance.person == f.person_id
    if f.campaign_id:
        cond &= Assistance.campaign == f.campaign_id
    rows = list(query.where(cond).order_by(Assistance.on.desc(), Assistance.id.desc()).dicts())
    for r in rows:
        r["department"] = r.pop("dept") or ""
    return rows


def totals(start: dt.date, end: dt.date) -> dict[str, int]:
    """For the annual report: 帮扶人次 and 帮扶金额 inside a period, 送温暖人次, 金秋助学人数 (distinct people)."""
    rows = assistance(AssistanceFilter(start=start, end=end))
    return {"times": len(rows), "amount_fen": sum(r["amount_fen"] for r in rows),
            "warmth_times": sum(r["kind"] == "送温暖" for r in rows),
            "aid_people": len({r["person"] for r in rows if r["kind"] == "金秋助学"})}


def counts(on: dt.date | None = None) -> dict[str, int]:
    on = on or dt.date.today()
    open_files = HardshipCase.select().where(HardshipCase.stage != CLOSED).count()
    paid = totals(dt.date(on.year, 1, 1), dt.date(on.year, 12, 31))["amount_fen"]
    return {"open_files": open_files, "paid_fen": paid}


# --- donation campaigns ------------------------------------------------------------------------
def create_campaign(cause: str, starts_on, ends_on=None, note: str = "") -> Campaign:
    cause = clean_text(cause)
    if not cause:
        raise ValidationError("捐款事由", "必须填写")
    start = parse_date(starts_on, "开始日期", allow_future=True)
    if start is None:
        raise ValidationError("开始日期", "必须填写")
    end = parse_date(ends_on, "结束日期", allow_future=True)
    if end and end < start:
        raise ValidationError("结束日期", "早于开始日期")
    with database.atomic():
        campaign = Campaign.create(cause=cause, starts_on=start, ends_on=end, note=note)
        audit.record("create", "campaign", campaign.id, None, {"cause": cause})
    return campaign


def donate(campaign_id: int, amount, on=None, *, person_id: int | None = None, donor: str = "") -> Donation:
    fen = to_fen(amount, "捐款金额（元）")
    if fen <= 0:
        raise ValidationError("捐款金额（元）", "须大于 0")
    if person_id:
        donor = Person.get_by_id(person_id).name
    donor = clean_text(donor)
    if not donor:
        raise ValidationError("捐款人", "必须填写（名册中的职工或外部单位、个人）")
    date = parse_date(on, "捐款日期") if on else dt.date.today()
    with database.atomic():
        item = Donation.create(campaign=campaign_id, person=person_id, donor=donor, amount_fen=fen, on=date)
        audit.record("donate", "campaign", campaign_id, None, {"donor": donor, "amount_fen": fen})
    return item


def campaigns() -> list[dict]:
    rows = []
    for c in Campaign.select().order_by(Campaign.starts_on.desc()):
        given = int(Donation.select(fn.COALESCE(fn.SUM(Donation.amount_fen), 0)).where(Donation.campaign == c.id).scalar())
        paid = int(Assistance.select(fn.COALESCE(fn.SUM(Assistance.amount_fen), 0))
                   .where(Assistance.campaign == c.id).scalar())
        donors = Donation.select().where(Donation.campaign == c.id).count()
        rows.append({"id": c.id, "cause": c.cause, "starts_on": c.starts_on, "ends_on": c.ends_on,
                     "donors": donors, "collected_fen": given, "paid_fen": paid, "balance_fen": given - paid})
    return rows


def donations(campaign_id: int) -> list[Donation]:
    return list(Donation.select().where(Donation.campaign == campaign_id).order_by(Donation.on, Donation.id))
