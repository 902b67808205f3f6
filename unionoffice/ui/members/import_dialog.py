"""The import preview: what an HR roster would change, before anything is written."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.dates import DateEdit
from unionoffice.ledgers import roster_import
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
        new, updated = roster_import.preview_rows(plan)
        who = [("row", "行号"), ("name", "姓名"), ("department", "部门"), ("id_number", "证件号码")]
        self.new_people = RowsTableModel(who + [("member", "会员")], self)
        self.new_people.set_rows(new)
        self.updated_people = RowsTableModel(who + [("changes", "将要修改")], self)
        self.updated_people.set_rows(updated)
        self.rejections = RowsTableModel([("row", "行号"), ("column", "列"), ("reason", "原因")], self)
        self.rejections.set_rows(s["rejections"])
        self.pages = QTabWidget()
        for model, title, note in (
                (self.new_people, self.tr("新增 %d 人") % len(new), self.tr("导入后新登记的职工：")),
                (self.updated_people, self.tr("更新 %d 人") % len(updated),
                 self.tr("名册中已有、导入后信息改变的职工（证件号码、手机号码屏蔽显示）：")),
                (self.rejections, self.tr("拒绝 %d 行") % s["rejected"],
                 self.tr("被拒绝的行（这些行不会导入，可另存为 Excel 交人事部门修改）："))):
            page = QWidget()
            box = QVBoxLayout(page)
            box.addWidget(QLabel(note))
            view = QTableView()
            view.setModel(model)
            view.setSortingEnabled(True)
            view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # in the file's order
            view.verticalHeader().hide()
            for column, width in enumerate((60, 90, 120, 170)[:len(model.columns) - 1]):
                view.setColumnWidth(column, width)
            view.horizontalHeader().setSectionResizeMode(len(model.columns) - 1, QHeaderView.ResizeMode.Stretch)
            box.addWidget(view)
            self.pages.addTab(page, title)
        self.pages.setCurrentIndex(next((i for i, n in enumerate((len(new), len(updated))) if n), 2))
        layout.addWidget(self.pages)
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
