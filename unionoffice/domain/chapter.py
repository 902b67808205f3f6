"""本单位工会: the chapter's particulars (domain.md §1)."""

from __future__ import annotations

from dataclasses import dataclass

from unionoffice.db.models import database
from unionoffice.domain import audit, settings
from unionoffice.domain.validation import ValidationError, check_credit_code, clean_text, parse_date

PREFIX = "chapter."
CHAPTER_TYPES = ("独立基层工会", "联合基层工会")  # the platforms' words
OLD_CHAPTER_TYPES = {"单独基层工会": "独立基层工会", "独立": "独立基层工会", "单独": "独立基层工会",
                     "联合": "联合基层工会"}
UNIT_NATURES = ("企业", "事业单位", "机关", "社会团体", "民办非企业单位", "其他")
# 经济类型: the registration types of the statistical standard (登记注册类型)
ECONOMIC_TYPES = ("国有", "集体", "股份合作", "联营", "有限责任公司", "股份有限公司", "私营", "其他内资",
                  "港澳台商投资", "外商投资", "个体经营")
# 国民经济行业分类 (GB/T 4754-2017), its twenty sections (门类)
INDUSTRIES = (
    "农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "建筑业", "批发和零售业",
    "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、软件和信息技术服务业", "金融业", "房地产业",
    "租赁和商务服务业", "科学研究和技术服务业", "水利、环境和公共设施管理业", "居民服务、修理和其他服务业",
    "教育", "卫生和社会工作", "文化、体育和娱乐业", "公共管理、社会保障和社会组织", "国际组织",
)


@dataclass(frozen=True)
class ChapterField:
    key: str
    label: str
    required: bool = False
    kind: str = "text"  # text | date | choice (one of choices) | list (choices offered, any text) | credit_code | region_code
    choices: tuple[str, ...] = ()


FIELDS: tuple[ChapterField, ...] = (
    ChapterField("unit_name", "单位名称", required=True),
    ChapterField("union_name", "工会名称", required=True),
    ChapterField("credit_code", "统一社会信用代码", kind="credit_code"),
    ChapterField("address", "单位地址"),
    ChapterField("region", "单位所在政区"),
    ChapterField("region_code", "行政区划代码", kind="region_code"),
    ChapterField("unit_nature", "单位性质类别", kind="list", choices=UNIT_NATURES),
    ChapterField("economic_type", "经济类型", kind="list", choices=ECONOMIC_TYPES),
    ChapterField("industry", "单位所属行业", kind="list", choices=INDUSTRIES),
    ChapterField("union_credit_code", "工会法人统一社会信用代码", kind="credit_code"),
    ChapterField("stat_code", "基层工会统计编码"),
    ChapterField("parent_union", "上级工会名称"),
    ChapterField("founded_on", "建会日期", kind="date"),
    ChapterField("chapter_type", "基层工会类型", kind="choice", choices=CHAPTER_TYPES),
    ChapterField("chairman", "工会主席"),
    ChapterField("contact", "联系人"),
    ChapterField("phone", "联系电话"),
)
LABELS = {f.key: f.label for f in FIELDS}


def load() -> dict[str, str]:
    stored = settings.get_many(PREFIX)
    values = {f.key: stored.get(f.key, "") for f in FIELDS}
    values["chapter_type"] = OLD_CHAPTER_TYPES.get(values["chapter_type"], values["chapter_type"])
    return values


def is_configured() -> bool:
    return bool(load()["union_name"])


def validate(values: dict) -> dict[str, str]:
    """Clean the values; raise ValidationError naming the first bad field."""
    result = {}
    for f in FIELDS:
        text = clean_text(values.get(f.key, ""))
        if f.required and not text:
            raise ValidationError(f.label, "必须填写")
        if f.kind == "credit_code":
            text = check_credit_code(text, f.label)
        elif f.kind == "date" and text:
            text = parse_date(text, f.label).isoformat()
        elif f.kind == "choice" and text:
            text = OLD_CHAPTER_TYPES.get(text, text)
            if text not in f.choices:
                raise ValidationError(f.label, f"应为 {' / '.join(f.choices)} 之一")
        elif f.kind == "region_code" and text and not (len(text) == 6 and text.isdigit()):
            raise ValidationError(f.label, "应为6位数字（如 130102）")
        result[f.key] = text
    return result


def save(values: dict) -> dict[str, str]:
    clean = validate(values)
    with database.atomic():
        before = load()
        settings.put_many({PREFIX + k: v for k, v in clean.items()})
        audit.record("update", "chapter", None, before, clean)
    return clean
