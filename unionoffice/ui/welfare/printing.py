"""帮扶发放明细 as a signing list: A4, each payment with a column for the recipient's signature."""

from __future__ import annotations

import html

from PySide6.QtGui import QTextDocument

from unionoffice.domain import chapter, money
from unionoffice.domain.validation import mask_id
from unionoffice.ui.common.printing import new_document
from unionoffice.ui.common.printing import to_pdf as pdf


def signing_html(rows: list[dict], title: str) -> str:
    info = chapter.load()
    body = "".join(
        f"<tr><td align='center'>{i}</td><td>{html.escape(r['name'])}</td><td nowrap>{mask_id(r['id_number'])}</td>"
        f"<td>{html.escape(r['kind'])}</td><td nowrap>{r['on']:%Y-%m-%d}</td>"
        f"<td align='right' nowrap>{money.text(r['amount_fen'])}</td>"
        f"<td>{html.escape(r['approver'])}</td><td>&nbsp;</td></tr>" for i, r in enumerate(rows, start=1))
    total = sum(r["amount_fen"] for r in rows)
    return f"""
<html><body style="font-size: 10pt;">
<h2 align="center">{html.escape(info['union_name'] or info['unit_name'] or '')}<br>{html.escape(title)}</h2>
<table border="1" cellspacing="0" cellpadding="6" width="100%" style="border-collapse: collapse;">
<thead><tr><th width="6%">序号</th><th width="10%">姓名</th><th width="22%">证件号码</th><th width="10%">类型</th>
<th width="13%">日期</th><th width="12%">金额（元）</th><th width="9%">审批人</th><th width="18%">领取人签字</th></tr></thead>
<tbody>{body}
<tr><td colspan="5" align="center"><b>合计 {len(rows)} 人次</b></td><td align="right"><b>{money.text(total)}</b></td>
<td colspan="2"></td></tr></tbody>
</table>
<p>&nbsp;</p>
<p>经办人：__________　　审核：__________　　工会主席：__________</p>
</body></html>"""


def document(rows: list[dict], title: str) -> QTextDocument:
    return new_document(signing_html(rows, title), 10)


def to_pdf(rows: list[dict], title: str, path: str) -> str:
    return pdf(document(rows, title), path, title, landscape=True)  # eight columns: landscape
