"""Opening and closing the office database. Nothing connects at import time.

An office lives either in a SQLite file (the embedded default, a ``Path``) or in a shared PostgreSQL
database for offices with several desks (a ``postgresql://user@host:port/name`` URL, a ``str``).
Everything above this module speaks of a *target*: one or the other."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from peewee import Database, SqliteDatabase

from unionoffice.db import migrations, write_gate
from unionoffice.db.check import database_reason, office_problem
from unionoffice.db.filecopy import before_migration
from unionoffice.db.models import database

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": 2,  # FULL: a committed change survives a power cut
    "busy_timeout": 10000,
}
SERVER_SCHEMES = ("postgresql://", "postgres://")

Target = Path | str


def is_server(target) -> bool:
    """Is ``target`` a PostgreSQL URL rather than a SQLite file?"""
    return isinstance(target, str) and target.startswith(SERVER_SCHEMES)


def as_target(value: Path | str) -> Target:
    """A command-line or settings value as a target: URLs stay text, anything else is a file."""
    return value if is_server(value) else Path(value)


def without_password(url: str) -> str:
    """The URL as it may be shown or written to a log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    return urlunsplit(parts._replace(netloc=netloc[0].split(":", 1)[0] + "@" + netloc[1]))


class ServerAddressError(ValueError):
    """A postgresql:// address that cannot be used; the message is for the user."""


def check_server_url(url: str) -> None:
    """Raise ServerAddressError, in Chinese, for an address psycopg2 would choke on."""
    form = "（应写作 postgresql://用户名@主机:端口/数据库名）"
    parts = urlsplit(url)
    try:
        parts.port
    except ValueError:
        raise ServerAddressError(f"数据库服务器地址中的端口不正确：{display(url)}{form}") from None
    if not parts.path.strip("/"):
        raise ServerAddressError(f"数据库服务器地址中缺少数据库名：{display(url)}{form}")


def display(target: Target) -> str:
    return without_password(target) if is_server(target) else str(target)


_passwords: dict[str, str] = {}  # for this process only: workers and backups open their own connections


def stored_password(url: str) -> str | None:
    return _passwords.get(without_password(url))


def server_database(url: str, password: str | None = None) -> Database:
    """A peewee database for a PostgreSQL URL (not yet connected)."""
    from playhouse.db_url import connect

    check_server_url(url)
    params = {"application_name": "unionoffice", "connect_timeout": 10}
    password = password or stored_password(url)
    if password:
        params["password"] = password
        _passwords[without_password(url)] = password
    return connect(url, **params)


@dataclass(frozen=True)
class ServerStatus:
    problem: str  # '' when the server answered
    version: int  # the office's schema version there (0: an empty database)
    people: int  # people recorded there


def server_status(url: str, password: str | None = None) -> ServerStatus:
    """Does the PostgreSQL server answer, and what does the database hold? (Its own connection,
    closed again; safe on any thread.)"""
    db = None
    try:
        db = server_database(url, password)
        db.connect()
        version = migrations.current_version(db)
        people = db.execute_sql("SELECT COUNT(*) FROM person").fetchone()[0] if db.table_exists("person") else 0
    except ServerAddressError as exc:
        return ServerStatus(str(exc), 0, 0)
    except Exception as exc:  # refused, unreachable, wrong password, no such database …
        return ServerStatus(f"无法连接数据库服务器 {display(url)}：{database_reason(exc)}", 0, 0)
    finally:
        if db is not None and not db.is_closed():
            db.close()
    if version > migrations.LATEST_VERSION:
        return ServerStatus(f"数据库由更新版本的程序创建（版本 {version}），请先升级本程序", version, people)
    return ServerStatus("", version, people)


def check_server(url: str) -> list[str]:
    """Problems with the office on a PostgreSQL server (it answers, its schema is this program's).
    The server keeps its own pages and foreign keys sound; what is left to check is the data's logic."""
    status = server_status(url)
    if status.problem:
        return [status.problem]
    if status.version == 0:
        return ["数据库中没有工会办公室的数据"]
    if status.version != migrations.LATEST_VERSION:
        return [f"数据库版本 {status.version} 与本程序的版本 {migrations.LATEST_VERSION} 不同"]
    from unionoffice.db import dues_totals

    db = server_database(url)
    try:
        db.connect()
        return [f"{p}（可用 unionoffice check --repair 重新统计）" for p in dues_totals.mismatches(db.execute_sql)]
    finally:
        db.close()


class OfficeFile(SqliteDatabase):
    """An office file whose writes wait while its start-up check runs (see write_gate)."""

    def begin(self, lock_type=None):
        if write_gate.held():
            write_gate.wait()
        return super().begin(lock_type)

    def execute_sql(self, sql, params=None):
        if write_gate.held() and write_gate.is_write(sql):
            write_gate.wait()
        return super().execute_sql(sql, params)


def open_database(target: Target, *, upgrade: bool = True, password: str | None = None) -> Database:
    """Open (creating if needed) the office at ``target``, bind the models to it and bring its
    schema up to date."""
    if is_server(target):
        db = server_database(target, password)
    else:
        target = Path(target)
        refuse_foreign_file(target)
        target.parent.mkdir(parents=True, exist_ok=True)
        # IMMEDIATE: a transaction takes the write lock as it begins, so two writers (the window
        # and a command, two commands) wait for each other within the busy timeout instead of
        # one failing at once with "database is locked" when both read first and then write.
        db = OfficeFile(str(target), pragmas=SQLITE_PRAGMAS, timeout=10, lock_type="IMMEDIATE")
    database.initialize(db)
    db.connect(reuse_if_open=True)
    if upgrade:
        migrations.upgrade(db, before=None if is_server(target) else before_migration(target))
    db.unionoffice_target = target
    return db


def refuse_foreign_file(path: Path) -> None:
    """Before anything is written to an existing file (even the WAL pragma): raise
    OfficeSchemaError, in Chinese, when it is another program's database or a newer version's
    office. Looked at read-only."""
    import sqlite3

    try:
        if not path.is_file() or path.stat().st_size == 0:
            return
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except (OSError, sqlite3.Error):
        return  # opening it for real says why
    try:
        problem = office_problem(con)
    except sqlite3.DatabaseError as exc:
        raise migrations.OfficeSchemaError(f"无法打开数据文件：{database_reason(exc)}") from None
    finally:
        con.close()
    if problem:
        raise problem


def close_database() -> None:
    db = database.obj
    if db is not None and not db.is_closed():
        db.close()


def database_target() -> Target | None:
    """Where the open office lives: its file, or its server URL."""
    db = database.obj
    if db is None:
        return None
    return getattr(db, "unionoffice_target", None) or Path(db.database)


def database_path() -> Path | None:
    """The open office's file, or None when it lives on a server."""
    target = database_target()
    return target if isinstance(target, Path) else None


def on_server() -> bool:
    return is_server(database_target())
