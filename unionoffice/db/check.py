"""Integrity check of an office file, without opening it through the models (a damaged file must
not be 'repaired' by a migration first)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path


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
        return [f"无法打开：{exc}"]
    try:
        rows = con.execute("PRAGMA quick_check" if quick else "PRAGMA integrity_check").fetchall()
        problems += [f"完整性：{r[0]}" for r in rows if r[0] != "ok"]
        for table, rowid, parent, _ in con.execute("PRAGMA foreign_key_check").fetchall():
            problems.append(f"外键：表 {table} 第 {rowid} 行引用的 {parent} 记录不存在")
    except sqlite3.DatabaseError as exc:
        problems.append(f"数据文件已损坏：{exc}")
    finally:
        con.close()
    return problems


@dataclass(frozen=True)
class ServerStatus:
    problem: str  # '' when the server answered
    version: int  # the office's schema version there (0: an empty database)
    people: int  # people recorded there


def server_status(url: str, password: str | None = None) -> ServerStatus:
    """Does the PostgreSQL server answer, and what does the database hold? (Its own connection,
    closed again; safe on any thread.)"""
    from unionoffice.db import migrations
    from unionoffice.db.connection import ServerAddressError, display, server_database

    db = None
    try:
        db = server_database(url, password)
        db.connect()
        version = migrations.current_version(db)
        people = db.execute_sql("SELECT COUNT(*) FROM person").fetchone()[0] if db.table_exists("person") else 0
    except ServerAddressError as exc:
        return ServerStatus(str(exc), 0, 0)
    except Exception as exc:  # refused, unreachable, wrong password, no such database …
        return ServerStatus(f"无法连接数据库服务器 {display(url)}：{str(exc).strip()}", 0, 0)
    finally:
        if db is not None and not db.is_closed():
            db.close()
    if version > migrations.LATEST_VERSION:
        return ServerStatus(f"数据库由更新版本的程序创建（版本 {version}），请先升级本程序", version, people)
    return ServerStatus("", version, people)


def check_server(url: str) -> list[str]:
    """Problems with the office on a PostgreSQL server (it answers, its schema is this program's).
    The server keeps its own pages and foreign keys sound; what is left to check is the data's logic."""
    from unionoffice.db import migrations

    status = server_status(url)
    if status.problem:
        return [status.problem]
    if status.version == 0:
        return ["数据库中没有工会办公室的数据"]
    if status.version != migrations.LATEST_VERSION:
        return [f"数据库版本 {status.version} 与本程序的版本 {migrations.LATEST_VERSION} 不同"]
    return []
