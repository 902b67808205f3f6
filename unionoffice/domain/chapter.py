"""本单位工会: the chapter's particulars (domain.md §1)."""

from __future__ import annotations

from dataclasses import dataclass

from unionoffice.db.models import database
from unionoffice.domain import audit, settings
from unionoffice.domain.validation import ValidationError, check_credit_code, clean_text, parse_date

PREFIX = "chapter."
CHAPTER_TYPES = ("单独基层工会", "联合基层工会")


@dataclass(frozen=True)
class ChapterField:
    key: str
    label: str
    required: bool = False
    kind: str = "text"  # text | date | choice | credit_code


FIELDS: tuple[ChapterField, ...] = (
    ChapterField("unit_name", "单位名称", required=True),
    ChapterField("union_name", "工会名称", required=True),
    ChapterField("credit_code", "统一社会信用代码", kind="credit_code"),
    ChapterField("address", "单位地址"),
    ChapterField("industry", "所属行业"),
    ChapterField("economic_type", "经济类型"),
    ChapterField("parent_union", "上级工会名称"),
    ChapterField("founded_on", "建会日期", kind="date"),
    ChapterField("chapter_type", "基层工会类型", kind="choice"),
    ChapterField("chairman", "工会主席"),
    ChapterField("contact", "联系人"),
    ChapterField("phone", "联系电话"),
)
LABELS = {f.key: f.label for f in FIELDS}


def load() -> dict[str, str]:
    stored = settings.get_many(PREFIX)
    return {f.key: stored.get(f.key, "") for f in FIELDS}


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
        elif f.kind == "choice" and text and text not in CHAPTER_TYPES:
            raise ValidationError(f.label, f"应为 {' / '.join(CHAPTER_TYPES)} 之一")
        result[f.key] = text
    return result


def save(values: dict) -> dict[str, str]:
    clean = validate(values)
    with database.atomic():
        before = load()
        settings.put_many({PREFIX + k: v for k, v in clean.items()})
        audit.record("update", "chapter", None, before, clean)
    return clean
