"""Validation and normalisation of what people type or HR sends (domain.md §2).

Every failure is a ``ValidationError`` naming the field and the reason in Chinese."""

from __future__ import annotations

import datetime as dt
import functools
import re
import unicodedata
from operator import mul
from typing import Callable, NamedTuple


class ValidationError(ValueError):
    def __init__(self, field: str, reason: str):
        super().__init__(f"{field}：{reason}")
        self.field = field
        self.reason = reason


PLACEHOLDERS = {"不详", "无", "空", "暂无", "—", "-", "/", "－", "／", "——"}


_BREAKS = re.compile(r"[\t\r\n\u2028\u2029]+")
# control characters, and the invisible ones that make two equal names differ: soft hyphen, zero-width
# and joiner marks, bidi marks and isolates, word joiner and invisible operators, BOM
_INVISIBLE = "\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff9-\ufffb"  # all format (Cf)
_CONTROL = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{_INVISIBLE}]")
_MULTILINE_CONTROL = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f\\u2028\\u2029{_INVISIBLE}]")


# Full-width digits, Latin letters and the ideographic space fold to half-width; Chinese
# punctuation （，：） is left as the user wrote it.
_FOLD = {code: code - 0xFEE0 for code in range(0xFF10, 0xFF1A)}
_FOLD |= {code: code - 0xFEE0 for code in range(0xFF21, 0xFF3B)}
_FOLD |= {code: code - 0xFEE0 for code in range(0xFF41, 0xFF5B)}
_FOLD[0x3000] = 0x20
_WIDE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\u3000]")  # what _FOLD folds: found
# first, as translating a short Chinese text costs four times the search (a name three times a row)


def clean_text(value) -> str:
    """Text of a cell or an entry box: full-width digits and letters folded to half-width, control
    characters and zero-width marks removed, line breaks and tabs turned into spaces, trimmed;
    placeholder text such as 不详 or — counts as empty."""
    if value is None:
        return ""
    if type(value) is not str:
        value = str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)
    text = value if value.isascii() or not _WIDE.search(value) else value.translate(_FOLD)
    if not text.isprintable():  # only then can there be a control character or a line break
        text = _BREAKS.sub(" ", _CONTROL.sub("", text))
    text = text.strip()
    return "" if text in PLACEHOLDERS else text


def clean_multiline(value) -> str:
    """Text of a long field (理由, 建议, 备注 …): like ``clean_text`` but its line breaks are kept
    (CR LF and CR become LF), and so are tabs (a table pasted as text); placeholder text counts as
    empty."""
    if value is None:
        return ""
    if type(value) is not str:
        return clean_text(value)
    text = value if value.isascii() else value.translate(_FOLD)
    if not text.isprintable():
        text = text.replace("\r\n", "\n").replace("\r", "\n")
        text = _MULTILINE_CONTROL.sub(lambda m: "\n" if m[0] in "\u2028\u2029" else "", text)
    text = text.strip()
    return "" if text in PLACEHOLDERS else text


_MISSING = object()


def remembered(check: Callable) -> Callable:
    """``check`` (one cell's value → its clean form, or a ValidationError) with its answers kept per
    distinct text. An import of 100,000 rows holds a few hundred distinct departments, codes and
    dates: each is checked once, not once a row. Only text is remembered (1, 1.0 and True are equal
    keys of a dict but read differently), and an empty cell (None); a refusal is raised anew each
    time it is asked."""
    answers: dict = {}

    def checked(value):
        if type(value) is not str and value is not None:
            return check(value)
        found = answers.get(value, _MISSING)
        if found is _MISSING:
            try:
                found = check(value)
            except ValidationError as exc:
                found = exc
            answers[value] = found
        if isinstance(found, ValidationError):
            raise ValidationError(found.field, found.reason)
        return found

    return checked


NOTE_LIMIT = 2000  # a 备注 or 意见: a few paragraphs
LONG_TEXT_LIMIT = 20000  # 理由, 建议, 答复, 总结, 内容: a few pages


def check_length(text: str, field: str, limit: int) -> str:
    if len(text) > limit:
        raise ValidationError(field, f"内容过长（{len(text)} 字，最多 {limit} 字）")
    return text


# --- 公民身份号码 (GB 11643) -------------------------------------------------------------
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
ID_CHECK_CHARS = "10X98765432"
PROVINCE_CODES = (
    set(range(11, 16)) | set(range(21, 24)) | set(range(31, 38)) | set(range(41, 47))
    | set(range(50, 55)) | set(range(61, 66)) | {71, 81, 82, 83}
)


_ASCII_ZEROS = 48 * sum(ID_WEIGHTS)  # the weighted sum of seventeen "0" characters' codes


def id_check_char(first17: str) -> str:
    if len(first17) == 17 and first17.isascii() and first17.isdigit():
        # the weighted sums of the region (6 digits), birth date (8) and sequence (3), each kept:
        # a roster's people share a few thousand of each
        region, born, sequence = first17[:6], first17[6:14], first17[14:]
        total = ((_ID_SUMS[0].get(region) or _id_sum(0, region)) + (_ID_SUMS[1].get(born) or _id_sum(1, born))
                 + (_ID_SUMS[2].get(sequence) or _id_sum(2, sequence)))
    elif first17.isascii():  # the bytes are the digits' codes: no int() per digit
        total = sum(map(mul, first17.encode(), ID_WEIGHTS)) - _ASCII_ZEROS
    else:
        total = sum(map(mul, map(int, first17), ID_WEIGHTS))
    return ID_CHECK_CHARS[total % 11]


_ID_SUMS: tuple[dict[str, int], dict[str, int], dict[str, int]] = ({}, {}, {})
_ID_PART_WEIGHTS = (ID_WEIGHTS[:6], ID_WEIGHTS[6:14], ID_WEIGHTS[14:])


def _id_sum(part: int, digits: str) -> int:
    """The weighted sum of one part of an ID's first 17 digits, kept for the next ID with that part
    (up to 50,000 a part; a sum of 0, all zeros, is worked out each time)."""
    total = sum(map(mul, map(int, digits), _ID_PART_WEIGHTS[part]))
    if len(_ID_SUMS[part]) < 50_000:
        _ID_SUMS[part][digits] = total
    return total


_PROVINCE_TEXT = frozenset(f"{code:02d}" for code in PROVINCE_CODES)


@functools.lru_cache(maxsize=1 << 16)
def _id_birth(digits: str) -> dt.date:
    """The date of an ID number's 7th–14th digits (a roster's 100,000 people are born on a few
    thousand days); ValueError where there is no such day."""
    return dt.date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))


class IdInfo(NamedTuple):
    number: str
    birth_date: dt.date
    gender: str
    upgraded: bool  # a 15-digit number was upgraded to 18


def normalise_id(raw) -> str:
    if type(raw) is str and raw.isascii() and raw.isalnum():  # the usual case, and already normal
        return raw.upper()
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = unicodedata.normalize("NFKC", "" if raw is None else str(raw))
    return _SPACES.sub("", _CONTROL.sub("", text)).upper()


_SPACES = re.compile(r"\s+")
_ID15 = re.compile(r"\d{15}")
_ID18 = re.compile(r"\d{17}[\dX]")


def parse_id_number(raw, *, today: dt.date | None = None, field: str = "证件号码") -> IdInfo:
    """Check a 公民身份号码 and derive birth date and gender from it."""
    today = today or dt.date.today()
    number = normalise_id(raw)
    if number in PLACEHOLDERS or not number:
        raise ValidationError(field, "不能为空")
    upgraded = False
    if len(number) == 15 and _ID15.fullmatch(number):
        first17 = number[:6] + "19" + number[6:]
        number = first17 + id_check_char(first17)
        upgraded = True
    if not (len(number) == 18 and number.isascii() and number[:17].isdigit()
            and (number[17].isdigit() or number[17] == "X")) and not _ID18.fullmatch(number):
        raise ValidationError(field, f"应为18位（末位可为X），实际为“{number}”（{len(number)}位）")
    if number[:2] not in _PROVINCE_TEXT:
        raise ValidationError(field, f"前两位“{number[:2]}”不是有效的省级行政区划代码")
    try:
        birth = _id_birth(number[6:14])
    except ValueError:
        raise ValidationError(field, f"第7–14位“{number[6:14]}”不是有效的出生日期") from None
    if birth > today or birth.year < 1900:
        raise ValidationError(field, f"第7–14位的出生日期 {birth:%Y-%m-%d} 不可能")
    expected = id_check_char(number[:17])
    if number[17] != expected:
        raise ValidationError(field, f"校验位错误（末位应为 {expected}，实际为 {number[17]}），请核对号码")
    # (tuple.__new__: the named tuple's own __new__ costs twice as much, once for each person)
    return _new_tuple(IdInfo, (number, birth, "男" if int(number[16]) % 2 else "女", upgraded))


_new_tuple = tuple.__new__


# --- 日期 -----------------------------------------------------------------------------------
_DATE_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日?"),
    re.compile(r"(\d{4})(\d{2})(\d{2})"),
)
_MONTH_PATTERNS = (
    re.compile(r"(\d{4})[-/.](\d{1,2})"),
    re.compile(r"(\d{4})年(\d{1,2})月?"),
    re.compile(r"(\d{4})(\d{2})"),
)
_TIME_PART = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
EXCEL_EPOCH = dt.date(1899, 12, 30)  # serial 1 is 1900-01-01 (Excel counts a 29 February 1900)


class YearMonth(dt.date):
    """A date known to the month only (出生年月 1985.03): the first of the month, marked."""

    def __repr__(self) -> str:
        return f"YearMonth({self.year}, {self.month})"


def _from_number(value: float, allow_month: bool) -> dt.date | str:
    """A number in a date cell: an Excel serial of a General-format cell (43831, 43831.5 with a
    time), a year-month written as a number (1985.03, 1985.1 = October), or digits to read as text
    (19850312, 198503)."""
    if 10_000 <= value < 100_000:  # 1927-05-18 … 2173: only a serial can be a 5-digit number
        return EXCEL_EPOCH + dt.timedelta(days=int(value))
    if allow_month and not float(value).is_integer() and 1900 <= value < 2200:
        year = int(value)
        month = round((value - year) * 100)
        if 1 <= month <= 12 and abs((value - year) * 100 - month) < 1e-6:
            return YearMonth(year, month, 1)
    return str(int(value)) if float(value).is_integer() else repr(value)


def parse_date(
    value, field: str, *, allow_future: bool = False, today: dt.date | None = None,
    allow_month: bool = False,
) -> dt.date | None:
    """A date from an Excel cell or typed text; ``None`` for an empty cell.

    Accepts real dates, Excel serial numbers, and 1985-03-12, 1985-3-12, 1985/03/12, 1985.03.12,
    19850312, 1985年3月12日, each with or without a time (and 1985-03, 1985.03, 1985年3月 where
    ``allow_month``, read as a ``YearMonth``: the first of the month)."""
    today = today or dt.date.today()
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        result = value.date()
    elif isinstance(value, dt.date):
        result = value
    else:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = _from_number(value, allow_month)
        if isinstance(value, dt.date):
            result = value
        else:
            text = unicodedata.normalize("NFKC", clean_text(value))
            text = _TIME_PART.sub("", text).replace(" ", "")
            if not text:
                return None
            result = None
            for pattern in _DATE_PATTERNS:
                m = pattern.fullmatch(text)
                if m:
                    try:
                        result = dt.date(int(m[1]), int(m[2]), int(m[3]))
                    except ValueError:
                        raise ValidationError(field, f"“{text}”不是存在的日期") from None
                    break
            if result is None and allow_month:
                for pattern in _MONTH_PATTERNS:
                    m = pattern.fullmatch(text)
                    if m and 1 <= int(m[2]) <= 12:
                        result = YearMonth(int(m[1]), int(m[2]), 1)
                        break
            if result is None:
                example = "1985-03-12、1985年3月12日或 1985.03" if allow_month else "1985-03-12 或 1985年3月12日"
                raise ValidationError(field, f"无法识别的日期“{text}”（可写作 {example}）")
    if result.year < 1900:
        raise ValidationError(field, f"日期 {result:%Y-%m-%d} 不可能")
    if not allow_future and result > today:
        raise ValidationError(field, f"日期 {result:%Y-%m-%d} 在今天之后")
    return result


# --- 移动电话 -------------------------------------------------------------------------------
_PHONE_GAPS = re.compile(r"[\s\-－—()（）.]")
_MOBILE = re.compile(r"1[3-9]\d{9}")
_COUNTRY = re.compile(r"(?:\+|00)?86(?=1[3-9]\d{9}$)")


def normalise_mobile(value, field: str = "移动电话") -> str:
    """A mainland mobile number, 11 digits: spaces, dashes and brackets removed, a +86 / 0086 / 86
    country prefix dropped."""
    if (type(value) is str and len(value) == 11 and value.isascii() and value.isdigit() and value[0] == "1"
            and value[1] in "3456789"):  # the usual case (what _MOBILE matches), without the regex
        return value
    text = clean_text(value)
    if not text:
        return ""
    digits = _PHONE_GAPS.sub("", text)
    if not _MOBILE.fullmatch(digits):
        digits = _COUNTRY.sub("", digits, count=1)
    if not _MOBILE.fullmatch(digits):
        raise ValidationError(field, f"“{text}”不是有效的手机号码（11位，以13–19开头）")
    return digits


# --- 统一社会信用代码 (GB 32100) ----------------------------------------------------------------
USCC_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def check_credit_code(raw, field: str = "统一社会信用代码") -> str:
    code = normalise_id(raw)
    if not code:
        return ""
    if len(code) != 18 or any(c not in USCC_CHARS for c in code):
        raise ValidationError(field, "应为18位数字或大写字母（不含 I、O、Z、S、V）")
    total = sum(USCC_CHARS.index(c) * w for c, w in zip(code, USCC_WEIGHTS))
    expected = USCC_CHARS[(31 - total % 31) % 31]
    if code[17] != expected:
        raise ValidationError(field, f"校验位错误（末位应为 {expected}），请核对")
    return code


# --- 屏蔽显示 (domain.md §12) ----------------------------------------------------------------
def mask_id(number: str) -> str:
    """An ID or card number as screens and masked exports show it (domain.md §12): a resident ID
    (18 or 15 digits) or a bank card keeps 4 characters at each end; a shorter document (passport,
    Hong Kong/Macao/Taiwan permit) at most a third of its characters."""
    if not number:
        return ""
    n = len(number)
    head, tail = (4, 4) if n >= 15 else (1, 2) if n >= 9 else (1, 1) if n >= 6 else (0, 0)
    return number[:head] + "*" * (n - head - tail) + (number[-tail:] if tail else "")


def mask_phone(number: str) -> str:
    if not number:
        return ""
    if len(number) < 7:
        return "*" * len(number)
    return number[:3] + "*" * (len(number) - 7) + number[-4:]
