"""困难帮扶: hardship files and their flow, assistance paid to anyone on the roster, holiday visits
in a batch, 金秋助学 with suggested amounts, donation campaigns and their balance (domain.md §7).
Money in integer 分."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from peewee import JOIN, Case, fn

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
EXPENSES = ("medical_expense_fen", "education_expense_fen", "other_expense_fen")  # 刚性支出, a year
ACCIDENT_CAUSES = ("因灾", "因意外")  # 意外致困 by cause
STANDARDS_KEY = "welfare.dibao"  # 低保标准: [{"from": "2026-07-01", "fen": 90000}, …] (元 a person a month)
MULTIPLE_KEY = "welfare.dibao_multiple"  # 相对困难 up to this multiple of the standard (text, "2")
DEFAULT_MULTIPLE = Decimal(2)


def _getter(case):
    return case.get if isinstance(case, dict) else lambda k: getattr(case, k)


def rigid_expense_fen(case: HardshipCase | dict) -> int:
    """刚性支出 of a year: 医疗 + 教育 + 其他."""
    get = _getter(case)
    return sum(int(get(k) or 0) for k in EXPENSES)


def per_capita_monthly_fen(case: HardshipCase | dict) -> int:
    """家庭月人均收入 = (家庭年总收入 − 刚性支出) / 12 / 家庭人口, to the fen (half up; never below 0)."""
    get = _getter(case)
    size = max(1, int(get("family_size") or 1))
    net = max(0, int(get("family_income_fen") or 0) - rigid_expense_fen(case))
    return int((Decimal(net) / 12 / size).to_integral_value(ROUND_HALF_UP))


def standards() -> list[tuple[dt.date, int]]:
    """The local 低保标准 (分 a person a month) with the date each applies from, oldest first."""
    rows = []
    for item in settings.get(STANDARDS_KEY, []) or []:
        try:
            rows.append((dt.date.fromisoformat(item["from"]), int(item["fen"])))
        except (KeyError, TypeError, ValueError):
            continue  # a hand-edited setting that is not one: skipped, never a crash
    return sorted(rows)


def set_standards(rows: list[tuple], multiple=None) -> None:
    """Replace the 低保标准 list ((date applied from, amount in 元 as text) pairs) and, when given,
    the 相对困难 multiple; audited."""
    clean: dict[dt.date, int] = {}
    for n, (start, amount) in enumerate(rows, start=1):
        if start in (None, "") and clean_text(amount) == "":
            continue  # a blank line of the editor
        date = parse_date(start, f"第 {n} 行 执行日期", allow_future=True)
        if date is None:
            raise ValidationError(f"第 {n} 行 执行日期", "必须填写")
        fen = to_fen(amount, f"第 {n} 行 低保标准（元/人·月）")
        if fen <= 0:
            raise ValidationError(f"第 {n} 行 低保标准（元/人·月）", "须大于 0")
        if date in clean:
            raise ValidationError(f"第 {n} 行 执行日期", f"{date:%Y-%m-%d} 重复")
        clean[date] = fen
    values = {STANDARDS_KEY: [{"from": d.isoformat(), "fen": f} for d, f in sorted(clean.items())]}
    if multiple is not None:
        values[MULTIPLE_KEY] = str(_multiple(multiple))
    before = {"standards": settings.get(STANDARDS_KEY, []), "multiple": settings.get(MULTIPLE_KEY)}
    with database.atomic():
        settings.put_many(values)
        audit.record("update", "setting", None, before,
                     {"standards": values[STANDARDS_KEY], "multiple": values.get(MULTIPLE_KEY)})


def _multiple(raw) -> Decimal:
    try:
        value = Decimal(clean_text(raw))
    except (ArithmeticError, ValueError):
        raise ValidationError("相对困难倍数", f"“{raw}”不是数") from None
    if not value.is_finite() or value <= 1 or value > 10 or value != value.quantize(Decimal("0.01")):
        raise ValidationError("相对困难倍数", "应为大于 1、不超过 10 的数（至多两位小数）")
    return value.normalize()


def relative_multiple() -> Decimal:
    try:
        return _multiple(settings.get(MULTIPLE_KEY, "2"))
    except ValidationError:
        return DEFAULT_MULTIPLE


def standard_on(on: dt.date) -> tuple[dt.date, int] | None:
    """The 低保标准 in force on a day: the latest that applies from that day or earlier."""
    found = None
    for start, fen in standards():
        if start <= on:
            found = (start, fen)
    return found


@dataclass
class Assessment:
    """The 低保 test of a file: its arithmetic and the category it suggests ("" = none)."""

    income_fen: int
    expense_fen: int
    size: int
    per_capita_fen: int
    standard_fen: int | None
    standard_from: dt.date | None
    multiple: Decimal
    suggestion: str
    reason: str

    def arithmetic(self) -> str:
        line = (f"（{money_text(self.income_fen)} − {money_text(self.expense_fen)}）÷ 12 ÷ {self.size} 人"
                f" = {money_text(self.per_capita_fen)} 元/人·月")
        if self.standard_fen is None:
            return f"{line}；{self.reason}"
        limit = self.relative_limit_fen
        return (f"{line}；低保标准 {money_text(self.standard_fen)} 元（{self.standard_from:%Y-%m-%d} 起执行），"
                f"{self.multiple} 倍为 {money_text(limit)} 元；{self.reason}")

    @property
    def relative_limit_fen(self) -> int:
        return int((self.standard_fen * self.multiple).to_integral_value(ROUND_HALF_UP))


def assess(case: HardshipCase | dict, on: dt.date) -> Assessment:
    """家庭月人均收入 against the 低保标准 in force on ``on``: at or below it 深度困难, up to the multiple
    (2 unless set) 相对困难; above that 意外致困 when the main cause is 因灾 or 因意外, else no category.
    The comparison uses the per-capita figure as shown (rounded half up to the fen), so the printed
    arithmetic and the suggestion always agree."""
    get = _getter(case)
    income = int(get("family_income_fen") or 0)
    expense = rigid_expense_fen(case)
    size = max(1, int(get("family_size") or 1))
    per_capita = per_capita_monthly_fen(case)
    multiple = relative_multiple()
    found = standard_on(on)
    cause = get("main_cause") or ""
    if found is None:
        return Assessment(income, expense, size, per_capita, None, None, multiple, "",
                          f"未设置 {on:%Y-%m-%d} 适用的低保标准，无法测算")
    start, standard = found
    result = Assessment(income, expense, size, per_capita, standard, start, multiple, "", "")
    if per_capita <= standard:
        result.suggestion, result.reason = "深度困难", "不高于低保标准，建议“深度困难”"
    elif per_capita <= result.relative_limit_fen:
        result.suggestion, result.reason = "相对困难", f"高于低保标准、不高于其 {multiple} 倍，建议“相对困难”"
    elif cause in ACCIDENT_CAUSES:
        result.suggestion, result.reason = "意外致困", f"高于低保标准 {multiple} 倍，主要致困原因为{cause}，建议“意外致困”"
    else:
        result.reason = f"高于低保标准 {multiple} 倍，且非意外致困，不符合建档收入条件"
    return result


TEXT_FIELDS = {  # the 建档申请表's text fields: label, longest
    "staff_no": ("职工编号", 30), "disability_kind": ("残疾类别", 20), "disability_grade": ("残疾等级", 10),
    "model_worker": ("劳模类型", 30), "medical_insurance": ("医保状况", 30), "housing_type": ("住房类型", 30),
    "hukou_place": ("户口所在地", 100), "residence": ("现居住地", 200), "employer_nature": ("单位性质", 30),
    "enterprise_state": ("企业状况", 30), "self_help": ("自救能力", 20),
}
MONEY_FIELDS = {"other_income_fen": ("other_income", "家庭其他年收入"),
                "medical_expense_fen": ("medical_expense", "医疗支出（年）"),
                "education_expense_fen": ("education_expense", "教育支出（年）"),
                "other_expense_fen": ("other_expense", "其他刚性支出（年）")}


def _area(raw) -> str:
    text = clean_text(raw).replace("㎡", "").replace("平方米", "")
    if not text:
        return ""
    try:
        value = Decimal(text)
    except ArithmeticError:
        raise ValidationError("建筑面积", f"“{raw}”不是数") from None
    if not value.is_finite() or value < 0 or value > 10000:
        raise ValidationError("建筑面积", "应为 0 到 10000 平方米")
    return str(value.quantize(Decimal("0.01"), ROUND_HALF_UP))


def validate_case(values: dict, on: dt.date | None = None) -> dict:
    """A file's values checked; ``on`` is the day the 低保 test applies to (the application or the
    latest review). A category other than the test's suggestion needs a written reason."""
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
    clean = {"category": category, "target": target, "main_cause": main,
             "other_cause": clean_text(values.get("other_cause")),
             "health": check_length(clean_text(values.get("health")), "健康状况", 50),
             "marital": clean_text(values.get("marital")), "housing": clean_text(values.get("housing")),
             "family_size": size, "family_income_fen": to_fen(values.get("family_income"), "家庭年总收入"),
             "own_income_fen": to_fen(values.get("own_income"), "本人月收入"),
             "bank": clean_text(values.get("bank")),
             "card_no": clean_text(values.get("card_no")).replace(" ", ""),
             "note": (values.get("note") or "").strip()}
    for key, (label, longest) in TEXT_FIELDS.items():
        clean[key] = check_length(clean_text(values.get(key)), label, longest)
    clean["housing_area"] = _area(values.get("housing_area"))
    for key in ("single_parent", "zero_employment"):
        clean[key] = bool(values.get(key))
    clean["contract_from"] = parse_date(values.get("contract_from"), "劳动合同起始日期", allow_future=True)
    clean["contract_to"] = parse_date(values.get("contract_to"), "劳动合同终止日期", allow_future=True)
    if clean["contract_from"] and clean["contract_to"] and clean["contract_to"] < clean["contract_from"]:
        raise ValidationError("劳动合同终止日期", "早于起始日期")
    for key, (raw_key, label) in MONEY_FIELDS.items():
        clean[key] = to_fen(values.get(raw_key), label)
    if clean["other_income_fen"] > clean["family_income_fen"]:
        raise ValidationError("家庭其他年收入", "是家庭年总收入的一部分，不能大于家庭年总收入")
    clean["cause_detail"] = check_length((values.get("cause_detail") or "").strip(), "致困原因简述", 500)
    result = assess(clean, on or dt.date.today())
    reason = (values.get("category_reason") or "").strip()
    clean["suggested_category"] = result.suggestion
    if category == result.suggestion:
        reason = ""
    elif result.standard_fen is not None and not reason:
        wanted = f"建议“{result.suggestion}”" if result.suggestion else "不符合建档收入条件"
        raise ValidationError("认定理由", f"低保测算{wanted}，选择“{category}”须写明理由")
    clean["category_reason"] = check_length(reason, "认定理由", 500)
    return clean


def open_case(person_id: int, values: dict, on=None, actor: str = "", family: list[dict] = ()) -> HardshipCase:
    """申请: a new file for a person on the roster (one open file at a time), with its family members
    if given (all checked first, then written with the file in one transaction)."""
    if HardshipCase.select().where((HardshipCase.person == person_id) & (HardshipCase.stage != CLOSED)).exists():
        raise ValidationError("困难档案", "此人已有未退档的档案")
    date = parse_date(on, "申请日期") if on else dt.date.today()
    clean = validate_case(values, date)
    relatives = []
    for n, member in enumerate(family, start=1):
        try:
            relatives.append(validate_family_member(member))
        except ValidationError as exc:
            raise ValidationError(f"第 {n} 位{exc.field}", exc.reason) from None
    with database.atomic():
        case = HardshipCase.create(person=person_id, stage="申请", applied_on=date, **clean)
        CaseStep.create(case=case, step="申请", on=date, actor=clean_text(actor))
        for member in relatives:
            FamilyMember.create(case=case, **member)
            audit.record("family", "hardship_case", case.id, None, {"name": member["name"], "id_number": member["id_number"]})
        audit.record("create", "hardship_case", case.id, None,
                     {"category": clean["category"], "suggested_category": clean["suggested_category"],
                      "category_reason": clean["category_reason"]})
    return case


CASE_LABELS = {"category": "困难类别", "target": "帮扶对象", "main_cause": "主要致困原因",
               "other_cause": "其他致困原因", "health": "健康状况", "marital": "婚姻状况", "housing": "住房情况",
               "family_size": "家庭人口", "family_income_fen": "家庭年总收入（分）", "own_income_fen": "本人月收入（分）",
               "bank": "开户银行", "card_no": "银行卡号", "note": "备注",
               **{k: label for k, (label, _n) in TEXT_FIELDS.items()}, "housing_area": "建筑面积",
               "single_parent": "单亲家庭", "zero_employment": "零就业家庭", "contract_from": "劳动合同起始日期",
               "contract_to": "劳动合同终止日期", **{k: f"{label}（分）" for k, (_r, label) in MONEY_FIELDS.items()},
               "cause_detail": "致困原因简述", "suggested_category": "测算建议类别", "category_reason": "认定理由"}


def assessed_on(case: HardshipCase) -> dt.date:
    """The day a saved file's 低保 test applies to: its latest yearly review, else its application."""
    return case.reviewed_on or case.applied_on


def update_case(case_id: int, values: dict, base: concurrency.Base | None = None) -> HardshipCase:
    """Save an edited hardship file; ``base`` as in ``members.update_person``."""
    clean = validate_case(values, assessed_on(HardshipCase.get_by_id(case_id)))
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


def validate_family_member(values: dict) -> dict:
    """One family member's values checked (性别 from the 身份证号 when it has one)."""
    name = clean_text(values.get("name"))
    if not name:
        raise ValidationError("家庭成员姓名", "必须填写")
    number = normalise_id(clean_text(values.get("id_number")))
    gender = clean_text(values.get("gender"))
    if gender and gender not in ("男", "女"):
        raise ValidationError("家庭成员性别", "应为 男 或 女")
    if number:  # one ID check everywhere: the family member's number as the roster's (GB 11643)
        info = parse_id_number(number, field="家庭成员身份证号")
        number = info.number
        if gender and gender != info.gender:
            raise ValidationError("家庭成员性别", f"与身份证号（{info.gender}）不符")
        gender = info.gender
    extra = {key: check_length(clean_text(values.get(key)), label, longest) for key, label, longest in (
        ("relation", "家庭成员关系", 20), ("health", "家庭成员健康状况", 50), ("identity", "家庭成员身份", 30),
        ("school_or_work", "家庭成员单位或学校", 100), ("political_status", "家庭成员政治面貌", 20),
        ("education", "家庭成员文化程度", 20), ("medical_insurance", "家庭成员医保", 30))}
    return {"name": check_length(name, "家庭成员姓名", 50), "id_number": number, "gender": gender,
            "monthly_income_fen": to_fen(values.get("monthly_income"), "家庭成员月收入"), **extra}


def add_family_member(case_id: int, values: dict) -> FamilyMember:
    clean = validate_family_member(values)
    with database.atomic():
        member = FamilyMember.create(case=case_id, **clean)
        audit.record("family", "hardship_case", case_id, None, {"name": clean["name"], "id_number": clean["id_number"]})
    return member


def remove_family_member(member_id: int) -> None:
    member = FamilyMember.get_by_id(member_id)
    with database.atomic():
        member.delete_instance()
        audit.record("family_remove", "hardship_case", member.case_id,
                     {"name": member.name, "id_number": member.id_number}, None)


def age_from_id(id_number: str, on: dt.date | None = None) -> int | None:
    """年龄 (whole years on ``on``) from a 身份证号's birth date; None without a valid number."""
    if not id_number:
        return None
    try:
        birth = parse_id_number(id_number).birth_date
    except ValidationError:
        return None
    on = on or dt.date.today()
    return on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))


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


_KEPT = ("person", "kind", "occasion", "on", "amount_fen", "goods", "source", "approver", "signed", "campaign",
         "school_level", "batch", "note", "created_at")


def take_back_payments(assistance_ids: list[int]) -> list[dict]:
    """Take back payments just registered (an undo of 登记帮扶 or 批量发放), all or none, in one
    transaction, audited; what ``restore_payments`` needs to register them again. Refused, naming the
    person, when one was deleted or signed for (已签收) since."""
    kept = []
    with database.atomic():
        items = {a.id: a for a in Assistance.select(Assistance, Person).join(Person)
                 .where(Assistance.id.in_(list(assistance_ids)))}
        for assistance_id in assistance_ids:
            item = items.get(assistance_id)
            if item is None:
                raise ValidationError("帮扶记录", "其中一笔已被删除")
            if item.signed:
                raise ValidationError("帮扶记录", f"{item.person.name}已签收（请先取消签收）")
            kept.append({k: getattr(item, f"{k}_id" if k in ("person", "campaign") else k) for k in _KEPT})
        Assistance.delete().where(Assistance.id.in_(list(assistance_ids))).execute()
        audit.record("take_back", "assistance", None,
                     {"people": len(kept), "amount_fen": sum(k["amount_fen"] for k in kept),
                      "batch": kept[0]["batch"] if kept else ""}, None)
    return kept


def restore_payments(kept: list[dict]) -> list[int]:
    """Register payments taken back again (a redo), in one transaction, audited; their new ids."""
    ids = []
    with database.atomic():
        for values in kept:
            if Person.get_or_none(Person.id == values["person"]) is None:
                raise ValidationError("帮扶记录", "受助人已从职工名册中删除")
            if values["campaign"] and Campaign.get_or_none(Campaign.id == values["campaign"]) is None:
                raise ValidationError("捐款资金", "所用的捐款活动已被删除")
            ids.append(Assistance.create(**values).id)
        audit.record("restore", "assistance", None, None,
                     {"people": len(ids), "amount_fen": sum(k["amount_fen"] for k in kept),
                      "batch": kept[0]["batch"] if kept else ""})
    return ids


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


def paid_within(start: dt.date, end: dt.date):
    """The records of ``assistance(AssistanceFilter(start=start, end=end))`` (any source, amount or
    signature), for counting them in SQL: the tab's list joins the person, so this does too."""
    return (Assistance.select().join(Person, on=(Assistance.person == Person.id))
            .where((Assistance.on >= start) & (Assistance.on <= end)))


def totals(start: dt.date, end: dt.date) -> dict[str, int]:
    """For the annual report: 帮扶人次 and 帮扶金额 inside a period, 送温暖人次, 金秋助学人数 (distinct people),
    counted in one query (issue 28: not every record into Python)."""
    times, amount, warmth, aid_people = paid_within(start, end).select(
        fn.COUNT(Assistance.id), fn.SUM(Assistance.amount_fen),
        fn.SUM(Case(None, [(Assistance.kind == "送温暖", 1)], 0)),
        fn.COUNT(fn.DISTINCT(Case(None, [(Assistance.kind == "金秋助学", Assistance.person)], None))),
    ).tuples().get()
    return {"times": int(times or 0), "amount_fen": int(amount or 0), "warmth_times": int(warmth or 0),
            "aid_people": int(aid_people or 0)}


def unsigned_count(start: dt.date, end: dt.date) -> int:
    """帮扶 inside a period not yet 签收 (the annual report's checks)."""
    return paid_within(start, end).where((Assistance.signed == False) | Assistance.signed.is_null()).count()  # noqa: E712


def amounts_by_day(start: dt.date, end: dt.date) -> dict[dt.date, int]:
    """帮扶金额 paid each day inside a period (every record, as ``totals``): the annual chart's months."""
    return {on: int(fen or 0) for on, fen in paid_within(start, end).select(
        Assistance.on, fn.SUM(Assistance.amount_fen)).group_by(Assistance.on).tuples()}


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
