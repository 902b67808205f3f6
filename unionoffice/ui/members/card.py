"""A person's card printed from the roster: the real-name fields (职工会员实名制) in full, the
membership and its history, on one A4 page with the chapter's name."""

from __future__ import annotations

import html

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QWidget

from unionoffice.domain import members
from unionoffice.ui.common.list_print import chapter_title
from unionoffice.ui.common.printing import new_document, preview, print_document
from unionoffice.ui.common.table_model import display


def card_html(card: dict) -> str:
    cells = [f"<td width='17%' bgcolor='#eeeeee'>{html.escape(label)}</td><td width='33%'>{html.escape(display(value))}</td>"
             for label, value in card["fields"]]
    cells.append(f"<td bgcolor='#eeeeee'>会籍</td><td>{html.escape(card['membership'])}</td>")
    if card["left_on"]:
        cells.append(f"<td bgcolor='#eeeeee'>离职日期</td><td>{display(card['left_on'])}</td>")
    if len(cells) % 2:
        cells.append("<td></td><td></td>")
    rows = "".join(f"<tr>{cells[i]}{cells[i + 1]}</tr>" for i in range(0, len(cells), 2))
    history = "".join(f"<tr><td>{display(on)}</td><td>{html.escape(kind)}</td><td>{html.escape(reason or '')}</td></tr>"
                      for on, kind, reason in card["history"]) or "<tr><td colspan='3'>（无会籍记录）</td></tr>"
    return f"""
<html><body>
<h2 align="center">{html.escape(chapter_title('职工信息卡'))}</h2>
<table border="1" cellspacing="0" cellpadding="5" width="100%" style="border-collapse: collapse;">{rows}</table>
<h3>会籍变化</h3>
<table border="1" cellspacing="0" cellpadding="5" width="100%" style="border-collapse: collapse;">
<tr bgcolor='#eeeeee'><th width="25%">日期</th><th width="20%">类型</th><th>原因</th></tr>{history}</table>
</body></html>"""


def document(person_id: int) -> QTextDocument:
    return new_document(card_html(members.card(person_id)), 10)


def preview_card(parent: QWidget, person_id: int) -> None:
    """打印职工信息卡…: the card's print preview (its making is logged: it shows the full numbers)."""
    doc = document(person_id)
    name = members.get_person(person_id).name
    preview(parent, f"打印 - {name} 职工信息卡", lambda printer: print_document(doc, printer))
