"""概况: the chapter's particulars and the live headline numbers."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QFormLayout, QGridLayout, QGroupBox, QLabel, QScrollArea, QVBoxLayout, QWidget

from unionoffice.domain import chapter, overview
from unionoffice.domain.wording import chinese_date
from unionoffice.ui.common.tasks import Refresher


def overview_figures() -> tuple[dict[str, str], tuple[str, dict[str, str]]]:
    """The headline numbers and the statistical year's figures (counted on a worker thread)."""
    return overview.headlines(), overview.year_figures()


class OverviewTab(QWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()  # small screens scroll instead of forcing the window taller
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(scroll)
        inner = QWidget()
        scroll.setWidget(inner)
        layout = QVBoxLayout(inner)
        numbers_box = QGroupBox(self.tr("基本数据"))
        grid = QGridLayout(numbers_box)
        self.number_labels: dict[str, QLabel] = {}
        for i, (key, title) in enumerate(overview.HEADLINES):
            caption = QLabel(title)
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            value = QLabel("—")
            value.setObjectName(f"headline_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignCenter)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 2.2)
            font.setBold(True)
            value.setFont(font)
            row, column = divmod(i, 4)  # four figures a row
            grid.addWidget(value, row * 2, column)
            grid.addWidget(caption, row * 2 + 1, column)
            self.number_labels[key] = value
        self.as_of = QLabel()
        self.as_of.setStyleSheet("color: gray;")
        grid.addWidget(self.as_of, 2 * ((len(overview.HEADLINES) + 3) // 4), 0, 1, 4)
        layout.addWidget(numbers_box)

        self.year_box = QGroupBox()
        self.year_form = QGridLayout(self.year_box)
        self.year_labels: dict[str, QLabel] = {}
        for i, label in enumerate(overview.YEAR_FIGURES):
            value = QLabel()
            value.setObjectName(f"year_{label}")
            self.year_form.addWidget(QLabel(label + "："), i // 3, (i % 3) * 2)
            self.year_form.addWidget(value, i // 3, (i % 3) * 2 + 1)
            self.year_labels[label] = value
        layout.addWidget(self.year_box)

        chapter_box = QGroupBox(self.tr("本单位工会"))
        self.form = QFormLayout(chapter_box)
        self.chapter_labels: dict[str, QLabel] = {}
        for f in chapter.FIELDS:
            label = QLabel()
            label.setObjectName(f"chapter_{f.key}")
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.form.addRow(f.label + "：", label)
            self.chapter_labels[f.key] = label
        layout.addWidget(chapter_box)
        layout.addStretch(1)
        self.idle = False  # showing the newest figures
        self.refresher = Refresher(self, overview_figures, self._show, self._failed)
        self.as_of.setText(self.tr("正在统计…"))
        QTimer.singleShot(0, self.refresh)  # once the window is built: counting beside it would slow it

    def refresh(self) -> None:
        """The figures are counted off the GUI thread (a large office takes seconds): the tab says
        正在统计… meanwhile and the window stays usable; a refresh asked for while one counts is
        counted once after it, never beside it."""
        self.idle = False
        self.as_of.setText(self.tr("正在统计…"))
        self.refresher.request()
        values = chapter.load()
        for key, label in self.chapter_labels.items():
            label.setText(values[key] or "—")

    def _failed(self, error: Exception) -> None:
        self.idle = True
        self.as_of.setText(self.tr("统计数字暂时无法计算：%s") % error)

    def _show(self, result) -> None:
        headlines, (title, figures) = result
        for key, text in headlines.items():
            self.number_labels[key].setText(text)
        self.as_of.setText(self.tr("截至 %s") % chinese_date(dt.date.today()))
        self.year_box.setTitle(title)
        for label, text in figures.items():
            self.year_labels[label].setText(text)
        self.idle = True
