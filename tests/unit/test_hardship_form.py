"""Issue 27: the full 建档申请表 on a hardship file, its family members, and the 低保 test that suggests
the category (刚性支出, the two thresholds, the 低保标准 in force by date, a reasoned override)."""

import datetime as dt
import json
from decimal import Decimal

import pytest

from unionoffice.db.models import AuditLog, HardshipCase
from unionoffice.domain import codes, members, welfare
from unionoffice.domain.validation import ValidationError
from tests.helpers import make_id

D = dt.date


def person(i=0):
    return members.create_person({"name": f"职工{i}", "id_number": make_id(seq=300 + i * 2, birth="19780505"),
                                  "department": "动力厂", "hukou_place": "吉林省长春市"}).id


@pytest.fixture
def standards(db):
    # 低保标准: 800 元 from 2025-07-01, 900 元 from 2026-07-01 (the 2× multiple as shipped)
    welfare.set_standards([("2025-07-01", "800"), ("2026-07-01", "900")])


def test_per_capita_takes_off_the_rigid_expenses_and_rounds_half_up(db):
    case = {"family_income_fen": 6000000, "medical_expense_fen": 1200000, "education_expense_fen": 600000,
            "other_expense_fen": 0, "family_size": 4}
    # (60,000 − 12,000 − 6,000) ÷ 12 ÷ 4 = 875.00
    assert welfare.rigid_expense_fen(case) == 1800000
    assert welfare.per_capita_monthly_fen(case) == 87500
    # 10,000.00 ÷ 12 ÷ 3 = 277.7777… → 277.78 (half up to the fen)
    assert welfare.per_capita_monthly_fen({"family_income_fen": 1000000, "family_size": 3}) == 27778
    # 1.00 ÷ 12 ÷ 8 = 0.0104… → 0.01; expenses above the income count as nothing left, never below 0
    assert welfare.per_capita_monthly_fen({"family_income_fen": 100, "family_size": 8}) == 1
    assert welfare.per_capita_monthly_fen({"family_income_fen": 100, "medical_expense_fen": 500, "family_size": 2}) == 0


def test_the_two_thresholds_and_the_cause(standards):
    on = D(2026, 3, 1)  # 800 元 in force: 深度 ≤ 800.00 < 相对 ≤ 1,600.00
    def suggest(income, cause="因病", size=1, **extra):
        return welfare.assess({"family_income_fen": income, "family_size": size, "main_cause": cause, **extra}, on)
    assert suggest(960000).suggestion == "深度困难"  # 9,600 ÷ 12 = 800.00: at the standard
    assert suggest(960012).suggestion == "相对困难"  # 800.01
    assert suggest(1920000).suggestion == "相对困难"  # 1,600.00: at twice the standard
    assert suggest(1920012).suggestion == ""  # 1,600.01: above, not by accident
    assert suggest(1920012, "因灾").suggestion == "意外致困"
    assert suggest(1920012, "因意外").suggestion == "意外致困"
    # the same income with a year's 医疗 and 教育 spending comes under the standard
    assert suggest(1920012, medical_expense_fen=600000, education_expense_fen=360012).suggestion == "深度困难"
    result = suggest(6000000, size=4, medical_expense_fen=1200000, education_expense_fen=600000)
    assert result.per_capita_fen == 87500 and result.suggestion == "相对困难"
    text = result.arithmetic()
    assert "（60,000.00 − 18,000.00）÷ 12 ÷ 4 人 = 875.00" in text
    assert "低保标准 800.00 元（2025-07-01 起执行）" in text and "2 倍为 1,600.00 元" in text


def test_the_standard_in_force_by_date_and_the_multiple_setting(standards):
    case = {"family_income_fen": 1020000, "family_size": 1}  # 850.00 a month
    assert welfare.assess(case, D(2025, 6, 30)).standard_fen is None  # before any standard
    assert "未设置 2025-06-30 适用的低保标准" in welfare.assess(case, D(2025, 6, 30)).arithmetic()
    assert welfare.assess(case, D(2026, 6, 30)).suggestion == "相对困难"  # 800 in force
    assert welfare.assess(case, D(2026, 7, 1)).suggestion == "深度困难"  # 900 from this day
    high = {"family_income_fen": 3000000, "family_size": 1}  # 2,500.00: above 2 × 900
    assert welfare.assess(high, D(2026, 8, 1)).suggestion == ""
    welfare.set_standards([("2025-07-01", "800"), ("2026-07-01", "900")], multiple="3")
    assert welfare.relative_multiple() == Decimal(3)
    assert welfare.assess(high, D(2026, 8, 1)).suggestion == "相对困难"  # ≤ 2,700.00
    with pytest.raises(ValidationError, match="第 2 行 执行日期"):
        welfare.set_standards([("2025-07-01", "800"), ("2025-07-01", "850")])
    with pytest.raises(ValidationError, match="相对困难倍数"):
        welfare.set_standards([("2025-07-01", "800")], multiple="0.5")
    with pytest.raises(ValidationError, match="第 1 行 低保标准"):
        welfare.set_standards([("2025-07-01", "八百")])
    assert welfare.standards() == [(D(2025, 7, 1), 80000), (D(2026, 7, 1), 90000)]  # unchanged by the refusals


def test_the_suggestion_is_kept_and_choosing_otherwise_needs_a_reason(standards):
    pid = person()
    values = {"category": "相对困难", "family_size": 4, "family_income": "36000", "main_cause": "因病",
              "medical_expense": "6000"}  # (36,000 − 6,000) ÷ 12 ÷ 4 = 625.00 → 深度困难
    with pytest.raises(ValidationError, match="认定理由.*深度困难.*相对困难"):
        welfare.open_case(pid, values, "2026-03-01", "李秀英")
    assert not HardshipCase.select().exists()  # nothing half-written
    case = welfare.open_case(pid, {**values, "category_reason": "配偶有未申报的经营收入"}, "2026-03-01", "李秀英")
    assert (case.category, case.suggested_category, case.category_reason) == ("相对困难", "深度困难",
                                                                              "配偶有未申报的经营收入")
    logged = json.loads(AuditLog.select().where(AuditLog.table_name == "hardship_case").get().after)
    assert logged["category_reason"] == "配偶有未申报的经营收入" and logged["suggested_category"] == "深度困难"
    # following the suggestion needs no reason, and drops the old one
    case = welfare.update_case(case.id, {**values, "category": "深度困难", "category_reason": "配偶有未申报的经营收入"})
    assert (case.category, case.category_reason) == ("深度困难", "")
    # without a standard for the day there is no suggestion and nothing to explain
    other = welfare.open_case(person(1), {**values, "category": "意外致困"}, "2025-01-02", "李秀英")
    assert other.suggested_category == "" and other.category_reason == ""


def test_the_full_form_is_checked_and_kept(db):
    pid = person()
    values = {"category": "深度困难", "family_size": 4, "family_income": "48000", "other_income": "6000",
              "staff_no": "GH-0012", "disability_kind": "肢体残疾", "disability_grade": "三级",
              "model_worker": "市级劳模", "medical_insurance": "城镇职工基本医疗保险", "housing_type": "租住私房",
              "housing_area": "56.5", "hukou_place": "吉林省长春市宽城区", "residence": "长春市宽城区胜利北街 12 号",
              "employer_nature": "国有企业", "enterprise_state": "正常经营", "single_parent": True,
              "zero_employment": False, "self_help": "较弱", "contract_from": "2020-01-01",
              "contract_to": "2028-12-31", "education_expense": "8000", "cause_detail": "本人肢体残疾，子女上大学"}
    case = welfare.open_case(pid, values, "2026-03-01", "李秀英")
    case = welfare.get_case(case.id)
    assert (case.housing_area, case.single_parent, case.contract_to, case.other_income_fen,
            case.education_expense_fen) == ("56.50", True, D(2028, 12, 31), 600000, 800000)
    for bad, field in ((dict(housing_area="五十"), "建筑面积"), (dict(contract_to="2019-01-01"), "劳动合同终止日期"),
                       (dict(other_income="50000"), "家庭其他年收入"), (dict(medical_expense="-1"), "医疗支出"),
                       (dict(staff_no="X" * 31), "职工编号")):
        with pytest.raises(ValidationError, match=field):
            welfare.update_case(case.id, {**values, **bad})
    assert welfare.get_case(case.id).housing_area == "56.50"


def test_family_members_gender_and_age_come_from_the_id(db):
    case = welfare.open_case(person(), {"category": "深度困难", "family_size": 2}, "2026-03-01", "李秀英")
    child = make_id(seq=402, birth="20080915")  # even sequence: 女
    member = welfare.add_family_member(case.id, {"name": "王小红", "relation": "女儿", "id_number": child,
                                                 "political_status": "共青团员", "education": "高中",
                                                 "medical_insurance": "城乡居民基本医疗保险"})
    assert member.gender == "女" and member.political_status == "共青团员"
    assert welfare.age_from_id(child, D(2026, 9, 14)) == 17 and welfare.age_from_id(child, D(2026, 9, 15)) == 18
    assert welfare.age_from_id("", D(2026, 1, 1)) is None and welfare.age_from_id("123", D(2026, 1, 1)) is None
    with pytest.raises(ValidationError, match="与身份证号（女）不符"):
        welfare.add_family_member(case.id, {"name": "王小明", "id_number": child, "gender": "男"})
    welfare.remove_family_member(member.id)
    assert welfare.family(case.id) == []


def test_the_form_code_lists_are_editable(db):
    for category in ("disability_kind", "model_worker", "medical_insurance", "housing_type", "employer_nature",
                     "enterprise_state"):
        assert category in codes.categories() and codes.values(category)
    assert codes.label("model_worker") == "劳模类型"
    codes.set_values("housing_type", ["自有住房", "公租房", "周转房"])
    assert codes.values("housing_type") == ["自有住房", "公租房", "周转房"]


def test_the_ledger_carries_the_new_columns_and_a_family_sheet(standards, tmp_path):
    from openpyxl import load_workbook

    from unionoffice.ledgers import assistance as assistance_ledger

    pid = person()
    child = make_id(seq=402, birth="20080915")
    welfare.open_case(pid, {"category": "相对困难", "family_size": 3, "family_income": "36000", "main_cause": "因学",
                            "education_expense": "12000", "staff_no": "GH-0300", "housing_area": "60",
                            "single_parent": True, "category_reason": "子女学费另有助学贷款"},
                      "2026-03-01", "李秀英", family=[{"name": "王小红", "relation": "女儿", "id_number": child,
                                                       "identity": "学生", "school_or_work": "长春市第二中学"}])
    path = tmp_path / "welfare.xlsx"
    written = assistance_ledger.export_workbook(path, 2026)
    assert (written["cases"], written["family"]) == (1, 1)
    wb = load_workbook(path)
    assert wb.sheetnames[-1] == "家庭成员"
    cases = wb["困难职工档案台账"]
    header = [c.value for c in cases[2]]
    row = dict(zip(header, [c.value for c in cases[3]]))
    # (36,000 − 12,000) ÷ 12 ÷ 3 = 666.67 ≤ 800: the test said 深度困难, the clerk chose 相对困难 with a reason
    assert (row["家庭月人均收入（元）"], row["刚性支出（元/年）"], row["测算建议类别"], row["认定理由"]) == (
        666.67, 12000, "深度困难", "子女学费另有助学贷款")
    assert (row["职工编号"], row["建筑面积（㎡）"], row["单亲家庭"], row["零就业家庭"]) == ("GH-0300", 60, "是", "否")
    family = wb["家庭成员"]
    member = dict(zip([c.value for c in family[2]], [c.value for c in family[3]]))
    assert (member["申请人"], member["姓名"], member["性别"], member["年龄"], member["单位或学校"]) == (
        "职工0", "王小红", "女", 18, "长春市第二中学")  # 18 on 2026-12-31, or today if earlier
    assert "*" in member["身份证号"] and family.cell(4, 1).value == "合计"
