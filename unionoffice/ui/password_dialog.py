"""启动密码: asked at start when one is set; set, changed or removed from 设置."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from unionoffice.domain import security
from unionoffice.domain.validation import ValidationError
from unionoffice.ui.common.dialogs import button_box, error_label

MAX_TRIES = 5


def _password_edit() -> QLineEdit:
    edit = QLineEdit()
    edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


class UnlockDialog(QDialog):
    """Asked before the window opens. Five wrong tries close the program."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("请输入启动密码"))  # Qt adds " — 工会办公室"
        self.tries = 0
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("本数据文件设有启动密码。")))
        self.password = _password_edit()
        self.password.setObjectName("password")
        layout.addWidget(self.password)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(button_box(self))

    def accept(self) -> None:
        if security.verify(self.password.text()):
            super().accept()
            return
        self.tries += 1
        self.password.clear()
        if self.tries >= MAX_TRIES:
            self.reject()
            return
        self.error.setText(self.tr("密码不正确，还可以再试 %d 次。") % (MAX_TRIES - self.tries))


class SetPasswordDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("启动密码"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("设置后每次启动都要输入密码。新密码留空表示取消启动密码。")))
        form = QFormLayout()
        self.old = _password_edit()
        self.new = _password_edit()
        self.again = _password_edit()
        if security.has_password():
            form.addRow(self.tr("原密码"), self.old)
        form.addRow(self.tr("新密码"), self.new)
        form.addRow(self.tr("再输一次"), self.again)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(button_box(self))

    def accept(self) -> None:
        if self.new.text() != self.again.text():
            self.error.setText(self.tr("两次输入的新密码不一致"))
            return
        try:
            security.set_password(self.new.text(), self.old.text())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
