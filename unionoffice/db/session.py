"""Did the last session end cleanly, and is every change it committed still in the file?

Every change writes an audit-log row, so the newest audit id marks the last committed change. The
window records it beside the office file (``<file>.state``) as it goes; at the next start, a file
whose newest change is older than the recorded one has lost committed changes (its -wal went
missing after a crash, or an older copy was put in its place)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path


def state_path(db_path: Path | str) -> Path:
    return Path(str(db_path) + ".state")


def _server(db_path) -> bool:
    return isinstance(db_path, str) and db_path.startswith(("postgresql://", "postgres://"))


def last_change_id(db_path: Path | str) -> int:
    """The newest audit-log id in the office (0 when there is none or it cannot be read). For an
    office on a server it is read through the open connection (each thread has its own)."""
    if _server(db_path):
        from unionoffice.db.models import database

        try:
            row = database.execute_sql("SELECT MAX(id) FROM audit_log").fetchone()
            return int(row[0] or 0)
        except Exception:  # the server is away: the caller tries again later
            try:
                database.close()
            except Exception:
                pass
            return 0
    try:
        con = sqlite3.connect(f"file:{Path(db_path)}?mode=ro", uri=True)
        try:
            row = con.execute("SELECT MAX(id) FROM audit_log").fetchone()
        finally:
            con.close()
        return int(row[0] or 0)
    except sqlite3.Error:
        return 0


def _read(db_path) -> dict:
    try:
        return json.loads(state_path(db_path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _write(db_path, clean: bool, change_id: int) -> None:
    if _server(db_path):  # the server keeps its own log; several desks share it
        return
    try:
        state_path(db_path).write_text(json.dumps({"clean": clean, "last_change": change_id}),
                                       encoding="utf-8")
    except OSError:
        pass  # the marker is a safety net, never a reason to stop working


def lost_changes(db_path: Path | str) -> int:
    """How many committed changes the file is missing against the last session's record."""
    if _server(db_path):
        return 0
    state = _read(db_path)
    if not state or state.get("clean", True):
        return 0
    return max(0, int(state.get("last_change", 0)) - last_change_id(db_path))


def begin(db_path: Path | str) -> None:
    _write(db_path, False, last_change_id(db_path))


def note_change(db_path: Path | str) -> int:
    change = last_change_id(db_path)
    _write(db_path, False, change)
    return change


def end(db_path: Path | str) -> None:
    _write(db_path, True, last_change_id(db_path))
