"""The locks beside an office file, shared by the window and the command line.

``<file>.lock`` is held by the window for as long as it has the office open (one window per file,
``app.acquire_lock``). ``<file>.command.lock`` is held by a command while it writes, so a second
command writing to the same office waits for the first instead of failing with "database is
locked". A command that finds the window open goes ahead (SQLite lets the two take turns) and says
so; the window notices the change within seconds (``main_window.ChangeWatcher``). When the window is
not open, the command holds the window's lock too, so the window cannot open half-way through."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

WAIT_MS = 30 * 60 * 1000  # how long a command waits for another one writing to the same office
WINDOW_OPEN = ("此数据文件正在工会办公室窗口中打开：{path}\n"
               "命令照常进行，窗口会在几秒钟内自动刷新，显示写入的内容。")
WAITING = "另一个命令正在写入此数据文件，等待它完成后再继续……"
GAVE_UP = "另一个命令写入此数据文件已超过 30 分钟，未再等待，没有写入任何数据：{path}"


class OfficeBusy(Exception):
    """The office stayed busy; the message is for the user."""


def _lock(path: Path, suffix: str):
    from PySide6.QtCore import QLockFile  # Qt's lock, so the window and a command see the same

    lock = QLockFile(str(path) + suffix)
    lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
    return lock


@contextmanager
def writing(db_path: Path | str, say: Callable[[str], None]) -> Iterator[bool]:
    """Hold the office for a command that writes to it; yields whether the window has it open."""
    from PySide6.QtCore import QLockFile

    db_path = Path(db_path).resolve()
    command = _lock(db_path, ".command.lock")
    if not command.tryLock(0):
        if command.error() == QLockFile.LockError.LockFailedError:
            say(WAITING)
            if not command.tryLock(WAIT_MS):
                raise OfficeBusy(GAVE_UP.format(path=db_path))
        # else: no lock can be made here (a read-only folder); writing will say why
    window = _lock(db_path, ".lock")
    window_open = False
    if not window.tryLock(0) and window.error() == QLockFile.LockError.LockFailedError:
        window_open = True
        say(WINDOW_OPEN.format(path=db_path))
    try:
        yield window_open
    finally:
        if window.isLocked():
            window.unlock()
        if command.isLocked():
            command.unlock()
