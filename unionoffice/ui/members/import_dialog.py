"""The import preview: what an HR roster would change, before anything is written."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.dates import DateEdit
from unionoffice.excel import roster_import
from unionoffice.ui.common.table_model import RowsTableModel
from unionoffice.ui.common.ledger_import import notes_text, save_rejections


class ImportPreviewDialog(QDialog):
    def __init__(self, plan: roster_import.ImportPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(self.tr("导入职工花名册 — 预览"))
        self.resize(820, 560)
        s = plan.summary()
        layout = QVBoxLayout(self)
        head = QLabel(self.tr(
            "文件：%s（工作表“%s”，表头在第 %d 行）\n"
            "新增 %d 人 · 更新 %d 人 · 未变 %d 人 · 拒绝 %d 行") % (
            plan.path.name, plan.sheet, plan.header_row, s["imported"], s["updated"],
            s["unchanged"], s["rejected"]))
        head.setObjectName("summary")
        layout.addWidget(head)
        notes = notes_text(plan, sheet=False)
        if notes:
            shown = QLabel(notes)
            shown.setObjectName("notes")
            shown.setWordWrap(True)
            layout.addWidget(shown)
        if plan.unknown_columns:
            unknown = QLabel(self.tr("未识别的列（将被忽略）：%s") % "、".join(plan.unknown_columns))
            unknown.setWordWrap(True)
            layout.addWidget(unknown)
        self.rejections = RowsTableModel([("row", "行号"), ("column", "列"), ("reason", "原因")], self)
        self.rejections.set_rows(s["rejections"])
        view = QTableView()
        view.setModel(self.rejections)
        view.verticalHeader().hide()
        view.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(QLabel(self.tr("被拒绝的行（这些行不会导入，可另存为 Excel 交人事部门修改）：")))
        layout.addWidget(view)
        self.mark_members = QCheckBox(self.tr("文件中没有会员列：把新职工全部登记为会员，入会日期"))
        self.join_date = DateEdit(QDate.currentDate())
        self.join_date.setCalendarPopup(True)
        self.join_date.setDisplayFormat("yyyy-MM-dd")
        if not plan.has_membership_column and plan.new:
            row = QHBoxLayout()
            row.addWidget(self.mark_members)
            row.addWidget(self.join_date)
            row.addStretch(1)
            layout.addLayout(row)
        buttons = QDialogButtonBox()
        self.save_report = QPushButton(self.tr("保存拒绝清单…"))
        self.save_report.setEnabled(bool(plan.rejections))
        self.save_report.clicked.connect(self.write_report)
        buttons.addButton(self.save_report, QDialogButtonBox.ButtonRole.ActionRole)
        self.ok = buttons.addButton(self.tr("导入"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok.setEnabled(bool(plan.new or plan.updates or plan.joins))
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_join_date(self):
        return self.join_date.date().toPython() if self.mark_members.isChecked() else None

    def write_report(self) -> None:
        save_rejections(self, str(self.plan.path.with_name(self.plan.path.stem + "-被拒绝的行.xlsx")),
                        self.plan.rejections,
                        lambda path, progress: roster_import.write_rejections(self.plan, path, progress))
