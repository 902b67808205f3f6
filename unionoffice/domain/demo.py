"""A living demo office: the chapter, departments, union groups and a realistic roster with
membership histories. Deterministic for a given seed."""

from __future__ import annotations

import datetime as dt
import random

from unionoffice.db import bulk
from unionoffice.db.models import Department, MembershipEvent, Person, UnionGroup, database, now
from unionoffice.domain import chapter, members, settings
from unionoffice.domain.validation import USCC_CHARS, USCC_WEIGHTS, id_check_char

SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜"
            "叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎")
GIVEN = ("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华玉建国红志文海燕俊峰晨浩宇"
         "欣怡子涵梓萱一鸣思远晓东立新永胜春梅雪松德明嘉豪婷婷佳琪博文雅琴鹏飞振华")
DEPARTMENTS = ("炼油一车间", "炼油二车间", "动力厂", "检修车间", "质检中心", "安全环保部",
               "财务部", "人力资源部", "销售公司", "综合办公室")
POSITIONS = ("操作工", "检修工", "化验员", "工程师", "技术员", "班长", "会计", "主任", "司机", "统计员")
AREAS = ("110101", "120101", "130102", "210102", "220201", "220204", "230102", "310101", "320102",
         "330106", "370102", "410105", "420102", "440106", "510104", "610102")
EDUCATION = (("研究生", 4), ("大学本科", 30), ("大学专科", 28), ("中专", 18), ("高中", 12),
             ("初中及以下", 8))
POLITICS = (("中共党员", 22), ("中共预备党员", 2), ("共青团员", 14), ("群众", 62))
FORMS = (("劳动合同制", 80), ("劳务派遣", 14), ("临时工", 6))


def _weighted(rng: random.Random, table) -> str:
    return rng.choices([v for v, _ in table], weights=[w for _, w in table])[0]


def credit_code(body17: str) -> str:
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return body17 + USCC_CHARS[(31 - total % 31) % 31]


DEMO_CHAPTER = {
    "unit_name": "华北石化有限公司",
    "union_name": "华北石化有限公司工会委员会",
    "credit_code": credit_code("91130100MA0C1234"[:16] + "5"),
    "address": "河北省石家庄市长安区胜利北街 88 号",
    "industry": "石油、煤炭及其他燃料加工业",
    "economic_type": "国有控股",
    "parent_union": "石家庄市总工会",
    "founded_on": "1998-05-01",
    "chapter_type": "单独基层工会",
    "chairman": "王建国",
    "contact": "李秀英",
    "phone": "0311-86661234",
}


def fill(count: int = 300, seed: int = 2026, today: dt.date | None = None) -> int:
    """Fill the open database with the demo office; returns the number of people added."""
    today = today or dt.date.today()
    rng = random.Random(seed)
    if not chapter.is_configured():
        chapter.save(DEMO_CHAPTER)
    with database.atomic():
        dept_ids = [members.department_id(name) for name in DEPARTMENTS]
        group_ids: dict[int, list[int]] = {}
        for dept, name in zip(dept_ids, DEPARTMENTS):
            group_ids[dept] = [members.union_group_id(f"{name}第{n}小组", dept) for n in "一二三"]
        used = set(r[0] for r in Person.select(Person.id_number).tuples())
        start_id = (Person.select(Person.id).order_by(Person.id.desc()).scalar() or 0) + 1
        card_seq = int(settings.get("members.card_seq", 0))
        people, events = [], []
        for i in range(count):
            person_id = start_id + i
            while True:
                birth = dt.date(1964, 1, 1) + dt.timedelta(days=rng.randrange(0, 40 * 365))
                female = rng.random() < 0.36
                seq = rng.randrange(0, 500) * 2 + (0 if female else 1)
                first17 = f"{rng.choice(AREAS)}{birth:%Y%m%d}{seq:03d}"
                number = first17 + id_check_char(first17)
                if number not in used:
                    used.add(number)
                    break
            name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))
            full, initials = members.pinyin_keys(name)
            dept = rng.choice(dept_ids)
            hire = min(today, birth + dt.timedelta(days=rng.randrange(18 * 365, 30 * 365)))
            hukou = "农业户口" if rng.random() < 0.22 else "非农业户口"
            age = (today - birth).days // 365
            status = "退休" if age >= 60 else "在岗"
            left_on = None
            member = rng.random() < 0.88
            card = ""
            if member:
                joined = min(today, hire + dt.timedelta(days=rng.randrange(30, 400)))
                events.append((person_id, "入会", joined, ""))
                card_seq += 1
                card = f"HY{card_seq:06d}"
                if status == "退休":
                    events.append((person_id, "保留", birth.replace(day=28) + dt.timedelta(days=60 * 365 + 30), "退休"))
                elif rng.random() < 0.04:
                    left = min(today, joined + dt.timedelta(days=rng.randrange(200, 4000)))
                    events.append((person_id, "转出", left, "劳动(工作)关系发生变化"))
                    left_on = left
                elif rng.random() < 0.01:
                    events.append((person_id, "退会", min(today, joined + dt.timedelta(days=900)), "个人要求退会"))
            mobile = f"1{rng.choice('3456789')}{rng.randrange(0, 10**9):09d}"
            people.append((person_id, name, full, initials, "女" if female else "男", birth,
                           "汉族" if rng.random() < 0.93 else rng.choice(("回族", "满族", "蒙古族", "朝鲜族")),
                           status, "身份证", number, _weighted(rng, EDUCATION), mobile, hukou,
                           _weighted(rng, POLITICS), dept, rng.choice(POSITIONS), hukou == "农业户口",
                           _weighted(rng, FORMS), hire, hire - dt.timedelta(days=rng.randrange(0, 3000)),
                           rng.choice(group_ids[dept]), card, left_on, now(), now()))
        bulk.insert_rows(Person, (
            "id", "name", "name_pinyin", "name_initials", "gender", "birth_date", "ethnicity",
            "employment_status", "id_type", "id_number", "education", "mobile", "hukou_type",
            "political_status", "department", "position", "is_migrant", "employment_form",
            "hire_date", "work_start_date", "union_group", "member_card_no", "left_on",
            "created_at", "updated_at"), people)
        bulk.insert_rows(MembershipEvent, ("person", "kind", "date", "reason"),
                         [e for e in events if e[2] <= today])
        settings.put_many({"members.card_seq": card_seq})
        for dept in dept_ids:
            for gid in group_ids[dept]:
                leader = (Person.select(Person.id).where(Person.union_group == gid).order_by(Person.id)
                          .scalar())
                if leader:
                    UnionGroup.update(leader=leader).where(UnionGroup.id == gid).execute()
        members.refresh_state()
    return count


__all__ = ["fill", "DEMO_CHAPTER", "Department"]
