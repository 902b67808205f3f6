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


def _month_query(month: dt.date):
    """Everyone liable for the month or who paid for it, unordered: person_id, name, department,
    base_fen (the latest base on or before the month), paid_base, paid_amount, paid_on, name_key.
    One query over subqueries (no id lists), so a roster of 100,000 costs one scan."""
    end = month_end(month)
    latest_event = members.latest_events_on(end).alias("latest")
    # a member whose latest event is not 保留: one pass over the events (not one for 会员, one for 保留)
    paying = (Person.select(latest_event.c.person_id).from_(latest_event)
              .where(latest_event.c.kind.in_([k for k in members.MEMBER_KINDS if k != "保留"])))
    owes = (members.employees_on(end) & Person.id.in_(paying) & Person.employment_status.not_in(EXEMPT_STATUSES))
    return _sheet_select(month).where(owes | DuesPayment.alias("paid").id.is_null(False))


def _sheet_select(month: dt.date):
    """The sheet's columns of every person, unfiltered: the base is the latest one on or before the
    month, looked up per row through the (person, month) index."""
    wage = WageBase.alias("wage")
    base = (wage.select(wage.base_fen).where((wage.person == Person.id) & (wage.month <= month))
            .order_by(wage.month.desc()).limit(1))
    paid = DuesPayment.alias("paid")
    return (Person.select(Person.id.alias("person_id"), Person.name.alias("name"),
                          Department.name.alias("department"), base.alias("base_fen"),
                          paid.base_fen.alias("paid_base"), paid.amount_fen.alias("paid_amount"),
                          paid.paid_on.alias("paid_on"), Person.name_key.alias("name_key"))
            .join(Department, JOIN.LEFT_OUTER, on=Person.department == Department.id)
            .switch(Person).join(paid, JOIN.LEFT_OUTER, on=((paid.person == Person.id) & (paid.month == month))))


_COLUMNS = "person_id, name, department, base_fen, paid_base, paid_amount, paid_on"


def _month_rows(month: dt.date) -> list[tuple]:
    """(person_id, name, department, base_fen or None, paid base, paid amount or None, paid_on or None)
    of the month's sheet, by department and name (people without a department last)."""
    sql, params = _month_query(month).sql()
    return database.execute_sql(f"SELECT {_COLUMNS} FROM ({sql}) AS s ORDER BY {_order_sql('department', False)}",
                                params).fetchall()


# what a sheet row's 会费 is: the amount paid, else 0.5% of its base (floored to whole 10 元)
_AMOUNT_SQL = ("CASE WHEN paid_on IS NOT NULL THEN paid_amount WHEN base_fen IS NOT NULL"
               " THEN (base_fen / 1000) * 5 END")
# 未缴, 缺工资基数, 已缴: the statuses in their pinyin order, as the other lists sort text
_STATUS_SQL = "CASE WHEN paid_on IS NOT NULL THEN 3 WHEN base_fen IS NULL THEN 2 ELSE 1 END"
SHEET_ORDER = {  # the sheet's columns, as the tab sorts them (in SQL: ties by name, then id)
    "name": "name_key", "department": "department", "base": "COALESCE(paid_base, base_fen)",
    "amount": _AMOUNT_SQL, "status": _STATUS_SQL, "paid_on": "paid_on"}


def figures(month) -> dict[str, int]:
    """The month's 应缴 / 已缴 / 缺工资基数, what ``totals`` counts from the sheet, in one aggregate
    query (no rows brought back)."""
    month = month_of(month)
    sql, params = _month_query(month).sql()
    people, due, paid_people, paid_fen, no_base = database.execute_sql(
        "SELECT COUNT(*), SUM(amount), SUM(CASE WHEN paid_on IS NOT NULL THEN 1 ELSE 0 END),"
        " SUM(CASE WHEN paid_on IS NOT NULL THEN amount ELSE 0 END),"
        " SUM(CASE WHEN paid_on IS NULL AND base_fen IS NULL THEN 1 ELSE 0 END)"
        f" FROM (SELECT paid_on, base_fen, {_AMOUNT_SQL} AS amount FROM ({sql}) AS s) AS r", params).fetchone()
    return {"people": int(people or 0), "due_fen": int(due or 0), "paid_people": int(paid_people or 0),
            "paid_fen": int(paid_fen or 0), "no_base": int(no_base or 0)}


def sheet_ids(month, order: str = "department", descending: bool = False) -> list[int]:
    """The ids of the month's sheet in a column's order (``SHEET_ORDER``), sorted in SQL."""
    month = month_of(month)
    sql, params = _month_query(month).sql()
    return [pid for (pid,) in database.execute_sql(
        f"SELECT person_id FROM ({sql}) AS s ORDER BY {_order_sql(order, descending)}", params).fetchall()]


def _order_sql(order: str, descending: bool) -> str:
    """A sheet column's ORDER BY: empty cells after the filled ones either way (on SQLite and
    PostgreSQL alike, which put NULLs at opposite ends), ties by name."""
    key = SHEET_ORDER.get(order, "department")
    way = "DESC" if descending else "ASC"
    return f"({key}) IS NULL, {key} {way}, name_key {way}, person_id"


def sheet_records(month, person_ids: list[int]) -> dict[int, SheetRow]:
    """Some rows of the month's sheet (a page of the tab's list), by id."""
    month = month_of(month)
    if not person_ids:
        return {}
    sql, params = _sheet_select(month).where(Person.id.in_(list(person_ids))).sql()
    return {row.person_id: row for row in map(_sheet_row, database.execute_sql(
        f"SELECT {_COLUMNS} FROM ({sql}) AS s", params).fetchall())}


def _sheet_row(found: tuple) -> SheetRow:
    person_id, name, dept, base_fen, paid_base, paid_amount, paid_on = found
    if paid_on is not None:
        paid_on = paid_on if isinstance(paid_on, dt.date) else dt.date.fromisoformat(str(paid_on))
        return SheetRow(person_id, name, dept or "", paid_base, paid_amount, paid_on)
    return SheetRow(person_id, name, dept or "", base_fen, dues_fen(base_fen) if base_fen is not None else None, None)


def sheet(month) -> list[SheetRow]:
    """The month's collection sheet, by department and name."""
    month = month_of(month)
    return [_sheet_row(r) for r in _month_rows(month)]


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
    视为自动退会 candidates. Only months in which they owed dues count. One query for all the months
    (at 100,000 people a query per month took seconds): each membership span gives the months it owes
    as bits of a number, the payments of the months another, and only people with an unpaid bit come
    back."""
    through = month_of(through)
    first = _month_number(through) - months_back + 1
    sql, params, _ = _unpaid_sql(through, months_back)
    code_points = ' COLLATE "C"' if members.on_server() else ""  # the order Python compares strings in
    sql += (" SELECT u.person_id, u.mask, p.name, dp.name, p.name_key FROM unpaid u"
            " JOIN person p ON p.id = u.person_id LEFT JOIN department dp ON dp.id = p.department_id"
            f" WHERE u.mask <> 0 ORDER BY p.name_key{code_points}, u.person_id")
    counted: dict[int, tuple] = {}  # most people behind are behind in the same months
    groups: dict[tuple[int, int], list[dict]] = {}  # (consecutive, unpaid): its rows, in name order
    depts: dict[str, str] = {}  # one string per department, not one per row
    in_order = True  # every name's key came from the database, in its order
    for pid, mask, name, dept, key in database.execute_sql(sql, params):  # row by row: no second copy of 200,000
        dept = depts.setdefault(dept or "", dept or "")
        mask = int(mask)
        found = counted.get(mask)
        if found is None:
            months = [_month_at(first + i) for i in range(months_back) if mask >> i & 1]
            consecutive = 0
            while consecutive < months_back and mask >> (months_back - 1 - consecutive) & 1:
                consecutive += 1
            found = counted[mask] = (len(months), months[0], consecutive)
        unpaid, since, consecutive = found
        if not key:
            in_order, key = False, name_key(name)
        groups.setdefault((consecutive, unpaid), []).append(
            {"person_id": pid, "name": name, "department": dept, "unpaid": unpaid, "since": since,
             "consecutive": consecutive, "candidate": consecutive >= LEAVING_MONTHS, "key": key})
    # most months first, then by name: the names come sorted from the database, so only the few groups
    # are sorted here (one sort of 200,000 rows held the GIL, and the window, a third of a second)
    rows = []
    for group in sorted(groups, key=lambda g: (-g[0], -g[1])):
        rows.extend(groups.pop(group))
    if not in_order:  # a name without its key (never written so by this program): sorted here
        rows.sort(key=lambda r: (-r["consecutive"], -r["unpaid"], r["key"]))
    for r in rows:
        del r["key"]
    return rows


def _unpaid_sql(through: dt.date, months_back: int = 12) -> tuple[str, list, int]:
    """The start of a query (WITH … unpaid) whose ``unpaid`` holds (person_id, mask): bit i set when
    the person owed dues with a known base in month ``through - months_back + 1 + i`` and has not paid
    them; and the parameters, and ``months_back``."""
    first = _month_number(through) - months_back + 1
    sql, params = _owed_masks_sql(first, months_back, month_end(through))
    paid = (f"(SELECT SUM(1 << ({_month_sql('d.month')} - {first})) FROM dues_payment d"
            f" WHERE d.person_id = o.person_id AND d.month >= {members.sql_mark()} AND d.month <= {members.sql_mark()})")
    sql += f", unpaid AS MATERIALIZED (SELECT o.person_id, o.mask & ~COALESCE({paid}, 0) AS mask FROM owed o)"
    return sql, params + members.sql_dates([_month_at(first), through]), months_back



def _month_number(month: dt.date) -> int:
    return month.year * 12 + month.month - 1


def _month_at(number: int) -> dt.date:
    return dt.date(number // 12, number % 12 + 1, 1)


def _month_sql(column: str) -> str:
    """SQL of the month number (year × 12 + month − 1) of a date column."""
    if members.on_server():
        return f"(CAST(EXTRACT(YEAR FROM {column}) AS INTEGER) * 12 + CAST(EXTRACT(MONTH FROM {column}) AS INTEGER) - 1)"
    return f"(CAST(substr({column}, 1, 4) AS INTEGER) * 12 + CAST(substr({column}, 6, 2) AS INTEGER) - 1)"


def _most() -> str:
    return "GREATEST" if members.on_server() else "MAX"


def _least() -> str:
    return "LEAST" if members.on_server() else "MIN"


def _owed_masks_sql(first: int, count: int, last_end: dt.date, with_base: bool = True) -> tuple[str, list]:
    """The start of a query (WITH … owed) whose ``owed`` holds (person_id, mask): bit i of mask is set
    when the person owed dues, with a known wage base, in month number ``first + i``. The rules of
    ``liable``: a member (入会/转入, not 保留) by the latest membership event on the month's last day,
    employed then, not retired. A membership event owes from its month until the month of the
    person's next event (ties on a day go to the event recorded last), and from the hire month and
    first wage base's month (unless not ``with_base``) until the month the person left."""
    big = first + count + 1
    most, least = ("GREATEST", "LEAST") if members.on_server() else ("MAX", "MIN")
    base = (f"(SELECT {_month_sql('MIN(w.month)')} FROM wage_base w WHERE w.person_id = s.person_id)")
    low = (f"{most}({_month_sql('s.start')}, COALESCE({_month_sql('p.hire_date')}, {first}),"
           + (f" COALESCE({base}, {big})," if with_base else "") + f" {first})")
    high = (f"{least}(COALESCE({_month_sql('s.stop')}, {big}), COALESCE({_month_sql('p.left_on')}, {big}),"
            f" {first + count})")
    member_kinds = [k for k in members.MEMBER_KINDS if k != "保留"]
    mark = members.sql_mark()
    sql = ("WITH spans AS (SELECT person_id, kind, \"date\" AS start,"
           " LEAD(\"date\") OVER (PARTITION BY person_id ORDER BY \"date\", id) AS stop"
           f" FROM membership_event WHERE \"date\" <= {mark}),"
           f" bounds AS MATERIALIZED (SELECT s.person_id, {low} AS lo, {high} AS hi FROM spans s"
           " JOIN person p ON p.id = s.person_id"
           f" WHERE s.kind IN ({', '.join([mark] * len(member_kinds))})"
           f" AND p.employment_status NOT IN ({', '.join([mark] * len(EXEMPT_STATUSES))})),"
           f" owed AS (SELECT person_id, SUM((1 << (hi - {first})) - (1 << (lo - {first}))) AS mask FROM bounds"
           " WHERE hi > lo GROUP BY person_id)")
    return sql, members.sql_dates([last_end]) + member_kinds + list(EXEMPT_STATUSES)


def _as_date(value) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def _consecutive(months: list[dt.date], through: dt.date) -> int:
    count, month = 0, through
    wanted = set(months)
    while month in wanted:
        count += 1
        month = (month - dt.timedelta(days=1)).replace(day=1)
    return count


def year_summary(year: int) -> list[dict]:
    """Per month of a year up to this month: members liable, due and collected — the ``totals`` of each
    month's sheet, counted for all the months in one query (each person's months as bits: liable,
    paid, with a wage base; each wage base with the months it applies to)."""
    months = [dt.date(year, m, 1) for m in range(1, 13) if dt.date(year, m, 1) <= dt.date.today()]
    if not months:
        return []
    first, count = _month_number(months[0]), len(months)
    window = members.sql_dates([months[0], months[-1]])
    sql, params = _owed_masks_sql(first, count, month_end(months[-1]), with_base=False)
    big = first + count + 1
    wage_stop = _month_sql('LEAD(w.month) OVER (PARTITION BY w.person_id ORDER BY w.month)')
    # SQLite: "+month" keeps it on the (person, month) index, read in person order, rather than the month
    # index (a year's payments are most of the table: each row looked up, then sorted by person)
    month = "month" if members.on_server() else "+month"
    sql += (f", paid AS (SELECT person_id, SUM(1 << ({_month_sql('month')} - {first})) AS mask FROM dues_payment"
            f" WHERE {month} >= {members.sql_mark()} AND {month} <= {members.sql_mark()} GROUP BY person_id),"
            f" wage_spans AS (SELECT w.person_id, w.base_fen, {_month_sql('w.month')} AS lo,"
            f" COALESCE({wage_stop}, {big}) AS hi FROM wage_base w WHERE w.month <= {members.sql_mark()}),"
            f" wages AS MATERIALIZED (SELECT person_id, base_fen, (1 << ({_least()}(hi, {first + count}) - {first}))"
            f" - (1 << ({_most()}(lo, {first}) - {first})) AS mask FROM wage_spans"
            f" WHERE hi > {first} AND lo < {first + count}),"
            " people AS MATERIALIZED (SELECT person_id, CAST(SUM(o) AS BIGINT) AS owed, CAST(SUM(p) AS BIGINT) AS paid,"
            " CAST(SUM(b) AS BIGINT) AS based FROM ("
            "SELECT person_id, mask AS o, 0 AS p, 0 AS b FROM owed UNION ALL SELECT person_id, 0, mask, 0 FROM paid"
            " UNION ALL SELECT person_id, 0, 0, mask FROM wages) AS masks GROUP BY person_id)")
    params += window + members.sql_dates([months[-1]])
    # the counts per month: one pass over the people, one over the wage bases, one over the payments
    bit = "((({0}) >> {1}) & 1)"
    counts = ", ".join(f"SUM({bit.format('owed | paid', i)}), SUM({bit.format('paid', i)}),"
                       f" SUM({bit.format('owed & ~paid & ~based', i)})" for i in range(count))
    dues_of = ", ".join(f"SUM({bit.format('pp.owed & ~pp.paid & w.mask', i)} * ((w.base_fen / 1000) * 5))"
                        for i in range(count))
    found = database.execute_sql(f"{sql} SELECT * FROM (SELECT {counts} FROM people) AS c, (SELECT {dues_of}"
                                 " FROM wages w JOIN people pp ON pp.person_id = w.person_id) AS d", params).fetchone()
    due = found[3 * count:]
    mark = members.sql_mark()
    collected = {_as_date(m): int(fen) for m, fen in database.execute_sql(
        f"SELECT month, amount_fen FROM dues_month_total WHERE month >= {mark} AND month <= {mark}",
        window).fetchall()}  # kept by triggers (db/dues_totals.py)
    rows = []
    for i, month in enumerate(months):
        people, paid_people, no_base = (int(v or 0) for v in found[3 * i:3 * i + 3])
        paid_fen = collected.get(month, 0)
        rows.append({"month": month, "people": people, "due_fen": int(due[i] or 0) + paid_fen,
                     "paid_people": paid_people, "paid_fen": paid_fen, "no_base": no_base})
    return rows


def joined_on(person_id: int) -> dt.date | None:
    return (MembershipEvent.select(fn.MIN(MembershipEvent.date))
            .where((MembershipEvent.person == person_id) & (MembershipEvent.kind.in_(("入会", "转入")))).scalar())


def paid_by_month(start: dt.date, end: dt.date) -> list[dict]:
    """The dues marked paid per dues month inside [start, end]: month, amount, people, last paid on
    (the books' 会费收入, domain.md §14), from the totals the payments' triggers keep (db/dues_totals.py)."""
    mark = members.sql_mark()
    query = database.execute_sql(
        "SELECT month, amount_fen, people, last_paid_on FROM dues_month_total"
        f" WHERE month >= {mark} AND month <= {mark} ORDER BY month", members.sql_dates([start, end]))
    rows = []
    for month, amount, people, last in query.fetchall():
        month = month if isinstance(month, dt.date) else dt.date.fromisoformat(str(month))
        last = last if isinstance(last, dt.date) else dt.date.fromisoformat(str(last))
        rows.append({"month": month, "amount_fen": int(amount or 0), "people": people, "last_paid_on": last})
    return rows
