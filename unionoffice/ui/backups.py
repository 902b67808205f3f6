"""备份与恢复: automatic backups while the window is open, and the dialog to see, make, save and
restore them."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionoffice.db import backup, session
from unionoffice.db.connection import is_server
from unionoffice.ui.common.places import ask_open_path
from unionoffice.ui.common.dialogs import Std, button_box
from unionoffice.ui.common.table_model import RECORD_ROLE, RowsTableModel
from unionoffice.ui.common.tasks import run_in_background, run_task

PERIOD_MS = 30 * 60 * 1000


class BackupScheduler(QObject):
    """Every 30 minutes, and at exit, a backup if something changed since the last one."""

    failed = Signal(str)

    def __init__(self, db_path: Path, parent=None):
        super().__init__(parent)
        self.db_path = db_path  # a file, or a server URL
        self.backed_up_change = session.last_change_id(self.db_path)
        self._lock = threading.Lock()
        self.timer = QTimer(self)
        self.timer.setInterval(PERIOD_MS)
        self.timer.timeout.connect(self.maybe_backup_in_background)
        self.timer.start()

    def changed_since_backup(self) -> bool:
        return session.last_change_id(self.db_path) > self.backed_up_change

    def backup_now(self, label: str) -> Path | None:
        with self._lock:
            change = session.last_change_id(self.db_path)
            path = backup.make_backup(self.db_path, label)
            backup.rotate(self.db_path)
            self.backed_up_change = change
            return path

    def _in_background(self, label: str, wanted) -> threading.Thread | None:
        """A backup on a thread of its own when ``wanted()`` (asked again on that thread)."""
        if not wanted():
            return None

        def work():
            try:
                if wanted():
                    self.backup_now(label)
            except backup.BackupError as exc:
                self.failed.emit(str(exc))

        thread = threading.Thread(target=work, name=f"{label}-backup", daemon=False)
        thread.start()
        return thread

    def maybe_backup_in_background(self) -> threading.Thread | None:
        return self._in_background("periodic", self.changed_since_backup)

    def daily_in_background(self) -> threading.Thread | None:
        """The day's first backup of an office on a server, made while the window is in use."""
        return self._in_background("daily", lambda: not backup.backed_up_today(self.db_path))

    def at_exit(self) -> None:
        self.timer.stop()
        if self.changed_since_backup():
            try:
                self.backup_now("exit")
            except backup.BackupError as exc:
                self.failed.emit(str(exc))


def _size(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


class BackupDialog(QDialog):
    """The list of backups with date, size and headline counts; make, save, restore."""

    restored = Signal()

    def __init__(self, window, parent: QWidget | None = None):
        super().__init__(parent or window)
        self.window_ = window
        self.db_path = window.db_path
        self.setWindowTitle(self.tr("备份与恢复"))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "程序在每天首次启动、导入和升级之前、有改动时每 30 分钟以及退出时自动备份。\n备份文件夹：%s")
            % backup.backups_dir(self.db_path)))
        self.model = RowsTableModel([("created", "备份时间"), ("kind", "类型"), ("size", "大小"),
                                     ("employees", "职工"), ("members", "会员")], self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.view)
        row = QHBoxLayout()
        for text, slot, name in ((self.tr("立即备份"), self.backup_now, "now"),
                                 (self.tr("另存到…"), self.save_copy, "save"),
                                 (self.tr("恢复所选备份…"), self.restore_selected, "restore"),
                                 (self.tr("从文件恢复…"), self.restore_from_file, "restore_file")):
            button = QPushButton(text)
            button.setObjectName(f"button_{name}")
            button.clicked.connect(slot)
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addWidget(button_box(self, Std.Close, Std.NoButton))
        self.load()

    def load(self) -> None:
        """The list at once; the head counts, read from each backup file (on a big office tens of
        milliseconds apiece), follow from a worker thread."""
        rows = [{"created": info.created.strftime("%Y-%m-%d %H:%M:%S"), "kind": info.label_text,
                 "size": _size(info.size), "employees": "…", "members": "", "path": info.path}
                for info in backup.list_backups(self.db_path)]
        self.model.set_rows(rows)
        if rows:
            self.view.selectRow(0)
        self.counted = False
        paths = [r["path"] for r in rows]

        def counted(found, error) -> None:
            from shiboken6 import isValid

            if not isValid(self) or error is not None:
                return
            for row in rows:
                counts = found.get(row["path"])
                row["employees"] = counts[0] if counts else "无法读取"
                row["members"] = counts[1] if counts else ""
            selected = self.selected_path()
            self.model.set_rows(rows)
            if selected is not None:
                self.view.selectRow(paths.index(selected))
            self.counted = True

        run_in_background(lambda: {p: backup.headline_counts(p) for p in paths}, counted)

    def selected_path(self) -> Path | None:
        index = self.view.currentIndex()
        return self.model.data(index, RECORD_ROLE)["path"] if index.isValid() else None

    def backup_now(self) -> None:
        """On a worker thread: a big office, or one on a server, takes seconds to copy."""
        self.task = run_task(self, self.tr("正在备份…"), lambda progress: self.window_.backups.backup_now("manual"),
                             on_success=lambda _path: self.load(),
                             on_failure=lambda exc: QMessageBox.warning(self, self.tr("备份失败"), str(exc)))

    def save_copy(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("选择保存位置（如U盘）"))
        if not folder:
            return
        source = self.selected_path() or self.db_path

        def copy(progress):
            if source == self.db_path:
                return backup.make_backup(self.db_path, "manual", Path(folder))
            return backup.backup_file(source, Path(folder) / source.name)

        self.task = run_task(self, self.tr("正在另存…"), copy,
                             on_success=lambda target: QMessageBox.information(
                                 self, self.tr("另存完成"), self.tr("已保存：%s") % target),
                             on_failure=lambda exc: QMessageBox.warning(self, self.tr("另存失败"), str(exc)))

    def restore_selected(self) -> None:
        path = self.selected_path()
        if path is not None:
            self._restore(path)

    def restore_from_file(self) -> None:
        path = ask_open_path(self, self.tr("选择备份文件"), self.tr("工会办公室数据文件 (*.sqlite3 *.db);;所有文件 (*)"))
        if path:
            self._restore(Path(path))

    def _restore(self, path: Path) -> None:
        counts = backup.headline_counts(path)
        detail = self.tr("（职工 %d，会员 %d）") % counts if counts else ""
        answer = QMessageBox.question(
            self, self.tr("恢复备份"),
            self.tr("用这个备份替换当前数据？%s\n%s\n\n当前数据会先另做一份备份，恢复后程序重新打开数据。")
            % (detail, path.name))
        if answer != QMessageBox.StandardButton.Yes:
            return
        if is_server(self.db_path):
            # Copying an office onto a server takes seconds: on a worker thread, with its own
            # connection. The window's stays open and sees the restored rows once they commit.
            def restore(progress):
                return backup.restore(path, self.db_path)

            self.task = run_task(self, self.tr("正在恢复到数据库服务器…"), restore,
                                 on_success=lambda _: (self.window_.restored(), self._restored(path)),
                                 on_failure=self._restore_failed)
            return
        try:
            self.window_.restore_backup(path)
        except backup.BackupError as exc:
            self._restore_failed(exc)
            return
        self._restored(path)

    def _restore_failed(self, exc: Exception) -> None:
        QMessageBox.warning(self, self.tr("恢复失败"), str(exc))

    def _restored(self, path: Path) -> None:
        self.load()
        self.restored.emit()
        QMessageBox.information(self, self.tr("恢复完成"), self.tr("已恢复：%s") % path.name)

