"""A notice printed for the board: A4, title, body, unit and date, publication period."""

from __future__ import annotations

import html

from PySide6.QtCore import QMarginsF, QSizeF
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrinter

from unionoffice.domain import chapter, notices


def notice_html(notice) -> str:
    info = chapter.load()
    unit = html.escape(info["union_name"] or info["unit_name"] or "")
    period = ""
    if notice.published_on:
        period = (f"公示期：{notice.published_on:%Y年%m月%d日} 至 {notice.ends_on:%Y年%m月%d日}"
                  f"（{notice.period_days} 天）")
    dated = notice.published_on or notice.reviewed_on
    date_text = f"{dated:%Y年%m月%d日}" if dated else ""
    meta = "　".join(html.escape(x) for x in (notice.category, notice.department and f"责任部门：{notice.department}") if x)
    body = notices.rich_text(notice.content) if notice.content else ""
    body = _body_only(body)
    return f"""
<html><body style="font-size: 12pt;">
<h1 align="center" style="font-size: 20pt;">{html.escape(notice.title)}</h1>
<p align="center" style="color: #555555;">{meta}</p>
<div style="line-height: 160%;">{body}</div>
<p>&nbsp;</p>
<p align="right">{unit}</p>
<p align="right">{date_text}</p>
<p>&nbsp;</p>
<p style="color: #333333;">{html.escape(period)}</p>
<p style="color: #333333;">对公开内容有意见或建议，请在公示期内向工会反映。</p>
</body></html>"""


def _body_only(content: str) -> str:
    """The inside of <body> when the editor stored a whole HTML document."""
    lower = content.lower()
    start, end = lower.find("<body"), lower.rfind("</body>")
    if start >= 0 and end > start:
        return content[content.index(">", start) + 1:end]
    return content


def document(notice) -> QTextDocument:
    doc = QTextDocument()
    doc.setHtml(notice_html(notice))
    return doc


def a4_printer(printer: QPrinter | None = None) -> QPrinter:
    printer = printer or QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(20, 20, 20, 20), QPageLayout.Unit.Millimeter))
    return printer


def print_document(doc: QTextDocument, printer: QPrinter) -> None:
    doc.setPageSize(QSizeF(printer.pageRect(QPrinter.Unit.Point).size()))
    doc.print_(printer)


def to_pdf(notice, path: str) -> str:
    printer = a4_printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    printer.setDocName(notice.title)
    document(notice).print_(printer)
    return path
