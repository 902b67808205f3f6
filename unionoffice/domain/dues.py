"""会费 (domain.md §9): 0.5% of the monthly basic wage, the part below 10 元 not counted, so the dues
are exact to the fen: 5,678.90 → 5,670 → 28.35. Retirees and members on 保留 pay none. Six months
unpaid is treated as leaving — the app lists the candidates; the clerk decides."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from peewee import JOIN, fn

from unionoffice.collation import name_key
from unionoffice.db import bulk
from unionoffice.db.models import Department, DuesPayment, MembershipEvent, Person, WageBase, database
from unionoffice.domain import audit, members
from unionoffice.domain.money import to_fen
from unionoffice.domain.validation import ValidationError, clean_text, parse_date
from unionoffice.domain.wording import chinese_month

EXEMPT_STATUSES = ("退休", "离休")
HIGHLIGHT_MONTHS, LEAVING_MONTHS = 3, 6


def month_of(value) -> dt.date:
    """'2026-11', '2026年11月', a date → the first day of that month."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    text = clean_text(value)
    m = re.fullmatch(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?", text)
    if not m or not 1 <= int(m[2]) <= 12:
        raise ValidationError("月份", f"无法识别的月份“{text}”（如 2026-11）")
    return dt.date(int(m[1]), int(m[2]), 1)


def month_end(month: dt.date) -> dt.date:
    return (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)


def dues_fen(base_fen: int) -> int:
    """0.5% of the base floored to whole 10 元: exact to the fen, no rounding."""
    return (base_fen // 1000) * 5


MAX_BASE_FEN = 100_000_000  # 1,000,000 元 a month: anything above is a typing slip (分 typed as 元)


def check_base(value) -> int:
    """A monthly wage base typed by hand: 元, exact to the fen, more than 0 and not absurd."""
    if value is None or clean_text(value) == "":
        raise ValidationError("工资基数", "必须填写（元，如 5,678.90）")
    fen = to_fen(value, "工资基数")
    if fen == 0:
        raise ValidationError("工资基数", "应大于 0")
    if fen > MAX_BASE_FEN:
        raise ValidationError("工资基数", f"“{clean_text(value)}”元超过每月 100 万元，请核对")
    return fen


def set_base(person_id: int, month, base, source: str = "手工") -> WageBase:
    """Set a person's wage base from ``month`` on (setting the same month again replaces it: that is
    how a slip is undone). Months already paid keep the base they were paid on."""
    month = month_of(month)
    fen = check_base(base)
    if Person.get_or_none(Person.id == person_id) is None:
        raise ValidationError("职工", "名册中没有此人")
    with database.atomic():
        row = WageBase.get_or_none((WageBase.person == person_id) & (WageBase.month == month))
        before = {"month": month, "base_fen": row.base_fen, "source": row.source} if row else None
        if row:
            WageBase.update(base_fen=fen, source=source).where(WageBase.id == row.id).execute()
        else:
            row = WageBase.create(person=person_id, month=month, base_fen=fen, source=source)
        audit.record("wage", "person", person_id, before, {"month": month, "base_fen": fen, "source": source})
    return WageBase.get_by_id(row.id)


def base_history(person_id: int) -> list[dict]:
    """A person's wage bases, newest month first: month, base_fen, source (手工 / 导入)."""
    return [{"month": w.month, "base_fen": w.base_fen, "source": w.source}
            for w in WageBase.select().where(WageBase.person == person_id).order_by(WageBase.month.desc())]


def bases_for(month: dt.date) -> dict[int, int]:
    """Each person's base for a month: the latest entry taking effect on or before it."""
    latest = (WageBase.select(WageBase.person, fn.MAX(WageBase.month).alias("m"))
              .where(WageBase.month <= month).group_by(WageBase.person))
    rows = (WageBase.select(WageBase.person, WageBase.base_fen)
            .join(latest, on=((WageBase.person == latest.c.person_id) & (WageBase.month == latest.c.m))).tuples())
    return dict(rows)


def liable(month) -> list[int]:
    """Members who owe dues for a month: in force on its last day (joining mid-month counts), still
    employed, not retired, not on 保留."""
    month = month_of(month)
    end = month_end(month)
    latest = members.latest_events_on(end).alias("latest")
    held = (Person.select(latest.c.person_id).from_(latest).where(latest.c.kind == "保留"))
    query = (Person.select(Person.id).where(members.employees_on(end) & Person.id.in_(members.member_ids_on(end))
                                           & Person.id.not_in(held)
                                           & Person.employment_status.not_in(EXEMPT_STATUSES)))
    return [pid for (pid,) in query.tuples()]


@dataclass
class SheetRow:
    person_id: int
    name: str
    department: str
    base_fen: int | None
    amount_fen: int | None
    paid_on: dt.date | None


def _month_rows(month: dt.date) -> list[tuple]:
    """(person_id, name, department, base_fen or None, paid amount or None, paid_on or None) for everyone
    liable for the month or who paid for it: one query over subqueries (no id lists), so a roster of
    100,000 costs one scan."""
    end = month_end(month)
    latest_event = members.latest_events_on(end).alias("latest")
    held = Person.select(latest_event.c.person_id).from_(latest_event).where(latest_event.c.kind == "保留")
    owes = (members.employees_on(end) & Person.id.in_(members.member_ids_on(end)) & Person.id.not_in(held)
            & Person.employment_status.not_in(EXEMPT_STATUSES))
    latest_base = (WageBase.select(WageBase.person, fn.MAX(WageBase.month).alias("m"))
                   .where(WageBase.month <= month).group_by(WageBase.person)).alias("lb")
    base = WageBase.alias("base")
    paid = DuesPayment.alias("paid")
    query = (Person.select(Person.id, Person.name, Department.name, base.base_fen, paid.base_fen, paid.amount_fen,
                           paid.paid_on)
             .join(Department, JOIN.LEFT_OUTER, on=Person.department == Department.id)
             .switch(Person).join(latest_base, JOIN.LEFT_OUTER, on=(latest_base.c.person_id == Person.id))
             .join(base, JOIN.LEFT_OUTER, on=((base.person == Person.id) & (base.month == latest_base.c.m)))
             .switch(Person).join(paid, JOIN.LEFT_OUTER, on=((paid.person == Person.id) & (paid.month == month)))
             .where(owes | paid.id.is_null(False))
             .order_by(Department.name, Person.name_key))
    return database.execute(query).fetchall()


def sheet(month) -> list[SheetRow]:
    """The month's collection sheet, by department and name."""
    month = month_of(month)
    rows = []
    for person_id, name, dept, base_fen, paid_base, paid_amount, paid_on in _month_rows(month):
        if paid_on is not None:
            paid_on = paid_on if isinstance(paid_on, dt.date) else dt.date.fromisoformat(str(paid_on))
            rows.append(SheetRow(person_id, name, dept or "", paid_base, paid_amount, paid_on))
        else:
            rows.append(SheetRow(person_id, name, dept or "", base_fen,
                                 dues_fen(base_fen) if base_fen is not None else None, None))
    return rows


def mark_paid(month, person_ids: list[int], on=None, note: str = "") -> int:
    """Record payment for these people (their base must be known); returns how many were recorded."""
    month = month_of(month)
    date = parse_date(on, "缴费日期") if on else dt.date.today()
    bases = bases_for(month)
    owed = set(liable(month))
    missing = [pid for pid in person_ids if pid not in bases]
    if missing:
        raise ValidationError("工资基数", f"{members.get_person(missing[0]).name} 等 {len(missing)} 人没有 "
                                         f"{chinese_month(month)} 的工资基数，请先导入工资")
    done = {p.person_id for p in DuesPayment.select(DuesPayment.person).where(DuesPayment.month == month)}
    note = clean_text(note)
    rows = [(person_id, month, bases[person_id], dues_fen(bases[person_id]), date, note)
            for person_id in dict.fromkeys(person_ids) if person_id not in done and person_id in owed]
    with database.atomic():  # one statement for all (全部标记已缴 at 100,000 members)
        bulk.insert_rows(DuesPayment, ("person", "month", "base_fen", "amount_fen", "paid_on", "note"), rows)
        audit.record("dues", "dues_payment", None, None, {"month": month, "paid": len(rows)})
    return len(rows)


def mark_all_paid(month, on=None) -> int:
    month = month_of(month)
    bases = bases_for(month)
    return mark_paid(month, [pid for pid in liable(month) if pid in bases], on)


def undo_payment(month, person_id: int) -> None:
    month = month_of(month)
    with database.atomic():
        DuesPayment.delete().where((DuesPayment.month == month) & (DuesPayment.person == person_id)).execute()
        audit.record("dues", "dues_payment", person_id, {"month": month}, None)


def totals(month) -> dict[str, int]:
    return totals_of(sheet(month))


def totals_of(rows: list[SheetRow]) -> dict[str, int]:
    """应缴, 已缴 and 缺工资基数 of a month's sheet already read."""
    due = [r for r in rows if r.amount_fen is not None]
    return {"people": len(rows), "due_fen": sum(r.amount_fen for r in due),
            "paid_people": sum(r.paid_on is not None for r in rows),
            "paid_fen": sum(r.amount_fen for r in due if r.paid_on is not None),
            "no_base": sum(r.base_fen is None for r in rows)}


def arrears(through, months_back: int = 12) -> list[dict]:
    """Members with unpaid months up to ``through``, most months first: 3+ highlighted, 6+ listed as
    视为自动退会 candidates. Only months in which they owed dues count."""
    through = month_of(through)
    result: dict[int, dict] = {}
    month = through
    for _ in range(months_back):
        paid = {pid for (pid,) in DuesPayment.select(DuesPayment.person).where(DuesPayment.month == month).tuples()}
        bases = bases_for(month)
        for pid in liable(month):
            if pid not in paid and pid in bases:  # owed: a member with a known wage base
                entry = result.setdefault(pid, {"person_id": pid, "months": []})
                entry["months"].append(month)
        month = (month - dt.timedelta(days=1)).replace(day=1)
    people = {p["id"]: p for p in Person.select(Person.id, Person.name, Department.name.alias("dept"))
              .join(Department, JOIN.LEFT_OUTER, on=Person.department == Department.id)
              .where(Person.id.in_(list(result))).dicts()}
    rows = []
    for pid, entry in result.items():
        months = sorted(entry["months"])
        rows.append({"person_id": pid, "name": people[pid]["name"], "department": people[pid]["dept"] or "",
                     "unpaid": len(months), "since": months[0], "consecutive": _consecutive(months, through),
                     "candidate": _consecutive(months, through) >= LEAVING_MONTHS})
    return sorted(rows, key=lambda r: (-r["consecutive"], -r["unpaid"], name_key(r["name"])))


def _consecutive(months: list[dt.date], through: dt.date) -> int:
    count, month = 0, through
    wanted = set(months)
    while month in wanted:
        count += 1
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return count


def year_summary(year: int) -> list[dict]:
    """Per month of a year: members liable, due and collected."""
    rows = []
    for m in range(1, 13):
        month = dt.date(year, m, 1)
        if month > dt.date.today():
            break
        t = totals(month)
        rows.append({"month": month, **t})
    return rows


def joined_on(person_id: int) -> dt.date | None:
    return (MembershipEvent.select(fn.MIN(MembershipEvent.date))
            .where((MembershipEvent.person == person_id) & (MembershipEvent.kind.in_(("入会", "转入")))).scalar())


def paid_by_month(start: dt.date, end: dt.date) -> list[dict]:
    """The dues marked paid per dues month inside [start, end]: month, amount, people, last paid on
    (the books' 会费收入, domain.md §14)."""
    query = (DuesPayment.select(DuesPayment.month, fn.SUM(DuesPayment.amount_fen), fn.COUNT(DuesPayment.id),
                                fn.MAX(DuesPayment.paid_on))
             .where((DuesPayment.month >= start) & (DuesPayment.month <= end))
             .group_by(DuesPayment.month).order_by(DuesPayment.month))
    rows = []
    for month, amount, people, last in query.tuples():
        month = month if isinstance(month, dt.date) else dt.date.fromisoformat(str(month))
        last = last if isinstance(last, dt.date) else dt.date.fromisoformat(str(last))
        rows.append({"month": month, "amount_fen": int(amount or 0), "people": people, "last_paid_on": last})
    return rows
