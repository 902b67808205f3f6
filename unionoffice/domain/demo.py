"""A living demo office: the chapter, departments, union groups and a realistic roster with
membership histories. Deterministic for a given seed."""

from __future__ import annotations

import datetime as dt
import random
from contextlib import nullcontext

from unionoffice.collation import name_key
from unionoffice.db import bulk, dues_totals, search_index
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
    "industry": "制造业",
    "economic_type": "有限责任公司",
    "parent_union": "石家庄市总工会",
    "founded_on": "1998-05-01",
    "chapter_type": "独立基层工会",
    "region": "河北省石家庄市长安区",
    "region_code": "130102",
    "unit_nature": "企业",
    "union_credit_code": credit_code("81130102MC0123456"),
    "stat_code": "1301020000123",
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
        start_id = bulk.next_id(Person)
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
                    events.append((person_id, "转出", left, "劳动（工作）关系发生变化"))
                    left_on = left
                elif rng.random() < 0.01:
                    events.append((person_id, "退会", min(today, joined + dt.timedelta(days=900)), "个人要求退会"))
            mobile = f"1{rng.choice('3456789')}{rng.randrange(0, 10**9):09d}"
            people.append((person_id, name, full, initials, name_key(name), "女" if female else "男", birth,
                           "汉族" if rng.random() < 0.93 else rng.choice(("回族", "满族", "蒙古族", "朝鲜族")),
                           status, "身份证", number, _weighted(rng, EDUCATION), mobile, hukou,
                           _weighted(rng, POLITICS), dept, rng.choice(POSITIONS), hukou == "农业户口",
                           _weighted(rng, FORMS), hire, hire - dt.timedelta(days=rng.randrange(0, 3000)),
                           rng.choice(group_ids[dept]), card, left_on, now(), now()))
        with search_index.writing_people(database.obj, len(people)):
            bulk.insert_rows(Person, (
                "id", "name", "name_pinyin", "name_initials", "name_key", "gender", "birth_date", "ethnicity",
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
                    Person.update(union_post="工会小组长（兼职）").where(Person.id == leader).execute()
        members.refresh_state()
        staff = [pid for (pid,) in Person.select(Person.id).where(
            (Person.union_post == "") & Person.membership_state.in_(members.MEMBER_KINDS)
            & Person.left_on.is_null()).order_by(Person.id).limit(3).tuples()]
        for pid, post in zip(staff, ("工会常务副主席（专职）", "工会干事（专职）", "女职工委员会主任（兼职）")):
            Person.update(union_post=post).where(Person.id == pid).execute()
        fill_notices(rng, today)
        fill_activities(rng, today)
        fill_congress(rng, today)
        fill_welfare(rng, today)
        fill_dues(rng, today)
        fill_organisation(rng, today)
        fill_funds(random.Random(seed), today)
        fill_rights(random.Random(seed + 24), today)  # its own draws: the other demo data stays as it was
        fill_rights_requests(random.Random(seed + 17), today)  # its own generator: the rest stays as it was
    if count >= bulk.ANALYZE_AFTER:
        bulk.analyze(database)  # a server's planner figures for the new people (its search indexes)
    return count


def fill_organisation(rng: random.Random, today: dt.date) -> None:
    """Cadres with training, and a dozen pending applications to join."""
    from unionoffice.db.models import Cadre
    from unionoffice.domain import organisation

    if Cadre.select().exists():
        return
    in_post = [pid for (pid,) in Person.select(Person.id).where(
        (Person.union_post != "") & Person.left_on.is_null()).order_by(Person.id).tuples()]
    for pid in in_post:
        post = Person.get_by_id(pid).union_post
        kind = "专职" if "专职" in post else "兼职"
        cadre = organisation.add_cadre(pid, kind, post.split("（")[0], today - dt.timedelta(days=rng.randrange(200, 2000)))
        if kind == "专职" or rng.random() < 0.3:
            organisation.add_training(cadre.id, today - dt.timedelta(days=rng.randrange(10, 300)),
                                      "基层工会干部业务培训", rng.choice((8, 16, 24)))
    candidates = [r["id"] for r in organisation.non_members(today)][:12]
    organisation.apply(candidates, today - dt.timedelta(days=5))
    # a past election that produced the current 工会委员会; a 经费审查委员会 whose term has run out
    pool = [pid for (pid,) in Person.select(Person.id).where(
        Person.membership_state.in_(members.MEMBER_KINDS) & Person.left_on.is_null()).order_by(Person.id).limit(9).tuples()]
    if len(pool) < 9:
        return
    held = today - dt.timedelta(days=700)
    election = organisation.create_election({"kind": "工会委员会", "meeting": "会员代表大会", "entitled": 120,
                                             "present": 112, "held_on": held, "requested_on": held - dt.timedelta(days=40),
                                             "request_no": "华石工字〔%d〕3号" % held.year,
                                             "replied_on": held - dt.timedelta(days=20), "reply_no": "石工复〔%d〕12号" % held.year})
    for pid, post, votes in zip(pool[:6], ("主席", "副主席", "委员", "委员", "委员", "委员"), (110, 104, 98, 95, 90, 58)):
        organisation.add_candidate(election.id, pid, post, votes)
    organisation.conclude(election.id)
    audit_committee = organisation.create_committee("经费审查委员会", held - dt.timedelta(days=1900),
                                                    held - dt.timedelta(days=80))
    for pid, post in zip(pool[6:9], ("主任", "委员", "委员")):
        organisation.add_committee_member(audit_committee.id, pid, post)


def fill_dues(rng: random.Random, today: dt.date) -> None:
    """Wage bases from January (a raise in July for some), dues paid month by month; a few members
    three and six months behind."""
    from unionoffice.db.models import DuesPayment, WageBase
    from unionoffice.domain import dues

    if WageBase.select().exists():
        return
    january = dt.date(today.year, 1, 1)
    ids = dues.liable(january) or dues.liable(today)
    rows = []
    for pid in ids:
        base = rng.randrange(300000, 1200000)
        rows.append((pid, january, base, "导入"))
        if rng.random() < 0.3 and today.month > 7:
            rows.append((pid, dt.date(today.year, 7, 1), base + rng.randrange(10000, 80000), "导入"))
    bulk.insert_rows(WageBase, ("person", "month", "base_fen", "source"), rows)
    behind = {pid: 3 for pid in ids[:4]} | {pid: 7 for pid in ids[4:6]}
    month = january
    this_month = today.replace(day=1)
    payments = []
    while month < this_month:
        bases = dues.bases_for(month)
        months_left = (this_month.year - month.year) * 12 + this_month.month - month.month
        for pid in dues.liable(month):
            if pid in bases and months_left > behind.get(pid, 0) - 1 + (1 if pid in behind else 0):
                payments.append((pid, month, bases[pid], dues.dues_fen(bases[pid]),
                                 dues.month_end(month) - dt.timedelta(days=rng.randrange(0, 10))))
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    # a large office's year of payments: the month totals counted once after, not by a trigger per row
    with dues_totals.triggers_off(database.obj) if len(payments) > 10_000 else nullcontext():
        bulk.insert_rows(DuesPayment, ("person", "month", "base_fen", "amount_fen", "paid_on"), payments)


def fill_welfare(rng: random.Random, today: dt.date) -> None:
    """A dozen hardship files in every state, a year of assistance, one donation campaign."""
    from unionoffice.db.models import HardshipCase
    from unionoffice.domain import welfare

    if HardshipCase.select().exists():
        return
    people = list(Person.select().where(Person.left_on.is_null()).order_by(Person.id))
    if len(people) < 30:
        return
    chosen = rng.sample(people, 12)
    for i, person in enumerate(chosen):
        applied = today - dt.timedelta(days=rng.randrange(40, 700))
        values = {
            "category": welfare.CATEGORIES[i % 3], "target": "困难农民工" if person.is_migrant else "城镇困难职工",
            "main_cause": welfare.CAUSES[i % len(welfare.CAUSES)], "health": "患慢性病" if i % 3 == 0 else "良好",
            "family_size": rng.randrange(2, 6), "family_income": rng.randrange(18000, 60000),
            "own_income": rng.randrange(1500, 4000), "bank": "工商银行胜利北街支行",
            "card_no": f"6222{rng.randrange(10**14, 10**15)}"}
        values.update(_hardship_form(person, values, i, applied))  # its own random numbers: the rest of the demo unchanged
        case = welfare.open_case(person.id, values, applied, "李秀英")
        welfare.add_family_member(case.id, {"name": rng.choice(SURNAMES) + rng.choice(GIVEN), "relation": "子女",
                                            "identity": "学生", "school_or_work": "市第一中学"})
        _more_family(case.id, person, values)
        steps = i % 7  # 0..6: stop at each stage, file, or close
        day = applied
        for step in welfare.FLOW[1:][:min(steps, 4)]:
            day = min(today, day + dt.timedelta(days=7))
            welfare.advance(case.id, day, "李秀英")
        if steps >= 5:
            welfare.review(case.id, min(today, day + dt.timedelta(days=300)), "李秀英")
        if steps == 6:
            welfare.close_case(case.id, "子女毕业就业，家庭收入提高", min(today, day + dt.timedelta(days=330)), "李秀英")
    warm_day = dt.date(today.year if today.month >= 2 else today.year - 1, 1, 20)
    welfare.pay_batch([p.id for p in rng.sample(people, 20)],
                      {"kind": "送温暖", "occasion": "两节", "on": warm_day, "amount": "500", "goods": "米、油各一份",
                       "approver": "王建国", "signed": True})
    for i in range(18):
        person = rng.choice(people)
        kind = rng.choice(("医疗救助", "临时救助", "慰问", "金秋助学"))
        values = {"kind": kind, "on": today - dt.timedelta(days=rng.randrange(1, 330)),
                  "amount": rng.choice(("800", "1000", "1500.50", "2000")), "approver": "王建国",
                  "occasion": "生病住院" if kind == "慰问" else "", "signed": rng.random() < 0.8,
                  "school_level": rng.choice(welfare.SCHOOL_LEVELS) if kind == "金秋助学" else ""}
        welfare.pay(person.id, values)
    campaign = welfare.create_campaign("为重病职工家庭献爱心", today - dt.timedelta(days=90))
    for person in rng.sample(people, 25):
        welfare.donate(campaign.id, rng.choice(("50", "100", "200")), today - dt.timedelta(days=85), person_id=person.id)
    welfare.donate(campaign.id, "2000", today - dt.timedelta(days=80), donor="兄弟单位工会")
    welfare.pay(chosen[0].id, {"kind": "医疗救助", "on": today - dt.timedelta(days=60), "amount": "3000",
                               "approver": "王建国", "campaign_id": campaign.id, "signed": True},
                allow_overdraw=True)


CAUSE_DETAILS = {"因病": "本人患慢性病长期服药，医疗支出大", "因残": "本人肢体残疾，收入低", "因学": "子女上大学，学费负担重",
                 "因灾": "住房遭遇水灾受损", "因意外": "配偶遭遇交通事故致重伤", "失业": "配偶失业，家庭收入骤减",
                 "其他": "家庭成员多、收入来源单一"}


def _hardship_form(person: Person, values: dict, i: int, applied: dt.date) -> dict:
    """The 建档申请表's other fields of a demo file, from a generator of its own (seeded by the person),
    so that the shared sequence, and every other demo record, stays as it was."""
    own = random.Random(person.id * 7919 + i)
    cause = values["main_cause"]
    extra = {"staff_no": f"GH-{person.id:04d}", "employer_nature": "国有企业", "enterprise_state": "正常经营",
             "contract_from": person.hire_date, "contract_to": None, "hukou_place": person.hukou_place or "吉林省长春市",
             "residence": f"长春市宽城区胜利北街 {own.randrange(1, 200)} 号", "marital": own.choice(("已婚", "已婚", "离异")),
             "medical_insurance": "城镇职工基本医疗保险", "housing_type": own.choice(("自有住房", "公租房", "租住私房")),
             "housing_area": f"{own.randrange(30, 90)}.{own.randrange(0, 10)}", "self_help": own.choice(("有", "较弱")),
             "disability_kind": "肢体残疾" if cause == "因残" else "", "disability_grade": "三级" if cause == "因残" else "",
             "model_worker": "市级劳模" if i == 5 else "", "single_parent": i == 4, "zero_employment": False,
             "other_income": str(own.randrange(0, 6) * 1000),
             "medical_expense": str(own.randrange(3, 20) * 1000) if cause == "因病" else "0",
             "education_expense": str(own.randrange(5, 15) * 1000) if cause == "因学" else "0",
             "cause_detail": CAUSE_DETAILS.get(cause, "")}
    if int(extra["other_income"]) > values["family_income"]:
        extra["other_income"] = "0"
    from unionoffice.domain import welfare

    figures = {"family_income_fen": values["family_income"] * 100, "family_size": values["family_size"],
               "main_cause": cause, "medical_expense_fen": int(extra["medical_expense"]) * 100,
               "education_expense_fen": int(extra["education_expense"]) * 100}
    result = welfare.assess(figures, applied)
    if result.standard_fen is not None and result.suggestion != values["category"]:
        extra["category_reason"] = "经入户调查和上级工会复核，按家庭实际困难程度认定"
    return extra


def _more_family(case_id: int, person: Person, values: dict) -> None:
    """A spouse and further children up to the family's size (the applicant and one child are there)."""
    from unionoffice.domain import welfare

    own = random.Random(person.id * 104729)
    wanted = values["family_size"] - 2
    if wanted >= 1 and values["marital"] == "已婚":
        welfare.add_family_member(case_id, {
            "name": own.choice(SURNAMES) + own.choice(GIVEN) + own.choice(GIVEN), "relation": "配偶",
            "gender": "女" if person.gender == "男" else "男", "political_status": "群众", "education": "高中",
            "health": "良好", "medical_insurance": "城乡居民基本医疗保险", "monthly_income": str(own.randrange(0, 3) * 1000),
            "identity": own.choice(("在职职工", "下岗失业", "无业")), "school_or_work": ""})
        wanted -= 1
    for _ in range(max(0, wanted)):
        welfare.add_family_member(case_id, {
            "name": person.name[0] + own.choice(GIVEN) + own.choice(GIVEN), "relation": "子女",
            "gender": own.choice(("男", "女")), "education": own.choice(("初中及以下", "高中")), "health": "良好",
            "medical_insurance": "城乡居民基本医疗保险", "identity": "学生", "school_or_work": "市第二实验小学"})


MOTION_TITLES = (
    ("职工权益", "关于改善倒班职工夜班伙食的提案"), ("职工权益", "关于增加职工年度体检项目的提案"),
    ("生产经营", "关于优化检修计划减少非计划停车的提案"), ("生产经营", "关于建立节能降耗奖励机制的提案"),
    ("改革发展", "关于完善技术工人职业发展通道的提案"), ("改革发展", "关于推进数字化车间建设的提案"),
    ("文化建设", "关于建设职工书屋的提案"), ("文化建设", "关于组织职工子女暑期托管的提案"),
    ("职工权益", "关于解决厂区停车难的提案"), ("其他", "关于增设厂区班车线路的提案"),
)


def fill_congress(rng: random.Random, today: dt.date) -> None:
    """A term with representatives, two sessions and ~40 motions over every stage."""
    from unionoffice.db.models import Congress
    from unionoffice.domain import congress

    if Congress.select().exists():
        return
    candidates = list(Person.select().where(Person.left_on.is_null()
                                            & Person.membership_state.in_(members.MEMBER_KINDS)))
    if len(candidates) < 10:
        return
    employees = members.headcount(today)[0]
    wanted = min(len(candidates), max(10, congress.minimum_representatives(employees) or 10))
    reps = rng.sample(candidates, wanted)
    managers = max(1, wanted // 6)
    first = today.replace(month=1, day=1) - dt.timedelta(days=300)
    sessions = [congress.save_congress({"term": 10, "session": 1, "starts_on": first,
                                        "ends_on": first + dt.timedelta(days=1), "place": "职工活动中心",
                                        "expected": wanted, "attendance": wanted - 2}),
                congress.save_congress({"term": 10, "session": 2, "starts_on": first + dt.timedelta(days=365),
                                        "ends_on": first + dt.timedelta(days=366), "place": "职工活动中心",
                                        "expected": wanted, "attendance": wanted - 1})]
    congress.add_representatives(10, [p.id for p in reps[managers:]], "一线代表团", "一线")
    congress.add_representatives(10, [p.id for p in reps[:managers]], "机关代表团", "中层及以上")
    rep_ids = [p.id for p in reps]
    for i in range(40):
        c = sessions[i % 2]
        category, title = MOTION_TITLES[i % len(MOTION_TITLES)]
        submitted = c.starts_on - dt.timedelta(days=rng.randrange(3, 25))
        if submitted > today:
            continue
        proposer, *seconds = rng.sample(rep_ids, 3)
        motion = congress.create_motion(c.id, {"title": title, "category": category,
                                               "reason": "职工反映较多，影响工作和生活。",
                                               "proposal": "建议有关部门研究解决。", "proposer_id": proposer,
                                               "seconder_ids": seconds, "submitted_on": submitted})
        step = i % 8  # spread over every stage
        if step == 0:
            continue
        review_on = min(today, c.starts_on)
        if step == 1:
            congress.review(motion.id, "不立案", "纯属个人问题", review_on)
            continue
        if step == 2:
            congress.review(motion.id, "转为意见建议", "", review_on)
            continue
        congress.review(motion.id, "立案", on=review_on, promote=step == 7)
        if step == 3:
            continue
        assigned = min(today, review_on + dt.timedelta(days=5))
        congress.assign(motion.id, rng.choice(DEPARTMENTS), rng.choice(("", "财务部")),
                        assigned + dt.timedelta(days=rng.choice((20, 60, 400))), assigned)
        if step == 4:
            continue
        replied = min(today, assigned + dt.timedelta(days=15))
        congress.reply(motion.id, "经研究，已制定整改方案并落实。", rng.choice("ABC"), replied)
        if step == 5:
            continue
        verdict = "不满意" if step == 6 else rng.choice(("满意", "基本满意"))
        congress.record_verdict(motion.id, verdict, min(today, replied + dt.timedelta(days=3)))
        if step == 7 and rng.random() < 0.5:
            congress.archive(motion.id, min(today, replied + dt.timedelta(days=10)))



ACTIVITY_NAMES = (
    ("文体活动", "职工篮球赛", "体育馆", 30), ("文体活动", "迎新春歌咏比赛", "职工之家", None),
    ("文体活动", "职工书法比赛", "职工之家", 40), ("文体活动", "趣味运动会", "厂区运动场", None),
    ("培训", "安全生产技能培训", "培训中心", 60), ("讲座", "劳动法律知识讲座", "大会议室", 80),
    ("讲座", "职工心理健康讲座", "大会议室", None), ("体检", "职工年度健康体检", "市第一医院", None),
    ("劳动竞赛", "检修技能比武", "检修车间", 24), ("合理化建议征集", "合理化建议征集活动", "", None),
    ("公益/志愿", "无偿献血志愿活动", "厂医务室", 50), ("其他", "单身职工联谊会", "职工之家", 40),
)


def fill_activities(rng: random.Random, today: dt.date) -> None:
    """A year of activities of every type with sign-ups, attendance, awards and cost."""
    from unionoffice.db.models import Activity, ActivityCost, Signup

    if Activity.select().exists():
        return
    # in id order: without it the order is whichever index SQLite reads (the search's covering index
    # gave another), and the same seed would sign up other people
    people = [pid for (pid,) in Person.select(Person.id).where(Person.left_on.is_null()).order_by(Person.id).tuples()]
    for i in range(24):
        kind, name, place, cap = ACTIVITY_NAMES[i % len(ACTIVITY_NAMES)]
        day = today - dt.timedelta(days=330 - i * 15)
        starts = dt.datetime.combine(day, dt.time(rng.choice((9, 14)), 0))
        budget = rng.choice((2000, 5000, 8000, 12000)) * 100
        activity = Activity.create(name=name, kind=kind, starts_at=starts, ends_at=starts + dt.timedelta(hours=3),
                                   place=place, department=rng.choice(DEPARTMENTS[5:]), budget_fen=budget,
                                   cap=cap, description=f"{name}，欢迎职工踊跃参加。")
        past = day < today
        wanted = rng.randrange(10, 60) if people else 0
        chosen = rng.sample(people, min(wanted, len(people)))
        for n, person_id in enumerate(chosen):
            status = "报名" if cap is None or n < cap else "候补"
            attended = past and status == "报名" and rng.random() < 0.88
            Signup.create(activity=activity, person=person_id, status=status, attended=attended,
                          signed_at=starts - dt.timedelta(days=7, minutes=-n),
                          award=("一等奖" if n == 0 else "二等奖" if n in (1, 2) else "") if past and kind in ("文体活动", "劳动竞赛") else "")
        if past:
            items = (("场地费", budget * 3 // 10), ("奖品", budget * 4 // 10), ("饮用水及其他", rng.randrange(100, 900) * 100))
            for item, amount in items:
                ActivityCost.create(activity=activity, item=item, amount_fen=amount)
            Activity.update(cost_fen=sum(a for _, a in items), summary=f"{name}圆满结束。").where(
                Activity.id == activity.id).execute()


NOTICE_TITLES = (
    ("经营管理基本情况", "{y}年上半年生产经营情况通报"),
    ("招用职工及劳动合同签订", "{y}年度校园招聘计划及录用名单"),
    ("集体合同和劳动规章制度", "《工资集体协商协议（{y}年度）》草案征求意见"),
    ("奖惩、解除劳动合同、裁员及评先评优的条件、名额和结果", "{y}年度先进工作者评选结果公示"),
    ("劳动安全卫生与事故处理", "{y}年第三季度安全生产检查情况通报"),
    ("社会保险及企业年金缴费", "{y}年度社会保险及企业年金缴费基数公示"),
    ("职工教育经费和培训计划", "{y}年度职工教育经费使用计划"),
    ("劳动争议及处理结果", "{y}年上半年劳动争议调解情况"),
    ("职工切身利益", "{y}年职工健康体检安排"),
    ("重大决策", "检修车间技术改造项目立项情况"),
    ("生产经营（预决算、大额资金、招投标、大宗采购）", "{y}年度大宗物资采购招标结果"),
    ("领导人员廉洁从业", "{y}年度领导班子成员廉洁从业情况"),
    ("其他", "职工食堂菜价调整方案"),
)


def fill_notices(rng: random.Random, today: dt.date) -> None:
    """A year of notices across the categories: archived, on the board, drafts; some feedback."""
    from unionoffice.db.models import Notice, NoticeFeedback
    from unionoffice.domain import notices

    if Notice.select().exists():
        return
    feedback_texts = ("建议把体检项目增加甲状腺彩超。", "公示时间太短，倒班职工看不到。",
                      "请说明评选的打分细则。", "食堂早餐品种能否再多一些？", "希望公开具体的计算方法。")
    for i in range(30):
        category, title = NOTICE_TITLES[i % len(NOTICE_TITLES)]
        published = today - dt.timedelta(days=max(0, (27 - i) * 13 - 6) + rng.randrange(0, 3))
        days = rng.choice((5, 7, 7, 7, 10, 15))
        draft = i >= 28
        state_reviewed = None if draft else published - dt.timedelta(days=2)
        ends = notices.ends_on(published, days)
        notice = Notice.create(
            title=title.format(y=published.year), category=category,
            form=rng.choice(notices.FORMS), department=rng.choice(DEPARTMENTS[5:]),
            reviewer="王建国" if not draft else "", reviewed_on=state_reviewed,
            published_on=None if draft else published, period_days=days,
            ends_on=None if draft else ends, timing=rng.choice(notices.TIMINGS),
            content=f"<p>{title.format(y=published.year)}，现予公开。</p><p>公示期内如有意见，请向工会反映。</p>",
            archived_on=ends + dt.timedelta(days=20) if not draft and ends + dt.timedelta(days=20) < today else None)
        if not draft and rng.random() < 0.4:
            received = min(today, published + dt.timedelta(days=1))
            answered = rng.random() < 0.7 or ends < today - dt.timedelta(days=20)
            NoticeFeedback.create(notice=notice, received_on=received, author=rng.choice(("", "张师傅", "李娜")),
                                  content=rng.choice(feedback_texts),
                                  answer="已转相关部门研究，将在下次公开时说明。" if answered else "",
                                  answered_by="李秀英" if answered else "",
                                  answered_on=min(today, received + dt.timedelta(days=2)) if answered else None)


def fill_rights(rng: random.Random, today: dt.date) -> None:
    """维权: two generations of collective contracts with their negotiations (the current wage contract
    ending this year, a safety contract still being negotiated) and a dozen mediation cases."""
    from unionoffice.db.models import Congress, Contract, ContractMeeting, MediationCase, Representative
    from unionoffice.domain import contracts, mediation

    if Contract.select().exists():
        return
    session = Congress.select().order_by(Congress.term, Congress.session).first()
    reps = Representative.select().where(Representative.term == session.term).count() if session else 0
    employees = members.headcount(today)[0]
    chiefs = ("王建国", "赵志刚"), ("李秀英、张伟、刘芳", "钱进、孙丽")

    def contract(kind: str, starts: dt.date, years: int, *, done: bool = True, name: str = "",
                 increase: str = "") -> None:
        proposed = starts - dt.timedelta(days=75)
        c = Contract.create(name=name or f"{starts.year}年{kind}", kind=kind, proposed_on=proposed,
                            proposal=f"就{kind}的主要条款进行集体协商。", answered_on=proposed + dt.timedelta(days=12),
                            covered=employees, wage_increase=increase,
                            text=f"第一条　为维护职工合法权益，根据有关法律法规，订立本{kind}。")
        for n, days in enumerate((18, 32) if done else (18,), start=1):
            ContractMeeting.create(contract=c, held_on=proposed + dt.timedelta(days=days), place="工会会议室",
                                   union_chief=chiefs[0][0], employer_chief=chiefs[0][1],
                                   union_members=chiefs[1][0], employer_members=chiefs[1][1],
                                   record=f"第{n}次协商：双方就{kind}的条款逐条协商，" + (
                                       "达成一致意见。" if n == 2 else "对部分条款存在分歧，约定再次协商。"))
        if not done:
            return
        signed = starts - dt.timedelta(days=30)
        Contract.update(draft_on=proposed + dt.timedelta(days=36), voted_on=proposed + dt.timedelta(days=40),
                        congress=session if session and session.starts_on and session.starts_on <= signed else None,
                        votes_for=max(1, reps - 2) if reps else None, votes_entitled=reps or None,
                        signed_on=signed, filed_on=signed + dt.timedelta(days=6),
                        publicised_on=min(today, signed + dt.timedelta(days=23)),
                        starts_on=starts, ends_on=contracts.add_months(starts, 12 * years) - dt.timedelta(days=1)
                        ).where(Contract.id == c.id).execute()

    this_year = dt.date(today.year, 1, 1)
    earlier = dt.date(today.year - 3, 1, 1)
    contract(contracts.GENERAL, earlier, 3)
    contract(contracts.WOMEN, earlier, 3)
    contract(contracts.WAGES, dt.date(today.year - 1, 1, 1), 1, increase="职工平均工资增长 4%")
    contract(contracts.GENERAL, this_year, 3)
    contract(contracts.WOMEN, this_year, 3)
    contract(contracts.WAGES, this_year, 1, increase="职工平均工资增长 5%，一线岗位增长 6%")
    contract(contracts.SAFETY, today + dt.timedelta(days=75 - 40), 3, done=False,
             name=f"{today.year}年劳动安全卫生专项集体合同")

    people = [pid for (pid,) in Person.select(Person.id).where(Person.left_on.is_null()).order_by(Person.id).tuples()]
    left = [pid for (pid,) in Person.select(Person.id).where(Person.left_on.is_null(False))  # the latest to leave
            .order_by(Person.left_on.desc(), Person.id).limit(2).tuples()]
    if not people:
        return
    outcomes = ["调解成功"] * 6 + ["调解不成", "调解不成", "撤回", "不予受理", "调解中", "待受理"]
    requests = {"劳动报酬": "要求补发加班工资。", "社会保险": "要求补缴社会保险费。",
                "解除、终止劳动合同": "要求支付解除劳动合同经济补偿金。", "工伤": "要求支付停工留薪期工资。",
                "休息休假": "要求安排未休年休假或支付报酬。", "其他": "要求退还工作服押金。"}
    for i, outcome in enumerate(outcomes):
        applied = today - dt.timedelta(days=400 - i * 33) if i < 10 else today - dt.timedelta(days=6 - i + 10)
        kind = mediation.KINDS[i % len(mediation.KINDS)]
        person = left[i % len(left)] if left and i in (7, 9) else rng.choice(people)
        values = {"number": mediation.next_number(applied.year), "applied_on": applied, "person": person,
                  "kind": kind, "people": 15 if i == 4 else 1, "amount_fen": rng.randrange(1, 40) * 100000,
                  "how": "口头" if i % 4 == 1 else "书面", "request": requests[kind]}
        if outcome == "不予受理":
            values |= {"refused_on": applied + dt.timedelta(days=2), "closed_on": applied + dt.timedelta(days=2),
                       "result": outcome, "refusal": "当事人已申请劳动仲裁"}
        elif outcome != "待受理":
            accepted = applied + dt.timedelta(days=1)
            values |= {"accepted_on": accepted, "mediator": rng.choice(("周敏", "吴建华"))}
            if outcome != "调解中":
                closed = accepted + dt.timedelta(days=rng.randrange(5, 15))
                values |= {"closed_on": closed, "result": outcome}
                if outcome == "调解成功":
                    values |= {"agreement": f"企业于十日内向申请人支付 {values['amount_fen'] // 100:,} 元，双方再无其他争议。",
                               "agreement_no": mediation.next_number(closed.year, "agreement_no", "调协字")}
        MediationCase.create(**values)


FUNDS_BUDGET = {"职工活动支出": 21000000, "维权支出": 5000000, "业务支出": 3500000, "资本性支出": 500000,
                "其他支出": 200000}
FUNDS_MONTHLY = [  # (收支, 类别, 明细科目, 摘要, 元 from, to, 结算方式)
    ("收入", "拨缴经费收入", "", "收到行政拨缴工会经费（留成60%）", 28000, 32000, "银行存款"),
    ("支出", "业务支出", "会议费", "工会委员会会议用品", 300, 900, "现金"),
    ("支出", "职工活动支出", "宣传活动支出", "工会宣传栏更新", 500, 1500, "银行存款"),
]
FUNDS_ONCE = {  # month → (收支, 类别, 明细科目, 摘要, 元, 结算方式)
    1: ("支出", "职工活动支出", "会员活动支出-节日慰问", "春节会员慰问品", 45000, "银行存款"),
    3: ("收入", "上级工会补助收入", "", "上级工会困难帮扶补助", 20000, "银行存款"),
    4: ("支出", "业务支出", "培训费", "工会干部培训班", 6800, "银行存款"),
    5: ("支出", "职工活动支出", "劳模疗休养支出", "劳模疗休养", 18000, "银行存款"),
    6: ("收入", "行政补助收入", "", "行政补助职工活动经费", 30000, "银行存款"),
    8: ("支出", "维权支出", "劳动保护费", "防暑降温慰问品", 12000, "银行存款"),
    9: ("支出", "职工活动支出", "会员活动支出-节日慰问", "中秋节会员慰问品", 38000, "银行存款"),
    10: ("支出", "资本性支出", "", "职工书屋书架", 3500, "银行存款"),
}


def fill_funds(rng: random.Random, today: dt.date) -> None:
    """The chapter's books for this year: opening balances, a budget, vouchers month by month (the
    assistance, activities and dues above are linked lines), the months before last closed."""
    from unionoffice.db.models import Voucher
    from unionoffice.domain import funds

    if Voucher.select().exists():
        return
    year = today.year
    funds.set_opening(year, 300000, 18000000)
    for category, fen in FUNDS_BUDGET.items():
        funds.set_budget(year, category, fen)
    entries = []
    for month in range(1, today.month + 1):
        on = dt.date(year, month, min(today.day if month == today.month else 28, 1 + rng.randrange(27)))
        for direction, category, item, summary, low, high, settlement in FUNDS_MONTHLY:
            entries.append((on, direction, category, item, f"{month}月{summary}", rng.randrange(low * 100, high * 100),
                            settlement))
        if month in FUNDS_ONCE:
            direction, category, item, summary, amount, settlement = FUNDS_ONCE[month]
            entries.append((on, direction, category, item, summary, amount * 100, settlement))
    for on, direction, category, item, summary, fen, settlement in sorted(entries, key=lambda e: e[0]):
        funds.create({"on": on, "direction": direction, "category": category, "item": item, "summary": summary,
                      "amount_fen": fen, "settlement": settlement, "handler": "周会计", "approver": "工会主席",
                      "pages": rng.randrange(1, 4)}, today=today)
    for month in range(1, today.month - 1):
        funds.close_month(year, month, today=today)
def fill_rights_requests(rng: random.Random, today: dt.date) -> None:
    """维权 part two: two 座谈会 with the requests they collected and a few by other ways (some closed,
    one overdue), three inspections with hazards (one overdue), suggestions reviewed, implemented and
    rewarded."""
    from unionoffice.db.models import Forum, Grievance, Inspection, Suggestion
    from unionoffice.domain import inspections, requests, suggestions

    if any(model.select().exists() for model in (Forum, Grievance, Inspection, Suggestion)):
        return  # a second fill of the same office (as the other registers' demo data does)

    def ago(days: int) -> dt.date:
        return today - dt.timedelta(days=days)

    departments = [name for (name,) in Department.select(Department.name).order_by(Department.id).tuples()]
    first = requests.hold_forum({"held_on": ago(75), "topic": "一线职工座谈会", "attendance_count": 18,
                                 "attendance": "各车间职工代表 18 人"},
                                [{"content": "倒班宿舍热水供应时间短", "category": "生活福利", "department": departments[0],
                                  "due_on": ago(45)},
                                 {"content": "希望增加技能等级培训名额", "category": "其他", "proposer": "王芳",
                                  "department": departments[-1], "due_on": ago(30)},
                                 {"content": "夏季高温作业防暑降温用品不足", "category": "劳动条件",
                                  "department": departments[1 % len(departments)], "due_on": ago(60)}])
    rows = requests.forum_requests(first.id)
    requests.close(rows[0]["id"], ago(50), "已解决", "热水供应延长至 24 时", "满意")
    requests.close(rows[2]["id"], ago(62), "已解决", "已补发防暑降温用品", "基本满意")
    requests.hold_forum({"held_on": ago(12), "topic": "女职工座谈会", "attendance_count": 9},
                        [{"content": "哺乳室设施需要更新", "category": "生活福利", "due_on": ago(-20)},
                         {"content": "希望组织女职工专项体检", "category": "生活福利", "due_on": ago(-30)}])
    for source, content, category, days in (("主席信箱", "夜班食堂饭菜品种少", "生活福利", 40),
                                            ("热线", "加班费计算方式不清楚", "薪酬待遇", 20)):
        g = requests.create({"number": requests.next_number(ago(days).year), "received_on": ago(days),
                             "source": source, "content": content, "category": category,
                             "department": rng.choice(departments), "due_on": ago(days - 15)})
        if source == "热线":
            requests.close(g.id, ago(8), "解释说明", "已向职工讲解加班费计算办法", "满意")

    for days, scope, kind, hazards in (
            (90, "动力厂锅炉房", "专项检查", [("安全阀未按期校验", "重大", 0, 60, 70), ("操作规程未上墙", "一般", 0, 80, 75)]),
            (40, "仓储部库房", "日常检查", [("消防通道堆放杂物", "一般", 1, 30, None),
                                         ("应急照明灯损坏", "一般", 1, -5, None)]),
            (10, "职工食堂", "节前检查", [])):
        inspection = inspections.create(
            {"inspected_on": ago(days), "scope": scope, "kind": kind, "inspectors": "王建国、赵敏"},
            [{"description": d, "level": level, "department": departments[dept % len(departments)],
              "due_on": ago(due)} for d, level, dept, due, _fixed in hazards])
        for hazard, (_d, _l, _dept, _due, fixed) in zip(inspections.hazards(inspection.id), hazards):
            if fixed is not None:
                inspections.fix(hazard["id"], ago(fixed))
                inspections.verify(hazard["id"], "王建国", ago(fixed - 2))

    people = [pid for (pid,) in Person.select(Person.id).where(Person.left_on.is_null()).order_by(Person.id).tuples()]
    for n, (title, result, benefit, reward) in enumerate((
            ("锅炉余热回收用于冬季供暖", "采纳", "186000", "3000"), ("库房货位条码化管理", "采纳", "42000.50", "1000"),
            ("食堂错峰就餐", "采纳", "", ""), ("更换全部照明为声控灯", "不采纳", "", ""),
            ("班组交接班电子记录", "待评审", "", ""))):
        submitted = ago(150 - n * 20)
        s = suggestions.create({"number": suggestions.next_number(submitted.year), "submitted_on": submitted,
                                "person": rng.choice(people), "title": title})
        if result != "待评审":
            suggestions.review(s.id, result, submitted + dt.timedelta(days=10))
        if benefit:
            suggestions.implement(s.id, submitted + dt.timedelta(days=30), benefit)
        if reward:
            suggestions.pay_reward(s.id, reward, submitted + dt.timedelta(days=40))


__all__ = ["fill", "DEMO_CHAPTER", "Department"]
