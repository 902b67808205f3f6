"""提案表: a motion on A4 as the congress's form, with signature lines."""

from __future__ import annotations

import html

from PySide6.QtGui import QTextDocument

from unionoffice.domain import chapter, congress
from unionoffice.domain.wording import chinese_date
from unionoffice.ui.common.printing import new_document
from unionoffice.ui.common.printing import to_pdf as pdf


def _text(value) -> str:
    return html.escape(str(value or "")).replace("\n", "<br>")


def motion_html(motion) -> str:
    info = chapter.load()
    name = congress.congress_name(motion.congress)
    seconders = "、".join(n for _, n in congress.seconders(motion.id))
    result = motion.review_result + ("（大会议案）" if motion.promoted else "")
    if motion.review_reason:
        result += f"：{motion.review_reason}"
    grade = f"{motion.reply_grade} {congress.GRADES[motion.reply_grade]}" if motion.reply_grade else ""

    def row(label, value, height=""):
        style = f' style="height: {height};"' if height else ""
        return f"<tr><td width='18%' align='center'><b>{label}</b></td><td colspan='3'{style}>{_text(value)}</td></tr>"

    return f"""
<html><body style="font-size: 11pt;">
<h2 align="center">{_text(info['union_name'] or info['unit_name'])}<br>{_text(name)}提案表</h2>
<p align="right">编号：{_text(motion.number)}</p>
<table border="1" cellspacing="0" cellpadding="7" width="100%" style="border-collapse: collapse;">
<tr><td width="18%" align="center"><b>提案人</b></td><td width="32%">{_text(motion.proposer.name)}</td>
<td width="18%" align="center"><b>代表团（组）</b></td><td width="32%">{_text(motion.delegation)}</td></tr>
<tr><td align="center"><b>类别</b></td><td>{_text(motion.category)}</td>
<td align="center"><b>提交日期</b></td><td>{chinese_date(motion.submitted_on)}</td></tr>
{row("附议人", seconders)}
{row("案由", motion.title)}
{row("理由/依据", motion.reason, "120px")}
{row("办法/建议", motion.proposal, "120px")}
{row("审查意见", result)}
{row("承办部门", motion.lead_department + (f"（协办：{motion.co_departments}）" if motion.co_departments else ""))}
{row("答复", (grade + "　" if grade else "") + motion.reply_text)}
{row("提案人意见", motion.verdict)}
</table>
<p>&nbsp;</p>
<p>提案人签名：________________　　附议人签名：________________________________</p>
<p>提案工作委员会审查人签名：________________　　日期：____年__月__日</p>
</body></html>"""


def document(motion) -> QTextDocument:
    return new_document(motion_html(motion), 11)


def to_pdf(motion, path: str) -> str:
    return pdf(document(motion), path, f"提案表 {motion.number}")
