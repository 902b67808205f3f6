"""Writing a file the user asked for, the same way in every tab: ask where, write, say what happened
(and offer to open the file or its folder)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QInputDialog, QMessageBox, QWidget

from unionoffice.files import WriteError
from unionoffice.ui.common.places import ask_save_path

XLSX = "Excel 工作簿 (*.xlsx)"
PDF = "PDF 文件 (*.pdf)"


def show_written(parent: QWidget, title: str, text: str, path: str) -> None:
    """The result, with 打开文件 and 打开文件夹."""
    box = QMessageBox(QMessageBox.Icon.Information, title, f"{text}\n{path}", parent=parent)
    open_file = box.addButton(parent.tr("打开文件"), QMessageBox.ButtonRole.ActionRole)
    open_folder = box.addButton(parent.tr("打开文件夹"), QMessageBox.ButtonRole.ActionRole)
    box.addButton(QMessageBox.StandardButton.Close)
    box.exec()
    if box.clickedButton() is open_file:
        QDesktopServices.openUrl(QUrl.fromLocalFile(path))
    elif box.clickedButton() is open_folder:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(path).parent)))


def save_file(parent: QWidget, title: str, suggested: str, kinds: str, write: Callable[..., str],
              *, background: bool = False, with_progress: bool = False) -> str | None:
    """Ask for a path, run ``write(path) -> message``; a write error is said in Chinese.

    ``background``: a workbook (plain data, no Qt) is written on a worker thread behind a progress
    dialog, so a large office never freezes the window. PDFs are drawn by Qt and stay here.
    ``with_progress``: ``write(path, progress)`` reports how far it is, and 取消 stops it."""
    path = ask_save_path(parent, title, suggested, kinds)
    if not path:
        return None
    if background:
        from unionoffice.ui.common.tasks import Cancelled, run_task

        def failed(exc: Exception) -> None:
            if not isinstance(exc, Cancelled):  # 取消 was the user's own wish: nothing to say
                QMessageBox.warning(parent, parent.tr("保存失败"), str(exc))

        def work(target: str, progress) -> str:
            return write(target, progress) if with_progress else write(target)

        parent._saving_task = run_task(parent, parent.tr("正在写入…"), work, path,
                                       on_success=lambda message: show_written(parent, title, message, path),
                                       on_failure=failed)
        return path
    try:
        message = write(path)
    except WriteError as exc:
        QMessageBox.warning(parent, parent.tr("保存失败"), str(exc))
        return None
    show_written(parent, title, message, path)
    return path


def export_year_ledger(parent: QWidget, title: str, name: str, default_year: int | None,
                       export: Callable[[str, int], int], unit: str = "项") -> str | None:
    """A year's ledger: ask the year, then where, then write it."""
    year, ok = QInputDialog.getInt(parent, title, parent.tr("年度："), default_year or dt.date.today().year,
                                   2000, 2100)
    if not ok:
        return None
    return save_file(parent, title, f"{name}{year}.xlsx", XLSX,
                     lambda path: f"已导出 {export(path, year)} {unit}。", background=True)
