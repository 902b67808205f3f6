"""The editable code lists (学历, 民族, 就业状况 …) and the common spellings mapped onto them."""

from __future__ import annotations

from unionoffice.db.codes import CODE_LABELS, DEFAULT_CODES, FUNDS_CODES
from unionoffice.db.models import CodeItem, database
from unionoffice.domain import audit
from unionoffice.domain.validation import ValidationError, clean_text
from unionoffice.domain.wording import fullwidth_brackets

SYNONYMS: dict[str, dict[str, str]] = {
    "education": {
        "本科": "大学本科", "大本": "大学本科", "学士": "大学本科",
        "大专": "大学专科", "专科": "大学专科", "高职": "大学专科",
        "硕士": "研究生", "博士": "研究生", "硕士研究生": "研究生", "博士研究生": "研究生",
        "研究生及以上": "研究生",
        "初中": "初中及以下", "小学": "初中及以下", "小学及以下": "初中及以下",
        "技校": "中专", "职高": "中专", "中技": "中专",
    },
    "hukou_type": {
        "农业": "农业户口", "农村": "农业户口", "农村户口": "农业户口",
        "非农业": "非农业户口", "城镇": "非农业户口", "城镇户口": "非农业户口", "非农": "非农业户口",
        "居民户口": "非农业户口",
    },
    "political_status": {
        "党员": "中共党员", "预备党员": "中共预备党员", "团员": "共青团员", "无党派": "无党派人士",
        "民主党派成员": "民主党派",
        **{party: "民主党派" for party in (
            "中国国民党革命委员会", "民革", "民革党员", "中国民主同盟", "民盟", "民盟盟员", "中国民主建国会", "民建",
            "民建会员", "中国民主促进会", "民进", "民进会员", "中国农工民主党", "农工党", "农工党党员",
            "中国致公党", "致公党", "致公党党员", "九三学社", "九三学社社员", "台湾民主自治同盟", "台盟",
            "台盟盟员")},
    },
    "gender": {"男性": "男", "女性": "女"},
    "employment_status": {"在职": "在岗", "内退": "退养（内退）", "退养": "退养（内退）", "下岗": "待（下）岗"},
}


# A finer spelling kept beside the code value it was mapped onto (硕士研究生 beside 研究生): the
# field that keeps it, for the code lists where a platform template may ask for the finer one.
DETAIL_FIELDS = {"education": "education_detail", "political_status": "political_detail"}


def finer(category: str, raw, value: str) -> str:
    """The text as written when mapping it onto the code list made it coarser, else ""."""
    text = clean_text(raw)
    return text if text and value and text != value and canonical(category, text) == value else ""


def values(category: str) -> list[str]:
    rows = (CodeItem.select(CodeItem.value).where(CodeItem.category == category)
            .order_by(CodeItem.sort_order, CodeItem.id))
    found = [r.value for r in rows]
    return found or list(DEFAULT_CODES.get(category, FUNDS_CODES.get(category, [])))


def canonical(category: str, raw, *, known: list[str] | None = None) -> str:
    """Map a spelling onto the code list (本科 → 大学本科); unknown values are kept as written."""
    text = clean_text(raw)
    if not text:
        return ""
    text = fullwidth_brackets(SYNONYMS.get(category, {}).get(text, text))  # 待(下)岗 → 待（下）岗
    if category == "ethnicity" and known is not None and text not in known and text + "族" in known:
        text += "族"
    return text


def label(category: str) -> str:
    return CODE_LABELS.get(category, category)


def categories() -> list[str]:
    return [c for c in DEFAULT_CODES if c != "leave_reason"] + list(FUNDS_CODES)


def set_values(category: str, new_values: list[str]) -> None:
    """Replace a code list (the user's edit in 设置 → 代码表)."""
    cleaned = []
    for v in new_values:
        text = clean_text(v)
        if text and text not in cleaned:
            cleaned.append(text)
    if not cleaned:
        raise ValidationError(label(category), "至少保留一项")
    with database.atomic():
        before = values(category)
        CodeItem.delete().where(CodeItem.category == category).execute()
        CodeItem.insert_many(
            [{"category": category, "value": v, "sort_order": i} for i, v in enumerate(cleaned)]
        ).execute()
        audit.record("update", "code_item", None, {category: before}, {category: cleaned})
