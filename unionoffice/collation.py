"""The one order for Chinese text: names (and any other text a list sorts) by pinyin.

``name_key(name)`` is what every list of people sorts by: the roster in SQL (the key is stored with
each person, ``Person.name_key``) and every table of rows in Python (``ui/common/table_model``), so
the two orders agree; ``sort_key(text)`` is the same order for text that is not a name. It compares as a dictionary does, a character at a time: each Chinese character
by its syllable, then its tone, then the character itself, so that 陈 (chen) comes before 程 (cheng),
李娜 and 李平娟 both before 林, and people of one surname stay together (章 after every 张).

The key is plain ASCII (syllable, tone digit, five hex digits of the character), so it sorts the
same in Python, in SQLite and in PostgreSQL. Other characters stand for themselves, in lower case.
No Qt here: the database layer and the domain use it too."""

from __future__ import annotations

import functools
import os

# Surnames read otherwise than the character's common reading (曾 is zēng as a surname, not céng),
# with the tone as pypinyin's TONE3 style writes it.
SURNAME_READINGS = {
    "曾": "zeng1", "单": "shan4", "仇": "qiu2", "解": "xie4", "朴": "piao2", "区": "ou1", "查": "zha1",
    "翟": "zhai2", "乐": "yue4", "覃": "qin2", "盖": "ge3", "缪": "miao4", "召": "shao4", "种": "chong2",
    "秘": "bi4", "尉": "yu4", "繁": "po2", "员": "yun4", "华": "hua4", "纪": "ji3", "任": "ren2",
    "沈": "shen3", "重": "chong2", "长": "chang2", "尚": "shang4", "宓": "mi4", "能": "nai4",
}


def pypinyin():
    """The pypinyin package, loaded without its phrase dictionary the first time: every call in this
    program reads one character at a time, which that dictionary (47,000 phrases, none of one
    character) never answers, and loading it costs a large import about a second and tens of MB."""
    os.environ.setdefault("PYPINYIN_NO_PHRASES", "1")
    os.environ.setdefault("PYPINYIN_NO_DICT_COPY", "1")  # no custom readings are ever loaded
    import pypinyin

    return pypinyin


@functools.lru_cache(maxsize=30000)
def reading(char: str) -> str:
    """A character's syllable with its tone digit (5 for the neutral tone), lower case: 陈 → chen2;
    "" for a character that has none (a letter, a digit, punctuation)."""
    py = pypinyin()  # its dictionaries take 0.1 s to load: not at start-up
    syllable = py.pinyin(char, style=py.Style.TONE3, neutral_tone_with_five=True, errors="default")[0][0]
    return syllable.lower() if syllable != char and syllable[-1:].isdigit() else ""


@functools.lru_cache(maxsize=30000)
def _char_key(char: str) -> str:
    syllable = reading(char)
    return f"{syllable}{ord(char):05x}" if syllable else char.lower()


def sort_key(text: str) -> str:
    """The key any text sorts by (a department, an activity, a status); spaces do not count."""
    return "".join(map(_char_key, "".join(text.split())))


def name_key(name: str) -> str:
    """The key a person's name sorts by: ``sort_key`` with the first character read as a surname
    (单 as shan, 曾 as zeng). Stored with each person for the roster's SQL order."""
    name = "".join(name.split())
    if not name:
        return ""
    first = name[0]
    head = _SURNAME_KEYS.get(first) or _char_key(first)
    return head + "".join(map(_char_key, name[1:]))


_SURNAME_KEYS = {char: f"{syllable}{ord(char):05x}" for char, syllable in SURNAME_READINGS.items()}
