"""Where file dialogs start: the folder the clerk last saved to or opened from, else 文档 (never the
program's own working folder). Kept with the window's settings in the data folder."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from unionoffice.paths import data_dir, documents_dir

LAST_FOLDER = "files/last_folder"


def window_settings() -> QSettings:
    """Window geometry, the last tab and the last folder, kept in the data folder (tests redirect it)."""
    return QSettings(str(data_dir() / "window.ini"), QSettings.Format.IniFormat)


def start_folder() -> Path:
    last = window_settings().value(LAST_FOLDER, "")
    return Path(last) if last and Path(last).is_dir() else documents_dir()


def remember(path: str) -> None:
    if path:
        window_settings().setValue(LAST_FOLDER, str(Path(path).parent))


def ask_save_path(parent: QWidget, title: str, name: str, kinds: str = "") -> str:
    """A save dialog offering ``name`` in the start folder; "" when the clerk cancels."""
    path, _ = QFileDialog.getSaveFileName(parent, title, str(start_folder() / name), kinds)
    remember(path)
    return path


def ask_open_path(parent: QWidget, title: str, kinds: str = "") -> str:
    path, _ = QFileDialog.getOpenFileName(parent, title, str(start_folder()), kinds)
    remember(path)
    return path
