"""Writes wait for the start-up check.

The window opens before the office file's page check (PRAGMA quick_check, seconds on a large
office) and the day's first backup have run: both run on a worker thread once the window shows.
Until they are done the gate is held, and any write to the office (a transaction begun, an
INSERT/UPDATE/DELETE) waits for them on whichever thread it comes from; reading goes on. When the
check finds the file damaged the gate refuses: a write raises WritesRefused with the reason, so
nothing is written into a damaged file (the user is offered the newest good backup instead)."""

from __future__ import annotations

import threading

_open = threading.Event()
_open.set()
_refused = ""


class WritesRefused(RuntimeError):
    """The office file failed its start-up check: nothing may be written to it."""


def hold() -> None:
    global _refused
    _refused = ""
    _open.clear()


def release() -> None:
    global _refused
    _refused = ""
    _open.set()


def refuse(reason: str) -> None:
    global _refused
    _refused = reason
    _open.set()


def held() -> bool:
    return not _open.is_set() or bool(_refused)


def wait() -> None:
    """Return once writing is allowed; raise WritesRefused when it never will be."""
    _open.wait()
    if _refused:
        raise WritesRefused(_refused)


WRITES = ("BEGIN", "INSERT", "UPDATE", "DELETE", "REPLACE", "CREATE", "DROP", "ALTER")


def is_write(sql: str) -> bool:
    return sql.lstrip()[:8].upper().startswith(WRITES)
