"""Filling a higher union platform's own member template (domain.md §16, issue 26): the sample
template and a second one made here with another layout, each checked as the platform's importer
would check it (header row, every drop-down cell one of its list's values, dates in the header's
format), against the plain roster export's people."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import pytest
from defusedxml.ElementTree import fromstring
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Border, Side
from openpyxl.worksheet.datavalidation import DataValidation

from tests.conftest import DATA
from tests.helpers import make_id
from unionoffice.db.codes import ETHNICITIES
from unionoffice.domain import members, template_values
from unionoffice.ledgers import platform_template, roster_export

pytestmark = pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")
SAMPLE_TEMPLATE = DATA / "platform-template-sample.xlsx"
X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"

EDUCATION = ["博士", "硕士", "本科", "大专", "中专", "高中", "初中", "小学及以下"]
SKILLS = ["职业资格一级（高级技师）", "职业资格二级（技师）", "职业资格三级（高级）", "职业资格四级（中级）",
          "职业资格五级（初级）", "无"]
POLITICS = ["中共党员", "中共预备党员", "共青团员", "民革党员", "民盟盟员", "民建会员", "民进会员", "农工党党员",
            "致公党党员", "九三学社社员", "台盟盟员", "无党派人士", "群众"]
SECOND_HEADER = ["序号", "姓名", "证件类别", "证件号码", "性别", "民族", "出生日期\n（格式：yyyy/MM/dd）", "学历",
                 "技术等级", "政治面貌", "手机号码", "户籍类型", "工作单位", "部门", "会籍变化类型",
                 "会籍变化日期（格式：yyyy/MM/dd）", "是否农民工会员", "填报人备注"]


def second_template(path: Path) -> Path:
    """Another province's layout: three title rows, the header on row 4, three bordered empty data
    rows, a 填表说明 under them, lists whose values are not ours, and 民族 a list pointing at a
    下拉菜单表 sheet, kept (as Excel keeps it) in the x14 extension that openpyxl cannot write."""
    wb = Workbook()
    ws = wb.active
    ws.title = "会员信息"
    ws["A1"] = "附件四"
    ws["A2"] = "XX省工会会员实名制信息采集表"
    ws["A3"] = "填表单位（盖章）：            联系人：          "
    ws.merge_cells("A2:R2")
    for col, text in enumerate(SECOND_HEADER, start=1):
        ws.cell(4, col, text)
    thin = Side(style="thin")
    for r in range(5, 8):
        for col in range(1, 19):
            ws.cell(r, col).border = Border(left=thin, right=thin, top=thin, bottom=thin)
    ws["A8"] = "填表说明：1. 下拉栏目只能选择；2. 日期格式 yyyy/MM/dd；3. 证件号码为文本。"
    ws.merge_cells("A8:R8")
    ws.row_dimensions[8].height = 40
    lists = {"C": ["居民身份证", "护照", "港澳居民来往内地通行证", "其他"], "E": ["男", "女"], "H": EDUCATION,
             "I": SKILLS, "J": POLITICS, "L": ["农业户口", "非农业户口"], "O": ["入会", "转入", "保留"],
             "Q": ["是", "否"]}
    for col, values in lists.items():
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"', allow_blank=True)
        dv.add(f"{col}5:{col}7")
        ws.add_data_validation(dv)
    menu = wb.create_sheet("下拉菜单表")
    for i, name in enumerate(ETHNICITIES, start=1):
        menu.cell(i, 1, name)
    wb.save(path)
    ext = (f'<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}">'
           f'<x14:dataValidations count="1" xmlns:xm="{XM}"><x14:dataValidation type="list" allowBlank="1" '
           f'showErrorMessage="1" errorTitle="民族" error="请从下拉列表中选择"><x14:formula1>'
           f'<xm:f>下拉菜单表!$A$1:$A${len(ETHNICITIES)}</xm:f></x14:formula1><xm:sqref>F5:F7</xm:sqref>'
           f'</x14:dataValidation></x14:dataValidations></ext></extLst>')
    _rewrite_sheet(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("</worksheet>", ext + "</worksheet>"))
    # the menu sheet has a list of its own (pointing back at the member sheet): kept as well
    _rewrite_sheet(path, "xl/worksheets/sheet2.xml", lambda xml: xml.replace("</worksheet>", ext.replace(
        f"下拉菜单表!$A$1:$A${len(ETHNICITIES)}", "会员信息!$E$4:$E$4").replace("F5:F7", "C1") + "</worksheet>"))
    return path


def _rewrite_sheet(path: Path, part: str, change) -> None:
    with zipfile.ZipFile(path) as z:
        items = [(i, z.read(i.filename)) for i in z.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for info, data in items:
            z.writestr(info, change(data.decode()).encode() if info.filename == part else data)


# --- the platform's importer, as far as a test can play it ------------------------------------
def _x14_lists(path: Path, part: str = "xl/worksheets/sheet1.xml") -> list[tuple[str, str]]:
    with zipfile.ZipFile(path) as z:
        root = fromstring(z.read(part))
    return [(dv.find(f"{{{X14}}}formula1/{{{XM}}}f").text, dv.find(f"{{{XM}}}sqref").text)
            for dv in root.iter(f"{{{X14}}}dataValidation")]


def _cells(sqref: str):
    for part in sqref.split():
        part = part if ":" in part else f"{part}:{part}"
        m = re.fullmatch(r"([A-Z]+)(\d+):([A-Z]+)(\d+)", part)
        assert m and m[1] == m[3], part
        for r in range(int(m[2]), int(m[4]) + 1):
            yield f"{m[1]}{r}"


def importer_view(path: Path, sheet: str, header_row: int) -> dict:
    """What the platform's importer sees: the header, the data rows (first row under the header
    to the row before the 填表说明), and each list's cells with their allowed values."""
    wb = load_workbook(path)
    ws = wb[sheet]
    header = [c.value for c in ws[header_row]]
    rows = {}
    for r in range(header_row + 1, ws.max_row + 1):
        first = ws.cell(r, 1).value
        if isinstance(first, str) and (first.startswith("填表说明") or first.startswith("说明")):
            note_row = r
            break
        rows[r] = {header[c - 1]: ws.cell(r, c) for c in range(1, len(header) + 1)}
    else:
        note_row = None
    lists = []
    for dv in ws.data_validations.dataValidation:
        lists.append((dv.formula1.strip('"').split(","), str(dv.sqref)))
    for formula, sqref in _x14_lists(path):
        sheet_name, ref = formula.split("!")
        lo, hi = (int(x) for x in re.findall(r"\d+", ref))
        lists.append([[wb[sheet_name].cell(r, 1).value for r in range(lo, hi + 1)], sqref])
    return {"ws": ws, "wb": wb, "header": header, "rows": rows, "note_row": note_row, "lists": lists}


def check_like_the_platform(view: dict, unmapped: list[dict]) -> None:
    """Every data row's list cells hold one of the list's values, or are empty and listed."""
    ws = view["ws"]
    listed = {(u["row"], u["column"]) for u in unmapped}
    header = view["header"]
    data_rows = set(view["rows"])
    covered = set()
    for values, sqref in view["lists"]:
        for ref in _cells(sqref):
            cell = ws[ref]
            assert cell.row in data_rows, f"{ref}: the list reaches beyond the data rows"
            covered.add((cell.row, cell.column))
            column = str(header[cell.column - 1])
            if cell.value is None:
                continue  # blank: our value was blank, or it is listed (checked below)
            assert cell.value in values, f"{ref} {column}: {cell.value!r} not in {values}"
        for r in data_rows:
            col = ws[next(_cells(sqref))].column
            assert (r, col) in covered, f"row {r}: list of column {col} does not cover it"
    for row, column in listed:
        col = header.index(next(h for h in header if h and h == column)) + 1
        assert ws.cell(row, col).value is None


def people():
    """Members with the values where templates differ; one non-member."""
    specs = [
        ("张伟", 111, {"education": "大学本科", "skill_level": "职业资格三级(高级工)", "political_status": "中共党员",
                     "hukou_type": "农业户口", "ethnicity": "汉族", "department": "动力厂", "mobile": "13812345678"}),
        ("李娜", 122, {"education": "中专", "skill_level": "无", "political_status": "中共预备党员",
                     "hukou_type": "农转居", "ethnicity": "蒙古族", "department": "炼油厂",
                     "employment_status": "退养(内退)"}),
        ("王芳", 133, {"education": "研究生", "political_status": "民主党派", "hukou_type": "非农业户口",
                     "ethnicity": "回族", "department": "动力厂"}),
        ("赵强", 144, {"education": "初中及以下", "skill_level": "职业资格一级(高级技师)", "political_status": "群众",
                     "ethnicity": "汉族", "department": "炼油厂"}),
        ("=HYPERLINK(\"x\")", 155, {"education": "大学专科", "political_status": "共青团员"}),
    ]
    created = []
    for name, seq, values in specs:
        created.append(members.create_person({"name": name, "id_number": make_id(seq=seq), **values},
                                             join=("入会", "2015-06-01")))
    members.create_person({"name": "非会员", "id_number": make_id(seq=166), "education": "大学本科"})
    return created


def test_header_texts_and_date_formats():
    assert template_values.header_field("出生日期\n（格式：yyyy/MM/dd）") == "birth_date"
    assert template_values.header_field("所在单位（全称）") == "unit"
    assert template_values.header_field("技术等级") == "skill_level"
    assert template_values.header_field("是否农民工会员") == "is_migrant"
    assert template_values.header_field("*证件类别") == "id_type"
    assert template_values.header_field("部门") == "department"
    assert template_values.date_format("出生日期（格式：yyyy/MM/dd）") == "%Y/%m/%d"
    assert template_values.date_format("出生年月（yyyy-mm）") == "%Y-%m"
    assert template_values.date_format("入会时间（格式：yyyy.mm.dd）") == "%Y.%m.%d"
    assert template_values.date_format("会籍变化日期(yyyyMMdd)") == "%Y%m%d"
    assert template_values.date_format("出生日期") is None
    assert template_values.date_format("出生日期（如 1990-01-31）") == "%Y-%m-%d"
    assert template_values.date_format("入会日期(例：20200131)") == "%Y%m%d"
    assert template_values.date_format("入会日期（例：2020年1月31日）") == "%Y年%m月%d日"


@pytest.mark.parametrize("field,ours,choices,expected", [
    ("education", "大学本科", EDUCATION, "本科"),
    ("education", "本科", ["研究生", "大学本科", "大学专科"], "大学本科"),
    ("education", "中专", ["研究生", "大学本科", "大学专科", "中专及高中", "初中及以下"], "中专及高中"),
    ("education", "研究生", EDUCATION, None),  # 博士 or 硕士: never guessed
    ("education", ("硕士研究生", "研究生"), EDUCATION, "硕士"),  # the finer HR value first
    ("education", "初中及以下", EDUCATION, None),
    ("skill_level", "职业资格三级(高级工)", SKILLS, "职业资格三级（高级）"),
    ("skill_level", "职业资格三级（高级工）", ["高级技师", "技师", "高级工", "中级工", "初级工", "无"], "高级工"),
    ("skill_level", "职业资格二级(技师)", ["高级技师", "技师", "高级工"], "技师"),
    ("skill_level", "无", SKILLS, "无"),
    ("id_type", "身份证", ["居民身份证", "护照"], "居民身份证"),
    ("id_type", "居民身份证", ["身份证", "护照"], "身份证"),
    ("political_status", "中共预备党员", ["中共党员（含预备党员）", "群众"], "中共党员（含预备党员）"),
    ("political_status", "民主党派", POLITICS, None),  # which of the eight parties?
    ("political_status", ("九三学社", "民主党派"), POLITICS, "九三学社社员"),
    ("political_status", "民主党派", ["民主党派成员", "群众"], "民主党派成员"),
    ("employment_status", "待(下)岗", ["在职", "下岗待岗"], "下岗待岗"),
    ("employment_status", "待（下）岗", ["在职", "待(下)岗"], "待(下)岗"),  # either bracket spelling
    ("employment_status", "在岗", ["在职", "下岗待岗"], "在职"),
    ("employment_status", "退养(内退)", ["在职", "下岗待岗", "其他"], None),
    ("hukou_type", "农转居", ["农业户口", "非农业户口"], None),
    ("ethnicity", "汉", ["汉族", "回族"], "汉族"),
    ("membership_state", "在会", ["正常", "保留会籍", "已转出"], "正常"),
])
def test_value_mapping_is_safe_or_nothing(field, ours, choices, expected):
    assert template_values.match(field, ours, choices) == expected


def test_sample_template_filled_as_the_platform_reads_it(chapter_saved, tmp_path):
    created = people()
    out = tmp_path / "filled.xlsx"
    result = platform_template.fill_template(SAMPLE_TEMPLATE, out)
    assert result.written == 5 and result.template.header_row == 3
    view = importer_view(out, "会员信息采集", 3)
    assert view["ws"]["A1"].value == "某省工会会员实名制信息采集表（样例）"  # title rows kept
    assert view["ws"]["A2"].value.startswith("填报单位（盖章）")
    assert sorted(view["rows"]) == [4, 5, 6, 7, 8] and view["note_row"] == 9
    assert "A9:Q9" in {m.coord for m in view["ws"].merged_cells.ranges}
    summary = result.summary()
    check_like_the_platform(view, summary["unmapped"])
    rows = {r["会员姓名"].value: r for r in view["rows"].values()}
    zw = rows["张伟"]
    assert zw["公民身份号码"].value == created[0].id_number and zw["公民身份号码"].data_type == "s"
    assert zw["公民身份号码"].number_format == "@" and zw["手机号码"].value == "13812345678"
    assert zw["出生年月（yyyy-mm）"].value == "1985-03"
    assert zw["入会时间（格式：yyyy.mm.dd）"].value == "2015.06.01"
    assert zw["文化程度"].value == "大学本科" and zw["职业技能等级"].value == "高级工"
    assert zw["政治面貌"].value == "中共党员（含预备党员）" and zw["会籍状态"].value == "正常"
    assert zw["所在单位（全称）"].value == "华北石化有限公司"  # the employer, not the department
    assert zw["是否农民工"].value == "是" and zw["户口性质"].value == "农业户口"
    ln = rows["李娜"]
    assert ln["文化程度"].value == "中专及高中" and ln["户口性质"].value is None
    assert rows["王芳"]["政治面貌"].value == "民主党派成员"
    formula = rows["=HYPERLINK(\"x\")"]["会员姓名"]
    assert formula.data_type == "s"  # never a formula
    unmapped = {(u["column"], u["value"]) for u in summary["unmapped"]}
    assert unmapped == {("户口性质", "农转居"), ("就业状态", "退养（内退）")}
    todo = view["wb"][platform_template.TODO_SHEET]
    listed = list(todo.iter_rows(min_row=3, values_only=True))
    assert ("户口性质", "李娜", "农转居") in {(r[1], r[2], r[3]) for r in listed}
    # the same people as the plain export
    plain = tmp_path / "plain.xlsx"
    roster_export.export_roster(plain)
    plain_ids = {r[7] for r in load_workbook(plain)["会员名册"].iter_rows(min_row=3, values_only=True)}
    assert plain_ids == {r["公民身份号码"].value for r in view["rows"].values()}


def test_second_layout_keeps_titles_lists_and_the_note(chapter_saved, tmp_path):
    people()
    template = second_template(tmp_path / "模板.xlsx")
    out = tmp_path / "filled.xlsx"
    result = platform_template.fill_template(template, out)
    assert result.template.header_row == 4 and result.written == 5
    view = importer_view(out, "会员信息", 4)
    ws = view["ws"]
    assert [ws[c].value for c in ("A1", "A2")] == ["附件四", "XX省工会会员实名制信息采集表"]
    assert "A2:R2" in {m.coord for m in ws.merged_cells.ranges}
    assert sorted(view["rows"]) == [5, 6, 7, 8, 9] and view["note_row"] == 10  # the note moved down
    assert "A10:R10" in {m.coord for m in ws.merged_cells.ranges} and ws.row_dimensions[10].height == 40
    assert ws["B9"].border.left.style == "thin"  # rows past the template's own copy its style
    assert "下拉菜单表" in view["wb"].sheetnames
    x14 = _x14_lists(out)
    assert x14 == [(f"下拉菜单表!$A$1:$A${len(ETHNICITIES)}", "F5:F9")]  # kept, covering every row
    assert _x14_lists(out, "xl/worksheets/sheet2.xml") == [("会员信息!$E$4:$E$4", "C1")]  # the other sheet's too
    summary = result.summary()
    check_like_the_platform(view, summary["unmapped"])
    rows = {r["姓名"].value: r for r in view["rows"].values()}
    zw = rows["张伟"]
    assert zw["证件类别"].value == "居民身份证" and zw["民族"].value == "汉族"
    assert zw["出生日期\n（格式：yyyy/MM/dd）"].value == "1985/03/12"
    assert zw["会籍变化日期（格式：yyyy/MM/dd）"].value == "2015/06/01"
    assert zw["学历"].value == "本科" and zw["技术等级"].value == "职业资格三级（高级）"
    assert zw["工作单位"].value == "华北石化有限公司" and zw["部门"].value == "动力厂"
    assert zw["是否农民工会员"].value == "是" and zw["填报人备注"].value is None
    assert rows["赵强"]["技术等级"].value == "职业资格一级（高级技师）"
    unmapped = {(u["column"], u["value"]) for u in summary["unmapped"]}
    assert unmapped == {("学历", "研究生"), ("学历", "初中及以下"), ("政治面貌", "民主党派"),
                        ("户籍类型", "农转居")}
    assert summary["unknown_columns"] == ["填报人备注"]


def test_fewer_people_than_template_rows_moves_the_note_up(chapter_saved, tmp_path):
    members.create_person({"name": "张伟", "id_number": make_id(seq=111)}, join=("入会", "2015-06-01"))
    out = tmp_path / "filled.xlsx"
    platform_template.fill_template(second_template(tmp_path / "t.xlsx"), out)
    view = importer_view(out, "会员信息", 4)
    assert sorted(view["rows"]) == [5] and view["note_row"] == 6
    assert _x14_lists(out)[0][1] == "F5:F5"
    assert {str(dv.sqref) for dv in view["ws"].data_validations.dataValidation} == {
        f"{c}5" for c in "CEHIJLOQ"}


def test_not_a_template_is_refused_in_chinese(chapter_saved, tmp_path):
    wb = Workbook()
    wb.active["A1"] = "随便什么"
    wb.save(tmp_path / "x.xlsx")
    with pytest.raises(platform_template.TemplateError, match="找不到会员信息的表头行"):
        platform_template.fill_template(tmp_path / "x.xlsx", tmp_path / "out.xlsx")
    assert not (tmp_path / "out.xlsx").exists()
    (tmp_path / "y.xlsx").write_text("not a workbook")
    with pytest.raises(platform_template.TemplateError):
        platform_template.fill_template(tmp_path / "y.xlsx", tmp_path / "out.xlsx")


def test_cli_fills_a_template_with_json(tmp_path):
    import json

    from tests.unit.test_cli import cli

    db = tmp_path / "demo.sqlite3"
    assert cli("demo", "--db", db, "--members", 40).returncode == 0
    out = tmp_path / "filled.xlsx"
    result = cli("export", "roster", "--template", SAMPLE_TEMPLATE, "--db", db, "-o", out, "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["header_row"] == 3 and summary["written"] > 20
    assert summary["columns"]["所在单位（全称）"] == "unit"
    view = importer_view(out, "会员信息采集", 3)
    assert len(view["rows"]) == summary["written"]
    check_like_the_platform(view, summary["unmapped"])
    for u in summary["unmapped"]:
        assert set(u) >= {"row", "column", "value", "choices"} and u["value"] not in u["choices"]
    plain = cli("export", "roster", "--template", SAMPLE_TEMPLATE, "--db", db, "-o", tmp_path / "b.xlsx")
    assert plain.returncode == 0 and "已按模板" in plain.stdout
    bad = tmp_path / "bad.xlsx"
    bad.write_text("x")
    refused = cli("export", "roster", "--template", bad, "--db", db, "-o", tmp_path / "c.xlsx")
    assert refused.returncode == 1 and "无法使用模板" in refused.stderr
    assert cli("export", "dues", "--template", bad, "--db", db, "-o", tmp_path / "d.xlsx").returncode == 2


def test_the_clerks_pick_is_remembered_per_template(chapter_saved, tmp_path):
    from unionoffice.db.models import Setting

    people()
    template, lines = platform_template.check_template(SAMPLE_TEMPLATE)
    assert {(line["column"], line["value"], line["people"]) for line in lines} == {
        ("户口性质", "农转居", 1), ("就业状态", "退养（内退）", 1)}
    line = next(line for line in lines if line["value"] == "农转居")
    assert line["choices"] == ["农业户口", "非农业户口"]
    template_values.remember_choices(template.template_id, {"hukou_type": {"农转居": "非农业户口"}},
                                     name="platform-template-sample.xlsx")
    assert Setting.select().where(Setting.key.startswith(template_values.PREFIX)).count() == 1  # backed up
    result = platform_template.fill_template(SAMPLE_TEMPLATE, tmp_path / "a.xlsx")
    assert [(u.column, u.value) for u in result.unmapped] == [("就业状态", "退养（内退）")]
    view = importer_view(tmp_path / "a.xlsx", "会员信息采集", 3)
    rows = {r["会员姓名"].value: r for r in view["rows"].values()}
    assert rows["李娜"]["户口性质"].value == "非农业户口"
    # another template is another memory: its 户籍类型 list has the same values but asks again
    other = platform_template.fill_template(second_template(tmp_path / "t.xlsx"), tmp_path / "b.xlsx")
    assert ("户籍类型", "农转居") in {(u.column, u.value) for u in other.unmapped}
    # a pick that is not one of the list's values (the template changed) is not used
    template_values.remember_choices(template.template_id, {"hukou_type": {"农转居": "城镇"}})
    again = platform_template.fill_template(SAMPLE_TEMPLATE, tmp_path / "c.xlsx")
    assert ("户口性质", "农转居") in {(u.column, u.value) for u in again.unmapped}
    # nothing left to supply: no 待补充 sheet
    template_values.remember_choices(template.template_id, {"hukou_type": {"农转居": "非农业户口"},
                                                            "employment_status": {"退养（内退）": "其他"}})
    done = platform_template.fill_template(SAMPLE_TEMPLATE, tmp_path / "d.xlsx")
    assert not done.unmapped
    assert platform_template.TODO_SHEET not in load_workbook(tmp_path / "d.xlsx").sheetnames


def test_the_finer_hr_value_is_kept_and_fills_a_finer_list(chapter_saved, db_path, tmp_path):
    from tests.helpers import write_roster
    from unionoffice.db.models import Person
    from unionoffice.ledgers import roster_import

    hr = write_roster(tmp_path / "hr.xlsx", ["姓名", "身份证号", "学历", "政治面貌", "是否会员", "入会时间"], [
        ["钱七", make_id(seq=211), "硕士研究生", "九三学社", "是", "2018-03-01"],
        ["孙八", make_id(seq=222), "研究生", "民主党派", "是", "2018-03-01"],
        ["周九", make_id(seq=233), "本科", "中共党员", "是", "2018-03-01"],
    ], text_columns=("B",))
    plan = roster_import.classify(roster_import.read_roster(hr))
    roster_import.apply(plan, db_path=db_path)
    kept = {p.name: (p.education, p.education_detail, p.political_status, p.political_detail)
            for p in Person.select()}
    assert kept == {"钱七": ("研究生", "硕士研究生", "民主党派", "九三学社"),
                    "孙八": ("研究生", "", "民主党派", ""),
                    "周九": ("大学本科", "本科", "中共党员", "")}
    again = roster_import.classify(roster_import.read_roster(hr))
    assert again.unchanged == 3 and not again.updates  # importing the same file twice changes nothing
    result = platform_template.fill_template(second_template(tmp_path / "t.xlsx"), tmp_path / "out.xlsx")
    view = importer_view(tmp_path / "out.xlsx", "会员信息", 4)
    rows = {r["姓名"].value: r for r in view["rows"].values()}
    assert rows["钱七"]["学历"].value == "硕士" and rows["钱七"]["政治面貌"].value == "九三学社社员"
    assert rows["孙八"]["学历"].value is None and rows["周九"]["学历"].value == "本科"
    assert {(u.name, u.column) for u in result.unmapped} == {("孙八", "学历"), ("孙八", "政治面貌")}
    # an edit since the import wins over the kept finer value
    qian = Person.get(Person.name == "钱七")
    members.update_person(qian.id, {**members.person_values(qian), "education": "大学本科"})
    result = platform_template.fill_template(second_template(tmp_path / "t.xlsx"), tmp_path / "out2.xlsx")
    rows = {r["姓名"].value: r for r in importer_view(tmp_path / "out2.xlsx", "会员信息", 4)["rows"].values()}
    assert rows["钱七"]["学历"].value == "本科"


ORG_HEADER = ["单位名称", "统一社会信用代码", "单位地址", "单位所在政区", "单位性质类别", "经济类型", "单位所属行业",
              "职工人数", "工会名称", "工会法人统一社会信用代码", "上级工会名称", "建会日期（格式：yyyy/MM/dd）",
              "基层工会类型", "会员人数", "工会负责人", "联系电话"]


def organisation_row_template(path: Path) -> Path:
    from unionoffice.domain import chapter

    wb = Workbook()
    ws = wb.active
    ws.title = "工会组织信息采集"
    ws["A1"] = "工会组织信息采集表"
    ws["A2"] = "填报单位（盖章）："
    for col, text in enumerate(ORG_HEADER, start=1):
        ws.cell(3, col, text)
    for col, values in {"E": ["企业", "事业单位", "机关", "社会组织", "其他"],
                        "F": ["国有", "集体", "私营", "有限责任公司", "股份有限公司"],
                        "M": ["独立基层工会", "联合基层工会"]}.items():
        dv = DataValidation(type="list", formula1='"' + ",".join(values) + '"')
        dv.add(f"{col}4")
        ws.add_data_validation(dv)
    menu = wb.create_sheet("行业")
    for i, name in enumerate(chapter.INDUSTRIES, start=1):
        menu.cell(i, 1, name)
    wb.save(path)
    ext = (f'<extLst><ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}">'
           f'<x14:dataValidations count="1" xmlns:xm="{XM}"><x14:dataValidation type="list" allowBlank="1">'
           f'<x14:formula1><xm:f>行业!$A$1:$A$20</xm:f></x14:formula1><xm:sqref>G4</xm:sqref>'
           f'</x14:dataValidation></x14:dataValidations></ext></extLst>')
    _rewrite_sheet(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace("</worksheet>", ext + "</worksheet>"))
    return path


def test_organisation_form_with_a_header_row(chapter_saved, tmp_path):
    from unionoffice.domain import chapter, demo

    people()
    chapter.save({**demo.DEMO_CHAPTER, "chapter_type": "单独基层工会"})  # the old spelling is accepted
    assert chapter.load()["chapter_type"] == "独立基层工会"
    out = tmp_path / "org.xlsx"
    result = platform_template.fill_organisation(organisation_row_template(tmp_path / "t.xlsx"), out)
    assert result.layout == "row" and not result.unmapped
    ws = load_workbook(out)["工会组织信息采集"]
    row = dict(zip(ORG_HEADER, (c.value for c in ws[4])))
    info = chapter.load()
    assert row["单位名称"] == "华北石化有限公司" and row["工会名称"] == info["union_name"]
    assert row["统一社会信用代码"] == info["credit_code"] and ws["B4"].data_type == "s"
    assert row["工会法人统一社会信用代码"] == info["union_credit_code"].upper()
    assert row["建会日期（格式：yyyy/MM/dd）"] == "1998/05/01"
    assert row["基层工会类型"] == "独立基层工会" and row["单位所属行业"] == "制造业"
    assert row["单位性质类别"] == "企业" and row["经济类型"] == "有限责任公司"
    assert row["职工人数"] == 6 and row["会员人数"] == 5
    assert row["工会负责人"] == "王建国" and row["单位所在政区"] == "河北省石家庄市长安区"
    assert ws["A1"].value == "工会组织信息采集表" and _x14_lists(out) == [("行业!$A$1:$A$20", "G4")]


def test_organisation_form_of_labels(chapter_saved, tmp_path):
    from unionoffice.domain import chapter

    chapter.save({**chapter.load(), "economic_type": "国有控股"})  # old free text is kept
    wb = Workbook()
    ws = wb.active
    ws["A1"] = "基层工会组织信息表"
    labels = [("A2", "单位名称", "B2:D2"), ("E2", "统一社会信用代码", None), ("A3", "工会名称", "B3:D3"),
              ("E3", "建会日期", None), ("A4", "基层工会类型", None), ("E4", "经济类型", None),
              ("A5", "基层工会统计编码", None), ("E5", "行政区划代码", None)]
    for ref, text, merge in labels:
        ws[ref] = text
        if merge:
            ws.merge_cells(merge)
    dv = DataValidation(type="list", formula1='"国有,集体,私营"')
    dv.add("F4")
    ws.add_data_validation(dv)
    wb.save(tmp_path / "t.xlsx")
    out = tmp_path / "org.xlsx"
    result = platform_template.fill_organisation(tmp_path / "t.xlsx", out)
    assert result.layout == "labels"
    ws = load_workbook(out).active
    assert ws["B2"].value == "华北石化有限公司" and ws["F2"].value == chapter.load()["credit_code"]
    assert ws["B3"].value == chapter.load()["union_name"] and ws["F3"].value == dt.datetime(1998, 5, 1)
    assert ws["B4"].value == "独立基层工会" and ws["F4"].value is None
    assert ws["B5"].value == "1301020000123" and ws["F5"].value == "130102" and ws["F5"].number_format == "@"
    assert [(u.column, u.value, u.choices) for u in result.unmapped] == [("经济类型", "国有控股", ["国有", "集体", "私营"])]


def test_cli_fills_the_organisation_form(tmp_path):
    import json

    from tests.unit.test_cli import cli

    db = tmp_path / "demo.sqlite3"
    assert cli("demo", "--db", db, "--members", 20).returncode == 0
    out = tmp_path / "org.xlsx"
    template = organisation_row_template(tmp_path / "t.xlsx")
    result = cli("export", "organisation", "--template", template, "--db", db, "-o", out, "--json")
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["layout"] == "row" and 15 <= summary["filled"]["职工人数"] <= 20
    assert cli("export", "organisation", "--db", db, "-o", out).returncode == 2


def test_chapter_settings_new_fields_are_checked(db):
    from unionoffice.domain import chapter, demo
    from unionoffice.domain.validation import ValidationError

    with pytest.raises(ValidationError, match="行政区划代码"):
        chapter.save({**demo.DEMO_CHAPTER, "region_code": "13010"})
    with pytest.raises(ValidationError, match="工会法人统一社会信用代码"):
        chapter.save({**demo.DEMO_CHAPTER, "union_credit_code": "81130102MC0123456X"})
    with pytest.raises(ValidationError, match="基层工会类型"):
        chapter.save({**demo.DEMO_CHAPTER, "chapter_type": "工会"})
    saved = chapter.save({**demo.DEMO_CHAPTER, "industry": "石油加工业", "chapter_type": "单独基层工会"})
    assert saved["industry"] == "石油加工业" and saved["chapter_type"] == "独立基层工会"  # a list offered, any text kept


def test_an_organisation_form_is_not_a_member_template(chapter_saved, tmp_path):
    template = organisation_row_template(tmp_path / "t.xlsx")
    assert platform_template.template_kind(template) == "organisation"
    assert platform_template.template_kind(SAMPLE_TEMPLATE) == "members"
    with pytest.raises(platform_template.TemplateError, match="会员信息的表头行"):
        platform_template.fill_template(template, tmp_path / "out.xlsx")


def test_a_two_row_header(chapter_saved, tmp_path):
    """Group labels over the detailed ones, the others merged down over both rows: every column is
    found and the data starts under the second header row, whichever row names more columns."""
    people()
    for top_wins in (False, True):
        wb = Workbook()
        ws = wb.active
        ws["A1"] = "会员信息登记表"
        ws["A2"], ws["B2"], ws["C2"], ws["E2"], ws["F2"] = "序号", "姓名", "身份信息", "出生日期（yyyy-mm-dd）", "学历"
        ws["C3"], ws["D3"] = "证件类别", "证件号码"
        for ref in ("A2:A3", "B2:B3", "C2:D2", "E2:E3", "F2:F3"):
            ws.merge_cells(ref)
        if top_wins:  # more labels above than below
            ws["G2"], ws["H2"] = "民族", "政治面貌"
            ws.merge_cells("G2:G3")
            ws.merge_cells("H2:H3")
        path = tmp_path / f"two-rows-{top_wins}.xlsx"
        wb.save(path)
        result = platform_template.fill_template(path, tmp_path / "out.xlsx")
        assert result.template.first_row == 4
        out = load_workbook(tmp_path / "out.xlsx").active
        assert out["A4"].value == 1 and out["A9"].value is None
        row = next([c.value for c in r] for r in out.iter_rows(min_row=4) if r[1].value == "张伟")
        assert row[1:6] == ["张伟", "身份证", make_id(seq=111), "1985-03-12", "大学本科"]
        assert out["C3"].value == "证件类别" and out["A1"].value == "会员信息登记表"
