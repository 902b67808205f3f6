"""我的姓名: the clerk's own name, written as 登记人 and 操作人 instead of the computer's login name.
Asked at first start (the login name offered) and changed from 设置."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from unionoffice.domain import audit
from unionoffice.domain.validation import ValidationError
from unionoffice.ui.common.dialogs import button_box, error_label


class ClerkDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("我的姓名"))
        self.setMinimumWidth(420)
        layout = QVBoxLayout(self)
        login = audit.login_name()
        intro = QLabel(self.tr("请填写您的姓名。提案、会籍等记录的“登记人”和操作日志的“操作人”都写这个姓名"
                               "（本机登录名为 %s）。以后可以在“设置 → 我的姓名”中修改。") % login)
        intro.setWordWrap(True)
        layout.addWidget(intro)
        form = QFormLayout()
        self.name = QLineEdit(audit.clerk_name() or login.split("@")[0])  # a name, not user@computer
        self.name.selectAll()
        form.addRow(self.tr("姓名 *"), self.name)
        layout.addLayout(form)
        self.error = error_label()
        self.error.hide()
        layout.addWidget(self.error)
        layout.addWidget(button_box(self))

    def accept(self) -> None:
        try:
            audit.set_clerk_name(self.name.text())
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            self.name.setFocus()
            return
        super().accept()
