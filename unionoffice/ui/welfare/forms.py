"""The printed forms of a hardship file (A4 PDF): 困难职工建档申请表, 入户调查表, 金秋助学申请表 and
医疗救助申请表, filled from the file, each ending in the review chain's opinion and signature boxes
(本单位工会 → 上级工会 → 总工会复核). The forms carry the full 身份证号 the review needs and say that
they hold personal information; the bank card stays masked."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtWidgets import QInputDialog, QWidget

from unionoffice.domain import chapter, members, money, welfare
from unionoffice.domain.validation import mask_id
from unionoffice.ui.common.printing import new_document
from unionoffice.ui.common.printing import to_pdf as pdf
from unionoffice.ui.common.saving import PDF, save_file

SENSITIVE = "本表含个人敏感信息，仅供困难职工帮扶审核使用，请妥善保管。"


def _e(value) -> str:
    if value is None or value == "":
        return "&nbsp;"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    return html.escape(str(value))


def _yes(flag: bool) -> str:
    return "是" if flag else "否"


def _grid(rows: list[tuple]) -> str:
    """Label/value cells, a row of the table per tuple: (label, value, label, value, …); a value
    given as (value, span) spans that many columns."""
    out = []
    for row in rows:
        cells = []
        for i in range(0, len(row), 2):
            value = row[i + 1]
            span = 1
            if isinstance(value, tuple):
                value, span = value
            width = 14 * span + 11 * (span - 1)
            cells.append(f"<td bgcolor='#f2f2f2' width='11%'>{_e(row[i])}</td>"
                         f"<td colspan='{span}' width='{width}%'>{_e(value)}</td>")
        out.append("<tr>" + "".join(cells) + "</tr>")
    return "".join(out)


def _chain(first: str = "本单位工会意见") -> str:
    """The review chain: each level's opinion, signature and seal, and date."""
    parent = chapter.load().get("parent_union") or "上级工会"
    levels = (first, f"上级工会（{parent}）审核意见", "县级以上总工会复核意见")
    boxes = "".join(
        f"<tr><td width='18%' bgcolor='#f2f2f2' height='80'>{html.escape(level)}</td>"
        f"<td valign='bottom'><br><br><br>负责人签字：__________　　（盖章）　　　　　年　　月　　日</td></tr>"
        for level in levels)
    return f"<table border='1' cellspacing='0' cellpadding='6' width='100%'>{boxes}</table>"


def _family_table(case_id: int, columns=("name", "relation", "gender", "age", "political_status", "education",
                                         "health", "medical_insurance", "income", "identity", "school_or_work"),
                  blank_rows: int = 0) -> str:
    labels = {"name": "姓名", "relation": "关系", "gender": "性别", "age": "年龄", "political_status": "政治面貌",
              "education": "文化程度", "health": "健康状况", "medical_insurance": "医保", "income": "月收入（元）",
              "identity": "身份", "school_or_work": "单位或学校", "id_number": "身份证号"}
    head = "".join(f"<th bgcolor='#f2f2f2'>{labels[c]}</th>" for c in columns)
    rows = []
    for m in welfare.family(case_id):
        age = welfare.age_from_id(m.id_number)
        values = {"name": m.name, "relation": m.relation, "gender": m.gender, "age": "" if age is None else age,
                  "political_status": m.political_status, "education": m.education, "health": m.health,
                  "medical_insurance": m.medical_insurance, "income": money.text(m.monthly_income_fen),
                  "identity": m.identity, "school_or_work": m.school_or_work, "id_number": m.id_number}
        rows.append("<tr>" + "".join(f"<td>{_e(values[c])}</td>" for c in columns) + "</tr>")
    rows += ["<tr>" + "<td>&nbsp;</td>" * len(columns) + "</tr>"] * blank_rows
    return (f"<table border='1' cellspacing='0' cellpadding='3' width='100%'><tr>{head}</tr>{''.join(rows)}"
            "</table>")


def _page(title: str, body: str) -> str:
    info = chapter.load()
    unit = html.escape(info["union_name"] or info["unit_name"] or "")
    return (f"<html><body style='font-size: 9pt;'><h2 align='center'>{html.escape(title)}</h2>"
            f"<p>填报单位（盖章）：{unit}　　　　填表日期：{dt.date.today():%Y年%m月%d日}</p>{body}"
            f"<p style='font-size: 8pt;'>{SENSITIVE}</p></body></html>")


def _person_rows(case) -> list[tuple]:
    person = members.get_person(case.person_id)
    dept = person.department.name if person.department_id else ""
    age = welfare.age_from_id(person.id_number)
    return [
        ("姓名", person.name, "性别", person.gender, "年龄", "" if age is None else age, "职工编号", case.staff_no),
        ("身份证号", (person.id_number, 3), "政治面貌", person.political_status, "文化程度", person.education),
        ("工作单位（部门）", (dept, 3), "单位性质", case.employer_nature, "企业状况", case.enterprise_state),
        ("联系电话", person.mobile, "婚姻状况", case.marital, "健康状况", case.health, "对象", case.target),
        ("户口所在地", (case.hukou_place, 3), "现居住地", (case.residence, 3)),
    ]


def _income_rows(case) -> list[tuple]:
    result = welfare.assess(case, welfare.assessed_on(case))
    return [
        ("家庭人口", f"{case.family_size} 人", "家庭年总收入（元）", money.text(case.family_income_fen),
         "其中其他收入（元）", money.text(case.other_income_fen), "本人月收入（元）", money.text(case.own_income_fen)),
        ("刚性支出（元/年）", (f"医疗 {money.text(case.medical_expense_fen)}　教育 {money.text(case.education_expense_fen)}"
                         f"　其他 {money.text(case.other_expense_fen)}", 3),
         "家庭月人均收入（元）", (money.text(result.per_capita_fen), 3)),
        ("低保测算", (result.arithmetic(), 7)),
    ]


def application_html(case_id: int) -> str:
    """困难职工建档申请表."""
    case = welfare.get_case(case_id)
    rows = _person_rows(case) + [
        ("劳动合同期限", (f"{_e(case.contract_from)} 至 {_e(case.contract_to)}".replace("&nbsp;", "　"), 3),
         "劳模类型", case.model_worker, "医保状况", case.medical_insurance),
        ("残疾类别", case.disability_kind, "残疾等级", case.disability_grade, "单亲家庭", _yes(case.single_parent),
         "零就业家庭", _yes(case.zero_employment)),
        ("住房类型", case.housing_type, "建筑面积（㎡）", case.housing_area, "住房情况", (case.housing, 3)),
    ] + _income_rows(case) + [
        ("主要致困原因", case.main_cause, "次要致困原因", case.other_cause, "自救能力", case.self_help,
         "档案类别", case.category),
        ("致困原因简述", (case.cause_detail, 7)),
    ]
    if case.category_reason:
        rows.append(("认定理由", (f"测算建议“{case.suggested_category or '无'}”，认定“{case.category}”：{case.category_reason}", 7)))
    rows.append(("开户银行", (case.bank, 3), "卡号", (mask_id(case.card_no), 3)))
    body = (f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>{_grid(rows)}</table>"
            f"<p><b>家庭成员情况</b></p>{_family_table(case_id)}"
            "<p>本人承诺：以上所填内容真实，如有虚假，愿承担相应责任，并退回所领帮扶资金。</p>"
            "<p align='right'>申请人签字：__________　　　　年　　月　　日</p>" + _chain())
    return _page("困难职工建档申请表", body)


def survey_html(case_id: int) -> str:
    """入户调查表: what the visit is to check, with space for what was found."""
    case = welfare.get_case(case_id)
    rows = _person_rows(case) + [
        ("住房类型", case.housing_type, "建筑面积（㎡）", case.housing_area, "住房情况", (case.housing, 3)),
    ] + _income_rows(case) + [
        ("申请类别", case.category, "主要致困原因", case.main_cause, "自救能力", case.self_help,
         "单亲/零就业", f"{_yes(case.single_parent)} / {_yes(case.zero_employment)}"),
        ("调查时间", "　　年　月　日", "调查地点", (case.residence, 5)),
    ]
    found = "".join(f"<tr><td bgcolor='#f2f2f2' width='18%' height='60'>{label}</td><td>&nbsp;</td></tr>"
                    for label in ("家庭收入核实情况", "住房及生活状况", "患病、残疾及支出核实情况", "邻里、社区（村）反映情况"))
    body = (f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>{_grid(rows)}</table>"
            f"<p><b>家庭成员情况（调查时核对）</b></p>{_family_table(case_id, blank_rows=1)}"
            f"<p><b>调查核实情况</b></p><table border='1' cellspacing='0' cellpadding='6' width='100%'>{found}</table>"
            "<p>调查人（两人以上）签字：__________　__________　　被调查人签字：__________</p>"
            + _chain("本单位工会调查结论"))
    return _page("困难职工家庭入户调查表", body)


def _aid_html(case_id: int, kind: str) -> str:
    case = welfare.get_case(case_id)
    rows = _person_rows(case)[:3] + _income_rows(case)[:2] + [
        ("档案类别", case.category, "流程环节", case.stage, "建档日期", case.filed_on, "医保状况", case.medical_insurance)]
    if kind == "金秋助学":
        students = [m for m in welfare.family(case_id) if m.identity == "学生"] or [None]
        extra = []
        for m in students:
            extra.append(("学生姓名", m.name if m else "", "关系", m.relation if m else "", "就读学校",
                          (m.school_or_work if m else "", 3)))
            extra.append(("就读阶段", "□大学　□高中", "年级/录取专业", "", "学费（元/年）", "", "申请金额（元）", ""))
        level_amounts = "；".join(f"{level} {money.text(welfare.suggested_aid_fen(case.person_id, level))} 元"
                                  for level in welfare.SCHOOL_LEVELS)
        extra.append(("参考标准", (f"{level_amounts}（按建档与否、就读阶段，见帮扶设置）", 7)))
        title, chain_first = "金秋助学申请表", "本单位工会意见"
    else:
        extra = [("患病人", "", "与申请人关系", "", "疾病名称", ("", 3)),
                 ("住院时间", "　年　月　日至　年　月　日", "医疗总费用（元）", "", "医保报销（元）", "", "个人自付（元）", ""),
                 ("申请金额（元）", "", "致困原因简述", (case.cause_detail, 5))]
        title, chain_first = "医疗救助申请表", "本单位工会意见"
    body = (f"<table border='1' cellspacing='0' cellpadding='3' width='100%'>{_grid(rows + extra)}</table>"
            f"<p><b>家庭成员情况</b></p>{_family_table(case_id, ('name', 'relation', 'age', 'health', 'income', 'identity', 'school_or_work'))}"
            f"<p>附：{'录取通知书或学生证复印件、学费票据' if kind == '金秋助学' else '诊断证明、住院费用清单及医保结算单'}"
            "复印件。本人承诺所填内容真实。</p><p align='right'>申请人签字：__________　　　　年　　月　　日</p>"
            + _chain(chain_first))
    return _page(title, body)


def aid_html(case_id: int) -> str:
    return _aid_html(case_id, "金秋助学")


def medical_html(case_id: int) -> str:
    return _aid_html(case_id, "医疗救助")


FORMS = {"困难职工建档申请表": application_html, "入户调查表": survey_html, "金秋助学申请表": aid_html,
         "医疗救助申请表": medical_html}


def to_pdf(form: str, case_id: int, path: str) -> str:
    return pdf(new_document(FORMS[form](case_id), 9), path, form)


def choose_and_print(parent: QWidget, case_id: int) -> None:
    """Ask which form, then where to save its PDF."""
    form, ok = QInputDialog.getItem(parent, parent.tr("打印表格"), parent.tr("选择表格："), list(FORMS), 0, False)
    if not ok:
        return
    name = welfare.get_case(case_id).person.name
    save_file(parent, parent.tr("保存%s") % form, f"{form}-{name}.pdf", PDF,
              lambda path: to_pdf(form, case_id, path) and f"{form}已保存。")
