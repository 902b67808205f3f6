"""签到表: the sign-in sheet of an activity, A4, names and a signature column."""

from __future__ import annotations

import html

from PySide6.QtGui import QTextDocument

from unionoffice.domain import activities, chapter
from unionoffice.domain.wording import chinese_date
from unionoffice.ui.common.printing import new_document
from unionoffice.ui.common.printing import to_pdf as pdf


def sheet_html(activity) -> str:
    info = chapter.load()
    people = [p for p in activities.signups(activity.id) if p["status"] == activities.IN]
    when = chinese_date(activity.starts_at, with_time=True)
    rows = "".join(
        f"<tr><td align='center'>{i}</td><td>{html.escape(p['name'])}</td>"
        f"<td>{html.escape(p['department'])}</td><td>&nbsp;</td><td>&nbsp;</td></tr>"
        for i, p in enumerate(people, start=1))
    blanks = "".join("<tr><td>&nbsp;</td><td></td><td></td><td></td><td></td></tr>" for _ in range(5))
    return f"""
<html><body style="font-size: 11pt;">
<h2 align="center">{html.escape(activity.name)} 签到表</h2>
<p align="center">{html.escape(info['union_name'] or info['unit_name'] or '')}　时间：{when}
{('　地点：' + html.escape(activity.place)) if activity.place else ''}</p>
<table border="1" cellspacing="0" cellpadding="8" width="100%" style="border-collapse: collapse;">
<thead><tr><th width="10%">序号</th><th width="18%">姓名</th><th width="24%">部门</th>
<th width="33%">签名</th><th width="15%">备注</th></tr></thead>
<tbody>{rows}{blanks}</tbody>
</table>
<p>应到 {len(people)} 人　实到 ____ 人　　　　记录人：__________</p>
</body></html>"""


def document(activity) -> QTextDocument:
    return new_document(sheet_html(activity), 11)


def to_pdf(activity, path: str) -> str:
    return pdf(document(activity), path, f"{activity.name} 签到表")
