"""The register pattern for the window: a register (厂务公开, 活动 …) is declared once — its list
columns, search, filters, default sort, actions and workflow steps, its form fields, its ledger — and
``RegisterTab`` and ``RecordDialog`` build the list and the form from that declaration (in the spirit
of Django admin's ModelAdmin). A tab with special needs keeps its own widgets beside the generic ones:
a side panel, a hand-made field widget, extra pages in the form."""

from __future__ import annotations

import functools
import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Sequence

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QAction, QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QHBoxLayout,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionoffice.domain import audit, concurrency, money, restore
from unionoffice.domain.validation import ValidationError, parse_date
from unionoffice.ui.common import undo
from unionoffice.ui.common.bars import Bar, refill, search_field, year_combo
from unionoffice.ui.common.clipboard import copy_rows, list_actions
from unionoffice.ui.common.columns import ColumnChoice
from unionoffice.ui.common.dates import DateEdit, date_edit, date_value, datetime_edit, optional_date
from unionoffice.ui.common.dialogs import button_box, error_label
from unionoffice.ui.common.editing import CellEditor, EditableColumns
from unionoffice.ui.common.ledger_import import LedgerImport
from unionoffice.ui.common.list_print import combo_choice, filter_text, print_view
from unionoffice.ui.common.paste import paste_into
from unionoffice.ui.common.places import ask_open_path, ask_save_path
from unionoffice.ui.common.saving import export_year_ledger
from unionoffice.ui.common.table_model import RECORD_ROLE, RowsTableModel, display
from unionoffice.ui.common.tasks import Refresher
from unionoffice.ui.common.views import RecordList, opens_with, tab_shortcuts


def clerk() -> str:
    """Who acts at this desk (登记人): the clerk's own name (设置 → 我的姓名), else the login name."""
    return audit._actor()


# --- the declaration ---------------------------------------------------------------------------------

@dataclass
class Action:
    """A button of the tab: ``slot`` names the tab's method; ``when(row)`` says whether it applies to
    the selected record (None: always enabled, selection or not)."""
    name: str
    text: str
    slot: str
    shortcut: str = ""
    when: Callable[[dict], bool] | None = None
    row: int = 0  # 1: on a second bar below the search box (a register with many steps)


def selected(_row: dict) -> bool:
    """``when`` of an action that takes any selected record."""
    return True


@dataclass
class Step(Action):
    """A workflow step: a dialog asks the date (a DateEdit) and, with ``who_label``, who acted
    (``who(record_id)``, else the clerk's name), then ``call(record_id, date, who)`` runs the
    domain's rule; the record stays selected."""
    slot: str = ""
    title: str = ""
    date_label: str = "日期"
    call: Callable = lambda *_a: None
    who_label: str = ""
    who: Callable[[int], str] | None = None
    allow_future: bool = False


@dataclass
class Filter:
    """A filter combo, ``self.f_<name>`` on the tab: ``everything`` first, then ``choices`` (a
    callable is asked again at each reload: departments come and go); ``year``: the year combo."""
    name: str
    everything: str = ""
    choices: Sequence[str] | Callable[[], Sequence[str]] = ()
    year: bool = False

    def build(self) -> QComboBox:
        if self.year:
            return year_combo(ahead=1)
        combo = QComboBox()
        combo.addItem(self.everything, "")
        for choice in ([] if callable(self.choices) else self.choices):
            combo.addItem(choice, choice)
        return combo

    def value(self, combo: QComboBox):
        return combo.currentData() if self.year else combo.currentData() or ""


@dataclass
class Ledger:
    """The register's year ledger, a declaration of ``unionoffice.ledgers``: out with its ``export``,
    in through the one ledger import (preview, rejections, apply) built from the declaration."""
    declaration: object

    @property
    def name(self) -> str:
        return self.declaration.title

    @property
    def import_title(self) -> str:
        return f"导入{self.name}"

    @property
    def export_title(self) -> str:
        return f"导出{self.name}"

    @property
    def export(self) -> Callable:
        return self.declaration.export


@dataclass
class Register:
    title: str  # the register's name, on its messages
    object_name: str  # the list's objectName
    columns: list[tuple[str, str]]
    search_hint: str
    query: Callable[[str, dict], list[dict]]  # (search text, {filter name: value}) → rows
    status: Callable[[list[dict]], str]
    filters: list[Filter] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    sort: tuple[int, Qt.SortOrder] = (0, Qt.SortOrder.AscendingOrder)
    widths: dict[int, int] = field(default_factory=dict)
    colour: Callable[[dict], str | None] | None = None  # the row's text colour
    ledger: Ledger | None = None
    search_width: int = 0
    bar_stretch: int = 2
    side_stretch: tuple[int, int] = (3, 1)
    pick_first: str = "请先在列表中选择一项。"
    remove: Callable[[int], None] | None = None
    remove_title: str = "删除"
    remove_question: Callable[[int], str] = lambda _id: "删除所选的一项？"
    open_after_add: bool = False  # a new record's dialog opens again at once (活动: on to sign-ups)
    # the fields edited in the list of a register whose form is hand-made (提案); a declared form's
    # fields say it themselves (``Field.in_place``)
    cells: list = field(default_factory=list)

    def action(self, name: str) -> Action:
        return next(a for a in self.actions if a.name == name)


# --- the list ----------------------------------------------------------------------------------------

class RegisterModel(EditableColumns, RowsTableModel):
    """A register's rows; the ``editable`` columns (list key → cell kind) are edited in place."""

    def __init__(self, columns, colour=None, parent=None, editable: dict[str, str] | None = None):
        super().__init__(columns, parent)
        self.colour, self._brushes = colour, {}
        self.editable = editable or {}

    def id_at(self, row: int) -> int | None:
        return self.rows()[row]["id"] if 0 <= row < len(self.rows()) else None

    def replace_row(self, new: dict) -> None:
        """One record's row read again (after an edit in its cell), repainted where it is: no reset, so
        the editor that saved it closes and the cursor moves on as usual."""
        for rows in (self._rows, self._given):
            for n, row in enumerate(rows):
                if row["id"] == new["id"]:
                    rows[n] = new
        for n, row in enumerate(self._rows):
            if row["id"] == new["id"]:
                self.dataChanged.emit(self.index(n, 0), self.index(n, len(self.columns) - 1))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and self.colour:
            colour = self.colour(self.rows()[index.row()])
            if not colour:
                return None
            return self._brushes.setdefault(colour, QBrush(QColor(colour)))
        return super().data(index, role)


class DateDialog(QDialog):
    """A workflow step's dialog: one date (and optionally who acted) for 审核 / 发布 …"""

    def __init__(self, title: str, label: str, parent=None, *, name_label: str = "", name: str = "",
                 allow_future: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        form = QFormLayout()
        self.name = QLineEdit(name)
        if name_label:
            form.addRow(name_label, self.name)
        self.date = DateEdit(QDate.currentDate())
        self.date.setCalendarPopup(True)
        self.date.setDisplayFormat("yyyy-MM-dd")
        if not allow_future:
            self.date.setMaximumDate(QDate.currentDate())
        form.addRow(label, self.date)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(button_box(self))


class RegisterTab(RecordList, QWidget):
    """The list of a declared register: search box, action buttons, filters, the sortable list (with
    an optional side panel), a status line, the tab's shortcuts, Enter and double-click to open.
    A subclass sets ``register`` and ``dialog`` (a RecordDialog) and may add ``side_panel`` and
    ``after_reload``."""

    changed = Signal()
    register: Register
    dialog: type
    loaded = False  # the records are listed when the tab is first shown (or reloaded), not at start-up
    ready = False  # listed
    side: object = None  # the side panel's figures, from ``side_data``

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        r = self.register
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        for widget in self.leading_widgets():
            top.addWidget(widget)
        self.search = search_field(self.tr(r.search_hint), self.reload)
        if r.search_width:
            self.search.setMaximumWidth(r.search_width)
        top.addWidget(self.search, 1)
        bars = [Bar(), Bar()]
        top.addWidget(bars[0], r.bar_stretch)
        self.buttons: dict[str, QPushButton] = {}
        for action in r.actions:
            button = QPushButton(self.tr(action.text))
            button.setObjectName(f"button_{action.name}")
            button.clicked.connect(lambda _=False, a=action: self._slot(a)())
            bars[action.row].addWidget(button)
            self.buttons[action.name] = button
        layout.addLayout(top)
        if any(a.row for a in r.actions):
            bars[1].addStretch(1)
            layout.addWidget(bars[1])

        filters = Bar()
        for f in r.filters:
            combo = f.build()
            setattr(self, f"f_{f.name}", combo)
            combo.currentIndexChanged.connect(self._filter_changed)
            filters.addWidget(combo)
        for widget in self.more_filters():
            filters.addWidget(widget)
        filters.addStretch(1)
        self.print_button = QPushButton(self.tr("打印列表…"))
        self.print_button.setObjectName("button_print_list")
        self.print_button.setToolTip(self.tr("按当前的列、筛选和排序打印本列表（Ctrl+Shift+P）"))
        self.print_button.clicked.connect(self.print_list)
        filters.addWidget(self.print_button)
        layout.addWidget(filters)

        # the form's fields declared ``in_place``, by their list column
        form_fields = getattr(getattr(self, "dialog", None), "fields", None) or r.cells
        self.cell_fields = {f.column or f.key: f for f in form_fields if f.in_place}
        self.model = RegisterModel(r.columns, r.colour, self,
                                   editable={column: f.cell_kind for column, f in self.cell_fields.items()})
        # the model sorts itself (one key a row): a QSortFilterProxyModel asked data() twice for every
        # comparison, and the 经费 books' thousands of lines froze the window a quarter second at each
        # listing. ``proxy`` is the model the view shows, as for ``sortable_table``.
        self.proxy = self.model
        self.view = QTableView()
        self.view.setObjectName(r.object_name)
        self.view.setModel(self.model)
        self.view.setSortingEnabled(True)
        self.view.sortByColumn(*r.sort)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.verticalHeader().hide()
        for column, width in r.widths.items():
            self.view.setColumnWidth(column, width)
        self.columns = ColumnChoice(self.view, r.object_name)  # the clerk's columns, remembered
        opens_with(self.view, self.edit, on_list_only=bool(self.cell_fields))
        self.list_actions = list_actions(self.view, [("复制所选行", "Ctrl+C", self.copy_rows)]
                                         + ([("粘贴（从 Excel/WPS）…", "Ctrl+V", self.paste)] if r.ledger else [])
                                         + [("打印列表…", "Ctrl+Shift+P", self.print_list)])
        # every action on the selected record in the list's menu too (the Menu key or Shift+F10): each
        # workflow step is reachable from the keyboard on the record the cursor is on
        self.record_actions = {}
        separator = QAction(self.view)
        separator.setSeparator(True)
        self.view.addAction(separator)
        for action in r.actions:
            if action.when is not None:
                item = QAction(self.tr(action.text), self.view)
                item.triggered.connect(lambda _=False, a=action: self._slot(a)())
                self.view.addAction(item)
                self.record_actions[action.name] = item
        self.status = QLabel()
        self.status.setObjectName("status")
        if self.cell_fields:
            self.cells = CellEditor(self.view, self.edit_cell, self._cell_choices, self.status.setText)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        side = self.side_panel()
        if side is None:
            layout.addWidget(self.view, 1)
        else:
            splitter = QSplitter()
            splitter.addWidget(self.view)
            splitter.addWidget(side)
            splitter.setStretchFactor(0, r.side_stretch[0])
            splitter.setStretchFactor(1, r.side_stretch[1])
            layout.addWidget(splitter, 1)
        layout.addWidget(self.status)
        tab_shortcuts(self, [("Ctrl+F", self.search.setFocus)]
                      + [(a.shortcut, self._slot(a)) for a in r.actions if a.shortcut])
        if r.ledger:
            self.importer = LedgerImport.declared(self, r.ledger.declaration, lambda _summary: self._after_change(),
                                                  self.tr(r.ledger.import_title))
            self.importer.undoable = (f"{r.title}", self._after_change)
        self._enable()

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.load_in_background()

    def load_in_background(self) -> None:
        """The first listing (a year's books are seconds of counting on a large office): counted on
        a worker thread while the tab says 正在读取…; ``ready`` once shown. A reload meanwhile is
        counted on the GUI thread as ever and wins."""
        self.loaded, self.ready = True, False
        self._refill_filters()
        self.status.setText(self.tr("正在读取…"))
        if not hasattr(self, "_refresher"):
            self._refresher = Refresher(self, type(self).count, self._loaded, self._load_failed)
        self._first = request = (self.search.text(), self.filter_values())
        self._refresher.request(*request)

    def _loaded(self, counted) -> None:
        if self.ready or self._first != (self.search.text(), self.filter_values()):
            return  # reloaded meanwhile, or another search or filter since: shown already
        self._show(counted)

    def _load_failed(self, error: Exception) -> None:
        if not self.ready:
            self.status.setText(self.tr("无法读取：%s") % error)

    def _filter_changed(self, *_args) -> None:
        if self.loaded:  # a tab not shown yet lists its records, filtered so, when it is
            self.reload()

    def reload_if_loaded(self, *_args) -> None:
        """Another tab changed something this one shows: a tab never shown stays unopened."""
        if self.loaded:
            self.reload()

    def _slot(self, action: Action) -> Callable[[], None]:
        if isinstance(action, Step) and not action.slot:
            return lambda: self.step(action)
        return getattr(self, action.slot)

    # --- hooks ---
    def side_panel(self) -> QWidget | None:
        return None

    def leading_widgets(self) -> list[QWidget]:
        """Widgets before the search box (职代会提案: the session)."""
        return []

    def more_filters(self) -> list[QWidget]:
        """Filter widgets after the declared combos (a check box …); ``filter_values`` reads them."""
        return []

    def after_reload(self, rows: list[dict]) -> None:
        pass

    # --- list ---
    def filter_values(self) -> dict:
        return {f.name: f.value(getattr(self, f"f_{f.name}")) for f in self.register.filters}

    def reload(self, *_args) -> None:
        self.loaded = True
        self._refill_filters()
        self._show(self.count(self.search.text(), self.filter_values()))

    def _refill_filters(self) -> None:
        for f in self.register.filters:
            if callable(f.choices):
                refill(getattr(self, f"f_{f.name}"), self.tr(f.everything), f.choices())

    @classmethod
    def count(cls, text: str, filters: dict) -> tuple[list[dict], object]:
        """The rows and the side panel's figures for a search and filters: plain data from the class
        alone (no widget), so it may be counted on a worker thread."""
        return cls.register.query(text, filters), cls.side_data(filters)

    @classmethod
    def side_data(cls, filters: dict) -> object:
        """What ``after_reload`` shows beside the list (in ``self.side``), counted with the rows;
        None when the tab has no such figures."""
        return None

    def _show(self, counted: tuple[list[dict], object]) -> None:
        rows, self.side = counted
        selected_id = self.current_id()
        self.model.set_rows(rows)
        self.status.setText(self.register.status(rows))
        self.after_reload(rows)
        if selected_id:
            self.select(selected_id)
        self._enable()
        self.ready = True

    def current_row(self) -> dict | None:
        index = self.view.currentIndex()
        return self.proxy.data(index, RECORD_ROLE) if index.isValid() else None

    def _enable(self) -> None:
        row = self.current_row()
        for action in self.register.actions:
            if action.when is not None:
                enabled = row is not None and bool(action.when(row))
                self.buttons[action.name].setEnabled(enabled)
                self.record_actions[action.name].setEnabled(enabled)

    def _need_selection(self) -> int | None:
        record_id = self.current_id()
        if record_id is None:
            QMessageBox.information(self, self.tr(self.register.title), self.tr(self.register.pick_first))
        return record_id

    # --- records ---
    def add(self) -> None:
        dialog = self.dialog(None, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._undoable_add(dialog.record_id)
            self._after_change(dialog.record_id)
            if self.register.open_after_add:
                self.open(dialog.record_id)

    def _model_of(self, record_id: int) -> type | None:
        """The register's database model: its form's domain's record, else its ledger's model."""
        domain = getattr(getattr(self, "dialog", None), "domain", None)
        if domain is not None:
            return type(domain.get(record_id))
        return getattr(self.register.ledger.declaration, "model", None) if self.register.ledger else None

    def _undoable_add(self, record_id: int) -> None:
        """A new record on the undo stack: undone, it is deleted (through the register's delete and its
        rules; not if it was changed since); redone, it comes back as it was, with its id."""
        model, title = self._model_of(record_id), self.register.title
        state = {"kept": restore.keep(model, record_id)}

        def remove():
            kept = state["kept"]
            now = restore.keep(model, record_id)
            if now.version != kept.version:
                raise ValidationError(restore.UNDO, f"这条{title}已被修改（可能是其他电脑），不能撤销")
            if self.register.remove:
                self.register.remove(record_id)
            else:
                restore.remove([now], title, check=False)
            state["kept"] = now

        def put_back():
            restore.put_back([state["kept"]], title)

        undo.push(self, f"新增{title}", remove, put_back, lambda: self._after_change(record_id))

    def edit(self) -> None:
        record_id = self._need_selection()
        if record_id:
            self.open(record_id)

    def open(self, record_id: int) -> None:
        dialog = self.dialog(record_id, self)
        before = _form_values(dialog)
        dialog.exec()
        if dialog.changed:
            # what is stored now, read afresh: a form closed with 取消 after something else on it was
            # written (an activity's sign-ups) still holds unsaved values, which a redo would save
            stored = self._stored_values(record_id) if before is not None else None
            if stored is not None and stored[0] != before:
                after, base = stored
                state = {"base": base}  # the record as the last save left it: an undo over another
                                        # desk's later change to the same fields is refused

                def put(values: dict) -> None:
                    self.update_record(record_id, values, state["base"])
                    state["base"] = self._form_values(record_id)[1]

                undo.push(self, f"修改{self.register.title}", lambda: put(before), lambda: put(after),
                          lambda: self._after_change(record_id))
            self._after_change(record_id)

    def delete(self) -> None:
        record_id = self._need_selection()
        if not record_id:
            return
        r = self.register
        if QMessageBox.question(self, self.tr(r.remove_title),
                                r.remove_question(record_id) + self.tr("\n删除后可按 Ctrl+Z 撤销。")) \
                != QMessageBox.StandardButton.Yes:
            return
        model = self._model_of(record_id)
        state = {"kept": restore.keep(model, record_id) if model else None}
        try:
            r.remove(record_id)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr(r.remove_title), exc.reason)
            return
        if model is None:
            self._after_change()
            return

        def put_back():
            restore.put_back([state["kept"]], r.title)

        def remove_again():
            now = restore.keep(model, record_id)
            if now.version != state["kept"].version:
                raise ValidationError(restore.UNDO, f"这条{r.title}已被修改（可能是其他电脑），不能重做")
            r.remove(record_id)
            state["kept"] = now

        undo.push(self, f"删除{r.title}", put_back, remove_again, lambda: self._after_change(record_id))
        self._after_change()
        self.status.setText(self.tr("已删除一条%s。按 Ctrl+Z 可撤销删除。") % r.title)

    # --- edit in the list ---
    def _cell_choices(self, column: str) -> list[str]:
        choices = self.cell_fields[column].choices
        return [c for c in (choices() if callable(choices) else choices) if c]

    def form_of(self, record_id: int) -> QDialog:
        """The record's form, not shown (a tab with a hand-made form builds its own)."""
        return self.dialog(record_id, self)

    def update_record(self, record_id: int, values: dict, base) -> None:
        """Save the form's values as its Save button does (a tab with a hand-made form: its own call)."""
        self.dialog.domain.update(record_id, values, base=base)

    def _stored_values(self, record_id: int) -> tuple[dict, object] | None:
        """The record's values and base as stored now, or None (deleted meanwhile, or a form that
        cannot be read back): nothing to undo then."""
        try:
            values, base = self._form_values(record_id)
        except (ValidationError, AttributeError, KeyError, RuntimeError):
            return None
        return values, base

    def _form_values(self, record_id: int) -> tuple[dict, object]:
        """What the record's form would save now, and the record as the form loaded it (its base)."""
        try:
            dialog = self.form_of(record_id)
        except Exception as exc:
            if type(exc).__name__.endswith("DoesNotExist"):
                raise ValidationError(self.register.title, "这条记录已被删除") from None
            raise
        try:
            return dialog.values(), dialog.base
        finally:
            dialog.deleteLater()

    def _save_field(self, record_id: int, f: Field, value, expect=None) -> tuple[object, object]:
        """Save one field of the form through the form's own save (``domain.update`` with the form's
        values, the same checks); ``expect``: the value it must still have (an undo). The field's
        form value before and after."""
        values, base = self._form_values(record_id)
        old = values[f.key]
        if expect is not None and display(old) != display(expect):
            raise ValidationError(restore.UNDO, f"“{f.label}”已被改为“{display(old)}”")
        if display(old) == display(value):
            return old, old
        self.update_record(record_id, values | {f.key: value}, base)
        return old, self._form_values(record_id)[0][f.key]

    def edit_cell(self, record_id: int, column: str, text: str) -> None:
        """A value typed in a cell of the list: saved as the form saves it (a refusal raises
        ValidationError for the cell's editor to show), undoable; the row read again."""
        f = self.cell_fields[column]
        before, after = self._save_field(record_id, f, f.typed(text))
        if display(before) == display(after):
            return
        undo.push(self, f"修改{self.register.title}的{f.label}",
                  lambda: self._save_field(record_id, f, before, expect=after),
                  lambda: self._save_field(record_id, f, after, expect=before),
                  lambda: self._after_change(record_id))
        row = next((r for r in self.register.query(self.search.text(), self.filter_values())
                    if r["id"] == record_id), None)
        if row is not None:
            self.model.replace_row(row)
        self.status.setText(self.tr("已保存“%s”。按 Ctrl+Z 可撤销。") % f.label)
        self.changed.emit()

    def with_dialog(self, make: Callable[[int], QDialog]) -> None:
        """A step taken in a dialog of its own (``make(record id)``): refreshed and kept selected
        when the dialog is accepted."""
        record_id = self._need_selection()
        if record_id and make(record_id).exec() == QDialog.DialogCode.Accepted:
            self._after_change(record_id)

    # --- workflow ---
    def _act(self, title: str, action) -> None:
        """Run one domain call on the selected record; a refusal is said in Chinese."""
        try:
            record = action()
        except ValidationError as exc:
            QMessageBox.warning(self, title, exc.reason)
            return
        self._after_change(record.id)

    def step(self, step: Step) -> None:
        record_id = self._need_selection()
        if not record_id:
            return
        who = ((step.who(record_id) if step.who else "") or clerk()) if step.who_label else ""
        dialog = DateDialog(self.tr(step.title or step.text), self.tr(step.date_label), self,
                            name_label=self.tr(step.who_label), name=who, allow_future=step.allow_future)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._act(self.tr(step.text.rstrip("…")), lambda: step.call(record_id, dialog.date.date().toPython(),
                                                                       dialog.name.text()))

    # --- ledger ---
    def export_ledger(self) -> None:
        ledger = self.register.ledger
        export = ledger.export
        if "full" in inspect.signature(export).parameters:  # a ledger with 证件号码 (调解, 合理化建议)
            answer = QMessageBox.question(self, self.tr(ledger.export_title),
                                          self.tr("导出完整的证件号码吗？\n（选“否”则屏蔽显示，如 1101**********1234）"),
                                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                          QMessageBox.StandardButton.No)
            full = answer == QMessageBox.StandardButton.Yes
            export = functools.partial(ledger.export, full=full)
        export_year_ledger(self, self.tr(ledger.export_title), ledger.name, self.f_year.currentData(), export)

    def import_ledger(self) -> None:
        self.importer.choose_and_start()

    def paste(self, text: str | None = None) -> str | None:
        """Ctrl+V: cells copied from Excel/WPS through the ledger's import (its checks and preview)."""
        declaration = self.register.ledger.declaration
        return paste_into(self, self.tr(self.register.ledger.import_title), declaration.aliases(),
                          [f.label for f in declaration.fields if f.read], self.start_import, text)

    # --- the list to the clipboard and to paper ---
    def copy_rows(self) -> int:
        return copy_rows(self.view)

    def list_filter_text(self) -> str:
        combos = [(f, getattr(self, f"f_{f.name}")) for f in self.register.filters]
        return filter_text(self.search.text(), [("", c.currentText() if f.year else combo_choice(c))
                                                for f, c in combos])

    def print_list(self):
        return print_view(self, self.view, self.tr(self.register.title), self.list_filter_text())

    def start_import(self, path: str) -> None:
        self.importer.start(path)


def _form_values(dialog) -> dict | None:
    """What a declared form holds (the values it saves), to save them again on undo; None for a
    dialog without declared fields."""
    if not hasattr(dialog, "widgets"):
        return None
    try:
        return dialog.values()
    except (AttributeError, KeyError, RuntimeError):
        return None


# --- the form ----------------------------------------------------------------------------------------

@dataclass
class Field:
    """A form field: ``key`` in the domain's values, its label (`` *`` when required) and kind —
    text, choice, editable (a choice one may type over), number, multiline, datetime, date (a date
    box; with ``options={"optional": True}`` it may stay 未填, read as None), money (an amount in 元
    typed with two decimals at most, the record's ``key`` in 分, given to the domain as typed) — or a hand-made
    widget: ``make(record)`` builds it and ``read(widget)`` gives its value. ``attr`` is the
    dialog's attribute (the key by default); ``load(record)`` the shown value (the attribute by
    default); ``default`` the value of a new record (a callable is called)."""
    key: str
    label: str
    kind: str = "text"
    required: bool = False
    choices: Sequence[str] | Callable[[], Sequence[str]] = ()
    attr: str = ""
    object_name: str = ""
    load: Callable | None = None
    default: object = None
    make: Callable | None = None
    read: Callable | None = None
    options: dict = field(default_factory=dict)  # number: minimum, maximum, suffix, special
    in_place: bool = False
    column: str = ""

    @property
    def cell_kind(self) -> str:
        """The kind of its editor in the list (ui/common/editing.py)."""
        return {"choice": "code", "editable": "choice"}.get(self.kind, self.kind)

    def typed(self, text: str):
        """A value typed in the list's cell as the form would give it to the domain: a date read from
        the usual ways of writing one, a whole number, else the text as typed (money: as typed)."""
        text = text.strip()
        if self.required and not text:
            raise ValidationError(self.label, "必须填写")
        if self.kind == "date":
            return parse_date(text, self.label, allow_future=True) if text else None
        if self.kind == "number":
            low, high = self.options.get("minimum", 0), self.options.get("maximum", 100000)
            try:
                number = int(text) if text else low
            except ValueError:
                raise ValidationError(self.label, f"应为整数，实际为“{text}”") from None
            if not low <= number <= high:
                raise ValidationError(self.label, f"应在 {low}–{high} 之间")
            return number
        return text

    def value_of(self, record):
        if record is None:
            return self.default() if callable(self.default) else self.default
        return self.load(record) if self.load else getattr(record, self.key)

    def widget(self, record) -> QWidget:
        if self.make:
            return self.make(record)
        value = self.value_of(record)
        if self.kind in ("choice", "editable"):
            widget = QComboBox()
            widget.setEditable(self.kind == "editable")
            widget.addItems(list(self.choices() if callable(self.choices) else self.choices))
            if value is not None:
                widget.setCurrentText(value)
            return widget
        if self.kind == "number":
            widget = QSpinBox()
            widget.setRange(self.options.get("minimum", 0), self.options.get("maximum", 100000))
            widget.setSuffix(self.options.get("suffix", ""))
            widget.setSpecialValueText(self.options.get("special", ""))
            widget.setValue(value or 0)
            return widget
        if self.kind == "multiline":
            return QPlainTextEdit(value or "")
        if self.kind == "datetime":
            return datetime_edit(value)
        if self.kind == "date":
            return optional_date(value) if self.options.get("optional") else date_edit(value)
        if self.kind == "money":
            edit = QLineEdit(money.text(value) if value else "")
            edit.setPlaceholderText("0.00")
            return edit
        return QLineEdit(value or "")

    def value(self, widget: QWidget):
        if self.read:
            return self.read(widget)
        if isinstance(widget, QComboBox):
            return widget.currentText()
        if isinstance(widget, QSpinBox):
            return widget.value()
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        if self.kind == "datetime":
            return widget.dateTime().toPython()
        if self.kind == "date":
            return date_value(widget)
        return widget.text()


class RecordDialog(QDialog):
    """A record's dialog: the declared ``fields`` on a form page, saved through the ``domain``
    module's ``create(values)`` / ``update(id, values, base=…)`` (a stale save from another desk is
    refused there). ``record_id`` is None for a new record, set once it is saved; ``changed`` says
    whether anything was written."""

    domain = None
    fields: list[Field] = []

    def __init__(self, record_id: int | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.record_id = record_id
        self.changed = False
        self.record = self.domain.get(record_id) if record_id else None
        self.base = concurrency.base_of(self.record, self.domain.FIELD_LABELS) if self.record else None
        self.error = error_label()

    def form_page(self, enabled: bool = True) -> QWidget:
        """The declared fields, one row each, as the dialog's attributes; ``self.form`` takes more rows."""
        page = QWidget()
        self.form = QFormLayout(page)
        self.widgets: dict[str, QWidget] = {}
        for f in self.fields:
            widget = f.widget(self.record)
            widget.setObjectName(f.object_name or f.attr or f.key)
            widget.setEnabled(enabled)
            setattr(self, f.attr or f.key, widget)
            self.widgets[f.key] = widget
            self.form.addRow(self.tr(f.label + (" *" if f.required else "")), widget)
        return page

    def values(self) -> dict:
        return {f.key: f.value(self.widgets[f.key]) for f in self.fields}

    def accept(self) -> None:
        try:
            if self.record_id is None:
                self.record_id = self.domain.create(self.values()).id
            else:
                self.domain.update(self.record_id, self.values(), base=self.base)
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self.changed = True
        super().accept()

    def attach_file(self, title: str, reload: Callable[[], None]) -> None:
        """Attach a file the clerk picks (the domain's ``attach``); one too large or unreadable is
        said in Chinese and nothing is written."""
        path = ask_open_path(self, title)
        if not path:
            return
        try:
            self.domain.attach(self.record_id, Path(path).name, Path(path).read_bytes())
        except (ValidationError, OSError) as exc:
            QMessageBox.warning(self, self.tr("添加附件"), str(exc))
            return
        self.changed = True
        reload()

    # --- the record's files (``self.attachments``, a QListWidget; the domain's attachments,
    # attachment_data and remove_attachment) ---
    def _load_attachments(self) -> None:
        self.attachments.clear()
        if not self.record_id:
            return
        for attachment_id, name, size in self.domain.attachments(self.record_id):
            item = QListWidgetItem(attachment_text(name, size))
            item.setData(RECORD_ROLE, attachment_id)
            self.attachments.addItem(item)

    def add_attachment(self) -> None:
        self.attach_file(self.tr("选择附件"), self._load_attachments)

    def _selected_attachment(self) -> int | None:
        item = self.attachments.currentItem()
        return item.data(RECORD_ROLE) if item else None

    def save_attachment(self) -> None:
        attachment_id = self._selected_attachment()
        if attachment_id is None:
            return
        name, data = self.domain.attachment_data(attachment_id)
        path = ask_save_path(self, self.tr("另存附件"), name)
        if path:
            try:
                Path(path).write_bytes(data)
            except OSError as exc:
                QMessageBox.warning(self, self.tr("另存附件"), str(exc))

    def remove_attachment(self) -> None:
        attachment_id = self._selected_attachment()
        if attachment_id is None:
            return
        try:
            self.domain.remove_attachment(attachment_id)
        except ValidationError as exc:  # a closed month's voucher keeps its scans
            QMessageBox.warning(self, self.tr("删除附件"), exc.reason)
            return
        self.changed = True
        self._load_attachments()


    def save_attachment_of(self, attachments) -> None:
        """Save the attachment selected in the list ``attachments`` (the domain's ``attachment_data``)."""
        item = attachments.currentItem()
        if item is None:
            return
        name, data = self.domain.attachment_data(item.data(RECORD_ROLE))
        path = ask_save_path(self, self.tr("另存附件"), name)
        if path:
            try:
                Path(path).write_bytes(data)
            except OSError as exc:
                QMessageBox.warning(self, self.tr("另存附件"), str(exc))

    def remove_attachment_of(self, attachments, reload: Callable[[], None]) -> None:
        item = attachments.currentItem()
        if item is not None:
            self.domain.remove_attachment(item.data(RECORD_ROLE))
            self.changed = True
            reload()


def button_row(items) -> QHBoxLayout:
    """A form page's row of push buttons from (text, slot) or (text, slot, name) items, left-aligned;
    a name becomes the button's objectName ``button_<name>``."""
    row = QHBoxLayout()
    for text, slot, *name in items:
        button = QPushButton(text)
        if name:
            button.setObjectName(f"button_{name[0]}")
        button.clicked.connect(slot)
        row.addWidget(button)
    row.addStretch(1)
    return row


def attachment_text(name: str, size: int) -> str:
    """An attachment as listed: its name and size (at least 1 KB)."""
    return f"{name}（{max(1, size // 1024)} KB）"

