"""Backups of the office, made with SQLite's online backup API (never a file copy of an open
database): timestamped copies in ``backups/`` beside the file, their rotation, and restore.

An office on a PostgreSQL server is backed up the same way into an ordinary office file (a logical
copy through ``transfer``, in this PC's data folder); restoring one puts its rows back on the server."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from unionoffice.db.check import check_file, describe, quick_check
from unionoffice.db.connection import is_server as _is_server
from unionoffice.db.filecopy import STAMP, BackupError, backup_file, backup_target, file_backup
from unionoffice.db import transfer
from unionoffice.files import WriteError
from unionoffice.logs import log
from unionoffice.paths import backup_stem, backups_dir

KEEP_LAST = 10
KEEP_DAYS = 14
KEEP_WEEKS = 8
KEEP_MONTHS = 12
LABELS = {
    "daily": "每日首次启动",
    "periodic": "定时（有改动）",
    "exit": "退出时",
    "manual": "手动",
    "before-import": "导入前",
    "before-restore": "恢复前",
}
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6}-\d{6})-(?P<label>[\w-]+)\.sqlite3$")


def backup_server(url: str, target: Path | str) -> Path:
    """A logical copy of the office on the server into a new office file at ``target``."""
    target = Path(target)
    try:
        transfer.server_to_file(url, target)  # written under a temporary name, renamed when complete
    except (transfer.TransferError, WriteError) as exc:
        raise BackupError(str(exc)) from exc
    except Exception as exc:  # the server went away, refused us, …
        raise BackupError(f"无法从数据库服务器备份：{describe(exc)}") from exc
    return target


def make_backup(db_path: Path | str, label: str, folder: Path | None = None) -> Path:
    """A timestamped backup of the office at ``db_path`` (a file or a server URL) in its backups
    folder (or ``folder``)."""
    if not _is_server(db_path):
        return file_backup(db_path, label, folder)
    target = backup_server(db_path, backup_target(db_path, label, folder))
    log.info("backup made (%s): %s", label, target.name)
    return target


DAMAGED = ("数据文件已损坏，为免损坏扩大，没有写入任何数据：{path}\n{problems}\n"
           "请在“设置 → 备份与恢复”中用最新的完好备份恢复（恢复前当前文件会另存一份）。")
READ_ONLY = "数据文件是只读的，没有写入任何数据：{path}\n请检查文件属性（只读）和所在文件夹的写入权限。"


def writable_problem(db_path: Path) -> str:
    """Why SQLite could not write to the office file (it, or the folder its journal goes into, is
    read-only), or ''."""
    import os

    folder = db_path.parent
    wal = Path(str(db_path) + "-wal")
    if not os.access(db_path, os.W_OK) or (not wal.exists() and not os.access(folder, os.W_OK)) or (
            wal.exists() and not os.access(wal, os.W_OK)):
        return READ_ONLY.format(path=db_path)
    return ""


def backup_before(db_path, label: str) -> Path | None:
    """The safety copy made before an import or migration, when there is an office to copy.

    An office file that is damaged or read-only is refused first (BackupError): an import into it
    would fail half-way, or copy the damage into its own backup."""
    if db_path is None or not (_is_server(db_path) or Path(db_path).exists()):
        return None
    if not _is_server(db_path):
        problems = quick_check(db_path)
        if problems:
            raise BackupError(DAMAGED.format(path=db_path, problems="；".join(problems[:3])))
        problem = writable_problem(Path(db_path))
        if problem:
            raise BackupError(problem)
    return make_backup(db_path, label)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    created: dt.datetime
    label: str
    size: int

    @property
    def label_text(self) -> str:
        return LABELS.get(self.label, "迁移前" if self.label.startswith("before-migration") else self.label)


def list_backups(db_path: Path | str) -> list[BackupInfo]:
    """This office's backups, newest first."""
    folder = backups_dir(db_path, create=False)
    stem = backup_stem(db_path)
    if not folder.exists():
        return []
    found = []
    for path in folder.glob(f"{stem}-*.sqlite3"):
        m = _NAME.match(path.name)
        if not m or m["stem"] != stem:
            continue
        created = dt.datetime.strptime(m["stamp"], STAMP)
        found.append(BackupInfo(path, created, m["label"], path.stat().st_size))
    return sorted(found, key=lambda b: b.created, reverse=True)


def headline_counts(path: Path | str) -> tuple[int, int] | None:
    """(职工, 会员) as recorded in a backup; None when it cannot be read."""
    try:
        con = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True)
        try:
            employees, members = con.execute(
                "SELECT COUNT(*), SUM(membership_state IN ('入会', '转入', '保留')) FROM person "
                "WHERE left_on IS NULL OR left_on > date('now', 'localtime')").fetchone()
        finally:
            con.close()
        return int(employees or 0), int(members or 0)
    except sqlite3.Error:
        return None


def backed_up_today(db_path: Path | str, today: dt.date | None = None) -> bool:
    today = today or dt.date.today()
    return any(b.created.date() == today for b in list_backups(db_path))


LEFTOVER_AGE = dt.timedelta(hours=1)  # younger ones may belong to a backup being written right now


def clean_leftovers(db_path: Path | str, now: dt.datetime | None = None) -> list[Path]:
    """Delete what an interrupted backup, transfer or restore of this office left behind (a
    ``.part`` copy can be as large as the office, and nothing else would ever remove it)."""
    now = now or dt.datetime.now()
    found = []
    folder = backups_dir(db_path, create=False)
    if folder.exists():
        found += folder.glob(f"{backup_stem(db_path)}-*.sqlite3.part*")
    if not _is_server(db_path):
        found += Path(db_path).parent.glob(Path(db_path).name + ".restoring*")
    deleted = []
    for path in found:
        try:
            if now - dt.datetime.fromtimestamp(path.stat().st_mtime) > LEFTOVER_AGE:
                path.unlink()
                deleted.append(path)
        except OSError:
            pass  # gone already, or not ours to delete: never a reason to stop a backup
    if deleted:
        log.info("removed %d leftover partial file(s)", len(deleted))
    return deleted


def rotate(db_path: Path | str, now: dt.datetime | None = None) -> list[Path]:
    """Keep the last 10, one a day for 14 days, one a week for 8 weeks, one a month for 12 months
    (the newest of each period); delete the rest, and what interrupted backups left behind.
    Returns what was deleted."""
    now = now or dt.datetime.now()
    clean_leftovers(db_path, now)
    backups = list_backups(db_path)
    keep: set[Path] = {b.path for b in backups[:KEEP_LAST]}
    buckets: dict[tuple, Path] = {}
    for b in backups:  # newest first: the first seen in a period is the one kept
        age = now - b.created
        year, week, _ = b.created.isocalendar()
        for key, within in ((("day", b.created.date()), age <= dt.timedelta(days=KEEP_DAYS)),
                            (("week", year, week), age <= dt.timedelta(weeks=KEEP_WEEKS)),
                            (("month", b.created.year, b.created.month), age <= dt.timedelta(days=366))):
            if within and key not in buckets:
                buckets[key] = b.path
    keep |= set(buckets.values())
    deleted = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            deleted.append(b.path)
    return deleted


def newest_good_backup(db_path: Path | str) -> BackupInfo | None:
    for b in list_backups(db_path):
        if not quick_check(b.path):
            return b
    return None


def restore(backup: Path | str, db_path: Path | str) -> Path | None:
    """Put ``backup`` in place of the office file (which must be closed by the caller). The current
    file is backed up first when it can still be read. Returns that safety copy.

    For an office on a server, the server's rows are replaced by the backup's in one transaction
    (other desks see the restored office at their next refresh)."""
    backup = Path(backup)
    problems = check_file(backup)
    if problems:
        raise BackupError("所选备份文件无法使用：" + "；".join(problems))
    if _is_server(db_path):
        safety = make_backup(db_path, "before-restore")
        try:
            transfer.file_to_server(backup, db_path)
        except transfer.TransferError as exc:
            raise BackupError(str(exc)) from exc
        log.info("restored from %s onto the server", backup.name)
        return safety
    db_path = Path(db_path)
    safety = None
    if db_path.exists() and not quick_check(db_path):
        safety = make_backup(db_path, "before-restore")
    elif db_path.exists():  # damaged: keep it aside as it is, for whoever wants to look
        aside = backups_dir(db_path) / f"{db_path.stem}-damaged-{dt.datetime.now():%Y%m%d-%H%M%S}.sqlite3"
        db_path.replace(aside)
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    partial = db_path.with_name(db_path.name + ".restoring")
    backup_file(backup, partial)
    partial.replace(db_path)
    log.info("restored from %s", backup.name)
    return safety
