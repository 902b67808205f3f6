"""会员 tab: the roster with search and filters done in SQL, membership actions, import and export."""

from __future__ import annotations


from PySide6.QtCore import QTimer, Qt, Signal
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

from unionoffice.ui.common.dialogs import button_box
from unionoffice.db.check import describe
from unionoffice.db.connection import database_target
from unionoffice.domain import codes, members
from unionoffice.domain.validation import ValidationError
from unionoffice.excel.reading import ImportFileError
from unionoffice.logs import failure
from unionoffice.ui.common.bars import Bar
from unionoffice.ui.common import undo
from unionoffice.ui.common.batch_edit import BatchEditDialog, field_choices
from unionoffice.ui.common.clipboard import copy_rows, list_actions, selected_rows
from unionoffice.ui.common.columns import ColumnChoice
from unionoffice.ui.common.list_print import combo_choice, filter_text, print_view
from unionoffice.ui.common.paste import paste_into
from unionoffice.ui.common.places import ask_open_path, ask_save_path
from unionoffice.ui.common.saving import XLSX, show_written
from unionoffice.ui.common.editing import CellEditor, EditableIdTableModel
from unionoffice.ui.common.tasks import Cancelled, Refresher, run_task
from unionoffice.ui.common.views import tab_shortcuts
from unionoffice.ui.members.import_dialog import ImportPreviewDialog
from unionoffice.ui.members.person_dialog import EventDialog, PersonDialog

COLUMN_WIDTHS = {"name": 80, "gender": 44, "birth_date": 92, "department": 110, "union_group": 130,
                 "position": 80, "membership": 70, "member_card_no": 90, "id_number": 150,
                 "mobile": 105, "employment_status": 80, "employment_form": 90, "is_migrant": 56,
                 "education": 80, "hire_date": 92}
GRAY = QBrush(QColor("#888888"))
# the roster's columns edited in place (F2 or typing; Enter saves); 证件号码 and 手机 are shown masked
# and 会籍 is an event: those are changed on the person's page
EDITABLE = {"name": "text", "gender": "code", "birth_date": "date", "department": "choice",
            "union_group": "choice", "position": "text", "member_card_no": "text",
            "employment_status": "code", "employment_form": "code", "is_migrant": "yesno",
            "education": "code", "hire_date": "date"}


FIRST_ROWS = 500  # rows asked for at once; a longer list's rest and figures follow from a worker
ROWS_READ = 80  # people whose columns are read at once (a screenful or two: each is a random row
#                 of a large office file, 200 of them cost 20-40 ms)
REST_AFTER_MS = 100  # on the tab's first showing, a long list's rest is asked for after the first paint
CHOICES_AFTER_MS = 300  # the filters' choices are sorted on a worker after the first paint: loading
#                         pypinyin there meanwhile would slow every cell's paint (the GIL)


def _whole_list(generation: int, f: members.RosterFilter, sort: str, descending: bool):
    """On a worker: the whole list in order and the status line's figures (plain data)."""
    return generation, members.search(f, sort, descending)


def _choices(generation: int):
    """On a worker: the filters' choices (departments and groups by pinyin: the first sort by pinyin
    loads pypinyin's dictionaries, 0.1 s)."""
    return generation, ([(name, i) for i, name in members.departments()],
                        [(name, i) for i, name in members.union_groups()],
                        [(v, v) for v in codes.values("employment_status")])


def _read_and_classify(path: str, progress):
    from unionoffice.ledgers import roster_import  # openpyxl loads on first use, not at start-up

    return roster_import.classify(roster_import.read_roster(path, progress=progress))


def _apply(plan, db_path, join_date, progress):
    from unionoffice.ledgers import roster_import

    return roster_import.apply(plan, db_path=db_path, join_date=join_date, progress=progress)


def _export(path, include_all, masked, progress):
    from unionoffice.ledgers import roster_export

    return roster_export.export_roster(path, include_all=include_all, masked=masked,
                                       progress=progress)


class ExportOptionsDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("导出会员实名制名册"))
        layout = QVBoxLayout(self)
        self.include_all = QCheckBox(self.tr("包括非会员（全部职工）"))
        self.masked = QCheckBox(self.tr("屏蔽证件号码和手机号码（不交上级工会时使用）"))
        layout.addWidget(self.include_all)
        layout.addWidget(self.masked)
        buttons = button_box(self)
        layout.addWidget(buttons)


class MembersTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.sort_key, self.descending = "name", False
        layout = QVBoxLayout(self)

        top = QHBoxLayout()
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(self.tr(
            "搜索：姓名、拼音或首字母（如 zw）、部门、手机或证件号后4位、会员证号　Ctrl+F"))
        self.search.textChanged.connect(self.reload)
        top.addWidget(self.search, 1)
        buttons = Bar()
        top.addWidget(buttons, 2)
        for text, slot, name in ((self.tr("新增"), self.add_person, "add"),
                                 (self.tr("编辑"), self.edit_current, "edit"),
                                 (self.tr("会籍变动…"), self.change_membership, "membership"),
                                 (self.tr("批量修改…"), self.batch_edit, "batch"),
                                 (self.tr("删除"), self.delete_current, "delete"),
                                 (self.tr("导入花名册…"), self.import_roster, "import"),
                                 (self.tr("导出名册…"), self.export_roster, "export")):
            button = QPushButton(text)
            button.setObjectName(f"button_{name}")
            button.clicked.connect(slot)
            buttons.addWidget(button)
        layout.addLayout(top)

        filters = Bar()
        self.f_membership = self._combo(filters, self.tr("会籍"),
                                        [(self.tr("全部"), ""), (self.tr("会员"), "member"),
                                         (self.tr("非会员"), "nonmember")])
        self.f_department = self._combo(filters, self.tr("部门"), [])
        self.f_group = self._combo(filters, self.tr("工会小组"), [])
        self.f_gender = self._combo(filters, self.tr("性别"),
                                    [(self.tr("全部"), ""), ("男", "男"), ("女", "女")])
        self.f_migrant = self._combo(filters, self.tr("农民工"),
                                     [(self.tr("全部"), None), ("是", True), ("否", False)])
        self.f_status = self._combo(filters, self.tr("就业状况"), [])
        self.f_left = QCheckBox(self.tr("含已离职"))
        self.f_left.toggled.connect(self.reload)
        filters.addWidget(self.f_left)
        filters.addStretch(1)
        self.print_button = QPushButton(self.tr("打印名册…"))
        self.print_button.setObjectName("button_print_list")
        self.print_button.setToolTip(self.tr("按当前的列、筛选和排序打印名册（Ctrl+Shift+P）"))
        self.print_button.clicked.connect(self.print_list)
        filters.addWidget(self.print_button)
        layout.addWidget(filters)

        self.status = QLabel()
        self.status.setObjectName("status")
        self.model = EditableIdTableModel(members.ROSTER_COLUMNS, members.roster_rows, self._sort, self,
                                          editable=EDITABLE)
        self.model.row_style = lambda r: None if r.get("is_member") else GRAY
        self.model.page = ROWS_READ
        self.view = QTableView()
        self.view.setObjectName("roster")
        self.view.setModel(self.model)
        self.view.horizontalHeader().setSortIndicator(0, Qt.SortOrder.AscendingOrder)
        self.building = True  # setSortingEnabled sorts at once: one query at the end instead
        self.view.setSortingEnabled(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.cells = CellEditor(self.view, self.edit_cell, field_choices, self.status.setText)
        self.view.setAlternatingRowColors(True)
        self.view.verticalHeader().setDefaultSectionSize(24)
        self.view.doubleClicked.connect(lambda _index: self.edit_current())
        for i, (key, _) in enumerate(members.ROSTER_COLUMNS):
            self.view.setColumnWidth(i, COLUMN_WIDTHS.get(key, 90))
        self.columns = ColumnChoice(self.view, "roster")  # the clerk's columns, remembered
        layout.addWidget(self.view, 1)
        layout.addWidget(self.status)
        self.list_actions = list_actions(self.view, [
            (self.tr("复制所选行"), "Ctrl+C", self.copy_rows),
            (self.tr("粘贴（从 Excel/WPS）…"), "Ctrl+V", self.paste),
            (self.tr("批量修改所选职工…"), "Ctrl+Shift+E", self.batch_edit),
            (self.tr("打印名册…"), "Ctrl+Shift+P", self.print_list),
            (self.tr("打印职工信息卡…"), "", self.print_card)])

        tab_shortcuts(self, (("Ctrl+N", self.add_person), ("Ctrl+F", self.focus_search)))
        for key in ("Return", "Enter"):  # on the list itself: in a cell's editor Enter saves the cell
            QShortcut(QKeySequence(key), self.view, self.edit_current).setContext(Qt.ShortcutContext.WidgetShortcut)
        self.building = False
        self.loaded = False  # the roster is queried when the tab is first shown, not at start-up
        # A list longer than FIRST_ROWS shows its first rows at once; the rest of the ids and the
        # figures come from a worker (``complete`` then). The people to select once they are there:
        self.complete = True
        self.counted = False
        self._first_showing = False
        self._generation = 0  # of the list shown: an older worker's answer is dropped
        self._shown_filter = members.RosterFilter()
        self._pending_current: int | None = None
        self._pending_selection: list[int] = []
        self.rest = Refresher(self, _whole_list, self._rest_arrived, self._rest_failed)
        self._choices_asked = 0  # of the filters' choices: a worker's older answer is dropped
        self.choices = Refresher(self, _choices, self._choices_arrived,
                                 lambda exc: failure("roster filter choices", exc))

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:  # the list at once; the filters' choices from a worker
            self._first_showing = True
            self.reload()
            self._first_showing = False
            QTimer.singleShot(CHOICES_AFTER_MS, self, lambda: self.choices.request(self._choices_asked))

    # --- filters and the list ---
    def _combo(self, layout: QHBoxLayout, label: str, items) -> QComboBox:
        layout.addWidget(QLabel(label))
        combo = QComboBox()
        for text, data in items:
            combo.addItem(text, data)
        combo.currentIndexChanged.connect(self.reload)
        layout.addWidget(combo)
        return combo

    def _refill(self, combo: QComboBox, items) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(self.tr("全部"), None)
        for text, data in items:
            combo.addItem(text, data)
        index = combo.findData(current)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    def reload_choices(self) -> None:
        self._fill_choices(_choices(0)[1])
        self.reload()

    def _fill_choices(self, choices) -> None:
        self._choices_asked += 1
        departments, groups, statuses = choices
        self._refill(self.f_department, departments)
        self._refill(self.f_group, groups)
        self._refill(self.f_status, statuses)

    def _choices_arrived(self, result) -> None:
        asked, choices = result
        if asked == self._choices_asked:  # else filled since, with what is newer
            self._fill_choices(choices)

    def current_filter(self) -> members.RosterFilter:
        return members.RosterFilter(
            text=self.search.text(), membership=self.f_membership.currentData() or "",
            department_id=self.f_department.currentData(), union_group_id=self.f_group.currentData(),
            gender=self.f_gender.currentData() or "", migrant=self.f_migrant.currentData(),
            employment_status=self.f_status.currentData() or "", include_left=self.f_left.isChecked())

    def reload(self, *_args) -> None:
        """Show the list the filter and sort ask for: its first rows at once (SQL sorts for those
        only); a longer list's other rows and the status line's figures are read on a worker and
        added when they come (a department of 30,000 people, the whole office of 300,000)."""
        self.loaded = True
        selected = self.current_id()
        if selected is None and not self.complete:
            selected = self._pending_current
        self._pending_current, self._pending_selection = None, []
        f = self.current_filter()
        self._generation += 1
        self._shown_filter = f
        rows = members.roster_rows_first(f, self.sort_key, self.descending, FIRST_ROWS + 1)
        self.model.set_ids([row[0] for row in rows])
        if len(rows) <= FIRST_ROWS:
            self._completed(members.roster_view(rows))
        else:
            self.complete = False
            self.status.setText(self.tr("共 %d 人以上，正在统计人数…") % FIRST_ROWS)
            asked = (self._generation, f, self.sort_key, self.descending)
            if self._first_showing:  # after the first paint: the worker's reading slows it on a busy machine
                QTimer.singleShot(REST_AFTER_MS, self,
                                  lambda: asked[0] == self._generation and self.rest.request(*asked))
            else:
                self.rest.request(*asked)
        if selected is not None:
            self.select(selected)

    def _rest_arrived(self, result) -> None:
        generation, shown = result
        if generation == self._generation:  # else a newer list was asked for since
            self._completed(shown)

    def _rest_failed(self, exc: Exception) -> None:
        failure("roster list", exc)
        self.status.setText(self.tr("名册其余各行读取失败：%s（请重新搜索或刷新）") % describe(exc))

    def _completed(self, shown: members.RosterView) -> None:
        """The whole list is known: its rows after the first ones added, the figures shown, and the
        people waiting to be selected selected."""
        ids = self.model.ids()
        if shown.ids[:len(ids)] == ids:
            selection = self.view.selectionModel()
            everyone = len(ids) > 1 and len(selection.selectedRows()) == len(ids)  # 全选 before the rest came
            self.model.append_ids(shown.ids[len(ids):])
            if everyone:
                self.view.selectAll()
        else:  # (the people changed in between: the list as it now is, the current person kept)
            current = self.current_id()
            self.model.set_ids(shown.ids)
            if current is not None:
                self.select(current)
        self.complete = True
        f = self._shown_filter
        text = self.tr("职工 %d · 会员 %d · 入会率 %.1f%%") % (
            shown.employees, shown.members, members.join_rate(shown.employees, shown.members) * 100)
        if f.include_left:
            text += self.tr(" · 另列已离职 %d 人（不计入职工和入会率）") % shown.left
        self.status.setText(text)
        self.counted = True
        current, self._pending_current = self._pending_current, None
        if current is not None and self.current_id() is None:
            self.select(current)
        waiting, self._pending_selection = self._pending_selection, []
        if waiting:
            self.reselect(waiting)

    def whole_list(self) -> list[int]:
        """Every id of the list shown, in order: read now if the worker has not brought them yet
        (printing the list, or a test that cannot wait)."""
        if not self.complete:
            self._generation += 1  # the worker's answer, when it comes, is not needed
            self._completed(members.search(self._shown_filter, self.sort_key, self.descending))
        return self.model.ids()

    def _sort(self, key: str, descending: bool) -> None:
        self.sort_key, self.descending = key, descending
        if not self.building:
            self.reload()

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def current_id(self) -> int | None:
        index = self.view.currentIndex()
        return self.model.id_at(index.row()) if index.isValid() else None

    def select(self, person_id: int) -> None:
        """Make this person the selected row; one further down a list still being read is selected
        when the rest of it comes."""
        row = self.model.row_of(person_id)
        if row >= 0:
            self.view.selectRow(row)
        elif not self.complete:
            self._pending_current = person_id

    def _after_change(self, person_id: int | None = None) -> None:
        self.reload_choices()
        if person_id is not None:
            self.select(person_id)
        self.changed.emit()

    # --- actions ---
    def add_person(self) -> None:
        """新增职工: the short form (更多… for every field), 保存并继续 for one after another;
        Ctrl+Z takes back the people just added."""
        dialog = PersonDialog(None, self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        added = list(dialog.added) + ([dialog.person_id] if accepted and dialog.person_id
                                      and dialog.person_id not in dialog.added else [])
        if not added:
            return
        self._undoable_people(self.tr("新增职工（%d 人）") % len(added), added)
        self._after_change(added[-1])

    def edit_current(self) -> None:
        person_id = self.current_id()
        if person_id is None:
            return
        dialog = PersonDialog(person_id, self)
        dialog.exec()
        if dialog.changed:
            self._after_change(person_id)

    def change_membership(self) -> None:
        person_id = self.current_id()
        if person_id is None:
            QMessageBox.information(self, self.tr("会籍变动"), self.tr("请先在列表中选择一名职工。"))
            return
        if EventDialog(person_id, self).exec() == QDialog.DialogCode.Accepted:
            self._after_change(person_id)

    def selected_ids(self) -> list[int]:
        return [self.model.id_at(row) for row in selected_rows(self.view)]

    def batch_edit(self) -> BatchEditDialog | None:
        """批量修改: one field of the selected people (Ctrl/Shift+click to select), previewed, undoable."""
        ids = self.selected_ids()
        if not ids:
            QMessageBox.information(self, self.tr("批量修改"), self.tr("请先在列表中选择职工（按住 Ctrl 或 Shift 可多选）。"))
            return None
        dialog = BatchEditDialog(ids, self)
        self.batch_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.before:
            return dialog
        before = dialog.before
        wanted = dialog.changes()
        after = {person_id: {k: wanted[person_id][k] for k in fields} for person_id, fields in before.items()}
        text = self.tr("批量修改%s（%d 人）") % (dialog.field.currentText(), len(before))
        undo.push(self, text, lambda: members.set_values(before), lambda: members.set_values(after),
                  self._after_undo)
        self._after_change(self.current_id())
        self.reselect(ids)
        return dialog

    def edit_cell(self, person_id: int, key: str, value) -> None:
        """An edit in the list (the table's editor): through the person page's checks, undoable;
        a refusal raises ValidationError for the editor to show."""
        before = members.set_values({person_id: {key: value}})
        if not before:
            return
        after = {person_id: {key: value}}
        name = members.get_person(person_id).name
        undo.push(self, self.tr("修改 %s 的%s") % (name, members.FIELD_LABELS.get(key, key)),
                  lambda: members.set_values(before), lambda: members.set_values(after), self._after_undo)
        self.model.refresh_ids([person_id])
        self.changed.emit()

    def _after_undo(self) -> None:
        ids = self.selected_ids()
        self._after_change(self.current_id())
        self.reselect(ids)

    def reselect(self, ids: list[int]) -> None:
        """Select these people again (after a reload), the current one kept current."""
        from PySide6.QtCore import QItemSelection, QItemSelectionModel

        selection = QItemSelection()
        rows = {person_id: n for n, person_id in enumerate(self.model.ids())}
        for person_id in ids:
            row = rows.get(person_id, -1)
            if row >= 0:
                selection.select(self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1))
            elif not self.complete:  # further down a list still being read: selected when it comes
                self._pending_selection.append(person_id)
        self.view.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.Select)

    def delete_current(self) -> None:
        person_id = self.current_id()
        if person_id is None:
            return
        person = members.get_person(person_id)
        answer = QMessageBox.question(
            self, self.tr("删除职工"),
            self.tr("确实要删除 %s 的全部记录吗？\n（离职或调出的会员请用“会籍变动”办理转出，不要删除。）"
                    "\n删除后可按 Ctrl+Z 撤销。")
            % person.name)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            kept = members.delete_people([person_id])
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("删除职工"), exc.reason)
            return
        self._undoable_people(self.tr("删除职工 %s") % person.name, [person_id], kept)
        self._after_change()
        self.status.setText(self.tr("已删除 %s。按 Ctrl+Z 可撤销删除（连同会籍记录恢复）。") % person.name)

    def _undoable_people(self, text: str, ids: list[int], kept: list[dict] | None = None) -> None:
        """Put people added (``kept`` None) or deleted (``kept``: what delete_people gave) on the undo
        stack: undoing an addition deletes them, undoing a deletion brings them back with their
        membership history; each undo a transaction, audited."""
        adding = kept is None
        state = {"ids": list(ids), "kept": kept or []}

        def remove():
            state["kept"] = members.delete_people(state["ids"])

        def restore():
            state["ids"] = members.restore_people(state["kept"])

        undo.push(self, text, remove if adding else restore, restore if adding else remove, self._after_undo)

    # --- import and export ---
    def import_roster(self) -> None:
        path = ask_open_path(self, self.tr("选择职工花名册"), self.tr("Excel 工作簿或 CSV 文件 (*.xlsx *.xls *.xlsm *.csv)"))
        if path:
            self.start_import(path)

    def start_import(self, path: str) -> None:
        self.import_task = run_task(self, self.tr("正在读取花名册…"), _read_and_classify, path,
                                    on_success=self._preview, on_failure=self._import_failed)

    def _preview(self, plan) -> None:
        dialog = ImportPreviewDialog(plan, self)
        self.preview_dialog = dialog
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        self.import_task = run_task(self, self.tr("正在导入…"), _apply, plan, database_target(),
                                    dialog.chosen_join_date(), on_success=self._imported,
                                    on_failure=self._import_failed)

    def _imported(self, summary: dict) -> None:
        self._after_change()
        QMessageBox.information(self, self.tr("导入完成"), self.tr(
            "新增 %d 人，更新 %d 人，未变 %d 人，拒绝 %d 行。") % (
            summary["imported"], summary["updated"], summary["unchanged"], summary["rejected"]))

    def _import_failed(self, exc: Exception) -> None:
        failure("roster import", exc)
        if isinstance(exc, Cancelled):
            QMessageBox.information(self, self.tr("导入"), self.tr("已取消，数据没有任何改动。"))
        elif isinstance(exc, (ImportFileError, ValidationError, OSError)):
            QMessageBox.warning(self, self.tr("无法导入"), describe(exc))
        else:
            QMessageBox.critical(self, self.tr("导入失败"),
                                 self.tr("导入失败，数据没有任何改动。\n%s") % describe(exc))

    def export_roster(self) -> None:
        options = ExportOptionsDialog(self)
        if options.exec() != QDialog.DialogCode.Accepted:
            return
        path = ask_save_path(self, self.tr("导出会员实名制名册"), "会员实名制名册.xlsx", XLSX)
        if not path:
            return
        self.export_task = run_task(
            self, self.tr("正在导出…"), _export, path, options.include_all.isChecked(),
            options.masked.isChecked(), on_success=lambda n: self._exported(path, n),
            on_failure=lambda exc: QMessageBox.warning(self, self.tr("导出失败"), str(exc)))

    def paste(self, text: str | None = None) -> str | None:
        """Ctrl+V: cells copied from Excel/WPS through the roster import (its checks and preview);
        without a header row the columns are read in the real-name template's order."""
        from unionoffice.ledgers.roster_import import ALIASES

        return paste_into(self, self.tr("粘贴到名册"), ALIASES, list(members.FIELD_LABELS.values()),
                          self.start_import, text)

    # --- the list to the clipboard and to paper ---
    def copy_rows(self) -> int:
        return copy_rows(self.view)

    def list_filter_text(self) -> str:
        combos = ((self.tr("会籍"), self.f_membership), (self.tr("部门"), self.f_department),
                  (self.tr("工会小组"), self.f_group), (self.tr("性别"), self.f_gender),
                  (self.tr("农民工"), self.f_migrant), (self.tr("就业状况"), self.f_status))
        pairs = [(label, combo_choice(combo)) for label, combo in combos]
        if self.f_left.isChecked():
            pairs.append(("", self.tr("含已离职")))
        return filter_text(self.search.text(), pairs)

    def print_list(self):
        self.whole_list()
        return print_view(self, self.view, self.tr("职工名册"), self.list_filter_text())

    def print_card(self) -> None:
        from unionoffice.ui.members.card import preview_card

        person_id = self.current_id()
        if person_id is None:
            QMessageBox.information(self, self.tr("打印职工信息卡"), self.tr("请先在列表中选择一名职工。"))
            return
        preview_card(self, person_id)

    def _exported(self, path: str, count: int) -> None:
        show_written(self, self.tr("导出完成"), self.tr("已导出 %d 人。") % count, path)
