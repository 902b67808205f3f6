"""上级平台模板 (domain.md §16): what a platform template's columns mean and how our values become
the values of its drop-down lists. No openpyxl here: the workbook side is excel/platform_template.py.

A value is mapped only when the mapping is safe (the same thing spelled otherwise, or a list entry
that plainly contains it); anything else stays unmapped, is listed, and the clerk picks the
template's value once — remembered per template in the chapter's settings table."""

from __future__ import annotations

import hashlib
import re
import unicodedata

from unionoffice.domain import settings
from unionoffice.domain.validation import clean_text

# Field key → (label we show, header texts that name it once brackets, spaces and * are removed).
FIELDS: dict[str, tuple[str, str]] = {
    "seq": ("序号", "序号"),
    "name": ("姓名", "姓名 会员姓名 职工姓名 名字"),
    "gender": ("性别", "性别"),
    "birth_date": ("出生日期", "出生日期 出生年月 出生年月日"),
    "ethnicity": ("民族", "民族"),
    "employment_status": ("就业状况", "就业状况 就业状态"),
    "id_type": ("有效证件类别", "有效证件类别 证件类别 证件类型 有效证件类型"),
    "id_number": ("证件号码", "证件号码 身份证号 身份证号码 公民身份号码 身份证 公民身份证号码 有效证件号码"),
    "education": ("学历", "学历 文化程度 最高学历"),
    "skill_level": ("技能等级", "技能等级 技术等级 职业技能等级 技能等级职业资格 职业资格等级"),
    "mobile": ("移动电话", "移动电话 手机号码 手机 联系电话 手机号 联系方式"),
    "hukou_type": ("户籍类型", "户籍类型 户口性质 户口类型 户籍性质"),
    "hukou_place": ("户籍所在地", "户籍所在地 户口所在地 户籍地址 户籍地"),
    "membership_kind": ("会籍变化类型", "会籍变化类型"),
    "membership_date": ("会籍变化日期", "会籍变化日期"),
    "membership_reason": ("会籍变化原因", "会籍变化原因"),
    "membership_state": ("会籍状态", "会籍状态"),
    "join_date": ("入会时间", "入会时间 入会日期"),
    "political_status": ("政治面貌", "政治面貌"),
    "unit": ("工作单位", "工作单位 所在单位 单位名称 工作单位名称 单位"),
    "department": ("部门", "部门 所在部门 工作部门 工作单位/部门 单位/部门"),
    "native_place": ("籍贯", "籍贯"),
    "is_migrant": ("是否农民工", "是否农民工 是否农民工会员 农民工 是否为农民工"),
    "position": ("岗位", "岗位 工作岗位 职务"),
    "employment_form": ("用工形式", "用工形式 用工性质"),
    "hire_date": ("入职日期", "入职日期 入职时间 进厂时间 进厂日期"),
    "work_start_date": ("参加工作时间", "参加工作时间 参加工作日期"),
    "member_card_no": ("会员证号", "会员证号 会员证号码"),
    "union_group": ("工会小组", "工会小组"),
    "union_post": ("工会职务", "工会职务"),
    "note": ("备注", "备注"),
}
HEADER_ALIASES = {alias: key for key, (_, names) in FIELDS.items() for alias in names.split()}
DATE_KEYS = ("birth_date", "membership_date", "join_date", "hire_date", "work_start_date")
TEXT_KEYS = ("id_number", "mobile")  # always text cells: Excel would round an 18-digit number

_BRACKETS = re.compile(r"\(.*?\)|（.*?）|【.*?】|\[.*?\]")


def header_field(text) -> str | None:
    """The field a template's header names: 出生日期（格式：yyyy/MM/dd） → birth_date."""
    label = _BRACKETS.sub("", clean_text(text))
    label = re.sub(r"[\s*＊:：]", "", label)
    return HEADER_ALIASES.get(label)


def date_format(text) -> str | None:
    """The date format a header names, as strftime: （格式：yyyy/MM/dd） → %Y/%m/%d; yyyy-mm → %Y-%m;
    an example date does as well: （如 1990-01-31） → %Y-%m-%d."""
    text = clean_text(text).replace("\n", "")
    m = re.search(r"[yY]{4}[^\s）)，,]*", text)
    if not m:
        return _example_format(text)
    fmt = m.group(0)
    fmt = re.sub(r"[yY]{4}", "%Y", fmt)
    fmt = re.sub(r"[mM]{1,2}", "%m", fmt)
    fmt = re.sub(r"[dD]{1,2}", "%d", fmt)
    return fmt if "%m" in fmt else None


def _example_format(text: str) -> str | None:
    m = re.search(r"(?<!\d)(?:19|20)\d{2}([-/.])\d{2}\1\d{2}(?!\d)", text)
    if m:
        return f"%Y{m.group(1)}%m{m.group(1)}%d"
    if re.search(r"(?<!\d)(?:19|20)\d{2}年\d{1,2}月\d{1,2}日", text):
        return "%Y年%m月%d日"
    if re.search(r"(?<!\d)(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:[0-2]\d|3[01])(?!\d)", text):
        return "%Y%m%d"
    return None


def normalise(value) -> str:
    """Full-width → half-width (brackets, letters), no spaces: 职业资格三级（高级） → 职业资格三级(高级)."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", "" if value is None else str(value)))


def _strip_notes(value: str) -> str:
    return _BRACKETS.sub("", normalise(value))


# The same thing spelled otherwise: a value maps onto a list entry of its own group.
_PARTIES = (
    ("中国国民党革命委员会", "民革", "民革党员", "民革会员", "民革成员"),
    ("中国民主同盟", "民盟", "民盟盟员", "民盟成员"),
    ("中国民主建国会", "民建", "民建会员", "民建成员"),
    ("中国民主促进会", "民进", "民进会员", "民进成员"),
    ("中国农工民主党", "农工党", "农工党党员", "农工民主党党员", "农工党成员"),
    ("中国致公党", "致公党", "致公党党员", "致公党成员"),
    ("九三学社", "九三学社社员", "九三学社成员"),
    ("台湾民主自治同盟", "台盟", "台盟盟员", "台盟成员"),
)
GROUPS: dict[str, tuple[tuple[str, ...], ...]] = {
    "gender": (("男", "男性"), ("女", "女性")),
    "education": (
        ("研究生", "研究生及以上"), ("大学本科", "本科", "大本", "学士"),
        ("大学专科", "大专", "专科", "高职"), ("中专", "中等专科", "中专/中技", "中技"), ("高中",),
        ("初中及以下",), ("硕士", "硕士研究生"), ("博士", "博士研究生"), ("初中",), ("小学及以下", "小学"),
    ),
    "id_type": (
        ("身份证", "居民身份证", "公民身份证", "二代身份证", "居民身份证(户口簿)", "身份证件"),
        ("护照", "中国护照", "中华人民共和国护照"), ("军官证", "军官证件", "军人证件", "军人身份证件"),
    ),
    "employment_status": (
        ("在岗", "在职"), ("待(下)岗", "下岗待岗", "待岗", "下岗", "下岗/待岗", "待岗(下岗)"),
        ("退养(内退)", "内退", "退养", "内部退养"), ("失业",), ("退休",), ("离休",), ("退职",), ("病休",),
    ),
    "hukou_type": (("农业户口", "农业", "农村户口", "农村"), ("非农业户口", "非农业", "城镇户口", "城镇", "非农")),
    "political_status": (
        ("中共党员", "党员", "中国共产党党员"), ("中共预备党员", "预备党员", "中国共产党预备党员"),
        ("共青团员", "团员", "中国共产主义青年团团员"), ("无党派人士", "无党派民主人士", "无党派"), ("群众",),
        ("民主党派", "民主党派成员", "民主党派人士"),
    ) + _PARTIES,
    "membership_state": (
        ("在会", "正常", "在籍", "有效", "会员"), ("保留会籍", "保留"), ("转出", "已转出"), ("退会", "已退会"),
        ("除名", "已除名"),
    ),
    "membership_kind": (("入会", "新入会", "加入"), ("转入",), ("保留", "保留会籍"), ("转出",), ("除名",), ("退会",)),
    "is_migrant": (("是", "Y", "√"), ("否", "N", "×")),
    "chapter_type": (("独立基层工会", "单独基层工会", "独立建会", "单独建会"),
                     ("联合基层工会", "联合建会", "区域(行业)联合基层工会")),
}
# A value that falls within a broader list entry (中专 within 中专及高中); never the other way round.
WITHIN: dict[str, dict[str, tuple[str, ...]]] = {
    "education": {
        "中专": ("中专及高中", "高中及中专", "中专/高中", "高中/中专", "高中(中专)", "中专(高中)", "高中、中专"),
        "高中": ("中专及高中", "高中及中专", "中专/高中", "高中/中专", "高中(中专)", "中专(高中)", "高中、中专"),
        "硕士": ("研究生", "研究生及以上"), "博士": ("研究生", "研究生及以上"),
        "初中": ("初中及以下",), "小学及以下": ("初中及以下",),
    },
    "political_status": {
        "中共党员": ("中共党员(含预备党员)",), "中共预备党员": ("中共党员(含预备党员)",),
        **{party[0]: ("民主党派", "民主党派成员", "民主党派人士") for party in _PARTIES},
    },
}
_SKILL_RANKS = (("高级技师", 1), ("一级", 1), ("技师", 2), ("二级", 2), ("高级工", 3), ("三级", 3),
                ("中级工", 4), ("四级", 4), ("初级工", 5), ("五级", 5))


def _group_of(field: str, value: str) -> tuple[str, ...] | None:
    for group in GROUPS.get(field, ()):
        if value in (normalise(v) for v in group):
            return tuple(normalise(v) for v in group)
    return None


def _skill_rank(text: str) -> int | None:
    text = normalise(text)
    if text in ("无", "无等级", "未取得", "没有"):
        return 0
    for word, rank in _SKILL_RANKS:
        if word in text:
            return rank
    return None


def _unique(found: list[str]) -> str | None:
    found = list(dict.fromkeys(found))
    return found[0] if len(found) == 1 else None


def _safe_match(field: str, value: str, choices: list[str]) -> str | None:
    norm = normalise(value)
    by_norm = {}
    for c in choices:
        by_norm.setdefault(normalise(c), c)
    if norm in by_norm:
        return by_norm[norm]
    found = _unique([c for c in choices if _strip_notes(c) == norm])  # 中共党员（含预备党员）
    if found:
        return found
    group = _group_of(field, norm)
    if group:
        found = _unique([by_norm[g] for g in group if g in by_norm])
        if found:
            return found
    canonical = group[0] if group else norm
    broader = WITHIN.get(field, {}).get(canonical, ())
    found = _unique([by_norm[normalise(b)] for b in broader if normalise(b) in by_norm])
    if found:
        return found
    if field == "skill_level":
        rank = _skill_rank(value)
        if rank is not None:
            return _unique([c for c in choices if _skill_rank(c) == rank])
    if field == "ethnicity":
        other = norm[:-1] if norm.endswith("族") else norm + "族"
        return by_norm.get(other)
    return None


def match(field: str, values: tuple[str, ...] | list[str] | str, choices: list[str],
          remembered: dict[str, str] | None = None) -> str | None:
    """One of ``choices`` for our value, or None when no mapping is safe. ``values`` may give the
    finer value first (硕士研究生, then 研究生): the first that maps wins. ``remembered``: the
    clerk's earlier picks for this template and field (our value → theirs)."""
    candidates = [v for v in ([values] if isinstance(values, str) else values) if normalise(v)]
    remembered = remembered or {}
    for value in candidates:
        picked = remembered.get(value) or remembered.get(normalise(value))
        if picked in choices:
            return picked
    for value in candidates:
        found = _safe_match(field, value, choices)
        if found is not None:
            return found
    return None


# --- the organisation form (工会组织信息采集表) ------------------------------------------------------
ORG_FIELDS: dict[str, str] = {
    "unit_name": "单位名称 单位全称 企业名称 用人单位名称 所在单位名称",
    "credit_code": "统一社会信用代码 单位统一社会信用代码 单位社会信用代码 社会信用代码",
    "address": "单位地址 单位详细地址 单位所在地址 详细地址 通讯地址",
    "region": "单位所在政区 所在政区 单位所在地区 所在地区 所属地区",
    "region_code": "行政区划代码 单位所在政区代码 政区代码",
    "unit_nature": "单位性质类别 单位性质 单位类别",
    "economic_type": "经济类型 单位经济类型 经济性质",
    "industry": "单位所属行业 所属行业 行业 行业类别 国民经济行业分类",
    "employees": "职工人数 职工总数 单位职工人数 职工数",
    "union_name": "工会名称 基层工会名称 工会全称 工会组织名称",
    "union_credit_code": "工会法人统一社会信用代码 工会统一社会信用代码 工会社会信用代码 工会法人代码",
    "parent_union": "上级工会名称 上级工会 直属上级工会",
    "founded_on": "建会日期 建会时间 工会成立日期 成立日期 成立时间",
    "chapter_type": "基层工会类型 工会类型 建会形式",
    "members": "会员人数 会员总数 工会会员人数 会员数",
    "chairman": "工会负责人 工会主席 负责人 工会主席姓名",
    "contact": "联系人 工会联系人",
    "phone": "联系电话 电话 工会联系电话 联系方式",
    "stat_code": "基层工会统计编码 统计编码 工会统计编码",
}
ORG_ALIASES = {alias: key for key, names in ORG_FIELDS.items() for alias in names.split()}


def org_field(text) -> str | None:
    """The organisation field a form's label or header names: 工会法人统一社会信用代码 → union_credit_code."""
    label = _BRACKETS.sub("", clean_text(text))
    label = re.sub(r"[\s*＊:：]", "", label)
    return ORG_ALIASES.get(label)


# --- the clerk's picks, per template --------------------------------------------------------------
PREFIX = "platform_template."


def fingerprint(sheet: str, header: list[str]) -> str:
    """What identifies a template: its sheet's name and header texts (a renamed copy is the same)."""
    text = sheet + "\x1f" + "\x1f".join(normalise(h) for h in header)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def remembered_choices(template_id: str) -> dict[str, dict[str, str]]:
    """field key → {our value → the template's value} picked earlier for this template."""
    stored = settings.get(PREFIX + template_id) or {}
    return stored.get("choices", {})


def remember_choices(template_id: str, picks: dict[str, dict[str, str]], name: str = "") -> None:
    """Keep the clerk's picks (``field → {ours → theirs}``); an empty pick forgets one."""
    stored = settings.get(PREFIX + template_id) or {}
    choices = stored.get("choices", {})
    for field, pairs in picks.items():
        kept = choices.setdefault(field, {})
        for ours, theirs in pairs.items():
            if theirs:
                kept[ours] = theirs
            else:
                kept.pop(ours, None)
    stored["choices"] = {f: p for f, p in choices.items() if p}
    if name:
        stored["name"] = name
    settings.put_many({PREFIX + template_id: stored})
