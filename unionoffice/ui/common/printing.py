"""Printing documents on A4: to a printer, a preview, or a PDF file."""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QFont, QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget


def a4_printer(printer: QPrinter | None = None, landscape: bool = False) -> QPrinter:
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    orientation = QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation,
                                      QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    return printer


def preview(parent: QWidget, title: str, paint, landscape: bool = False) -> None:
    """A modal print preview of A4 pages that ``paint(printer)`` draws (again on every zoom or page
    set-up change). The dialog holds the only Python reference to its printer: a QPrinter made in the
    call's argument list is freed by Python at once, and Qt then paints on freed memory (a segfault)."""
    printer = a4_printer(landscape=landscape)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.printer_ref = printer  # kept for as long as the dialog lives
    dialog.setWindowTitle(title)
    dialog.paintRequested.connect(paint)
    try:
        dialog.exec()
    finally:
        dialog.deleteLater()


LAYOUT_DPI = 96  # QTextDocument lays out in pixels at Qt's default DPI; print_() scales to the printer


def print_document(doc: QTextDocument, printer: QPrinter) -> None:
    """Lay the document out on the whole printable width (the printer's margins only, without
    QTextDocument's extra 2 cm), so tables span the page."""
    page = printer.pageRect(QPrinter.Unit.Inch).size()
    doc.setDocumentMargin(0)
    doc.setPageSize(QSizeF(page.width() * LAYOUT_DPI, page.height() * LAYOUT_DPI))
    doc.print_(printer)


def new_document(html: str, point_size: float = 11) -> QTextDocument:
    doc = QTextDocument()
    font = QFont()
    font.setPointSizeF(point_size)
    doc.setDefaultFont(font)
    doc.setHtml(html)
    return doc


def to_pdf(doc: QTextDocument, path: str, title: str, landscape: bool = False) -> str:
    printer = a4_printer(landscape=landscape)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    printer.setDocName(title)
    print_document(doc, printer)
    return path
