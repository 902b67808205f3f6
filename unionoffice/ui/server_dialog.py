"""数据库连接: where this PC keeps the office (the local data file, or a shared PostgreSQL server for
offices with several desks), the password prompt at start, and moving the local data to a server."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from unionoffice import credentials
from unionoffice.db.connection import display, server_status
from unionoffice.ui.common.dialogs import Std, button_box
from unionoffice.ui.common.tasks import run_task


def ask_password(url: str, again: bool, parent: QWidget | None = None) -> tuple[str, bool] | None:
    """(password, remember) or None when the user gives up."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(dialog.tr("连接数据库服务器"))
    layout = QVBoxLayout(dialog)
    text = dialog.tr("密码不正确，请重新输入。") if again else dialog.tr("请输入数据库服务器的密码。")
    layout.addWidget(QLabel(f"{text}\n{display(url)}"))
    field = QLineEdit()
    field.setObjectName("password")
    field.setEchoMode(QLineEdit.EchoMode.Password)
    layout.addWidget(field)
    remember = QCheckBox(dialog.tr("在本机系统钥匙串中记住密码"))
    layout.addWidget(remember)
    layout.addWidget(button_box(dialog, Std.Ok, Std.Cancel))
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return None
    return field.text(), remember.isChecked()


class ServerDialog(QDialog):
    """设置 → 数据库连接."""

    def __init__(self, current, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("数据库连接"))
        self.resize(520, 420)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr(
            "单机使用时，数据保存在本机的数据文件中。工会办公室有两三台电脑同时办公时，\n"
            "请把数据放在单位的 PostgreSQL 数据库服务器上，各台电脑连接同一个数据库。\n"
            "（不要把数据文件放在网络共享文件夹中多人同时打开，那样会损坏数据。）")))
        self.local = QRadioButton(self.tr("本机数据文件"))
        self.server = QRadioButton(self.tr("数据库服务器（PostgreSQL）"))
        group = QButtonGroup(self)
        group.addButton(self.local)
        group.addButton(self.server)
        layout.addWidget(self.local)
        layout.addWidget(self.server)
        box = QGroupBox(self.tr("服务器"))
        form = QFormLayout(box)
        self.host = QLineEdit()
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(5432)
        self.database = QLineEdit("unionoffice")
        self.user = QLineEdit()
        self.password = QLineEdit()
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(self.tr("在本机系统钥匙串中记住密码（否则每次启动时询问）"))
        for label, widget, name in ((self.tr("主机"), self.host, "host"), (self.tr("端口"), self.port, "port"),
                                    (self.tr("数据库"), self.database, "database"),
                                    (self.tr("用户名"), self.user, "user"), (self.tr("密码"), self.password, "password")):
            widget.setObjectName(name)
            form.addRow(label, widget)
        form.addRow(self.remember)
        layout.addWidget(box)
        buttons = QHBoxLayout()
        self.test_button = QPushButton(self.tr("测试连接"))
        self.test_button.clicked.connect(self.test)
        self.move_button = QPushButton(self.tr("把本机数据迁移到此服务器…"))
        self.move_button.clicked.connect(self.move_local_data)
        buttons.addWidget(self.test_button)
        buttons.addWidget(self.move_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addWidget(button_box(self, Std.Save, Std.Cancel))
        self.current = current
        saved = credentials.saved_server()
        if saved:
            parts = credentials.url_parts(saved)
            self.host.setText(parts["host"])
            self.port.setValue(parts["port"])
            self.database.setText(parts["database"])
            self.user.setText(parts["user"])
            self.server.setChecked(True)
        else:
            self.local.setChecked(True)
        self.server.toggled.connect(box.setEnabled)
        self.server.toggled.connect(self.test_button.setEnabled)
        self.server.toggled.connect(self.move_button.setEnabled)
        for widget in (box, self.test_button, self.move_button):
            widget.setEnabled(self.server.isChecked())

    def url(self) -> str:
        return credentials.server_url(self.host.text().strip(), self.port.value(), self.database.text().strip(),
                                      self.user.text().strip())

    def _complete(self) -> bool:
        missing = [name for name, w in ((self.tr("主机"), self.host), (self.tr("数据库"), self.database),
                                        (self.tr("用户名"), self.user)) if not w.text().strip()]
        if missing:
            self.status.setText(self.tr("请填写：%s") % "、".join(missing))
            return False
        return True

    def _probe(self, then) -> None:
        """Ask the server, off the GUI thread (an unreachable host takes seconds to time out), then
        ``then(status)`` on the GUI thread."""
        url, password = self.url(), self.password.text() or None
        self.status.setText(self.tr("正在连接…"))
        self.task = run_task(self, self.tr("正在连接数据库服务器…"),
                             lambda progress: server_status(url, password), on_success=then,
                             on_failure=lambda exc: self.status.setText(self.tr("无法连接：%s") % exc))

    def _show(self, status) -> bool:
        if status.problem:
            self.status.setText(self.tr("无法连接：%s") % status.problem)
        elif status.version == 0:
            self.status.setText(self.tr("连接成功。数据库是空的，可以把本机数据迁移过去。"))
        else:
            self.status.setText(self.tr("连接成功。数据库中已有 %d 名职工的数据。") % status.people)
        return not status.problem

    def test(self) -> None:
        if self._complete():
            self._probe(self._show)

    def move_local_data(self) -> None:
        """Copy the local data file into the (empty) server database, verifying every table; all
        of it, the look at the server included, off the GUI thread."""
        from pathlib import Path

        from unionoffice.db import transfer
        from unionoffice.paths import default_db_path

        if not self._complete():
            return
        source = self.current if isinstance(self.current, Path) else default_db_path()
        url, password = self.url(), self.password.text() or None

        def work(progress):
            status = server_status(url, password)  # also remembers the password for the copy
            if status.problem:
                raise transfer.TransferError(status.problem)
            if status.people:
                raise transfer.TransferError(f"服务器上的数据库已有 {status.people} 名职工的数据，为免覆盖，没有迁移")
            return transfer.file_to_server(source, url, progress)

        def done(counts) -> None:
            self.status.setText(self.tr("已迁移 %d 张表、%d 行，逐表核对行数一致。保存后重新启动程序即使用服务器上的数据。")
                                % (len(counts), sum(counts.values())))

        def failed(exc) -> None:
            self.status.setText(self.tr("迁移失败，服务器未改动：%s") % exc)

        self.status.setText(self.tr("正在迁移…"))
        self.task = run_task(self, self.tr("正在迁移到服务器…"), work, on_success=done, on_failure=failed)

    def accept(self) -> None:
        if self.local.isChecked():
            credentials.save_server(None)
            self._saved()
        elif self._complete():
            self._probe(self._save_if_reachable)  # a server that does not answer is not saved

    def _save_if_reachable(self, status) -> None:
        if not self._show(status):
            return
        credentials.save_server(self.url())
        if self.remember.isChecked() and self.password.text():
            if not credentials.set_password(self.url(), self.password.text()):
                QMessageBox.information(self, self.tr("数据库连接"),
                                        self.tr("本机没有可用的系统钥匙串，启动时会询问密码。"))
        self._saved()

    def _saved(self) -> None:
        QMessageBox.information(self, self.tr("数据库连接"), self.tr("设置已保存，重新启动程序后生效。"))
        super().accept()
