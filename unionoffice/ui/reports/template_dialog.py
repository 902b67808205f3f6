"""按上级模板导出: the values of ours that a platform template's drop-down lists do not offer; the
clerk picks the template's value once for each (remembered for that template), or leaves it empty
for the 待补充 sheet."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.dialogs import Std, button_box


class TemplateValuesDialog(QDialog):
    """One line per (column, our value) with no safe mapping: a combo of the template's values."""

    def __init__(self, template_name: str, lines: list[dict], parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("模板下拉值对照"))
        self.resize(760, 420)
        self.lines = lines
        layout = QVBoxLayout(self)
        note = QLabel(self.tr("模板“%s”的下拉列表中没有以下值。请为每个值选择模板中的对应项（本模板下次导出时沿用）；"
                              "选“留空”的单元格将留空，并列在导出文件的“待补充”工作表中。") % template_name)
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(len(lines), 4)
        self.table.setObjectName("values")
        self.table.setHorizontalHeaderLabels([self.tr("模板列"), self.tr("本单位的值"), self.tr("人数"),
                                              self.tr("模板中的值")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.combos: list[QComboBox] = []
        for row, line in enumerate(lines):
            for col, text in enumerate((line["column"], line["value"], str(line["people"]))):
                self.table.setItem(row, col, QTableWidgetItem(text))
            combo = QComboBox()
            combo.addItem(self.tr("（留空，待补充）"), "")
            for choice in line["choices"]:
                combo.addItem(choice, choice)
            self.table.setCellWidget(row, 3, combo)
            self.combos.append(combo)
        header = self.table.horizontalHeader()
        for col, width in enumerate((140, 180, 60)):
            self.table.setColumnWidth(col, width)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(self.table, 1)
        buttons = button_box(self, Std.Ok, Std.Cancel)
        buttons.button(Std.Ok).setText(self.tr("继续导出"))
        layout.addWidget(buttons)

    def picks(self) -> dict[str, dict[str, str]]:
        """field → {our value → the template's value}; only the lines given a value."""
        chosen: dict[str, dict[str, str]] = {}
        for line, combo in zip(self.lines, self.combos):
            if combo.currentData():
                chosen.setdefault(line["field"], {})[line["value"]] = combo.currentData()
        return chosen
