"""会员实名制名册 (domain.md §4): the real-name roster in the national template's column order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from peewee import JOIN

from unionoffice.db.models import Department, MembershipEvent, Person, database
from unionoffice.domain import chapter, members
from unionoffice.domain.validation import mask_id, mask_phone
from unionoffice.files import atomic_target
from unionoffice.excel.writing import Column, new_workbook, start_sheet, value_cell

SHEET = "会员名册"
COLUMNS = [
    Column("序号", 7, "number"), Column("姓名", 10), Column("性别", 6), Column("出生日期", 11),
    Column("民族", 8), Column("就业状况", 10), Column("有效证件类别", 12),
    Column("证件号码", 21, "idtext"), Column("学历", 10), Column("技能等级", 14),
    Column("移动电话", 14, "idtext"), Column("户籍类型", 11), Column("户籍所在地", 16),
    Column("会籍变化类型", 12), Column("会籍变化日期", 12), Column("会籍变化原因", 18),
    Column("政治面貌", 12), Column("工作单位", 16), Column("籍贯", 10), Column("是否农民工", 10),
]


def _compact(day) -> str:
    """A date as the template's yyyyMMdd text (the driver gives ISO text or a date)."""
    if not day:
        return ""
    return day.strftime("%Y%m%d") if hasattr(day, "strftime") else str(day).replace("-", "")[:8]


def latest_events(on: dt.date) -> dict[int, tuple]:
    """person id → (kind, date, reason) of their latest membership event on or before ``on``."""
    query = members.latest_events_on(on).select(
        MembershipEvent.person, MembershipEvent.kind, MembershipEvent.date, MembershipEvent.reason)
    return {row[0]: row[1:] for row in database.execute(query).fetchall()}


def roster_people(on: dt.date, include_all: bool, *fields) -> list[tuple]:
    """The people a roster export holds, as raw rows of ``fields`` (100,000 model objects would
    cost seconds): employees not left by ``on``, members only unless ``include_all``, in department
    and name order. Department is joined (``Department.name`` may be one of the fields)."""
    query = (Person.select(*fields)
             .join(Department, on=Person.department == Department.id, join_type=JOIN.LEFT_OUTER)
             .where(Person.left_on.is_null() | (Person.left_on > on))
             .order_by(Department.sort_order, Person.name_key, Person.id))
    if not include_all:
        query = query.where(Person.id.in_(members.member_ids_on(on)))
    return database.execute(query).fetchall()


def export_roster(path: Path | str, *, include_all: bool = False, masked: bool = False,
                  on: dt.date | None = None,
                  progress: Callable[[int, int, str], None] | None = None) -> int:
    """Write the roster; returns the number of people written. Current members only unless
    ``include_all``; full ID and phone numbers unless ``masked`` (the title row says which)."""
    on = on or dt.date.today()
    latest = latest_events(on)
    people = roster_people(on, include_all, Person.id, Person.name, Person.gender, Person.birth_date,
                           Person.ethnicity, Person.employment_status, Person.id_type, Person.id_number,
                           Person.education, Person.skill_level, Person.mobile, Person.hukou_type,
                           Person.hukou_place, Person.political_status, Department.name, Person.native_place,
                           Person.is_migrant)
    info = chapter.load()
    scope = "全部职工" if include_all else "会员"
    privacy = "证件号码、手机号码已屏蔽" if masked else "含完整证件号码和手机号码，请妥善保管"
    title = f"{info['union_name'] or info['unit_name'] or '本单位工会'} 会员实名制名册（{scope}，截至 {on:%Y-%m-%d}；{privacy}）"
    wb = new_workbook()
    ws = wb.create_sheet(SHEET)
    start_sheet(ws, title, COLUMNS)
    total = len(people)
    unit = info["unit_name"]
    id_column, phone_column = COLUMNS[7], COLUMNS[10]
    for n, (pid, name, gender, birth, ethnicity, status, id_type, number, education, skill, phone, hukou,
            hukou_place, politics, dept, native, migrant) in enumerate(people, start=1):
        kind, date, reason = latest.get(pid, ("", None, ""))
        if masked:
            number, phone = mask_id(number), mask_phone(phone)
        values = [n, name, gender, _compact(birth), ethnicity, status, id_type, None, education, skill, None,
                  hukou, hukou_place, kind, _compact(date), reason, politics, dept or unit, native,
                  "是" if migrant else "否"]
        row = [v or None for v in values]  # text beginning with = is guarded as the sheet writes it
        row[7] = value_cell(ws, number, id_column)
        row[10] = value_cell(ws, phone, phone_column)
        ws.append(row)
        if progress and n % 5000 == 0:
            progress(n, total, "正在导出…")
    with atomic_target(path) as partial:
        wb.save(partial)
    return total
