"""The 维权 documents on A4: a contract's 要约书, a negotiation meeting's 协商记录 and a numbered
劳动争议调解协议书 (for the parties and the mediator to sign)."""

from __future__ import annotations

import html

from PySide6.QtGui import QTextDocument

from unionoffice.domain import chapter, contracts, money
from unionoffice.domain.validation import mask_id
from unionoffice.domain.wording import chinese_date
from unionoffice.ui.common.printing import new_document
from unionoffice.ui.common.printing import to_pdf as pdf

LINE = "line-height: 170%;"
CELL = "style='padding: 6px; border: 1px solid #333333;'"


def _names() -> tuple[str, str]:
    info = chapter.load()
    return info["unit_name"] or "本单位", info["union_name"] or "本单位工会"


def _e(text) -> str:
    return html.escape(str(text or ""))


def _paragraphs(text: str) -> str:
    lines = [line for line in (text or "").splitlines() if line.strip()]
    return "".join(f"<p style='{LINE} margin: 0px;'>　　{_e(line)}</p>" for line in lines) or "<p>　</p>"


def _page(title: str, body: str, number: str = "") -> str:
    numbered = f"<p align='right' style='font-size: 12pt;'>编号：{_e(number)}</p>" if number else ""
    return (f"<html><body style='font-size: 13pt;'>{numbered}"
            f"<h1 align='center' style='font-size: 22pt; margin-bottom: 18px;'>{_e(title)}</h1>{body}</body></html>")


def _table(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td width='26%' {CELL}><b>{_e(k)}</b></td><td {CELL}>{_e(v)}</td></tr>" for k, v in rows)
    return f"<table width='100%' cellspacing='0' style='border-collapse: collapse; {LINE}'>{cells}</table>"


def _signatures(rows: list[tuple[str, str]]) -> str:
    cells = "".join(f"<tr><td width='50%' style='padding-top: 28px;'>{_e(a)}</td>"
                    f"<td style='padding-top: 28px;'>{_e(b)}</td></tr>" for a, b in rows)
    return f"<table width='100%' style='margin-top: 30px; {LINE}'>{cells}</table>"


# --- 要约书 ---------------------------------------------------------------------------------------
def proposal_html(c) -> str:
    unit, union = _names()
    ours, theirs = (union, f"{unit}（企业方）") if c.proposer == "工会" else (unit, f"{union}（职工方）")
    due = contracts.answer_due(c)
    body = (f"<p style='{LINE}'>{_e(theirs)}：</p>"
            f"<p style='{LINE}'>　　根据《中华人民共和国劳动法》《中华人民共和国工会法》和《集体合同规定》的有关规定，"
            f"本着平等合作、协商一致的原则，{_e(ours)}提出就签订《{_e(c.name)}》（{_e(c.kind)}）进行集体协商。</p>"
            f"<p style='{LINE}'>　　协商的主要内容：</p>{_paragraphs(c.proposal)}"
            f"<p style='{LINE}'>　　请贵方自收到本要约书之日起二十日内"
            f"{('（即' + chinese_date(due) + '前）') if due else ''}以书面形式给予回应。</p>"
            f"<p align='right' style='{LINE} margin-top: 36px;'>要约方：{_e(ours)}（盖章）<br/>"
            f"首席代表（签字）：＿＿＿＿＿＿<br/>{chinese_date(c.proposed_on)}</p>")
    return _page("集体协商要约书", body)


def proposal_document(c) -> QTextDocument:
    return new_document(proposal_html(c), 12)


def proposal_pdf(c, path: str) -> str:
    return pdf(proposal_document(c), path, f"{c.name}要约书")


# --- 协商记录 -------------------------------------------------------------------------------------
def meeting_html(c, meeting, number: int) -> str:
    rows = [("合同名称", c.name), ("协商次数", f"第 {number} 次协商会议"), ("会议日期", chinese_date(meeting.held_on)),
            ("地点", meeting.place), ("职工方首席代表", meeting.union_chief), ("职工方协商代表", meeting.union_members),
            ("企业方首席代表", meeting.employer_chief), ("企业方协商代表", meeting.employer_members)]
    body = (_table(rows) + f"<p style='{LINE} margin-top: 16px;'><b>协商记录：</b></p>{_paragraphs(meeting.record)}"
            + _signatures([("职工方首席代表（签字）：", "企业方首席代表（签字）："), ("记录人（签字）：", "")]))
    return _page("集体协商会议记录", body)


def meeting_document(c, meeting, number: int) -> QTextDocument:
    return new_document(meeting_html(c, meeting, number), 12)


def meeting_pdf(c, meeting, number: int, path: str) -> str:
    return pdf(meeting_document(c, meeting, number), path, f"{c.name}协商记录")


# --- 调解协议书 -----------------------------------------------------------------------------------
def agreement_html(case) -> str:
    unit, union = _names()
    person = case.person
    rows = [("案号", case.number), ("申请人", person.name), ("证件号码", mask_id(person.id_number)),
            ("被申请人", unit), ("争议类型", case.kind), ("涉及人数", f"{case.people} 人"
                                                            + ("（集体争议）" if case.people >= 10 else "")),
            ("涉及金额", f"{money.text(case.amount_fen)} 元" if case.amount_fen else ""),
            ("申请日期", chinese_date(case.applied_on)), ("受理日期", chinese_date(case.accepted_on)),
            ("调解员", case.mediator)]
    body = (_table(rows)
            + f"<p style='{LINE} margin-top: 16px;'><b>争议事项：</b></p>{_paragraphs(case.request)}"
            + f"<p style='{LINE} margin-top: 12px;'><b>经调解，双方自愿达成如下协议：</b></p>{_paragraphs(case.agreement)}"
            + f"<p style='{LINE} margin-top: 12px;'>　　本协议书一式三份，双方当事人和{_e(union)}劳动争议调解委员会各执一份，"
              "自双方当事人签名或盖章、经调解员签名并加盖调解委员会印章后生效，对双方当事人具有约束力，当事人应当履行。</p>"
            + _signatures([("申请人（签字）：", "被申请人（盖章）："), (f"调解员（签字）：{case.mediator}",
                                                                 f"{union}劳动争议调解委员会（盖章）")])
            + f"<p align='right' style='{LINE} margin-top: 24px;'>{chinese_date(case.closed_on)}</p>")
    return _page("劳动争议调解协议书", body, case.agreement_no)


def agreement_document(case) -> QTextDocument:
    return new_document(agreement_html(case), 12)


def agreement_pdf(case, path: str) -> str:
    return pdf(agreement_document(case), path, f"调解协议书{case.agreement_no}")
