"""维权 follow-up papers on A4: 诉求办理情况 (what was asked and what was done, read out at the next 座谈会) and
the 隐患整改通知书 a department receives for its hazards not yet put right."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtGui import QTextDocument

from unionoffice.domain import chapter, inspections
from unionoffice.domain.wording import chinese_date
from unionoffice.ui.common.printing import new_document
from unionoffice.ui.common.printing import to_pdf as pdf


def _unit() -> str:
    info = chapter.load()
    return html.escape(info["union_name"] or info["unit_name"] or "本单位工会")


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return html.escape(str(value)).replace("\n", "<br/>")


def requests_html(rows: list[dict], subtitle: str, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    body = "".join(
        f"<tr><td align='center'>{n}</td><td>{_cell(r['number'])}<br/>{_cell(r['received_on'])}</td>"
        f"<td>{_cell(r['proposer'])}</td><td>{_cell(r['content'])}</td><td>{_cell(r['department'])}</td>"
        f"<td>{'<br/>'.join(t for t in (_cell(r['measures']), r['reply'] and '答复：' + _cell(r['reply'])) if t)}</td>"
        f"<td align='center'>{_cell(r['state'])}{'<br/>' + _cell(r['result']) if r['result'] else ''}</td>"
        f"<td align='center'>{_cell(r['satisfaction'])}</td></tr>"
        for n, r in enumerate(rows, start=1))
    closed = sum(r["state"] == "已办结" for r in rows)
    overdue = sum(r["state"] == "超期" for r in rows)
    return f"""
<html><body style="font-size: 10pt;">
<h2 align="center">职工诉求办理情况</h2>
<p align="center">{_unit()}　{html.escape(subtitle)}</p>
<table border="1" cellspacing="0" cellpadding="5" width="100%" style="border-collapse: collapse;">
<thead><tr><th width="5%">序号</th><th width="13%">编号/收到日期</th><th width="8%">提出人</th>
<th width="24%">诉求内容</th><th width="11%">责任部门</th><th width="25%">办理措施及答复</th>
<th width="8%">办理情况</th><th width="6%">满意度</th></tr></thead>
<tbody>{body}</tbody>
</table>
<p>共 {len(rows)} 件，已办结 {closed} 件，办理中 {len(rows) - closed - overdue} 件，超期 {overdue} 件。</p>
<p align="right">{chinese_date(today)}</p>
</body></html>"""


def requests_to_pdf(rows: list[dict], subtitle: str, path: str) -> str:
    return pdf(new_document(requests_html(rows, subtitle), 10), path, "职工诉求办理情况", landscape=True)


def hazard_notice_html(department: str, today: dt.date | None = None) -> str:
    today = today or dt.date.today()
    rows = inspections.notice_rows(department, today)
    body = "".join(
        f"<tr><td align='center'>{n}</td><td>{_cell(h['inspected_on'])}<br/>{_cell(h['scope'])}</td>"
        f"<td>{_cell(h['description'])}</td><td align='center'>{_cell(h['level'])}</td>"
        f"<td align='center'>{_cell(h['due_on'])}{'<br/>（已超期）' if h['overdue'] else ''}</td></tr>"
        for n, h in enumerate(rows, start=1))
    return f"""
<html><body style="font-size: 12pt;">
<h1 align="center" style="font-size: 20pt;">隐患整改通知书</h1>
<p style="line-height: 160%;">{html.escape(department)}：</p>
<p style="line-height: 160%;">　　工会劳动保护监督检查发现你部门存在以下安全隐患，尚未整改完成。请按期限组织整改，
整改完成后书面回复工会，由工会派人验证。</p>
<table border="1" cellspacing="0" cellpadding="6" width="100%" style="border-collapse: collapse;">
<thead><tr><th width="7%">序号</th><th width="22%">检查日期/范围</th><th width="43%">隐患描述</th>
<th width="10%">等级</th><th width="18%">整改期限</th></tr></thead>
<tbody>{body}</tbody>
</table>
<p style="line-height: 160%; margin-top: 24px;">共 {len(rows)} 项。</p>
<p align="right" style="line-height: 160%; margin-top: 36px;">{_unit()}<br/>{chinese_date(today)}</p>
<p style="line-height: 160%; margin-top: 36px;">签收人：__________　　签收日期：__________</p>
</body></html>"""


def hazard_notice(department: str) -> QTextDocument:
    return new_document(hazard_notice_html(department), 12)


def hazard_notice_to_pdf(department: str, path: str) -> str:
    return pdf(hazard_notice(department), path, f"隐患整改通知书 {department}")
