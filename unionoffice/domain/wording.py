"""Dates in Chinese running text, written the way people write them: 2026年10月1日, never
2026年10月01日. Tables and entry boxes keep ISO 2026-10-01 (it sorts and lines up); these are for
sentences, titles and printed forms."""

from __future__ import annotations

import datetime as dt


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
