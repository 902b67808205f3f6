"""A notice printed for the board: A4, title, body, unit and date, publication period."""

from __future__ import annotations

import html

from PySide6.QtGui import QTextDocument

from unionoffice.domain import chapter, notices
from unionoffice.domain.wording import chinese_date
from unionoffice.ui.common.printing import a4_printer, new_document, print_document  # noqa: F401
from unionoffice.ui.common.printing import to_pdf as pdf


LINE = "line-height: 160%;"


def notice_html(notice) -> str:
    """One line height throughout and margins for the gaps (no blank paragraphs, which left the
    gaps uneven); the category and the department each on a line of its own that never breaks, so
    a name such as 炼油一车间 is never split across two lines."""
    info = chapter.load()
    unit = html.escape(info["union_name"] or info["unit_name"] or "")
    period = ""
    if notice.published_on:
        period = (f"公示期：{chinese_date(notice.published_on)}至{chinese_date(notice.ends_on)}"
                  f"（{notice.period_days}天）")
    dated = notice.published_on or notice.reviewed_on
    meta = "".join(f'<p align="center" style="{LINE} white-space: nowrap; margin-top: 0px; margin-bottom: 0px; color: #555555; font-size: 12pt;">'
                   f"{html.escape(text)}</p>"
                   for text in (notice.category and f"类别：{notice.category}",
                                notice.department and f"责任部门：{notice.department}") if text)
    body = notices.rich_text(notice.content) if notice.content else ""
    body = _body_only(body)
    closing = "<br/>".join(html.escape(x) for x in (period, "对公开内容有意见或建议，请在公示期内向工会反映。") if x)
    return f"""
<html><body style="font-size: 14pt;">
<h1 align="center" style="font-size: 24pt; margin-bottom: 12px;">{html.escape(notice.title)}</h1>
{meta}
<div style="{LINE} margin-top: 18px;">{body}</div>
<p align="right" style="{LINE} margin-top: 36px;">{unit}<br/>{chinese_date(dated)}</p>
<p style="{LINE} margin-top: 36px; color: #333333;">{closing}</p>
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
