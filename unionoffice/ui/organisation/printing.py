"""会员证 (eight cards to an A4 sheet) and 入会申请书 (one a page)."""

from __future__ import annotations

import html

from unionoffice.domain import chapter, members
from unionoffice.ui.common.printing import new_document
from unionoffice.ui.common.printing import to_pdf as pdf


def cards_html(person_ids: list[int]) -> str:
    info = chapter.load()
    union = html.escape(info["union_name"] or info["unit_name"] or "")
    cells = []
    for person_id in person_ids:
        p = members.get_person(person_id)
        joined = members.history(person_id)
        since = next((e.date for e in reversed(joined) if e.kind in ("入会", "转入")), None)
        since_text = f"{since:%Y年%m月%d日}" if since else ""
        cells.append(
            f"<td width='50%' style='border: 2px solid #c8102e; padding: 10px;'>"
            f"<p align='center' style='color:#c8102e; font-size: 15pt;'><b>中华全国总工会 会员证</b></p>"
            f"<p>姓名：<b>{html.escape(p.name)}</b>　　性别：{p.gender}</p>"
            f"<p>会员证号：<b>{html.escape(p.member_card_no)}</b></p>"
            f"<p>入会日期：{since_text}</p><p>发证工会：{union}</p></td>")
    rows = "".join("<tr>" + "".join(cells[i:i + 2]) + "</tr>" for i in range(0, len(cells), 2))
    return f"<html><body style='font-size: 11pt;'><table cellspacing='14' width='100%'>{rows}</table></body></html>"


def application_html(person_ids: list[int]) -> str:
    info = chapter.load()
    union = html.escape(info["union_name"] or info["unit_name"] or "")
    pages = []
    for person_id in person_ids:
        p = members.get_person(person_id)
        dept = p.department.name if p.department_id else ""
        pages.append(f"""
<h2 align="center">入 会 申 请 书</h2>
<p>{union}：</p>
<p style="line-height: 180%;">　　我自愿加入中华全国总工会，承认《中国工会章程》，遵守工会纪律，履行会员义务，按期交纳会费，
积极参加工会活动。请予批准。</p>
<table border="1" cellspacing="0" cellpadding="8" width="100%">
<tr><td width="20%">姓名</td><td width="30%">{html.escape(p.name)}</td><td width="20%">性别</td><td>{p.gender}</td></tr>
<tr><td>部门</td><td>{html.escape(dept)}</td><td>岗位</td><td>{html.escape(p.position)}</td></tr>
<tr><td>用工形式</td><td>{html.escape(p.employment_form)}</td><td>学历</td><td>{html.escape(p.education)}</td></tr>
</table>
<p>&nbsp;</p><p align="right">申请人签名：____________　　____年__月__日</p>
<p>工会小组意见：______________________　　工会委员会审批：______________________</p>""")
    return "<html><body style='font-size: 12pt;'>" + "<p style='page-break-after: always;'></p>".join(pages) + "</body></html>"


def cards_pdf(person_ids: list[int], path: str) -> str:
    return pdf(new_document(cards_html(person_ids), 11), path, "会员证")


def applications_pdf(person_ids: list[int], path: str) -> str:
    return pdf(new_document(application_html(person_ids), 12), path, "入会申请书")
