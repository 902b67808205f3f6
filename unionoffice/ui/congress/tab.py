"""职代会提案 tab: motions of a session through their whole life, overdue ones highlighted, the 提案表
printed, the session's two workbooks out and ledgers in; congresses and representatives — declared
as a register, with the session chosen before the search box."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QMessageBox, QWidget

from unionoffice.domain import congress
from unionoffice.ledgers import motions as motions_ledger
from unionoffice.ui.common.bars import refill
from unionoffice.ui.common.ledger_import import LedgerImport
from unionoffice.ui.common.register import Action, Field, Filter, Register, RegisterTab, Step, selected
from unionoffice.ui.common.saving import PDF, XLSX, save_file
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
STEPS = {"review": ReviewDialog, "assign": AssignDialog, "reply": ReplyDialog, "verdict": VerdictDialog}


def _status(rows: list[dict]) -> str:
    by_stage = {s: sum(r["stage"] == s for r in rows) for s in congress.STAGES}
    overdue = sum(r["overdue"] for r in rows)
    return (f"共 {len(rows)} 件：" + " · ".join(f"{s} {n}" for s, n in by_stage.items() if n)
            + (f"　超期 {overdue} 件" if overdue else ""))


REGISTER = Register(
    title="提案", object_name="motions", columns=COLUMNS,
    search_hint="搜索编号、案由、提案人、部门",
    query=lambda text, f: congress.search(congress.MotionFilter(text, f["session"], f["category"], f["stage"],
                                                                f["department"], f["overdue"])),
    status=_status,
    filters=[Filter("category", "全部类别", congress.CATEGORIES), Filter("stage", "全部环节", congress.STAGES),
             Filter("department", "全部承办部门", congress.departments)],  # departments come and go
    actions=[Action("manage", "会议与代表…", "manage"), Action("add", "新提案", "add", "Ctrl+N"),
             Action("edit", "打开", "edit"), Action("delete", "删除", "delete"),
             *(Action(name, text, name, row=1) for name, text in (("review", "审查…"), ("assign", "交办…"),
                                                                 ("reply", "答复…"), ("verdict", "提案人意见…"))),
             Step("archive", "归档…", title="归档", date_label="归档日期", row=1,
                  call=lambda motion_id, on, _who: congress.archive(motion_id, on)),
             Action("print", "提案表PDF…", "print_motion", row=1, when=selected),
             Action("export", "导出汇总表…", "export", row=1),
             Action("import", "导入提案…", "import_ledger", row=1)],
    widths={1: 300},
    colour=lambda r: "#b00020" if r["overdue"] else None,
    pick_first="请先在列表中选择一件提案。",
    cells=[Field("title", "案由", required=True, in_place=True),
           Field("category", "类别", "choice", required=True, choices=congress.CATEGORIES, in_place=True),
           Field("submitted_on", "提交日期", "date", required=True, in_place=True)],
    remove=congress.delete_motion, remove_title="删除提案", remove_question=lambda _id: "删除这件提案？编号不会再次使用。",
)


class CongressTab(RegisterTab):
    register = REGISTER
    loaded = False  # the motions are listed when the tab is first shown, not at start-up

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.f_department.setObjectName("department_filter")
        self.importer = LedgerImport.declared(self, motions_ledger.LEDGER,
                                              lambda _s: self._after_change(reload_sessions=True), self.tr("导入提案"))
        self.importer.undoable = (REGISTER.title, self._after_change)
        for name, dialog in STEPS.items():
            setattr(self, name, lambda d=dialog: self.step_dialog(d))

    def leading_widgets(self) -> list[QWidget]:
        self.session = QComboBox()
        self.session.setObjectName("session")
        self.session.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # sessions come later
        self.session.currentIndexChanged.connect(self.reload)
        return [self.session]

    def more_filters(self) -> list[QWidget]:
        self.f_overdue = QCheckBox(self.tr("只看超期"))
        self.f_overdue.toggled.connect(self.reload)
        return [self.f_overdue]

    def filter_values(self) -> dict:
        return super().filter_values() | {"session": self.session.currentData(), "overdue": self.f_overdue.isChecked()}

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload_sessions()
        else:  # a department added in another tab since
            refill(self.f_department, self.tr("全部承办部门"), congress.departments())

    def load_in_background(self) -> None:
        self._fill_sessions()
        super().load_in_background()

    def reload_sessions(self) -> None:
        self._fill_sessions()
        self.loaded = True
        self.reload()

    def _fill_sessions(self) -> None:
        current = self.session.currentData()
        self.session.blockSignals(True)
        self.session.clear()
        for c in congress.congresses():
            self.session.addItem(congress.congress_name(c), c.id)
        self.session.addItem(self.tr("全部会议"), None)
        index = self.session.findData(current)
        self.session.setCurrentIndex(index if current is not None and index >= 0 else 0)
        self.session.blockSignals(False)

    def reload(self, *_args) -> None:
        if self.loaded:
            super().reload()
        else:
            self._enable()

    def _after_change(self, motion_id: int | None = None, reload_sessions: bool = False) -> None:
        if reload_sessions:
            self.reload_sessions()
        super()._after_change(motion_id)

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
            self._undoable_add(dialog.motion_id)
            self._after_change(dialog.motion_id)

    def form_of(self, motion_id: int) -> MotionDialog:
        return MotionDialog(None, motion_id, self)

    def update_record(self, motion_id: int, values: dict, base) -> None:
        congress.update_motion(motion_id, values, base=base)

    def open(self, motion_id: int) -> None:
        dialog = MotionDialog(None, motion_id, self)
        dialog.exec()
        if dialog.changed:
            self._after_change(motion_id)

    def step_dialog(self, dialog_class) -> None:
        """审查 / 交办 / 答复 / 提案人意见: each step's own dialog (more than a date and who acted)."""
        motion_id = self._need_selection()
        if motion_id:
            dialog = dialog_class(motion_id, self)
            if dialog.exec() == QDialog.DialogCode.Accepted:
                self._after_change(motion_id)

    def print_motion(self) -> None:
        motion_id = self._need_selection()
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
