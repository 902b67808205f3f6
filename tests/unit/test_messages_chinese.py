"""Every message the user reads is Chinese: the reader's, SQLite's, the server's and the operating
system's own English reasons are explained, never passed on ("Workbook is password protected",
"Cfb error: Sector 8 …", "attempt to write a readonly database", "Connection refused")."""

import errno
import re
import sqlite3

import pytest

from unionoffice.db.check import database_reason, describe
from unionoffice.excel import reading
from unionoffice.ledgers import roster_import
from unionoffice.files import explain

ALLOWED = {"xlsx", "xls", "Excel", "WPS", "postgresql", "union", "unionoffice", "tmp", "sqlite3"}


def english(text: str, *allowed: str) -> list[str]:
    words = set(re.findall(r"[A-Za-z]{3,}", text)) - ALLOWED
    for a in allowed:
        words -= set(re.findall(r"[A-Za-z]{3,}", a))
    return sorted(words)


def test_a_damaged_old_style_workbook(tmp_path):
    path = tmp_path / "花名册.xls"
    path.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504 + b"garbage" * 300)
    with pytest.raises(reading.ImportFileError) as caught:
        roster_import.read_roster(path)
    assert "已损坏" in str(caught.value) and english(str(caught.value), str(tmp_path)) == []


@pytest.mark.parametrize("said, means", [("Workbook is password protected", "设有打开密码"),
                                         ("Cfb error: Sector 8 is out of range", "已损坏"),
                                         ("Xlsx error: Zip error: invalid Zip archive", "已损坏")])
def test_the_readers_own_words_are_explained(tmp_path, monkeypatch, said, means):
    path = tmp_path / "花名册.xlsx"
    from openpyxl import Workbook

    Workbook().save(path)

    def refuse(*a, **k):
        raise RuntimeError(said)

    monkeypatch.setattr(reading.CalamineWorkbook, "from_path", refuse)
    with pytest.raises(reading.ImportFileError) as caught:
        reading.read_sheet(path, {"姓名": "name"}, ("name",))
    assert means in str(caught.value) and english(str(caught.value)) == []


def test_an_unreadable_file_says_why_in_chinese(tmp_path, monkeypatch):
    path = tmp_path / "花名册.xlsx"
    path.write_bytes(b"PK\x03\x04")
    real_open = open

    def refuse(name, *a, **k):
        if str(name) == str(path):
            raise PermissionError(errno.EACCES, "Permission denied", str(name))
        return real_open(name, *a, **k)

    monkeypatch.setattr("builtins.open", refuse)
    with pytest.raises(reading.ImportFileError) as caught:
        reading.check_workbook_file(path)
    assert "没有访问权限" in str(caught.value) and english(str(caught.value)) == []


@pytest.mark.parametrize("exc", [
    sqlite3.OperationalError("attempt to write a readonly database"),
    sqlite3.OperationalError("database or disk is full"),
    sqlite3.OperationalError("database is locked"),
    sqlite3.DatabaseError("database disk image is malformed"),
    sqlite3.DatabaseError("file is not a database"),
    RuntimeError('connection to server at "127.0.0.1", port 1 failed: Connection refused'),
    RuntimeError('FATAL:  password authentication failed for user "union"'),
    RuntimeError('could not translate host name "db" to address: Name or service not known'),
    RuntimeError("timeout expired"),
    RuntimeError('FATAL:  database "office" does not exist'),
    RuntimeError("value too long for type character varying(50)"),
])
def test_database_reasons_in_chinese(exc):
    assert english(database_reason(exc)) == [] and english(describe(exc)) == []


def test_our_own_messages_pass_unchanged():
    assert describe(ValueError("第 3 行 [姓名]：必须填写")) == "第 3 行 [姓名]：必须填写"


@pytest.mark.parametrize("number", [errno.ENAMETOOLONG, errno.EISDIR, errno.ENOENT, errno.EIO])
def test_file_errors_in_chinese(tmp_path, number):
    target = tmp_path / "out.xlsx"
    text = explain(OSError(number, "English words from the system"), target)
    assert english(text, str(target)) == []
