"""Importing a ledger from a tab, the same way for every kind: read and check it off the GUI thread,
show what it would do (with the rejections, and a way to save them), then write it in one
transaction off the GUI thread."""

from __future__ import annotations

from typing import Callable

from PySide6.QtWidgets import QMessageBox, QWidget

from unionoffice.db.check import describe
from unionoffice.db.connection import database_target
from unionoffice.domain.validation import ValidationError
from unionoffice.excel import ledger
from unionoffice.excel.reading import ImportFileError
from unionoffice.logs import failure
from unionoffice.ui.common.places import ask_open_path
from unionoffice.ui.common.saving import XLSX, save_file
from unionoffice.ui.common.tasks import Cancelled, run_task


def notes_text(plan, limit: int = 8, *, sheet: bool = True) -> str:
    """Which sheet was read, and what was not read or left out (rows skipped, hidden sheets passed
    over, a field left out with the row kept), so that nothing vanishes without a word."""
    s = plan.summary()
    lines = [f"读取的工作表：“{s['sheet']}”" if s.get("sheet") else ""]
    hidden = getattr(plan, "hidden_sheets", [])
    if hidden:
        lines[0] += f"（隐藏的工作表“{'”“'.join(hidden)}”未读取）"
    for key, title in (("skipped", "跳过 {} 行："), ("warnings", "照常导入、但有一栏未导入的 {} 行：")):
        rows = s.get(key, [])
        if rows:
            lines.append(title.format(len(rows)))
            lines += [f"  第 {r['row']} 行" + (f" [{r['column']}]" if "column" in r else "") + f"：{r['reason']}"
                      for r in rows[:limit]]
            if len(rows) > limit:
                lines.append(f"  ……（共 {len(rows)} 行）")
    if not lines[0] or (not sheet and not hidden):
        lines.pop(0)
    return "\n".join(lines)


def save_rejections(parent: QWidget, suggested: str, rejections: list,
                    write: Callable[[str, Callable], object]) -> None:
    """保存拒绝清单…: ask where, then ``write(path, progress)`` on a worker thread (a wrong file may
    have every one of its rows rejected), with 取消."""
    def written(path: str, progress) -> str:
        write(path, progress)
        return f"已保存被拒绝的 {len(rejections)} 行（行号、错误列、原因在前，其后是文件中的原样内容）。"

    save_file(parent, parent.tr("保存拒绝清单"), suggested, XLSX, written, background=True, with_progress=True)


class LedgerImport:
    """``read(path) -> LedgerPlan`` and ``apply(plan, db_path=, progress=) -> summary``; or a declared
    ledger's (``LedgerImport.declared``), whose title, unit and rejection list come with it."""

    def __init__(self, parent: QWidget, title: str, read: Callable, apply: Callable,
                 done: Callable[[dict], None], unit: str = "项", declaration=None):
        self.parent, self.title, self.read, self.apply, self.done, self.unit = parent, title, read, apply, done, unit
        self.declaration = declaration
        self.task = None
        # (what a record is called, refresh): an import of a declared ledger goes on the window's undo
        # stack — undone, the records it added are deleted and the fields it changed set back
        self.undoable: tuple[str, Callable[[], None]] | None = None
        self._kept = None

    @classmethod
    def declared(cls, parent: QWidget, declaration, done: Callable[[dict], None], title: str = "",
                 read: Callable | None = None) -> "LedgerImport":
        """The import of a declared ledger (``unionoffice.ledgers``): a new ledger needs no new code here."""
        return cls(parent, title or f"导入{declaration.title}", read or declaration.read, declaration.apply, done,
                   declaration.unit, declaration)

    def write_rejections(self, plan, out, progress) -> None:
        if self.declaration is not None:
            self.declaration.write_rejections(plan, out, progress)
        else:
            ledger.write_rejections(out, plan.path, plan.header, plan.rejections, progress=progress)

    def choose_and_start(self) -> None:
        path = ask_open_path(self.parent, self.title, self.parent.tr("Excel 工作簿或 CSV 文件 (*.xlsx *.xls *.csv)"))
        if path:
            self.start(path)

    def start(self, path: str) -> None:
        self.task = run_task(self.parent, self.parent.tr("正在读取…"), lambda p, progress: self.read(p), path,
                             on_success=self.preview, on_failure=self.failed)

    def preview(self, plan) -> None:
        s, u = plan.summary(), self.unit
        text = (f"新增 {s['imported']} {u}，更新 {s['updated']} {u}，未变 {s['unchanged']} {u}，"
                f"拒绝 {s['rejected']} 行。")
        notes = notes_text(plan)
        if notes:
            text += "\n" + notes
        if s["unknown_columns"]:
            text += f"\n未识别的列（将被忽略）：{'、'.join(s['unknown_columns'])}"
        details = "\n".join(f"第 {r['row']} 行 [{r['column']}]：{r['reason']}" for r in s["rejections"][:20])
        if len(s["rejections"]) > 20:
            details += f"\n……（共 {len(s['rejections'])} 行，可保存拒绝清单查看全部）"
        box = QMessageBox(QMessageBox.Icon.Question, self.title, text + ("\n\n" + details if details else ""),
                          parent=self.parent)
        go = box.addButton(self.parent.tr("导入"), QMessageBox.ButtonRole.AcceptRole)
        go.setEnabled(bool(plan.new or plan.updates))
        report = box.addButton(self.parent.tr("保存拒绝清单…"), QMessageBox.ButtonRole.ActionRole)
        report.setEnabled(bool(plan.rejections))
        box.addButton(QMessageBox.StandardButton.Cancel)
        self.preview_box = box
        box.exec()
        if box.clickedButton() is report:
            save_rejections(self.parent, "被拒绝的行.xlsx", plan.rejections,
                            lambda out, progress: self.write_rejections(plan, out, progress))
        elif box.clickedButton() is go:
            self._keep_before(plan)
            self.task = run_task(self.parent, self.parent.tr("正在导入…"),
                                 lambda p, d, progress: self.apply(p, db_path=d, progress=progress),
                                 plan, database_target(), on_success=self.finished, on_failure=self.failed)

    def _model(self):
        return getattr(self.declaration, "model", None) if self.undoable else None

    def _keep_before(self, plan) -> None:
        """The records the import will change, as they are, and the newest audit entry so far."""
        from unionoffice.domain import audit, restore

        model = self._model()
        self._kept = None
        if model is not None:
            self._kept = (audit.newest_id(), [restore.keep(model, u[0]) for u in plan.updates])

    def _push_undo(self, summary: dict) -> None:
        """The import done, on the undo stack: its new ids from its own audit entry (``audit.imported``)."""
        from unionoffice.domain import audit, restore
        from unionoffice.ui.common import undo

        if self._kept is None or not (summary["imported"] or summary["updated"]):
            return
        after_id, before = self._kept
        self._kept = None
        new_ids = audit.imported_new_ids(self.declaration.table, after_id)
        if new_ids is None:
            return
        what, refresh = self.undoable
        done = restore.imported(self._model(), self.declaration.title, self.declaration.table, new_ids, before)
        undo.push(self.parent, f"{self.title}（新增 {len(new_ids)}，更新 {len(before)}）",
                  lambda: restore.undo_import(done, what), lambda: restore.redo_import(done, what), refresh)

    def finished(self, summary: dict) -> None:
        self._push_undo(summary)
        self.done(summary)
        u = self.unit
        QMessageBox.information(self.parent, self.parent.tr("导入完成"),
                                f"新增 {summary['imported']} {u}，更新 {summary['updated']} {u}，"
                                f"未变 {summary['unchanged']} {u}。")

    def failed(self, exc: Exception) -> None:
        failure(self.title, exc)
        if isinstance(exc, Cancelled):
            QMessageBox.information(self.parent, self.title, self.parent.tr("已取消，数据没有任何改动。"))
        elif isinstance(exc, (ImportFileError, ValidationError, OSError)):
            QMessageBox.warning(self.parent, self.parent.tr("无法导入"), describe(exc))
        else:
            QMessageBox.critical(self.parent, self.parent.tr("导入失败"),
                                 self.parent.tr("导入失败，数据没有任何改动。\n%s") % describe(exc))
