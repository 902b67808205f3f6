"""会员实名制名册 (domain.md §4): the real-name roster in the national template's column order."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from openpyxl import Workbook
from peewee import JOIN

from unionoffice.db.models import Department, MembershipEvent, Person
from unionoffice.domain import chapter, members
from unionoffice.domain.validation import mask_id, mask_phone
from unionoffice.files import atomic_target
from unionoffice.excel.writing import Column, start_sheet, value_cell

SHEET = "会员名册"
COLUMNS = [
    Column("序号", 7, "number"), Column("姓名", 10), Column("性别", 6), Column("出生日期", 11),
    Column("民族", 8), Column("就业状况", 10), Column("有效证件类别", 12),
    Column("证件号码", 21, "idtext"), Column("学历", 10), Column("技能等级", 14),
    Column("移动电话", 14, "idtext"), Column("户籍类型", 11), Column("户籍所在地", 16),
    Column("会籍变化类型", 12), Column("会籍变化日期", 12), Column("会籍变化原因", 18),
    Column("政治面貌", 12), Column("工作单位", 16), Column("籍贯", 10), Column("是否农民工", 10),
]


def export_roster(path: Path | str, *, include_all: bool = False, masked: bool = False,
                  on: dt.date | None = None,
                  progress: Callable[[int, int, str], None] | None = None) -> int:
    """Write the roster; returns the number of people written. Current members only unless
    ``include_all``; full ID and phone numbers unless ``masked`` (the title row says which)."""
    on = on or dt.date.today()
    latest = {pid: (kind, date, reason) for pid, kind, date, reason in (
        MembershipEvent.select(MembershipEvent.person, MembershipEvent.kind, MembershipEvent.date,
                               MembershipEvent.reason)
        .where(MembershipEvent.id.in_(members.latest_events_on(on).select(MembershipEvent.id)))
        .tuples())}
    query = (Person.select(Person, Department.name.alias("dept"))
             .join(Department, on=Person.department == Department.id, join_type=JOIN.LEFT_OUTER)
             .where(Person.left_on.is_null() | (Person.left_on > on))
             .order_by(Department.sort_order, Person.name_pinyin, Person.id))
    if not include_all:
        query = query.where(Person.id.in_(members.member_ids_on(on)))
    people = list(query.dicts())
    info = chapter.load()
    scope = "全部职工" if include_all else "会员"
    privacy = "证件号码、手机号码已屏蔽" if masked else "含完整证件号码和手机号码，请妥善保管"
    title = f"{info['union_name'] or info['unit_name'] or '本单位工会'} 会员实名制名册（{scope}，截至 {on:%Y-%m-%d}；{privacy}）"
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(SHEET)
    start_sheet(ws, title, COLUMNS)
    total = len(people)
    unit = info["unit_name"]
    for n, p in enumerate(people, start=1):
        kind, date, reason = latest.get(p["id"], ("", None, ""))
        number = mask_id(p["id_number"]) if masked else p["id_number"]
        phone = mask_phone(p["mobile"]) if masked else p["mobile"]
        birth = p["birth_date"].strftime("%Y%m%d") if p["birth_date"] else ""
        values = [n, p["name"], p["gender"], birth, p["ethnicity"], p["employment_status"],
                  p["id_type"], number, p["education"], p["skill_level"], phone, p["hukou_type"],
                  p["hukou_place"], kind, date.strftime("%Y%m%d") if date else "", reason,
                  p["political_status"], p["dept"] or unit, p["native_place"],
                  "是" if p["is_migrant"] else "否"]
        ws.append([value_cell(ws, v, c) for v, c in zip(values, COLUMNS)])
        if progress and n % 5000 == 0:
            progress(n, total, "正在导出…")
    with atomic_target(path) as partial:
        wb.save(partial)
    return total
