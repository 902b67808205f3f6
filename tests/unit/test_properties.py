"""Property-based tests of the ID validator and the date reader (hypothesis)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from unionoffice.domain.validation import (
    PROVINCE_CODES,
    ValidationError,
    id_check_char,
    parse_date,
    parse_id_number,
)

TODAY = dt.date(2026, 11, 24)
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=TODAY)


@st.composite
def ids(draw):
    province = draw(st.sampled_from(sorted(PROVINCE_CODES)))
    area = f"{province}{draw(st.integers(0, 9999)):04d}"
    birth = draw(births)
    seq = draw(st.integers(0, 999))
    first17 = f"{area}{birth:%Y%m%d}{seq:03d}"
    return first17 + id_check_char(first17), birth, "男" if seq % 2 else "女"


@given(ids())
def test_every_valid_id_is_accepted_with_its_birth_date_and_gender(case):
    number, birth, gender = case
    info = parse_id_number(number, today=TODAY)
    assert (info.number, info.birth_date, info.gender) == (number, birth, gender)


@given(ids(), st.integers(0, 16), st.integers(1, 9))
def test_any_single_digit_change_is_caught(case, position, delta):
    number = case[0]
    changed = number[:position] + str((int(number[position]) + delta) % 10) + number[position + 1:]
    try:
        info = parse_id_number(changed, today=TODAY)
    except ValidationError:
        return
    raise AssertionError(f"{changed} accepted as {info}")


@given(ids(), st.lists(st.sampled_from([" ", "\u3000", "\t"]), max_size=3), st.booleans())
def test_spaces_full_width_and_lower_case_x_do_not_matter(case, spaces, full_width):
    number = case[0]
    typed = number.lower()
    if full_width:
        typed = "".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in typed)
    typed = "".join(spaces) + typed[:6] + "".join(spaces) + typed[6:]
    assert parse_id_number(typed, today=TODAY).number == number


@given(ids())
def test_fifteen_digit_numbers_upgrade_to_the_eighteen_digit_one(case):
    number, birth, _ = case
    if not 1900 <= birth.year <= 1999:
        return
    old = number[:6] + number[8:17]
    info = parse_id_number(old, today=TODAY)
    assert info.number == number and info.upgraded


@given(births)
def test_every_written_form_of_a_date_reads_back(day):
    forms = [day, dt.datetime.combine(day, dt.time()), day.isoformat(), f"{day.year}-{day.month}-{day.day}",
             f"{day:%Y/%m/%d}", f"{day:%Y.%m.%d}", f"{day:%Y%m%d}", f"{day.year}年{day.month}月{day.day}日"]
    for form in forms:
        assert parse_date(form, "日期", today=TODAY) == day


@settings(max_examples=300)
@given(st.one_of(st.text(max_size=30), st.integers(), st.floats(allow_nan=True)))
def test_the_date_reader_only_ever_says_why_in_chinese(value):
    try:
        result = parse_date(value, "出生日期", today=TODAY)
    except ValidationError as exc:
        assert exc.field == "出生日期" and exc.reason
    else:
        assert result is None or dt.date(1900, 1, 1) <= result <= TODAY


@settings(max_examples=300)
@given(st.text(max_size=40))
def test_the_id_reader_only_ever_says_why(text):
    try:
        parse_id_number(text, today=TODAY)
    except ValidationError as exc:
        assert exc.field == "证件号码"
