"""批量修改: set one field (部门, 工会小组, 岗位, 用工形式, 就业状况, a code-list field …) of the people
selected in the roster, with a preview of what changes, written in one transaction through the
person page's checks, and undoable (Ctrl+Z)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QFormLayout, QLabel, QVBoxLayout, QWidget

from unionoffice.domain import codes, members
from unionoffice.domain.validation import ValidationError
from unionoffice.ui.common.dialogs import button_box, error_label
from unionoffice.ui.common.table_model import RowsTableModel
from unionoffice.ui.common.views import sortable_table


def field_choices(key: str) -> list[str]:
    """What a field is usually set to: the departments, the union groups, the code list."""
    if key == "department":
        return [name for _i, name in members.departments()]
    if key == "union_group":
        return members.union_group_names()
    if key in members.CODED_FIELDS:
        return codes.values(key)
    return []


class BatchEditDialog(QDialog):
    """The field, its new value, and the preview (who changes from what to what)."""

    def __init__(self, person_ids: list[int], parent: QWidget | None = None):
        super().__init__(parent)
        self.person_ids = list(person_ids)
        self.before: dict[int, dict] = {}
        self.setWindowTitle(self.tr("批量修改（已选 %d 人）") % len(self.person_ids))
        self.resize(560, 480)
        form = QFormLayout()
        self.field = QComboBox()
        self.field.setObjectName("batch_field")
        for key in members.BATCH_FIELDS:
            self.field.addItem(members.FIELD_LABELS[key], key)
        self.value = QComboBox()
        self.value.setObjectName("batch_value")
        self.value.setEditable(True)
        form.addRow(self.tr("修改项目"), self.field)
        form.addRow(self.tr("改为"), self.value)
        self.summary = QLabel()
        self.summary.setObjectName("batch_summary")
        self.summary.setWordWrap(True)
        self.model = RowsTableModel([("name", "姓名"), ("field", "项目"), ("before", "原值"), ("after", "新值")])
        self.view, _ = sortable_table(self.model)
        self.view.setObjectName("batch_preview")
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error)
        layout.addWidget(button_box(self))
        self.field.currentIndexChanged.connect(self._field_chosen)
        self.value.currentTextChanged.connect(self.show_preview)
        self._field_chosen()

    def key(self) -> str:
        return self.field.currentData()

    def changes(self) -> dict[int, dict]:
        return {person_id: {self.key(): self.value.currentText().strip()} for person_id in self.person_ids}

    def _field_chosen(self, *_args) -> None:
        self.value.blockSignals(True)
        self.value.clear()
        self.value.addItems([""] + field_choices(self.key()))
        self.value.blockSignals(False)
        self.show_preview()

    def show_preview(self, *_args) -> None:
        planned = members.planned_changes(self.changes())
        self.model.set_rows(planned)
        same = len(self.person_ids) - len({row["id"] for row in planned})
        value = self.value.currentText().strip() or self.tr("（空）")
        self.summary.setText(self.tr("将把 %d 人的“%s”改为“%s”；%d 人已是该值，不变。")
                             % (len(planned), self.field.currentText(), value, same))
        self.error.clear()

    def accept(self) -> None:
        """Write it all in one transaction; a refusal (naming the person) writes nothing."""
        try:
            self.before = members.set_values(self.changes())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()
