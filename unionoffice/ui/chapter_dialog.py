"""本单位工会信息: the chapter's particulars, asked at first start and editable from 设置."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.dialogs import button_box, error_label
from unionoffice.domain import chapter
from unionoffice.domain.validation import ValidationError

PLACEHOLDERS = {
    "credit_code": "18位，如 91350100M000100Y43",
    "founded_on": "如 1998-05-01",
    "phone": "如 0311-86661234",
    "region": "如 河北省石家庄市长安区",
    "region_code": "6位，如 130102",
    "union_credit_code": "18位，工会法人资格证书上的代码（81 开头）",
}


class ChapterDialog(QDialog):
    def __init__(self, parent: QWidget | None = None, *, first_start: bool = False):
        super().__init__(parent)
        self.first_start = first_start
        self.setWindowTitle(self.tr("本单位工会信息"))
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        if first_start:
            intro = QLabel(self.tr("欢迎使用工会办公室。请先填写本单位工会的基本信息（带 * 的必须填写），"
                                   "以后可以在“设置 → 本单位工会信息”中修改。"))
            intro.setWordWrap(True)
            layout.addWidget(intro)
        form = QFormLayout()
        self.editors: dict[str, QWidget] = {}
        values = chapter.load()
        for f in chapter.FIELDS:
            if f.kind in ("choice", "list"):
                editor = QComboBox()
                editor.setEditable(f.kind == "list")  # a standard list offered; other text kept
                editor.addItems(f.choices)
                if values[f.key] or f.kind == "list":
                    editor.setCurrentText(values[f.key])
            else:
                editor = QLineEdit(values[f.key])
                editor.setPlaceholderText(PLACEHOLDERS.get(f.key, ""))
            editor.setObjectName(f.key)
            self.editors[f.key] = editor
            form.addRow(f.label + (" *" if f.required else ""), editor)
        layout.addLayout(form)
        self.error = error_label()
        self.error.hide()
        layout.addWidget(self.error)
        buttons = button_box(self)
        layout.addWidget(buttons)

    def values(self) -> dict[str, str]:
        return {key: (w.currentText() if isinstance(w, QComboBox) else w.text())
                for key, w in self.editors.items()}

    def reject(self) -> None:
        """At first start 取消 (or closing the window) means quitting: ask first."""
        if self.first_start:
            box = QMessageBox(QMessageBox.Icon.Question, self.tr("退出工会办公室"),
                              self.tr("本单位工会信息还没有填写，程序需要先有它才能开始使用（统计年报、各种台账的标题"
                                      "都用到工会名称）。\n\n现在退出，下次启动时再填写吗？"), parent=self)
            leave = box.addButton(self.tr("退出程序"), QMessageBox.ButtonRole.DestructiveRole)
            box.addButton(self.tr("继续填写"), QMessageBox.ButtonRole.RejectRole)
            box.exec()
            if box.clickedButton() is not leave:
                return
        super().reject()

    def accept(self) -> None:
        try:
            chapter.save(self.values())
        except ValidationError as exc:
            self.error.setText(str(exc))
            self.error.show()
            for f in chapter.FIELDS:
                if f.label == exc.field:
                    self.editors[f.key].setFocus()
            return
        super().accept()
