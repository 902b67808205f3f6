"""Chinese text as people write it: dates without leading zeros (2026年10月1日) in every place that
writes one; 其他 last in a list of choices."""

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


def test_other_comes_last_in_every_list_of_choices():
    """其他 sat in the middle of the 厂务公开 categories, before the four state-owned-enterprise ones."""
    from unionoffice.db.codes import DEFAULT_CODES
    from unionoffice.domain import activities, congress, notices, welfare

    lists = {"厂务公开类别": notices.CATEGORIES, "活动类型": activities.KINDS, "提案类别": congress.CATEGORIES,
             "致困原因": welfare.CAUSES, "帮扶类型": welfare.KINDS}
    lists |= {category: values for category, values in DEFAULT_CODES.items()}
    misplaced = [name for name, values in lists.items() if "其他" in values and values[-1] != "其他"]
    assert not misplaced


def test_chinese_words_take_full_width_brackets(db):
    """待(下)岗 and 职工(代表)大会 were shipped and stored with half-width brackets."""
    from unionoffice.db.codes import DEFAULT_CODES
    from unionoffice.db.models import MembershipEvent, Person
    from unionoffice.domain import codes, members, notices
    from unionoffice.domain.wording import fullwidth_brackets

    assert fullwidth_brackets("职工(代表)大会") == "职工（代表）大会"
    assert fullwidth_brackets("Type(A)") == "Type(A)"
    shipped = [v for values in DEFAULT_CODES.values() for v in values] + list(notices.FORMS)
    assert not [v for v in shipped if "(" in v or ")" in v]
    assert "待（下）岗" in DEFAULT_CODES["employment_status"] and "职工（代表）大会" in notices.FORMS
    assert codes.canonical("employment_status", "待(下)岗") == "待（下）岗"  # as an HR roster writes it
    assert codes.canonical("employment_status", "下岗") == "待（下）岗"
    person = Person.create(name="张三", id_number="110101199003070019", gender="男")
    members.add_event(person.id, "入会", "2020-01-01")
    members.add_event(person.id, "转出", "2026-01-05", "劳动(工作)关系发生变化")
    assert MembershipEvent.select().where(MembershipEvent.kind == "转出").get().reason == "劳动（工作）关系发生变化"
