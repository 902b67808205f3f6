"""Property-based tests of the ID validator and the date reader (hypothesis)."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from unionoffice.domain.members import PersonCheck, validate_person
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


# Cells as HR rosters hold them, good and bad, few enough that the same ones come back often.
CELLS = {
    "gender": st.sampled_from(["男", "女", "男性", "未知", "", None]),
    "birth_date": st.sampled_from(["1985-03-12", "1985年3月12日", "1985-02-30", "", None, dt.date(1985, 3, 12),
                                   19850312, "明年"]),
    "ethnicity": st.sampled_from(["汉", "汉族", "回族", "", "不详"]),
    "education": st.sampled_from(["本科", "大专", "博士", "其他", "  大学本科 "]),
    "hire_date": st.sampled_from(["2010-01-01", "2030-01-01", "abc", "", dt.datetime(2010, 1, 1, 8, 30)]),
    "mobile": st.sampled_from(["13812345678", "138 1234 5678", "+8613812345678", "123", "", 13812345678.0]),
    "hukou_type": st.sampled_from(["农业", "城镇", "", "农业户口"]),
    "is_migrant": st.sampled_from(["是", "否", "也许", "", 1, True]),
    "department": st.sampled_from(["动力厂", " 动力厂 ", "x" * 101, "", "—"]),
    "note": st.sampled_from(["", "备注", "\t说明\n", "长" * 2001]),
    "id_type": st.sampled_from(["身份证", "护照", "", None]),
    "name": st.sampled_from(["张伟", " 李娜 ", "", "王" * 51, "Ｌｉ Ｌｅｉ"]),
}
_REMEMBERING = PersonCheck(today=TODAY, known_codes={"ethnicity": ["汉族", "回族"]}, remember=True)


def _outcome(check):
    try:
        return check()
    except ValidationError as exc:
        return ("refused", exc.field, exc.reason)


@settings(max_examples=400)
@given(st.fixed_dictionaries({}, optional=CELLS),
       st.one_of(ids().map(lambda case: case[0]), st.sampled_from(["110101740207431", "12345", 1.1e17, ""])))
def test_an_import_remembering_answers_checks_every_row_as_the_person_form_does(cells, number):
    row = {**cells, "id_number": number}
    fresh = _outcome(lambda: validate_person(row, today=TODAY, known_codes={"ethnicity": ["汉族", "回族"]},
                                             partial=True))
    assert _outcome(lambda: _REMEMBERING(row, partial=True)) == fresh
