"""Chinese text written the way people write it: dates as 2026年10月1日, never 2026年10月01日
(tables and entry boxes keep ISO 2026-10-01: it sorts and lines up), and full-width brackets in
Chinese words: 职工（代表）大会, not 职工(代表)大会."""

from __future__ import annotations

import datetime as dt
import re

_CJK = re.compile(r"[\u3400-\u9fff]")


def chinese_date(day: dt.date | dt.datetime | None, *, with_time: bool = False) -> str:
    """2026年10月1日 (and 09:05 after it with ``with_time``); "" for no date."""
    if day is None:
        return ""
    text = f"{day.year}年{day.month}月{day.day}日"
    if with_time and isinstance(day, dt.datetime):
        text += f" {day:%H:%M}"
    return text


def chinese_month(day: dt.date | None) -> str:
    """2026年3月."""
    return "" if day is None else f"{day.year}年{day.month}月"


def month_day(day: dt.date | None) -> str:
    """10月1日, for a date within the year in view."""
    return "" if day is None else f"{day.month}月{day.day}日"


def fullwidth_brackets(text: str) -> str:
    """职工(代表)大会 → 职工（代表）大会: in text with Chinese characters, brackets are full-width.
    Text without any (a code such as "A(1)") is left alone."""
    if not text or ("(" not in text and ")" not in text) or not _CJK.search(text):
        return text
    return text.replace("(", "（").replace(")", "）")
