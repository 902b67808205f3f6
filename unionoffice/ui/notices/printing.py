"""A notice printed for the board: A4, title, body, unit and date, publication period."""

from __future__ import annotations

import html

from PySide6.QtGui import QTextDocument

from unionoffice.domain import chapter, notices
from unionoffice.domain.wording import chinese_date
from unionoffice.ui.common.printing import a4_printer, new_document, print_document  # noqa: F401
from unionoffice.ui.common.printing import to_pdf as pdf


def notice_html(notice) -> str:
    info = chapter.load()
    unit = html.escape(info["union_name"] or info["unit_name"] or "")
    period = ""
    if notice.published_on:
        period = (f"公示期：{chinese_date(notice.published_on)} 至 {chinese_date(notice.ends_on)}"
                  f"（{notice.period_days} 天）")
    dated = notice.published_on or notice.reviewed_on
    date_text = chinese_date(dated)
    meta = "　".join(html.escape(x) for x in (notice.category, notice.department and f"责任部门：{notice.department}") if x)
    body = notices.rich_text(notice.content) if notice.content else ""
    body = _body_only(body)
    return f"""
<html><body style="font-size: 14pt;">
<h1 align="center" style="font-size: 24pt;">{html.escape(notice.title)}</h1>
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
    return new_document(notice_html(notice), 12)


def to_pdf(notice, path: str) -> str:
    return pdf(document(notice), path, notice.title)
