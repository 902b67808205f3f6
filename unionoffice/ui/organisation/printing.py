"""会员证 (eight cards to an A4 sheet) and 入会申请书 (one a page)."""

from __future__ import annotations

import html

from unionoffice.domain import chapter, members
from unionoffice.domain.wording import chinese_date
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
        since_text = chinese_date(since)
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


def election_report_html(election_id: int) -> str:
    """选举结果报告 to the higher union."""
    from unionoffice.domain import organisation

    info = chapter.load()
    election = organisation.get_election(election_id)
    rows = "".join(f"<tr><td>{html.escape(r['name'])}</td><td>{html.escape(r['post'])}</td>"
                   f"<td align='right'>{r['votes']}</td><td>{'当选' if r['elected'] else '未当选'}</td></tr>"
                   for r in organisation.result(election_id))
    held = chinese_date(election.held_on) if election.held_on else "____年__月__日"
    request = (f"经{html.escape(info['parent_union'] or '上级工会')}"
               + (f"{election.reply_no}号文" if election.reply_no else "") + "批复同意，")
    return f"""
<html><body style="font-size: 12pt;">
<h2 align="center">关于{html.escape(info['unit_name'] or '')}工会{html.escape(election.kind.removeprefix('工会'))}选举结果的报告</h2>
<p>{html.escape(info['parent_union'] or '上级工会')}：</p>
<p style="line-height: 180%;">　　{request}我会于{held}召开{html.escape(election.meeting)}，进行{html.escape(election.kind)}换届选举。
应到 {election.entitled} 人，实到 {election.present} 人，{'超过' if organisation.quorum(election) else '未超过'}应到人数的三分之二。
按得票超过应到人数半数当选的规定，选举结果如下：</p>
<table border="1" cellspacing="0" cellpadding="7" width="100%">
<thead><tr><th>姓名</th><th>职务</th><th>得票</th><th>结果</th></tr></thead><tbody>{rows}</tbody></table>
<p>　　特此报告，请予审批。</p>
<p>&nbsp;</p><p align="right">{html.escape(info['union_name'] or '')}</p><p align="right">____年__月__日</p>
</body></html>"""


def election_report_pdf(election_id: int, path: str) -> str:
    return pdf(new_document(election_report_html(election_id), 12), path, "选举结果报告")
