"""Printing any list as shown: its shown columns in their order, its rows in their order (the
filters and the sort the clerk chose), on A4 — landscape when the columns are wide — with the
chapter's name and the filter in the title, the header repeated on every page and "第 1 页 共 N 页"
at the foot. Cells are read once into a ``ListSnapshot`` (with progress and 取消 for a long list),
then drawn with a QPainter page by page (a print preview redraws on every zoom)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QComboBox, QProgressDialog, QTableView, QWidget

from unionoffice.domain import chapter
from unionoffice.ui.common.printing import a4_printer, preview

PORTRAIT_WIDTH = 700  # screen pixels of shown columns that still fit an A4 portrait page
PROGRESS_FROM = 500  # rows from which reading and drawing show progress with 取消
STEP = 200  # rows between two progress updates


@dataclass
class ListSnapshot:
    """What a printed list shows: its title (the chapter's name first), the filter line, the shown
    headers with their screen widths, and the rows' display texts."""
    title: str
    subtitle: str
    headers: list[str]
    widths: list[int]
    rows: list[list[str]] = field(default_factory=list)
    right: list[bool] = field(default_factory=list)  # right-aligned columns (numbers, amounts)

    @property
    def landscape(self) -> bool:
        return sum(self.widths) > PORTRAIT_WIDTH


def chapter_title(title: str) -> str:
    """“某某公司工会 会员名册”: the chapter's name before the list's own."""
    info = chapter.load()
    name = info.get("union_name") or info.get("unit_name") or ""
    return f"{name} {title}" if name else title


def filter_text(search: str = "", pairs=()) -> str:
    """The filter line: each chosen filter (“label：value”, or its value alone) and the search text;
    "全部（未筛选）" when none."""
    parts = [f"{label}：{value}" if label else value for label, value in pairs if value]
    if search.strip():
        parts.append(f"搜索：“{search.strip()}”")
    return "筛选　" + "；".join(parts) if parts else "全部（未筛选）"


def combo_choice(combo: QComboBox) -> str:
    """A filter combo's choice, "" while it stands on its first entry (全部 …)."""
    return combo.currentText() if combo.currentIndex() > 0 else ""


def shown_columns(view: QTableView) -> list[int]:
    """The model's columns the view shows, in the order the clerk sees them (moved columns too)."""
    header = view.horizontalHeader()
    return [header.logicalIndex(v) for v in range(header.count()) if not header.isSectionHidden(header.logicalIndex(v))]


def _progress_dialog(parent: QWidget | None, text: str, total: int) -> QProgressDialog | None:
    if total < PROGRESS_FROM:
        return None
    dialog = QProgressDialog(text, "取消", 0, total, parent)
    dialog.setWindowTitle("打印")
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(0)
    dialog.setValue(0)
    return dialog


def snapshot(view: QTableView, title: str, subtitle: str, parent: QWidget | None = None) -> ListSnapshot | None:
    """Read the list as shown; None when the clerk pressed 取消."""
    model, columns = view.model(), shown_columns(view)
    snap = ListSnapshot(chapter_title(title), subtitle,
                        [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in columns],
                        [max(view.columnWidth(c), 30) for c in columns])
    total = model.rowCount()
    progress = _progress_dialog(parent, "正在读取列表…", total)
    right = [False] * len(columns)
    for row in range(total):
        if progress is not None and row % STEP == 0:
            progress.setValue(row)
            QApplication.processEvents()
            if progress.wasCanceled():
                progress.close()
                return None
        cells = []
        for n, c in enumerate(columns):
            index = model.index(row, c)
            cells.append(" ".join(str(model.data(index) or "").split()))
            if row < 50 and model.data(index, Qt.ItemDataRole.TextAlignmentRole) is not None:
                right[n] = bool(int(model.data(index, Qt.ItemDataRole.TextAlignmentRole)) & int(Qt.AlignmentFlag.AlignRight))
        snap.rows.append(cells)
    snap.right = right
    if progress is not None:
        progress.close()
    return snap


class _Pages:
    """Where everything goes on a page of this printer."""

    def __init__(self, snap: ListSnapshot, printer: QPrinter):
        rect = printer.pageRect(QPrinter.Unit.DevicePixel)
        self.width, self.height = rect.width(), rect.height()
        self.body = QFont()
        self.body.setPointSizeF(9 if len(snap.headers) <= 10 else 8)
        self.bold = QFont(self.body)
        self.bold.setBold(True)
        self.big = QFont(self.body)
        self.big.setPointSizeF(14)
        self.big.setBold(True)
        self.small = QFont(self.body)
        self.small.setPointSizeF(8)

    def measure(self, painter: QPainter, snap: ListSnapshot) -> None:
        painter.setFont(self.body)
        fm = QFontMetricsF(painter.font())
        self.row_h = fm.height() * 1.6
        self.pad = fm.horizontalAdvance(" ")
        painter.setFont(self.big)
        self.title_h = QFontMetricsF(painter.font()).height() * 1.5
        painter.setFont(self.small)
        self.sub_h = QFontMetricsF(painter.font()).height() * 1.6
        self.foot_h = self.sub_h * 1.5
        self.widths = fitted_widths(painter, self, snap, self.width)
        self.top = self.title_h + self.sub_h + self.row_h  # title, filter line, header row
        self.per_page = max(1, int((self.height - self.top - self.foot_h) // self.row_h))
        self.pages = max(1, -(-len(snap.rows) // self.per_page))


SAMPLE = 300  # rows measured for the columns' widths


def fitted_widths(painter: QPainter, p: _Pages, snap: ListSnapshot, width: float) -> list[float]:
    """Each column as wide as its header and its widest cell (of the first rows); when they do not
    fit, the widest columns give way first (down to the same width), so dates and short codes stay
    whole and only long names are cut; room to spare is shared out."""
    painter.setFont(p.bold)
    fm_bold = QFontMetricsF(painter.font())
    painter.setFont(p.body)
    fm = QFontMetricsF(painter.font())
    natural = []
    for col, header in enumerate(snap.headers):
        cells = [row[col] for row in snap.rows[:SAMPLE] if col < len(row)]
        natural.append(max([fm_bold.horizontalAdvance(header)] + [fm.horizontalAdvance(c) for c in cells])
                       + 3 * p.pad)
    total = sum(natural)
    if total <= width:
        return [w * width / total for w in natural] if total else natural
    cap_low, cap_high = 0.0, max(natural)
    for _ in range(40):  # the cap at which the capped widths fill the page
        cap = (cap_low + cap_high) / 2
        if sum(min(w, cap) for w in natural) > width:
            cap_high = cap
        else:
            cap_low = cap
    widths = [min(w, cap_low) for w in natural]
    spare = width - sum(widths)
    return [w + spare / len(widths) for w in widths]


def paint_list(snap: ListSnapshot, printer: QPrinter, progress: Callable[[int, int], bool] | None = None) -> bool:
    """Draw every page of the list on the printer; ``progress(page, pages)`` returning False stops
    (False is returned: the document is left unfinished)."""
    painter = QPainter()
    if not painter.begin(printer):
        return False
    try:
        pages = _Pages(snap, printer)
        pages.measure(painter, snap)
        printed_on = dt.date.today().isoformat()
        for page in range(pages.pages):
            if progress is not None and not progress(page, pages.pages):
                return False
            if page:
                printer.newPage()
            _paint_page(painter, pages, snap, page, printed_on)
        if progress is not None:
            progress(pages.pages, pages.pages)
        return True
    finally:
        painter.end()


def _cell(painter: QPainter, x: float, y: float, w: float, h: float, text: str, pad: float,
          align=Qt.AlignmentFlag.AlignLeft) -> None:
    fm = painter.fontMetrics()
    shown = fm.elidedText(text, Qt.TextElideMode.ElideRight, int(max(w - 2 * pad, 1)))
    painter.drawText(QRectF(x + pad, y, max(w - 2 * pad, 1), h), int(align | Qt.AlignmentFlag.AlignVCenter), shown)


def _paint_page(painter: QPainter, p: _Pages, snap: ListSnapshot, page: int, printed_on: str) -> None:
    painter.setPen(QPen(QColor("black")))
    painter.setFont(p.big)
    painter.drawText(QRectF(0, 0, p.width, p.title_h), int(Qt.AlignmentFlag.AlignCenter), snap.title)
    painter.setFont(p.small)
    painter.drawText(QRectF(0, p.title_h, p.width, p.sub_h), int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                     f"{snap.subtitle}　共 {len(snap.rows)} 条")
    painter.drawText(QRectF(0, p.title_h, p.width, p.sub_h), int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                     f"打印日期：{printed_on}")
    y = p.title_h + p.sub_h
    rows = snap.rows[page * p.per_page:(page + 1) * p.per_page]
    painter.fillRect(QRectF(0, y, p.width, p.row_h), QColor("#e8e8e8"))
    painter.setFont(p.bold)
    x = 0.0
    for text, w in zip(snap.headers, p.widths):
        _cell(painter, x, y, w, p.row_h, text, p.pad, Qt.AlignmentFlag.AlignCenter)
        x += w
    painter.setFont(p.body)
    for n, cells in enumerate(rows, 1):
        x = 0.0
        for col, (text, w) in enumerate(zip(cells, p.widths)):
            right = col < len(snap.right) and snap.right[col]
            _cell(painter, x, y + n * p.row_h, w, p.row_h, text, p.pad,
                  Qt.AlignmentFlag.AlignRight if right else Qt.AlignmentFlag.AlignLeft)
            x += w
    # the grid: a line under each row and between the columns
    painter.setPen(QPen(QColor("#888888"), 0))
    bottom = y + (len(rows) + 1) * p.row_h
    for n in range(len(rows) + 2):
        painter.drawLine(0, y + n * p.row_h, p.width, y + n * p.row_h)
    x = 0.0
    for w in [0.0] + p.widths:
        x += w
        painter.drawLine(min(x, p.width - 1), y, min(x, p.width - 1), bottom)
    painter.setPen(QPen(QColor("black")))
    painter.setFont(p.small)
    painter.drawText(QRectF(0, p.height - p.foot_h, p.width, p.foot_h), int(Qt.AlignmentFlag.AlignCenter),
                     f"第 {page + 1} 页 共 {p.pages} 页")


def _drawing_progress(parent: QWidget | None, rows: int):
    """A progress(page, pages) for paint_list with a dialog and 取消 on a long list."""
    dialog = _progress_dialog(parent, "正在生成打印页…", rows)
    if dialog is None:
        return None, None

    def progress(page: int, pages: int) -> bool:
        dialog.setMaximum(pages)
        dialog.setValue(page)
        QApplication.processEvents()
        return not dialog.wasCanceled()

    return dialog, progress


def preview_list(parent: QWidget, snap: ListSnapshot) -> None:
    """The print preview of a list (A4, landscape when wide); its 打印 button prints or writes a PDF."""
    def paint(printer):
        dialog, progress = _drawing_progress(parent, len(snap.rows))
        paint_list(snap, printer, progress)
        if dialog is not None:
            dialog.close()

    preview(parent, f"打印 - {snap.title}", paint, landscape=snap.landscape)


def list_pdf(snap: ListSnapshot, path: str, progress: Callable[[int, int], bool] | None = None) -> bool:
    """Write the list to a PDF file; False when stopped by ``progress``."""
    printer = a4_printer(landscape=snap.landscape)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    printer.setDocName(snap.title)
    return paint_list(snap, printer, progress)


def print_view(parent: QWidget, view: QTableView, title: str, subtitle: str) -> ListSnapshot | None:
    """打印列表…: read the list as shown, then its print preview. The snapshot (None if 取消) is returned."""
    snap = snapshot(view, title, subtitle, parent)
    if snap is not None:
        preview_list(parent, snap)
    return snap
