"""劳动保护监督检查 page of the 维权 tab: inspections with their hazards counted (red when one is
overdue); each inspection's page lists its hazards, each followed to 整改完成 and 验证; a
隐患整改通知书 per department on A4 — declared as a register."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHeaderView,
    QInputDialog,
    QLineEdit,
    QMessageBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionoffice.domain import inspections, members
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import hazards as hazards_ledger
from unionoffice.ui.common.dates import date_value, optional_date
from unionoffice.ui.common.dialogs import Std, button_box, form_layout
from unionoffice.ui.common.register import (
    Action,
    DateDialog,
    Field,
    Filter,
    Ledger,
    RecordDialog,
    Register,
    RegisterTab,
    button_row,
    clerk,
    selected,
)
from unionoffice.ui.common.saving import PDF, save_file
from unionoffice.ui.common.table_model import RECORD_ROLE, RowsTableModel
from unionoffice.ui.common.views import select_record
from unionoffice.ui.rights import follow_up_printing as printing

COLUMNS = [("inspected_on", "检查日期"), ("scope", "检查范围"), ("kind", "检查类型"), ("inspectors", "检查人员"),
           ("found", "发现隐患"), ("fixed", "已整改"), ("open", "待整改"), ("overdue", "超期"), ("state", "状况")]
HAZARD_COLUMNS = [("description", "隐患描述"), ("level", "等级"), ("department", "整改责任部门"),
                  ("due_on", "整改期限"), ("fixed_on", "整改完成日期"), ("verified_by", "验证人"),
                  ("verified_on", "验证日期"), ("state", "状态")]
STATE_COLOURS = {"有超期隐患": "#b00020", "已全部整改": "#1b7f3b"}


def _departments() -> list[str]:
    return [""] + [name for _, name in members.departments()]


class HazardDialog(QDialog):
    """A hazard found: what, how serious, which department puts it right and by when."""

    def __init__(self, inspection_id: int, hazard: dict | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.inspection_id, self.hazard = inspection_id, hazard
        self.setWindowTitle(self.tr("隐患") if hazard else self.tr("添加隐患"))
        form = QFormLayout()
        self.description = QLineEdit(hazard["description"] if hazard else "")
        self.level = Field("level", "", "choice", choices=inspections.LEVELS).widget(None)
        self.department = Field("department", "", "editable", choices=_departments).widget(None)
        self.due_on = optional_date(hazard["due_on"] if hazard else None)
        if hazard:
            self.level.setCurrentText(hazard["level"])
            self.department.setCurrentText(hazard["department"])
        form.addRow(self.tr("隐患描述 *"), self.description)
        form.addRow(self.tr("隐患等级"), self.level)
        form.addRow(self.tr("整改责任部门"), self.department)
        form.addRow(self.tr("整改期限"), self.due_on)
        form_layout(self, form)
        self.resize(520, 220)

    def accept(self) -> None:
        values = {"description": self.description.text(), "level": self.level.currentText(),
                  "department": self.department.currentText(), "due_on": date_value(self.due_on)}
        try:
            if self.hazard:
                inspections.update_hazard(self.hazard["id"], values | {"fixed_on": self.hazard["fixed_on"]})
            else:
                inspections.add_hazard(self.inspection_id, values)
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class InspectionDialog(RecordDialog):
    domain = inspections
    fields = [Field("inspected_on", "检查日期", "date", required=True, in_place=True),
              Field("scope", "检查范围", required=True, in_place=True),
              Field("kind", "检查类型", "choice", choices=inspections.KINDS, in_place=True),
              Field("inspectors", "检查人员", in_place=True),
              Field("note", "备注", "multiline")]

    def __init__(self, inspection_id: int | None = None, parent: QWidget | None = None):
        super().__init__(inspection_id, parent)
        record = self.record
        self.setWindowTitle(self.tr("新建劳动保护监督检查") if record is None
                            else self.tr("劳动保护监督检查 — %s") % record.scope)
        self.resize(860, 560)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.form_page(), self.tr("检查"))
        if record is not None:
            self.tabs.addTab(self._hazards_page(), self.tr("隐患"))
            self.tabs.setCurrentIndex(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs)
        layout.addWidget(self.error)
        layout.addWidget(button_box(self, Std.Save, Std.Cancel))

    def _hazards_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.hazard_model = RowsTableModel(HAZARD_COLUMNS, self)
        self.hazard_view = QTableView()
        self.hazard_view.setObjectName("hazards")
        self.hazard_view.setModel(self.hazard_model)
        self.hazard_view.verticalHeader().hide()
        self.hazard_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.hazard_view.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.hazard_view)
        layout.addLayout(button_row(((self.tr("添加隐患…"), self.add_hazard, "add_hazard"),
                                     (self.tr("修改…"), self.edit_hazard, "edit_hazard"),
                                     (self.tr("整改完成…"), self.fix_hazard, "fix_hazard"),
                                     (self.tr("验证…"), self.verify_hazard, "verify_hazard"),
                                     (self.tr("删除隐患"), self.remove_hazard, "remove_hazard"))))
        self._load_hazards()
        return page

    def _load_hazards(self) -> None:
        """The hazards again, the selected one still selected (on to 验证 after 整改完成)."""
        index = self.hazard_view.currentIndex()
        current = self.hazard_model.data(index, RECORD_ROLE)["id"] if index.isValid() else None
        self.hazard_model.set_rows(inspections.hazards(self.record_id))
        self.hazard_view.resizeColumnsToContents()
        if current is not None:
            select_record(self.hazard_view, current)

    def _hazard(self) -> dict | None:
        index = self.hazard_view.currentIndex()
        if not index.isValid():
            QMessageBox.information(self, self.tr("隐患"), self.tr("请先选择一项隐患。"))
            return None
        return self.hazard_model.data(index, RECORD_ROLE)

    def _done(self) -> None:
        self.changed = True
        self._load_hazards()

    def add_hazard(self) -> None:
        if HazardDialog(self.record_id, None, self).exec() == QDialog.DialogCode.Accepted:
            self._done()

    def edit_hazard(self) -> None:
        hazard = self._hazard()
        if hazard and HazardDialog(self.record_id, hazard, self).exec() == QDialog.DialogCode.Accepted:
            self._done()

    def _step(self, title: str, label: str, call, who_label: str = "") -> None:
        hazard = self._hazard()
        if not hazard:
            return
        dialog = DateDialog(title, label, self, name_label=who_label, name=clerk() if who_label else "")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            call(hazard["id"], dialog.date.date().toPython(), dialog.name.text())
        except ValidationError as exc:
            QMessageBox.warning(self, title, str(exc))
            return
        self._done()

    def fix_hazard(self) -> None:
        self._step(self.tr("整改完成"), self.tr("整改完成日期"), lambda hid, on, _who: inspections.fix(hid, on))

    def verify_hazard(self) -> None:
        self._step(self.tr("验证整改"), self.tr("验证日期"), lambda hid, on, who: inspections.verify(hid, who, on),
                   self.tr("验证人"))

    def remove_hazard(self) -> None:
        hazard = self._hazard()
        if hazard and QMessageBox.question(self, self.tr("删除隐患"), self.tr("删除隐患“%s”？") % hazard["description"]) \
                == QMessageBox.StandardButton.Yes:
            inspections.remove_hazard(hazard["id"])
            self._done()


REGISTER = Register(
    title="劳动保护监督检查", object_name="inspections", columns=COLUMNS,
    search_hint="搜索检查范围、检查人员",
    query=lambda text, f: inspections.search(text, f["state"], f["year"]),
    status=lambda rows: "共检查 %d 次 · 发现隐患 %d 项 · 已整改 %d 项 · 超期 %d 项" % (
        len(rows), sum(r["found"] for r in rows), sum(r["fixed"] for r in rows), sum(r["overdue"] for r in rows)),
    filters=[Filter("state", "全部", inspections.LIST_STATES), Filter("year", year=True)],
    actions=[Action("add", "新建检查", "add", "Ctrl+N"),
             Action("edit", "打开", "edit", when=selected),
             Action("notice", "整改通知书PDF…", "notice_pdf"),
             Action("delete", "删除", "delete", when=selected),
             Action("export", "导出台账…", "export_ledger"),
             Action("import", "导入台账…", "import_ledger")],
    sort=(0, Qt.SortOrder.DescendingOrder),
    widths={1: 200, 3: 160},
    colour=lambda r: STATE_COLOURS.get(r["state"]),
    ledger=Ledger(hazards_ledger.LEDGER),
    pick_first="请先在列表中选择一次检查。",
    remove=inspections.delete, remove_title="删除检查",
    remove_question=lambda iid: "删除“%s”的这次检查及其隐患记录？" % inspections.get(iid).scope,
    open_after_add=True,  # straight on to the hazards it found
)


class InspectionsTab(RegisterTab):
    register = REGISTER
    dialog = InspectionDialog

    def notice_pdf(self) -> None:
        departments = inspections.departments_with_open_hazards()
        if not departments:
            QMessageBox.information(self, self.tr("隐患整改通知书"), self.tr("没有待整改且填写了责任部门的隐患。"))
            return
        department, ok = QInputDialog.getItem(self, self.tr("隐患整改通知书"), self.tr("整改责任部门："),
                                              departments, 0, False)
        if ok and department:
            save_file(self, self.tr("隐患整改通知书"), f"隐患整改通知书（{department}）.pdf", PDF,
                      lambda path: printing.hazard_notice_to_pdf(department, path) and "已导出 PDF。")
