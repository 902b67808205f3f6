import datetime as dt

import pytest

from unionoffice.domain.validation import (
    ValidationError,
    check_credit_code,
    clean_text,
    id_check_char,
    mask_id,
    mask_phone,
    normalise_mobile,
    parse_date,
    parse_id_number,
    remembered,
)
from tests.helpers import make_id


def test_valid_id_derives_birth_date_and_gender():
    info = parse_id_number("11010119740207431X")
    assert info.birth_date == dt.date(1974, 2, 7)
    assert info.gender == "男"  # 17th digit 1 is odd
    assert not info.upgraded
    assert parse_id_number(make_id("19900101", seq=122)).gender == "女"


@pytest.mark.parametrize("raw", [" 11010119740207431x ", "１１０１０１１９７４０２０７４３１Ｘ", "110101 1974 0207 431X"])
def test_id_is_normalised_before_checking(raw):
    assert parse_id_number(raw).number == "11010119740207431X"


def test_fifteen_digit_id_is_upgraded_and_flagged():
    info = parse_id_number("110101740207431")
    assert info.number == "11010119740207431X"
    assert info.upgraded


@pytest.mark.parametrize("raw, fragment", [
    ("110101197402074310", "校验位"),
    ("990101197402074318", "省级"),
    ("110101197402304315", "出生日期"),
    ("1101011974020743", "18位"),
    ("", "不能为空"),
])
def test_bad_ids_are_rejected_with_a_reason(raw, fragment):
    with pytest.raises(ValidationError) as err:
        parse_id_number(raw)
    assert err.value.field == "证件号码"
    assert fragment in err.value.reason


def test_id_with_birth_date_in_the_future_is_rejected():
    future = make_id((dt.date.today() + dt.timedelta(days=3)).strftime("%Y%m%d"))
    with pytest.raises(ValidationError):
        parse_id_number(future)


@pytest.mark.parametrize("text", ["1985-03-12", "1985-3-12", "1985/03/12", "1985.03.12", "19850312",
                                  "1985年3月12日", dt.date(1985, 3, 12), dt.datetime(1985, 3, 12, 0, 0)])
def test_date_formats(text):
    assert parse_date(text, "出生日期") == dt.date(1985, 3, 12)


@pytest.mark.parametrize("text", ["1985-02-30", "2099-01-01", "明年", "1985-13-01"])
def test_impossible_or_future_dates_are_errors(text):
    with pytest.raises(ValidationError) as err:
        parse_date(text, "入职日期")
    assert err.value.field == "入职日期"


@pytest.mark.parametrize("text", ["不详", "无", "—", "-", "/", "  ", None])
def test_placeholders_count_as_empty(text):
    assert clean_text(text) == ""
    assert parse_date(text, "出生日期") is None


def test_mobile_pattern():
    assert normalise_mobile("138-1234 5678") == "13812345678"
    assert normalise_mobile("") == ""
    for bad in ("12812345678", "1381234567", "0311-86661234"):
        with pytest.raises(ValidationError):
            normalise_mobile(bad)


def test_credit_code_check_character():
    assert check_credit_code("91350100M000100Y43") == "91350100M000100Y43"
    with pytest.raises(ValidationError):
        check_credit_code("91350100M000100Y44")
    with pytest.raises(ValidationError):
        check_credit_code("91350100M000100Y4")


def test_masks_keep_only_ends():
    assert mask_id("22020219900922662X") == "2202**********662X"
    assert mask_phone("13812345678") == "138****5678"


def test_other_documents_are_masked_too():
    """A passport, a Hong Kong/Macao or Taiwan permit: at most a third of it visible."""
    assert mask_id("E12345678") == "E******78"
    for number in ("E12345678", "C01234567", "12345678", "H1234567890", "AB12345", "K123"):
        masked = mask_id(number)
        assert len(masked) == len(number) and masked != number
        assert sum(c != "*" for c in masked) <= len(number) // 3, (number, masked)
    assert mask_id("130102850101123") == "1301*******1123"  # the old 15-digit ID keeps its ends


def test_check_character_of_known_numbers():
    assert id_check_char("11010519491231002") == "X"  # the example printed in GB 11643
    assert id_check_char("44052418800101001") == "4"
    # digits of another script are worth the same (the slow path of the same sum)
    arabic = "".join(chr(0x660 + int(d)) for d in "44052418800101001")
    assert id_check_char(arabic) == "4"


def test_remembered_checks_each_distinct_text_once_and_refuses_every_time():
    asked = []

    def join_date(value):
        asked.append(value)
        return parse_date(value, "入会时间", today=dt.date(2026, 11, 24))

    check = remembered(join_date)
    assert check("2001-03-01") == check("2001-03-01") == dt.date(2001, 3, 1)
    for _ in range(2):
        with pytest.raises(ValidationError) as refused:
            check("2001-02-30")
        assert (refused.value.field, refused.value.reason) == ("入会时间", "“2001-02-30”不是存在的日期")
    assert asked == ["2001-03-01", "2001-02-30"]
    # 1 and True are the same key of a dict but not the same cell: neither is remembered
    with pytest.raises(ValidationError, match="“1”"):
        check(1)
    with pytest.raises(ValidationError, match="“True”"):
        check(True)
    assert asked[2:] == [1, True]
