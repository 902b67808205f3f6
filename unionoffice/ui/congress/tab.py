"""职代会提案 tab: motions of a session through their whole life, overdue ones highlighted, the 提案表
printed, the session's two workbooks out and ledgers in; congresses and representatives."""

from __future__ import annotations

from PySide6.QtCore import QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionoffice.domain import congress
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import motions as motions_ledger
from unionoffice.ui.common.ledger_import import LedgerImport
from unionoffice.ui.common.bars import Bar, refill
from unionoffice.ui.common.saving import PDF, XLSX, save_file
from unionoffice.ui.common.views import RecordList, tab_shortcuts
from unionoffice.ui.common.table_model import SORT_ROLE, RowsTableModel
from unionoffice.ui.congress import printing
from unionoffice.ui.congress.dialogs import (
    AssignDialog,
    CongressDialog,
    MotionDialog,
    ReplyDialog,
    ReviewDialog,
    VerdictDialog,
)

COLUMNS = [("number", "编号"), ("title", "案由"), ("category", "类别"), ("proposer_name", "提案人"),
           ("stage", "环节"), ("lead_department", "主办部门"), ("due_on", "办理期限"), ("reply_grade", "答复等级"),
           ("verdict", "提案人意见"), ("submitted_on", "提交日期")]
RED = QBrush(QColor("#b00020"))


class MotionModel(RowsTableModel):
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid():
            return RED if self.rows()[index.row()]["overdue"] else None
        return super().data(index, role)


class CongressTab(RecordList, QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.session = QComboBox()
        self.session.setObjectName("session")
        self.session.currentIndexChanged.connect(self.reload)
        top.addWidget(self.session)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr("搜索编号、案由、提案人、部门"))
        self.search.textChanged.connect(self.reload)
        top.addWidget(self.search, 1)
        buttons = Bar()
        top.addWidget(buttons, 2)
        for text, slot, name in ((self.tr("会议与代表…"), self.manage, "manage"),
                                 (self.tr("新提案"), self.add, "add"), (self.tr("打开"), self.edit, "edit"),
                                 (self.tr("删除"), self.delete, "delete")):
            button = QPushButton(text)
            button.setObjectName(f"button_{name}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout.addLayout(top)
        steps = Bar()
        for text, dialog, name in ((self.tr("审查…"), ReviewDialog, "review"),
                                   (self.tr("交办…"), AssignDialog, "assign"),
                                   (self.tr("答复…"), ReplyDialog, "reply"),
                                   (self.tr("提案人意见…"), VerdictDialog, "verdict")):
            button = QPushButton(text)
            button.setObjectName(f"button_{name}")
            button.clicked.connect(lambda _=False, d=dialog: self.step(d))
            steps.addWidget(button)
        for text, slot, name in ((self.tr("归档"), self.archive, "archive"),
                                 (self.tr("提案表PDF…"), self.print_motion, "print"),
                                 (self.tr("导出汇总表…"), self.export, "export"),
                                 (self.tr("导入提案…"), self.import_ledger, "import")):
            button = QPushButton(text)
            button.setObjectName(f"button_{name}")
            button.clicked.connect(slot)
            steps.addWidget(button)
        steps.addStretch(1)
        layout.addWidget(steps)
        filters = Bar()
        self.f_category = QComboBox()
        self.f_category.addItem(self.tr("全部类别"), "")
        for c in congress.CATEGORIES:
            self.f_category.addItem(c, c)
        self.f_stage = QComboBox()
        self.f_stage.addItem(self.tr("全部环节"), "")
        for s in congress.STAGES:
            self.f_stage.addItem(s, s)
        self.f_department = QComboBox()
        self.f_department.setObjectName("department_filter")
        self.f_department.addItem(self.tr("全部承办部门"), "")  # filled at each reload: departments come and go
        self.f_overdue = QCheckBox(self.tr("只看超期"))
        for w in (self.f_category, self.f_stage, self.f_department):
            w.currentIndexChanged.connect(self.reload)
            filters.addWidget(w)
        self.f_overdue.toggled.connect(self.reload)
        filters.addWidget(self.f_overdue)
        filters.addStretch(1)
        layout.addWidget(filters)
        self.model = MotionModel(COLUMNS, self)
        self.proxy = QSortFilterProxyModel(self)  # a session has tens of motions
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.view = QTableView()
        self.view.setObjectName("motions")
        self.view.setModel(self.proxy)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        self.view.setColumnWidth(1, 300)
        self.view.doubleClicked.connect(lambda _i: self.edit())
        layout.addWidget(self.view, 1)
        self.status = QLabel()
        self.status.setObjectName("status")
        layout.addWidget(self.status)
        tab_shortcuts(self, (("Ctrl+N", self.add), ("Ctrl+F", self.search.setFocus)))
        for key in ("Return", "Enter"):
            QShortcut(QKeySequence(key), self.view, self.edit)
        self.importer = LedgerImport.declared(self, motions_ledger.LEDGER,
                                              lambda _s: self._after_change(reload_sessions=True), self.tr("导入提案"))
        self.loaded = False  # the motions are listed when the tab is first shown, not at start-up

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload_sessions()
        else:  # a department added in another tab since
            refill(self.f_department, self.tr("全部承办部门"), congress.departments())

    def reload_sessions(self) -> None:
        self.loaded = True
        current = self.session.currentData()
        self.session.blockSignals(True)
        self.session.clear()
        for c in congress.congresses():
            self.session.addItem(congress.congress_name(c), c.id)
        self.session.addItem(self.tr("全部会议"), None)
        index = self.session.findData(current)
        self.session.setCurrentIndex(index if current is not None and index >= 0 else 0)
        self.session.blockSignals(False)
        self.reload()

    def reload(self, *_args) -> None:
        selected = self.current_id()
        refill(self.f_department, self.tr("全部承办部门"), congress.departments())
        rows = congress.search(congress.MotionFilter(
            self.search.text(), self.session.currentData(), self.f_category.currentData() or "",
            self.f_stage.currentData() or "", self.f_department.currentData() or "", self.f_overdue.isChecked()))
        self.model.set_rows(rows)
        by_stage = {s: sum(r["stage"] == s for r in rows) for s in congress.STAGES}
        overdue = sum(r["overdue"] for r in rows)
        self.status.setText(self.tr("共 %d 件：") % len(rows) + " · ".join(
            f"{s} {n}" for s, n in by_stage.items() if n) + (self.tr("　超期 %d 件") % overdue if overdue else ""))
        if selected:
            self.select(selected)

    def _after_change(self, motion_id: int | None = None, reload_sessions: bool = False) -> None:
        self.reload_sessions() if reload_sessions else self.reload()
        if motion_id:
            self.select(motion_id)
        self.changed.emit()

    def _need(self) -> int | None:
        motion_id = self.current_id()
        if motion_id is None:
            QMessageBox.information(self, self.tr("提案"), self.tr("请先在列表中选择一件提案。"))
        return motion_id

    def manage(self) -> None:
        dialog = CongressDialog(self)
        dialog.exec()
        if dialog.changed:
            self._after_change(reload_sessions=True)

    def add(self) -> None:
        congress_id = self.session.currentData()
        if congress_id is None:
            QMessageBox.information(self, self.tr("新提案"), self.tr("请先选择（或在“会议与代表”中登记）一次会议。"))
            return
        dialog = MotionDialog(congress_id, None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(dialog.motion_id)

    def edit(self) -> None:
        motion_id = self._need()
        if motion_id:
            dialog = MotionDialog(None, motion_id, self)
            dialog.exec()
            if dialog.changed:
                self._after_change(motion_id)

    def delete(self) -> None:
        motion_id = self._need()
        if not motion_id:
            return
        if QMessageBox.question(self, self.tr("删除提案"), self.tr("删除这件提案？编号不会再次使用。")) \
                != QMessageBox.StandardButton.Yes:
            return
        try:
            congress.delete_motion(motion_id)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("删除提案"), exc.reason)
            return
        self._after_change()

    def step(self, dialog_class) -> None:
        motion_id = self._need()
        if not motion_id:
            return
        dialog = dialog_class(motion_id, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._after_change(motion_id)

    def archive(self) -> None:
        motion_id = self._need()
        if not motion_id:
            return
        try:
            congress.archive(motion_id)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("归档"), exc.reason)
            return
        self._after_change(motion_id)

    def print_motion(self) -> None:
        motion_id = self._need()
        if not motion_id:
            return
        motion = congress.get(motion_id)
        save_file(self, self.tr("保存提案表"), f"提案表{motion.number}.pdf", PDF,
                  lambda path: printing.to_pdf(motion, path) and "提案表已保存。")

    def export(self) -> None:
        congress_id = self.session.currentData()
        if congress_id is None:
            QMessageBox.information(self, self.tr("导出"), self.tr("请先选择一次会议。"))
            return
        name = self.session.currentText()
        save_file(self, self.tr("导出提案汇总表和办理情况表"), f"{name}提案.xlsx", XLSX,
                  lambda path: f"已导出 {motions_ledger.export_session(path, congress_id)} 件提案。", background=True)

    def import_ledger(self) -> None:
        self.importer.choose_and_start()
