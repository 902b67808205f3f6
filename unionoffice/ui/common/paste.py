"""Pasting cells copied from Excel or WPS into a list: the text becomes a small sheet that goes
through the very import of the list's ledger (the same checks, the same preview of new / updated /
unchanged / rejected rows, one transaction). Without a header row the columns are taken in the
ledger's own order, and the preview says so."""

from __future__ import annotations

import atexit
import csv
import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable, Iterable

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from unionoffice.ui.common.clipboard import parse_table

PASTED_NAME = "粘贴的内容.csv"
PREFIX = "unionoffice-paste-"
STALE_SECONDS = 3600  # a folder left by an earlier run that ended without cleaning up (a crash)
_made: list[Path] = []  # this run's folders: the import may read its sheet again when it applies
NOTHING = "剪贴板中没有可粘贴的表格内容。\n请在 Excel 或 WPS 中选中要粘贴的单元格（可连同标题行），复制后再粘贴。"


def has_header(first: list[str], known: Iterable[str]) -> bool:
    """Whether the first pasted row is a header: one of its cells is a column name the ledger knows."""
    names = set(known)
    return any(cell in names for cell in first)


def pasted_sheet(text: str, known: Iterable[str], default_header: list[str]) -> tuple[str, bool] | None:
    """The pasted text as a CSV file in a fresh temporary folder (its path) and whether a header was
    pasted; None when there is no table in the text. Without a header, ``default_header`` is put on
    top (cut to the pasted width)."""
    rows = parse_table(text)
    if not rows:
        return None
    header = has_header(rows[0], known)
    if not header:
        width = max(len(row) for row in rows)
        rows.insert(0, default_header[:width] + [f"第{n + 1}列" for n in range(len(default_header), width)])
    folder = Path(tempfile.mkdtemp(prefix=PREFIX))
    if not _made:
        atexit.register(remove_pasted)
        _remove_stale(folder.parent)
    _made.append(folder)
    path = folder / PASTED_NAME
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        csv.writer(out).writerows(rows)
    return str(path), header


def paste_into(parent: QWidget, title: str, known: Iterable[str], default_header: list[str],
               start: Callable[[str], None], text: str | None = None) -> str | None:
    """Ctrl+V on a list: the clipboard's table (or ``text``) into ``start(path)``, the list's import.
    Without a table the clerk is told how to copy one. The sheet's path is returned."""
    text = QGuiApplication.clipboard().text() if text is None else text
    sheet = pasted_sheet(text or "", known, default_header)
    if sheet is None:
        QMessageBox.information(parent, title, NOTHING)
        return None
    path, header = sheet
    if not header:
        QMessageBox.information(parent, title, "粘贴的内容没有标题行，按以下列的顺序读取：\n"
                                + "、".join(default_header))
    start(path)
    return path


def remove_pasted() -> None:
    """The pasted sheets hold names and ID numbers: none stays in the temporary folder after the
    program ends."""
    while _made:
        shutil.rmtree(_made.pop(), ignore_errors=True)


def _remove_stale(temp: Path) -> None:
    cutoff = time.time() - STALE_SECONDS
    for folder in temp.glob(PREFIX + "*"):
        try:
            if folder.is_dir() and folder.stat().st_mtime < cutoff:
                shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            pass
