"""A notice: its fields and rich-text content, attachments, feedback and notes."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QTableView,
    QTabWidget,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.dates import DateEdit
from unionoffice.domain import members, notices
from unionoffice.domain.validation import ValidationError
from unionoffice.ui.common.dialogs import Std, button_box, form_layout
from unionoffice.ui.common.register import Field, RecordDialog, button_row
from unionoffice.ui.common.table_model import RECORD_ROLE, RowsTableModel


class FeedbackDialog(QDialog):
    """登记反馈 (new) or 答复 (``item`` given)."""

    def __init__(self, notice_id: int, item=None, parent: QWidget | None = None):
        super().__init__(parent)
        self.notice_id, self.item = notice_id, item
        self.setWindowTitle(self.tr("答复意见") if item else self.tr("登记意见反馈"))
        form = QFormLayout()
        self.author = QLineEdit(item.author if item else "")
        self.author.setPlaceholderText(self.tr("留空为匿名"))
        self.received = DateEdit(QDate(item.received_on) if item else QDate.currentDate())
        self.content = QPlainTextEdit(item.content if item else "")
        self.answer = QPlainTextEdit(item.answer if item else "")
        self.answered_by = QLineEdit(item.answered_by if item else "")
        self.answered_on = DateEdit(QDate.currentDate())
        for edit in (self.received, self.answered_on):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("yyyy-MM-dd")
        form.addRow(self.tr("反馈人"), self.author)
        form.addRow(self.tr("收到日期"), self.received)
        form.addRow(self.tr("反馈内容"), self.content)
        if item:
            for w in (self.author, self.received, self.content):
                w.setEnabled(False)
            form.addRow(self.tr("答复"), self.answer)
            form.addRow(self.tr("答复人"), self.answered_by)
            form.addRow(self.tr("答复日期"), self.answered_on)
        form_layout(self, form)

    def accept(self) -> None:
        try:
            if self.item is None:
                notices.add_feedback(self.notice_id, self.content.toPlainText(), self.author.text(),
                                     self.received.date().toPython())
            else:
                notices.answer_feedback(self.item.id, self.answer.toPlainText(),
                                        self.answered_by.text(), self.answered_on.date().toPython())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


def _rich_text_box(notice) -> QTextEdit:
    """内容: rich text (tables, bold) as the office pastes it from a word processor."""
    box = QTextEdit()
    box.setAcceptRichText(True)
    if notice:
        box.setHtml(notices.rich_text(notice.content))
    return box


class NoticeDialog(RecordDialog):
    domain = notices
    fields = [Field("title", "标题", required=True, in_place=True),
              Field("category", "类别", "choice", required=True, choices=notices.CATEGORIES, in_place=True),
              Field("form", "公开形式", "editable", choices=notices.FORMS, default=notices.FORMS[1],
                    attr="form_", object_name="form", in_place=True),
              Field("department", "责任部门", "editable",
                    choices=lambda: [""] + [name for _, name in members.departments()], in_place=True),
              Field("reviewer", "审核人"),
              Field("period_days", "公示期", "number", default=notices.default_period,
                    options={"minimum": 1, "maximum": 366, "suffix": " 天"}, in_place=True),
              Field("timing", "事前/事中/事后", "choice", choices=("",) + notices.TIMINGS),
              Field("content", "内容", make=_rich_text_box, read=lambda box: box.toHtml())]

    def __init__(self, notice_id: int | None = None, parent: QWidget | None = None):
        super().__init__(notice_id, parent)
        notice = self.record
        self.archived = bool(notice and notice.archived_on)
        self.setWindowTitle(self.tr("新建厂务公开事项") if notice is None else self.tr("厂务公开事项"))
        self.resize(820, 680)
        self.tabs = QTabWidget()
        self.tabs.addTab(self._main_page(notice), self.tr("事项"))
        if notice is not None:
            self.tabs.addTab(self._feedback_page(), self.tr("意见反馈"))
            self.tabs.addTab(self._notes_page(), self.tr("备注"))
        layout = QVBoxLayout(self)
        if notice is not None:
            status = QLabel(self.tr("状态：%s") % notices.state_on(notice))
            status.setObjectName("state")
            layout.addWidget(status)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        if self.archived:
            layout.addWidget(QLabel(self.tr("此事项已归档，不能修改，可在“备注”中添加说明。")))
            layout.addWidget(button_box(self, Std.Close, Std.NoButton))
        else:
            layout.addWidget(button_box(self, Std.Save, Std.Cancel))

    @property
    def notice_id(self) -> int | None:
        return self.record_id

    # --- pages ---
    def _main_page(self, notice) -> QWidget:
        page = self.form_page(enabled=not self.archived)
        self.attachments = QListWidget()
        self.attachments.setMaximumHeight(90)
        row = QHBoxLayout()
        for text, slot in ((self.tr("添加附件…"), self.add_attachment),
                           (self.tr("另存附件…"), self.save_attachment),
                           (self.tr("删除附件"), self.remove_attachment)):
            button = QPushButton(text)
            button.clicked.connect(slot)
            button.setEnabled(notice is not None and (not self.archived or "另存" in text))
            row.addWidget(button)
        row.addStretch(1)
        box = QVBoxLayout()
        box.addWidget(self.attachments)
        box.addLayout(row)
        holder = QWidget()
        holder.setLayout(box)
        self.form.addRow(self.tr("附件"), holder)
        self._load_attachments()
        return page

    def _feedback_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.feedback_model = RowsTableModel([("received_on", "收到日期"), ("author", "反馈人"),
                                              ("content", "内容"), ("answer", "答复"),
                                              ("answered_by", "答复人"), ("answered_on", "答复日期")], self)
        self.feedback_view = QTableView()
        self.feedback_view.setModel(self.feedback_model)
        self.feedback_view.verticalHeader().hide()
        self.feedback_view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.feedback_view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.feedback_view)
        layout.addLayout(button_row(((self.tr("登记反馈…"), self.add_feedback),
                                     (self.tr("答复所选…"), self.answer_feedback))))
        self._load_feedback()
        return page

    def _notes_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.notes = QListWidget()
        layout.addWidget(self.notes)
        add = QPushButton(self.tr("添加备注…"))
        add.clicked.connect(self.add_note)
        layout.addWidget(add)
        self._load_notes()
        return page

    # --- loading ---
    def _load_feedback(self) -> None:
        self.feedback_model.set_rows([
            {"id": f.id, "received_on": f.received_on, "author": f.author or "匿名", "content": f.content,
             "answer": f.answer, "answered_by": f.answered_by, "answered_on": f.answered_on, "item": f}
            for f in notices.feedback(self.notice_id)])

    def _load_notes(self) -> None:
        self.notes.clear()
        for note in notices.notes(self.notice_id):
            self.notes.addItem(f"{note.at:%Y-%m-%d %H:%M}　{note.text}")

    # --- actions ---
    def accept(self) -> None:
        if self.archived:
            QDialog.accept(self)
            return
        super().accept()

    def add_feedback(self) -> None:
        if FeedbackDialog(self.notice_id, None, self).exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            self._load_feedback()

    def answer_feedback(self) -> None:
        index = self.feedback_view.currentIndex()
        if not index.isValid():
            return
        item = self.feedback_model.data(index, RECORD_ROLE)["item"]
        if FeedbackDialog(self.notice_id, item, self).exec() == QDialog.DialogCode.Accepted:
            self.changed = True
            self._load_feedback()

    def add_note(self) -> None:
        text, ok = QInputDialog.getMultiLineText(self, self.tr("添加备注"), self.tr("备注："))
        if not ok:
            return
        try:
            notices.annotate(self.notice_id, text)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("添加备注"), str(exc))
            return
        self.changed = True
        self._load_notes()
