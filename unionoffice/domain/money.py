"""Money is exact: integer 分 in the database, Decimal at the edges, never float."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from unionoffice.domain.validation import ValidationError, clean_text


def to_fen(value, field: str = "金额") -> int:
    """"1,234.5" / 1234.5 / Decimal → 123450 分. More than two decimals, or not a number, is an error."""
    if value is None:
        return 0
    if isinstance(value, bool):
        raise ValidationError(field, "应为金额")
    if isinstance(value, int):
        return value * 100
    if isinstance(value, float):
        value = repr(value)  # Excel's number as written (0.1 → "0.1"), never its binary value
    text = re.sub(r"[,，\s元￥¥]", "", clean_text(value))
    if not text:
        return 0
    try:
        amount = Decimal(text)
    except InvalidOperation:
        raise ValidationError(field, f"“{value}”不是金额") from None
    if not amount.is_finite():
        raise ValidationError(field, f"“{value}”不是金额")
    if amount < 0:
        raise ValidationError(field, "不能为负数")
    if amount != amount.quantize(Decimal("0.01")):
        raise ValidationError(field, f"“{value}”超过两位小数")
    if amount >= Decimal("1e11"):
        raise ValidationError(field, "金额过大")
    return int((amount * 100).to_integral_value(ROUND_HALF_UP))


def yuan(fen: int | None) -> Decimal | None:
    """分 → Decimal 元 with two places (for display and for Excel cells)."""
    if fen is None:
        return None
    return (Decimal(fen) / 100).quantize(Decimal("0.01"))


def text(fen: int | None) -> str:
    """分 → "1,234.50": the one way an amount is written on screen and on paper."""
    return "" if fen is None else yuan_text(yuan(fen))


def yuan_text(amount: Decimal | None) -> str:
    """Decimal 元 → "1,234.50" (two places, thousands separated)."""
    return "" if amount is None else f"{amount:,.2f}"
