"""Integrity check of an office file, without opening it through the models (a damaged file must
not be 'repaired' by a migration first)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from unionoffice.db import migrations


def quick_check(path: Path | str) -> list[str]:
    """The fast check at start-up (PRAGMA quick_check): problems, or an empty list."""
    return check_file(path, quick=True)


def check_file(path: Path | str, quick: bool = False) -> list[str]:
    """Problems found in the SQLite file at ``path``; an empty list means it is sound."""
    path = Path(path)
    if not path.exists():
        return [f"文件不存在：{path}"]
    with open(path, "rb") as fh:
        header = fh.read(16)
    if header != b"SQLite format 3\x00":
        return ["不是本程序的数据文件（SQLite 文件头不正确）"]
    problems: list[str] = []
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return [f"无法打开：{database_reason(exc)}"]
    try:
        rows = con.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
        problems += [f"完整性：{r[0]}" for r in rows if r[0] != "ok"]
        for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"外键：表 {table} 第 {rowid} 行引用的 {parent} 记录不存在")
        if not quick:  # the quick check is of the pages only; opening the file refuses the rest
            problems += office_problems(con)
            if not problems:
                problems += kept_totals_problems(con)
    except sqlite3.DatabaseError as exc:
        problems.append(f"数据文件已损坏：{database_reason(exc)}")
    finally:
        con.close()
    return problems


def office_problem(con: sqlite3.Connection):
    """Why this program may not open the SQLite file as it is (another program's database, an
    office made by a newer version), as the exception opening it would raise; None when it may."""
    tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if "schema_version" not in tables:
        return migrations.NotAnOfficeError(migrations.NOT_AN_OFFICE) if tables else None
    version = con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
    if version > migrations.LATEST_VERSION:
        return migrations.NewerOfficeError(migrations.newer_message(version))
    return None


def kept_totals_problems(con: sqlite3.Connection) -> list[str]:
    """Figures the office keeps beside its records (会费 per month) that differ from the records."""
    from unionoffice.db import dues_totals

    if not con.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (dues_totals.TABLE,)).fetchone():
        return []  # an office not yet upgraded: opening it counts them
    return [f"{p}（可用 unionoffice check --repair 重新统计）" for p in dues_totals.mismatches(con.execute)]


def office_problems(con: sqlite3.Connection) -> list[str]:
    problem = office_problem(con)
    return [str(problem)] if problem else []


def database_reason(exc: BaseException) -> str:
    """SQLite's or the server's reason for a failure, in Chinese (theirs is English). One we do not
    know is named as a database error, its own words kept after it for whoever maintains the server."""
    text = f"{type(exc).__name__} {exc}".lower()
    for words, reason in DATABASE_REASONS:
        if any(w in text for w in words):
            return reason
    if isinstance(exc, OSError) and getattr(exc, "errno", None):
        from unionoffice.files import os_reason

        return os_reason(exc)
    original = str(exc).strip()
    return "数据库出错" + (f"（技术信息：{original}）" if original else "")


def describe(exc: BaseException) -> str:
    """A failure as the user reads it: our own messages are Chinese already; a driver's or the
    system's are explained (``database_reason``)."""
    text = str(exc).strip()
    if any("\u4e00" <= c <= "\u9fff" for c in text):
        return text
    return database_reason(exc)


DATABASE_REASONS = (
    (("password authentication failed",), "数据库服务器的用户名或密码不正确"),
    (("no password supplied", "fe_sendauth"), "数据库服务器要求输入密码"),
    (("could not translate host name", "name or service not known", "nodename nor servname"),
     "找不到数据库服务器（主机名是否写错？）"),
    (("connection refused",), "数据库服务器拒绝连接（地址或端口不对，或数据库服务没有运行）"),
    (("timeout expired", "timed out"), "数据库服务器没有应答（连接超时）"),
    (("server closed the connection", "connection already closed", "terminating connection"),
     "与数据库服务器的连接中断了"),
    (("permission denied for",), "该数据库用户没有读写这些数据的权限"),
    (("does not exist",), "数据库服务器上没有这个数据库（或表）"),
    (("malformed", "not a database", "disk i/o error", "corrupt"),
     "数据文件已损坏。请在“设置 → 备份与恢复”中用最新的完好备份恢复"),
    (("readonly", "read-only", "permission denied"),
     "数据文件或其所在文件夹是只读的（请检查文件属性和文件夹权限）"),
    (("database or disk is full", "no space left"), "磁盘空间不足"),
    (("database is locked", "database table is locked"),
     "数据文件正被另一个工会办公室窗口或命令占用，请稍后再试"),
    (("unable to open database",), "无法打开数据文件（文件夹不存在或没有访问权限）"),
    (("value too long", "stringdatarighttruncation"), "某一栏的内容超过了数据库允许的长度"),
)
