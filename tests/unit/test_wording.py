"""Dates in Chinese text are written without leading zeros (2026年10月1日), in every place that
writes one."""

import datetime as dt

from unionoffice.domain import statistics
from unionoffice.domain.wording import chinese_date, chinese_month, month_day


def test_chinese_date_has_no_leading_zeros():
    assert chinese_date(dt.date(2026, 10, 1)) == "2026年10月1日"
    assert chinese_date(dt.date(2026, 3, 9)) == "2026年3月9日"
    assert chinese_date(dt.datetime(2026, 3, 9, 9, 5), with_time=True) == "2026年3月9日 09:05"
    assert chinese_date(None) == ""
    assert chinese_month(dt.date(2026, 3, 1)) == "2026年3月"
    assert month_day(dt.date(2026, 12, 7)) == "12月7日"


def test_statistical_period_reads_as_written():
    assert statistics.statistical_year(2026).text == "2025年10月1日至2026年9月30日"
