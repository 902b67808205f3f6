"""经费: the chapter's own books (domain.md §14) — vouchers (记账凭证) numbered per year, the lines
linked from other registers (assistance paid from union funds, activity costs, dues paid), the cash
and bank journals with their opening balances, month closing (结账), the budget and its execution,
and the figures of the 收入支出表. Money in integer 分."""

from __future__ import annotations

import datetime as dt
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Callable

from peewee import JOIN, fn

from unionoffice.db.models import ClosedMonth, FundsBudget, FundsOpening, Person, Voucher, VoucherAttachment, database
from unionoffice.domain import audit, codes, concurrency, settings
from unionoffice.domain.money import text as money_text
from unionoffice.domain.money import to_fen
from unionoffice.domain.validation import ValidationError, check_length, clean_text, parse_date

INCOME, SPENDING = "收入", "支出"
DIRECTIONS = (INCOME, SPENDING)
CASH, BANK = "现金", "银行存款"
SETTLEMENTS = (CASH, BANK)
CATEGORY_LISTS = {INCOME: "funds_income", SPENDING: "funds_spending"}
FIELD_LABELS = {"number": "凭证号", "on": "日期", "summary": "摘要", "direction": "收支", "category": "类别",
                "item": "明细科目", "amount_fen": "金额", "settlement": "结算方式", "handler": "经办人",
                "approver": "审批人", "pages": "附件张数"}


# --- code lists and settings ----------------------------------------------------------------------
def categories(direction: str) -> list[str]:
    """The categories of 收入 or 支出 (the report's lines), from the editable code list."""
    return codes.values(CATEGORY_LISTS[direction])


def items(category: str) -> list[str]:
    """The 明细科目 of a category (code list entries written "类别/明细科目")."""
    found = []
    for entry in codes.values("funds_item"):
        head, _, item = entry.partition("/")
        if head == category and item:
            found.append(item)
    return found


@dataclass(frozen=True)
class Limit:
    """A limit of §14 that varies by province: per member per year, or per event."""

    name: str  # the 明细科目's last part it applies to (…-节日慰问)
    per: str  # "year" or "event"
    default_fen: int

    @property
    def key(self) -> str:
        return f"funds.limit.{self.name}"

    def text(self, fen: int) -> str:
        return f"{self.name}{'每人每年' if self.per == 'year' else '每次'}限额 {money_text(fen)} 元"


LIMITS = (Limit("节日慰问", "year", 200000), Limit("生日慰问", "year", 30000), Limit("结婚生育", "event", 100000),
          Limit("生病住院", "event", 100000), Limit("直系亲属去世", "event", 100000), Limit("退休离岗", "event", 100000))
RETAINED_KEY = "funds.retained_percent"  # 拨缴经费 留成 (the chapter's share of the 2%)


def limits() -> dict[str, int]:
    """Each limit's amount in 分 (the chapter's setting, else the default)."""
    return {limit.name: int(settings.get(limit.key, limit.default_fen)) for limit in LIMITS}


def set_limits(values: dict) -> None:
    known = {limit.name: limit for limit in LIMITS}
    clean = {}
    for name, value in values.items():
        if name not in known:
            raise ValidationError("限额", f"没有“{name}”这项限额")
        if value in (None, ""):  # blank: the default again
            clean[known[name].key] = known[name].default_fen
        else:  # an int is 分, text is 元
            clean[known[name].key] = value if isinstance(value, int) else to_fen(value, f"{name}限额")
    with database.atomic():
        before = limits()
        settings.put_many(clean)
        audit.record("update", "setting", None, {"limits": before}, {"limits": limits()})


def retained_percent() -> int:
    return int(settings.get(RETAINED_KEY, 60))


def suggested_allocation_fen(wage_bill_fen: int) -> int:
    """拨缴经费收入 suggested from the wage bill: 2% of it, the chapter's retained share of that."""
    return (wage_bill_fen * 2 * retained_percent() + 5000) // 10000


# --- one line of the books --------------------------------------------------------------------------
@dataclass
class Line:
    """A line of the books: a voucher (``voucher_id``) or a line linked from a source (``source``)."""

    on: dt.date
    direction: str
    category: str
    item: str
    amount_fen: int
    settlement: str
    summary: str
    number: int | None = None
    voucher_id: int | None = None
    source: str = ""  # 困难帮扶 / 活动 / 会费 …: where it is edited
    ref: str = ""  # the source record, e.g. 困难帮扶#12
    record_id: object = None
    handler: str = ""
    approver: str = ""
    pages: int = 0
    person_name: str = ""
    extra: dict = field(default_factory=dict)

    @property
    def linked(self) -> bool:
        return bool(self.source)

    @property
    def signed_fen(self) -> int:
        return self.amount_fen if self.direction == INCOME else -self.amount_fen

    def row(self) -> dict:
        return {"on": self.on, "number": self.number, "number_text": number_text(self.number) if self.number else "",
                "summary": self.summary, "direction": self.direction, "category": self.category, "item": self.item,
                "amount_fen": self.amount_fen, "settlement": self.settlement, "handler": self.handler,
                "approver": self.approver, "pages": self.pages, "source": self.source, "ref": self.ref,
                "record_id": self.record_id, "id": self.voucher_id, "linked": self.linked,
                "person_name": self.person_name}


def number_text(number: int) -> str:
    return f"{number:03d}"


# --- the linked sources: one small declaration each ---------------------------------------------------
@dataclass(frozen=True)
class Source:
    """A register whose records are lines of the books, entered once at the source (§14). ``lines``
    gives them inside [start, end]; ``tab`` is the window's tab that edits them ("rights/suggestions":
    a page of a tab)."""

    name: str
    tab: str
    lines: Callable[[dt.date, dt.date], list[Line]]


def linked(source: str, record_id, on: dt.date, direction: str, category: str, item: str, amount_fen: int,
           settlement: str, summary: str) -> Line:
    return Line(on, direction, category, item, amount_fen, settlement, summary, source=source,
                ref=f"{source}#{record_id}", record_id=record_id)


ASSISTANCE_ITEMS = {"送温暖": ("维权支出", "送温暖费"), "金秋助学": ("维权支出", "困难职工帮扶费"),
                    "医疗救助": ("维权支出", "困难职工帮扶费"), "临时救助": ("维权支出", "困难职工帮扶费"),
                    "慰问": ("职工活动支出", "会员活动支出"), "其他": ("维权支出", "其他维权支出")}
ACTIVITY_ITEMS = {"文体活动": ("职工活动支出", "文体活动支出"), "培训": ("职工活动支出", "职工教育支出"),
                  "讲座": ("职工活动支出", "职工教育支出"), "劳动竞赛": ("业务支出", "专项业务费"),
                  "合理化建议征集": ("业务支出", "专项业务费")}
OTHER_ACTIVITY = ("职工活动支出", "其他活动支出")


def _assistance(start: dt.date, end: dt.date) -> list[Line]:
    """帮扶发放 paid in money from 本级工会经费: spending on its date (the records the 帮扶 tab lists,
    read with only the columns a line needs: ``welfare.paid_within``, as the tab lists them)."""
    from unionoffice.db.models import Assistance
    from unionoffice.domain import welfare

    rows = (welfare.paid_within(start, end)
            .select(Assistance.id, Assistance.on, Assistance.kind, Assistance.occasion, Assistance.amount_fen,
                    Person.name)
            .where((Assistance.source == "本级工会经费") & (Assistance.amount_fen > 0))
            .order_by(Assistance.on.desc(), Assistance.id.desc()).tuples())
    return [linked("困难帮扶", record_id, on, SPENDING, *ASSISTANCE_ITEMS.get(kind, ASSISTANCE_ITEMS["其他"]),
                   amount, CASH, f"{kind}{(' ' + occasion) if occasion else ''} {name}")
            for record_id, on, kind, occasion, amount, name in rows]


def _activities(start: dt.date, end: dt.date) -> list[Line]:
    """An activity's 实际费用: spending on its start date (activities record no 经费来源: 工会经费); the
    activities the tab lists, read with only the columns a line needs."""
    from unionoffice.db.models import Activity
    from unionoffice.domain import activities

    rows = []
    for year in range(start.year, end.year + 1):  # each year's list, as the tab's (latest first)
        within = activities.starting_within(max(start, dt.date(year, 1, 1)), min(end, dt.date(year, 12, 31)))
        rows.extend(Activity.select(Activity.id, Activity.starts_at, Activity.kind, Activity.name, Activity.cost_fen)
                    .where(within & (Activity.cost_fen > 0))
                    .order_by(Activity.starts_at.desc(), Activity.id.desc()).tuples())
    return [linked("活动", record_id, starts_at.date(), SPENDING, *ACTIVITY_ITEMS.get(kind, OTHER_ACTIVITY),
                   cost, BANK, f"{kind} {name}") for record_id, starts_at, kind, name, cost in rows]


def _dues(start: dt.date, end: dt.date) -> list[Line]:
    """Dues marked paid: 会费收入 of their month, dated the last payment inside the month."""
    from unionoffice.domain import dues

    lines = []
    for r in dues.paid_by_month(start.replace(day=1), end):
        month, last = r["month"], r["last_paid_on"]
        on = min(max(last, month), dues.month_end(month))
        if start <= on <= end and r["amount_fen"] > 0:
            lines.append(linked("会费", f"{month:%Y-%m}", on, INCOME, "会费收入", "", r["amount_fen"], BANK,
                                f"{month.year}年{month.month}月会费（{r['people']}人）"))
    return lines


def _suggestion_rewards(start: dt.date, end: dt.date) -> list[Line]:
    """合理化建议 奖励 paid from union funds: spending (业务支出/专项业务费) on the day it was paid."""
    from unionoffice.domain import suggestions

    return [linked("合理化建议", r["source_id"], r["on"], SPENDING, r["category"], r["item"], r["amount_fen"],
                   CASH, r["summary"]) for r in suggestions.paid_rewards(start, end)]


SOURCES: list[Source] = [Source("困难帮扶", "welfare", _assistance), Source("活动", "activities", _activities),
                         Source("会费", "dues", _dues), Source("合理化建议", "rights/suggestions", _suggestion_rewards)]


def linked_lines(start: dt.date, end: dt.date) -> list[Line]:
    return [line for source in SOURCES for line in source.lines(start, end)]


# --- vouchers ----------------------------------------------------------------------------------------
def _int(value, label: str, default: int | None = 0) -> int | None:
    if value in (None, ""):
        return default
    try:
        number = int(Decimal(str(value).strip()))
        if Decimal(str(value).strip()) != number:
            raise ValueError
    except Exception:
        raise ValidationError(label, f"应为整数，实际为“{value}”") from None
    if number < 0:
        raise ValidationError(label, "不能为负数")
    return number


def validate(values: dict, *, today: dt.date | None = None, imported: bool = False) -> dict:
    """A voucher's values checked (§14): the date (not after today), 收支, a category and 明细科目 of
    the code list, an amount above zero, the settlement, and the approver (a voucher is not
    saved without one)."""
    on = parse_date(values.get("on"), "日期", today=today)
    if on is None:
        raise ValidationError("日期", "必须填写")
    direction = clean_text(values.get("direction"))
    if direction not in DIRECTIONS:
        raise ValidationError("收支", "应为 收入 或 支出")
    category = clean_text(values.get("category"))
    if not category:
        raise ValidationError("类别", "必须填写")
    known = categories(direction)
    if category not in known:
        raise ValidationError("类别", f"“{category}”不是{direction}类别（应为 {'、'.join(known)} 之一；"
                                      "可在 设置 → 代码表 中增加）")
    item = clean_text(values.get("item"))
    if item and item not in items(category):
        raise ValidationError("明细科目", f"“{item}”不是“{category}”的明细科目（可在 设置 → 代码表 中增加）")
    amount = to_fen(values.get("amount"), "金额（元）") if "amount" in values else int(values.get("amount_fen") or 0)
    if amount <= 0:
        raise ValidationError("金额（元）", "应大于 0")
    settlement = clean_text(values.get("settlement")) or BANK
    if settlement not in SETTLEMENTS:
        raise ValidationError("结算方式", "应为 现金 或 银行存款")
    approver = clean_text(values.get("approver"))
    if not approver:
        raise ValidationError("审批人", "必须填写（凭证须经审批）")
    number = _int(values.get("number"), "凭证号", None)
    if number == 0:
        raise ValidationError("凭证号", "应从 1 起编号")
    person = values.get("person") or None
    return {"number": number, "on": on, "year": on.year,
            "summary": check_length(clean_text(values.get("summary")), "摘要", 200), "direction": direction,
            "category": category, "item": check_length(item, "明细科目", 100), "amount_fen": amount,
            "settlement": settlement, "handler": check_length(clean_text(values.get("handler")), "经办人", 50),
            "approver": check_length(approver, "审批人", 50), "pages": _int(values.get("pages"), "附件张数"),
            "person": int(person) if person else None}


def next_number(year: int) -> int:
    return int(Voucher.select(fn.MAX(Voucher.number)).where(Voucher.year == year).scalar() or 0) + 1


def is_closed(on: dt.date) -> bool:
    return ClosedMonth.select().where((ClosedMonth.year == on.year) & (ClosedMonth.month == on.month)).exists()


def _refuse_closed(on: dt.date) -> None:
    if is_closed(on):
        raise ValidationError("日期", f"{on.year}年{on.month}月已结账，凭证不能再增删改（如需改动，请先反结账）")


def _refuse_taken(year: int, number: int, voucher_id: int | None = None) -> None:
    query = Voucher.select().where((Voucher.year == year) & (Voucher.number == number))
    if voucher_id:
        query = query.where(Voucher.id != voucher_id)
    if query.exists():
        raise ValidationError("凭证号", f"{year}年已有 {number_text(number)} 号凭证")


def _audited(values: dict) -> dict:
    return {k: v for k, v in values.items() if k != "year"}


def create(values: dict, *, today: dt.date | None = None) -> Voucher:
    clean = validate(values, today=today)
    with database.atomic():
        _refuse_closed(clean["on"])
        if clean["number"] is None:
            clean["number"] = next_number(clean["year"])
        _refuse_taken(clean["year"], clean["number"])
        voucher = Voucher.create(**clean)
        audit.record("create", "voucher", voucher.id, None, _audited(clean))
    return voucher


def get(voucher_id: int) -> Voucher:
    return Voucher.get_by_id(voucher_id)


def update(voucher_id: int, values: dict, base: concurrency.Base | None = None, *,
           today: dt.date | None = None) -> Voucher:
    """Save an edited voucher; ``base`` as in ``members.update_person`` (another desk's newer change)."""
    clean = validate(values, today=today)
    with database.atomic():
        current = Voucher.get_by_id(voucher_id)
        _refuse_closed(current.on)
        _refuse_closed(clean["on"])
        if clean["number"] is None:
            clean["number"] = current.number if current.year == clean["year"] else next_number(clean["year"])
        _refuse_taken(clean["year"], clean["number"], voucher_id)
        before = {k: getattr(current, k if k != "person" else "person_id") for k in clean}
        changed = concurrency.changes_to_write("凭证", current, before, clean, base, FIELD_LABELS)
        if changed:
            Voucher.update(**changed).where(Voucher.id == voucher_id).execute()
            audit.record("update", "voucher", voucher_id, _audited({k: before[k] for k in changed}),
                         _audited(changed))
    return Voucher.get_by_id(voucher_id)


def delete(voucher_id: int) -> None:
    with database.atomic():
        voucher = Voucher.get_by_id(voucher_id)
        _refuse_closed(voucher.on)
        voucher.delete_instance()
        audit.record("delete", "voucher", voucher_id, {"number": voucher.number, "on": voucher.on,
                                                       "amount_fen": voucher.amount_fen}, None)


def describe(voucher_id: int) -> str:
    v = get(voucher_id)
    return f"{v.year}年 {number_text(v.number)} 号凭证（{v.summary or v.category} {money_text(v.amount_fen)} 元）"


MAX_ATTACHMENT = 20 * 1024 * 1024


def attach(voucher_id: int, filename: str, data: bytes) -> VoucherAttachment:
    """A scan kept with the voucher (in the office itself: backed up and carried to a server with it)."""
    if len(data) > MAX_ATTACHMENT:
        raise ValidationError("附件", f"文件太大（上限 {MAX_ATTACHMENT // 1024 // 1024} MB）")
    with database.atomic():
        voucher = get(voucher_id)
        _refuse_closed(voucher.on)
        item = VoucherAttachment.create(voucher=voucher_id, filename=filename, data=data, size=len(data))
        audit.record("attach", "voucher", voucher_id, None, {"file": filename, "size": len(data)})
    return item


def attachments(voucher_id: int) -> list[tuple[int, str, int]]:
    return [(a.id, a.filename, a.size) for a in VoucherAttachment.select(
        VoucherAttachment.id, VoucherAttachment.filename, VoucherAttachment.size)
        .where(VoucherAttachment.voucher == voucher_id).order_by(VoucherAttachment.id)]


def attachment_data(attachment_id: int) -> tuple[str, bytes]:
    item = VoucherAttachment.get_by_id(attachment_id)
    return item.filename, bytes(item.data)


def remove_attachment(attachment_id: int) -> None:
    item = VoucherAttachment.get_by_id(attachment_id)
    with database.atomic():
        _refuse_closed(item.voucher.on)
        item.delete_instance()
        audit.record("detach", "voucher", item.voucher_id, {"file": item.filename}, None)


# --- warnings before saving -----------------------------------------------------------------------
def warnings(values: dict, voucher_id: int | None = None, *, today: dt.date | None = None) -> list[str]:
    """What a clerk is told before a voucher is saved (it may still be saved): a spending over a
    limit of §14, naming the limit and what the member already received this year; and a voucher
    that repeats a linked line (same date, amount and category), which is in the books already."""
    clean = validate(values, today=today)
    found = []
    if clean["direction"] == SPENDING:
        found += _limit_warnings(clean, voucher_id)
    for line in linked_lines(clean["on"], clean["on"]):
        if (line.direction, line.category, line.amount_fen) == (clean["direction"], clean["category"],
                                                                clean["amount_fen"]):
            found.append(f"与{line.source}的记录重复：{line.on:%Y-%m-%d} {line.summary} {money_text(line.amount_fen)} 元"
                         f"已自动记入账簿（在“{line.source}”中修改），不必再录凭证。")
    return found


def _limit_warnings(clean: dict, voucher_id: int | None, *, in_order: bool = False,
                    amounts: dict[str, int] | None = None) -> list[str]:
    """``in_order``: count only what the member received before this voucher (the 经审 summary
    names the voucher that passed the limit, not the earlier ones). ``amounts``: ``limits()`` already
    read (the summary checks every voucher against the same settings)."""
    amounts = amounts or limits()
    found = []
    for limit in LIMITS:
        if not clean["item"].endswith(limit.name):
            continue
        cap = amounts[limit.name]
        if limit.per == "event":
            if clean["amount_fen"] > cap:
                found.append(f"超过{limit.text(cap)}：本笔 {money_text(clean['amount_fen'])} 元。")
            continue
        if not clean["person"]:
            if clean["amount_fen"] > cap:
                found.append(f"超过{limit.text(cap)}：本笔 {money_text(clean['amount_fen'])} 元。")
            continue
        query = Voucher.select(fn.SUM(Voucher.amount_fen)).where(
            (Voucher.person == clean["person"]) & (Voucher.year == clean["year"]) & (Voucher.item == clean["item"]))
        if voucher_id:
            query = query.where(Voucher.id != voucher_id)
        if in_order:
            query = query.where((Voucher.on < clean["on"]) | ((Voucher.on == clean["on"])
                                                             & (Voucher.number < clean["number"])))
        received = int(query.scalar() or 0)
        if received + clean["amount_fen"] > cap:
            name = Person.get_by_id(clean["person"]).name
            found.append(f"超过{limit.text(cap)}：{name} {clean['year']}年已领 {money_text(received)} 元，"
                         f"加上本笔 {money_text(clean['amount_fen'])} 元共 {money_text(received + clean['amount_fen'])} 元。")
    return found


# --- the books ---------------------------------------------------------------------------------------
def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def voucher_lines(year: int) -> list[Line]:
    query = (Voucher.select(Voucher, Person.name).join(Person, JOIN.LEFT_OUTER, on=(Voucher.person == Person.id))
             .where(Voucher.year == year).order_by(Voucher.on, Voucher.number))
    lines = []
    for v in query:
        person = v.person.name if v.person_id else ""
        lines.append(Line(v.on, v.direction, v.category, v.item, v.amount_fen, v.settlement, v.summary, v.number,
                          v.id, handler=v.handler, approver=v.approver, pages=v.pages, person_name=person))
    return lines


_counting = threading.local()


@contextmanager
def counting():
    """Inside it, each year's lines are read once on this thread: the 经费 tab's list, statement,
    budget execution, journals and chart each ask for them (the linked lines took seconds a time at
    100,000 members). Outside it, every call reads the books afresh."""
    outer = getattr(_counting, "years", None)
    if outer is None:
        _counting.years = {}
    try:
        yield
    finally:
        if outer is None:
            _counting.years = None


def lines(year: int) -> list[Line]:
    """Every line of a year's books: vouchers and linked lines, by date (each counted once)."""
    years = getattr(_counting, "years", None)
    if years is not None and year in years:
        return list(years[year])
    found = voucher_lines(year) + linked_lines(*_year_bounds(year))
    found.sort(key=lambda line: (line.on, line.linked, line.number or 0, line.ref))
    if years is not None:
        years[year] = found
    return list(found)


def books(year: int, text: str = "", direction: str = "", category: str = "", source: str = "") -> list[dict]:
    """The tab's list: the year's lines as rows, filtered."""
    text = clean_text(text)
    rows = []
    for line in lines(year):
        if direction and line.direction != direction:
            continue
        if category and line.category != category:
            continue
        if source == "凭证" and line.linked or source and source != "凭证" and line.source != source:
            continue
        if text and not any(text in s for s in (line.summary, line.item, line.category, line.handler,
                                                line.approver, line.person_name, line.ref,
                                                number_text(line.number) if line.number else "")):
            continue
        rows.append(line.row())
    return rows


def totals(year: int, through: dt.date | None = None) -> dict:
    """Income and spending by category (every category of the code lists, then any other used)."""
    income = {c: 0 for c in categories(INCOME)}
    spending = {c: 0 for c in categories(SPENDING)}
    for line in lines(year):
        if through and line.on > through:
            continue
        target = income if line.direction == INCOME else spending
        target[line.category] = target.get(line.category, 0) + line.amount_fen
    return {"income": income, "spending": spending, "income_fen": sum(income.values()),
            "spending_fen": sum(spending.values())}


# --- opening balances and journals ------------------------------------------------------------------
def opening(year: int) -> dict[str, int]:
    row = FundsOpening.get_or_none(FundsOpening.year == year)
    return {CASH: row.cash_fen if row else 0, BANK: row.bank_fen if row else 0, "set": row is not None}


def set_opening(year: int, cash, bank) -> None:
    """年初余额 of a year (cash and bank), entered once: a change after a month of the year is closed
    is refused."""
    cash_fen = cash if isinstance(cash, int) else to_fen(cash, "现金年初余额")
    bank_fen = bank if isinstance(bank, int) else to_fen(bank, "银行存款年初余额")
    with database.atomic():
        if ClosedMonth.select().where(ClosedMonth.year == year).exists():
            raise ValidationError("年初余额", f"{year}年已有月份结账，年初余额不能再改（请先反结账）")
        before = opening(year)
        FundsOpening.insert(year=year, cash_fen=cash_fen, bank_fen=bank_fen).on_conflict(
            conflict_target=[FundsOpening.year],
            update={FundsOpening.cash_fen: cash_fen, FundsOpening.bank_fen: bank_fen}).execute()
        audit.record("update", "funds", year, {"cash_fen": before[CASH], "bank_fen": before[BANK]} if before["set"] else None,
                     {"cash_fen": cash_fen, "bank_fen": bank_fen})


def journal(year: int, settlement: str) -> dict:
    """现金日记账 / 银行存款日记账: the opening balance, each line with its running balance, totals."""
    balance = opening(year)[settlement]
    start = balance
    rows = []
    income = spending = 0
    for line in lines(year):
        if line.settlement != settlement:
            continue
        balance += line.signed_fen
        income += line.amount_fen if line.direction == INCOME else 0
        spending += line.amount_fen if line.direction == SPENDING else 0
        rows.append({**line.row(), "income_fen": line.amount_fen if line.direction == INCOME else None,
                     "spending_fen": line.amount_fen if line.direction == SPENDING else None, "balance_fen": balance})
    return {"opening_fen": start, "rows": rows, "income_fen": income, "spending_fen": spending, "closing_fen": balance}


# --- closing months ------------------------------------------------------------------------------------
def closed_months(year: int) -> list[int]:
    return [m for (m,) in ClosedMonth.select(ClosedMonth.month).where(ClosedMonth.year == year)
            .order_by(ClosedMonth.month).tuples()]


def close_month(year: int, month: int, *, today: dt.date | None = None) -> None:
    """结账: the month's vouchers can no longer be added, changed or deleted until it is reopened."""
    today = today or dt.date.today()
    if not 1 <= month <= 12:
        raise ValidationError("月份", "应为 1 至 12")
    if dt.date(year, month, 1) > today:
        raise ValidationError("月份", f"{year}年{month}月尚未开始，不能结账")
    with database.atomic():
        if month in closed_months(year):
            raise ValidationError("月份", f"{year}年{month}月已结账")
        ClosedMonth.create(year=year, month=month, closed_by=audit._actor())
        audit.record("close_month", "funds", year, None, {"month": f"{year}-{month:02d}"})


def reopen_month(year: int, month: int, reason: str = "") -> None:
    """反结账: the month may change again; who did it, when and why is in the audit log."""
    with database.atomic():
        removed = ClosedMonth.delete().where((ClosedMonth.year == year) & (ClosedMonth.month == month)).execute()
        if not removed:
            raise ValidationError("月份", f"{year}年{month}月没有结账")
        audit.record("reopen_month", "funds", year, {"month": f"{year}-{month:02d}"},
                     {"reason": clean_text(reason)} if clean_text(reason) else None)


# --- budget -------------------------------------------------------------------------------------------
def budgets(year: int) -> dict[str, int]:
    return dict(FundsBudget.select(FundsBudget.category, FundsBudget.amount_fen)
                .where(FundsBudget.year == year).tuples())


def set_budget(year: int, category: str, amount) -> None:
    fen = amount if isinstance(amount, int) else to_fen(amount, "预算（元）")
    if category not in categories(SPENDING):
        raise ValidationError("类别", f"“{category}”不是支出类别")
    with database.atomic():
        before = budgets(year).get(category)
        if fen == 0:
            FundsBudget.delete().where((FundsBudget.year == year) & (FundsBudget.category == category)).execute()
        else:
            FundsBudget.insert(year=year, category=category, amount_fen=fen).on_conflict(
                conflict_target=[FundsBudget.year, FundsBudget.category],
                update={FundsBudget.amount_fen: fen}).execute()
        audit.record("update", "funds", year, {"category": category, "budget_fen": before},
                     {"category": category, "budget_fen": fen})


def execution(year: int) -> list[dict]:
    """预算执行: per spending category, budget, spent, remaining, the rate, and a warning at 90% and 100%."""
    planned = budgets(year)
    spent = totals(year)["spending"]
    rows = []
    for category in dict.fromkeys([*categories(SPENDING), *planned, *spent]):
        budget, used = planned.get(category, 0), spent.get(category, 0)
        rate = (Decimal(used) / Decimal(budget)).quantize(Decimal("0.0001")) if budget else None
        warning = ""
        if budget and used > budget:
            warning = "已超预算"
        elif budget and used == budget:
            warning = "已用完预算"
        elif rate is not None and rate >= Decimal("0.9"):
            warning = "已用 90% 以上"
        elif not budget and used:
            warning = "无预算"
        rows.append({"category": category, "budget_fen": budget, "spent_fen": used, "remaining_fen": budget - used,
                     "rate": rate, "warning": warning})
    return rows


def budget_warnings(year: int) -> list[str]:
    return [f"{r['category']}：预算 {money_text(r['budget_fen'])} 元，已支出 {money_text(r['spent_fen'])} 元"
            f"（{r['rate'] * 100:.1f}%），{r['warning']}" for r in execution(year)
            if r["budget_fen"] and r["warning"]]


# --- reports ------------------------------------------------------------------------------------------
def statement(year: int) -> list[tuple[str, int]]:
    """收入支出表: each line label with its amount (§14): 年初结余, the income lines, 收入合计, the
    spending lines, 支出合计, 本年结余 = 收入合计 − 支出合计, 年末结余."""
    t = totals(year)
    start = opening(year)
    begin = start[CASH] + start[BANK]
    balance = t["income_fen"] - t["spending_fen"]
    return ([("年初结余", begin)] + list(t["income"].items()) + [("收入合计", t["income_fen"])]
            + list(t["spending"].items()) + [("支出合计", t["spending_fen"]), ("本年结余", balance),
                                             ("年末结余", begin + balance)])


def spending_by_month(year: int) -> dict[str, list[int]]:
    """For the tab's chart: each spending category's amount per month."""
    found = {c: [0] * 12 for c in categories(SPENDING)}
    for line in lines(year):
        if line.direction == SPENDING:
            found.setdefault(line.category, [0] * 12)[line.on.month - 1] += line.amount_fen
    return found


def review_summary(year: int) -> list[tuple[str, object]]:
    """经审 summary: what the 经费审查委员会 looks at, label and value."""
    all_lines = lines(year)
    vouchers = [line for line in all_lines if not line.linked]
    linked_ = [line for line in all_lines if line.linked]
    by_day = {(line.on, line.direction, line.category, line.amount_fen) for line in linked_}
    repeated = [v for v in vouchers if (v.on, v.direction, v.category, v.amount_fen) in by_day]
    t = totals(year)
    start = opening(year)
    cash, bank = journal(year, CASH), journal(year, BANK)
    over_limit = 0
    person_of = dict(Voucher.select(Voucher.id, Voucher.person).where(Voucher.year == year).tuples())
    amounts = limits()
    for v in vouchers:
        values = {"direction": v.direction, "item": v.item, "amount_fen": v.amount_fen, "on": v.on, "number": v.number,
                  "person": person_of[v.voucher_id], "year": year}
        if v.direction == SPENDING and _limit_warnings(values, v.voucher_id, in_order=True, amounts=amounts):
            over_limit += 1
    months = closed_months(year)
    return [
        ("年度", f"{year}年"), ("凭证张数", len(vouchers)), ("联动记录条数", len(linked_)),
        ("附件张数合计", sum(v.pages for v in vouchers)),
        ("无附件的支出凭证", sum(1 for v in vouchers if v.direction == SPENDING and not v.pages)),
        ("与联动记录重复的凭证", len(repeated)), ("超过限额的支出凭证", over_limit),
        ("年初结余（元）", start[CASH] + start[BANK]), ("收入合计（元）", t["income_fen"]),
        ("支出合计（元）", t["spending_fen"]), ("本年结余（元）", t["income_fen"] - t["spending_fen"]),
        ("现金年末余额（元）", cash["closing_fen"]), ("银行存款年末余额（元）", bank["closing_fen"]),
        ("日记账负余额", "；".join(negative_balances(year)) or "无"),
        ("已结账月份", "、".join(f"{m}月" for m in months) or "无"),
        ("预算执行提示", "；".join(budget_warnings(year)) or "无"),
    ]


def negative_balances(year: int) -> list[str]:
    """Where a journal's running balance first falls below zero (more paid out than held)."""
    found = []
    for settlement in SETTLEMENTS:
        below = next((r for r in journal(year, settlement)["rows"] if r["balance_fen"] < 0), None)
        if below:
            found.append(f"{settlement}日记账自 {below['on']:%Y-%m-%d} 起余额为负（{money_text(below['balance_fen'])} 元）")
    return found


def report(year: int) -> dict:
    """Everything the funds workbook holds, as plain data (excel/funds_report.py writes it)."""
    with counting():  # the year's lines are read once for all of it
        return {"year": year, "statement": statement(year), "execution": execution(year),
                "journals": {CASH: journal(year, CASH), BANK: journal(year, BANK)}, "review": review_summary(year)}


def headline(year: int) -> dict[str, int]:
    """概况: this year's income, spending and balance (年末结余 so far)."""
    t = totals(year)
    start = opening(year)
    return {"income_fen": t["income_fen"], "spending_fen": t["spending_fen"],
            "balance_fen": start[CASH] + start[BANK] + t["income_fen"] - t["spending_fen"]}
