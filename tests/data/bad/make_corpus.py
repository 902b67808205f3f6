"""Writes the bad-input corpus beside this file (run once; the files are committed).

    python tests/data/bad/make_corpus.py

Two kinds of files: those no importer can read (refused with a message), and real rosters an
importer once read wrongly (hidden sheets, total lines, year-month dates, CSV …): see
tests/unit/test_bad_input.py for what each must give."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

import datetime as dt

from openpyxl import Workbook

HERE = Path(__file__).parent
CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>
<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>
<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>
</Types>"""
RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>
</Relationships>"""
WORKBOOK = """<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">
<sheets><sheet name="花名册" sheetId="1" r:id="rId1"/></sheets></workbook>"""
WORKBOOK_RELS = """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>
</Relationships>"""
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'


def raw_xlsx(path: Path, sheet_xml: str, shared_xml: str, extra: dict[str, bytes] | None = None) -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", CONTENT_TYPES)
        z.writestr("_rels/.rels", RELS)
        z.writestr("xl/workbook.xml", WORKBOOK)
        z.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        z.writestr("xl/sharedStrings.xml", shared_xml)
        for name, data in (extra or {}).items():
            z.writestr(name, data)


def sheet(rows: list[list[str]], dimension: str | None = None) -> str:
    body = []
    for r, row in enumerate(rows, start=1):
        cells = "".join(f'<c r="{chr(65 + c)}{r}" t="inlineStr"><is><t>{v}</t></is></c>'
                        for c, v in enumerate(row))
        body.append(f'<row r="{r}">{cells}</row>')
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>{dim}<sheetData>{"".join(body)}</sheetData></worksheet>'


def valid(first17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return first17 + "10X98765432"[sum(int(c) * w for c, w in zip(first17, weights)) % 11]


def main() -> None:
    header = ["姓名", "身份证号"]
    # a zip bomb: 300 MB of zeros in one member, a few hundred KB packed
    raw_xlsx(HERE / "zip-bomb.xlsx", sheet([header, ["张伟", "11010119740207431X"]]),
             f'<?xml version="1.0"?><sst {NS}/>', {"xl/media/padding.bin": b"\0" * (300 * 1024 * 1024)})
    # billion laughs in the shared strings
    lol = "".join(f'<!ENTITY lol{i} "{"&lol%d;" % (i - 1) * 10}">' for i in range(1, 10))
    bomb = (f'<?xml version="1.0"?><!DOCTYPE sst [<!ENTITY lol0 "lol">{lol}]>'
            f'<sst {NS} count="1" uniqueCount="1"><si><t>&lol9;</t></si></sst>')
    raw_xlsx(HERE / "entity-bomb.xlsx",
             f'<?xml version="1.0"?><worksheet {NS}><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c>'
             f'<c r="B1" t="inlineStr"><is><t>身份证号</t></is></c></row></sheetData></worksheet>', bomb)
    (HERE / "renamed-text.xlsx").write_text("姓名,身份证号\n张伟,11010119740207431X\n", encoding="utf-8")
    png = b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + b"IHDR" + struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    png += struct.pack(">I", zlib.crc32(png[12:29])) + b"\0" * 20
    (HERE / "renamed-image.xlsx").write_bytes(png)
    (HERE / "zero-bytes.xlsx").write_bytes(b"")
    Workbook().save(HERE / "empty-workbook.xlsx")
    wb = Workbook()
    wb.active.append(["姓名", "身份证号", "部门"])
    wb.save(HERE / "only-headers.xlsx")
    # hostile cells, written as raw XML because openpyxl itself refuses control characters
    def t(v):
        return f'<c t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>'

    rows = [
        [t("姓名"), t("身份证号"), t("部门"), t("备注")],
        [t("张_x0000_伟_x0007_&#9;"), t("11010119740207431X"), t("动力厂&#13;&#10;一车间"), t("控制字符")],
        [t("长" * 5000), t(valid("11010119850312123")), t("动力厂"), t("5000字的姓名")],
        [t("李娜\u200b"), t("１１０１０１１９７４０２０７４３２８"), t("财务部"), t("全角数字")],
        [t("王五"), "<c><v>110101198001011234</v></c>", t("财务部"), t("数字形式的证件号")],
        [t("=HYPERLINK(&quot;http://x&quot;,&quot;点我&quot;)"), t(valid("11010119800101125")), t("动力厂"),
         t("公式样的文字")],
        [t("赵六"), "<c t=\"str\"><f>A2</f><v>110101197402074310</v></c>", t("动力厂"), t("真公式")],
    ]
    body = "".join(f'<row r="{r}">{"".join(cells)}</row>' for r, cells in enumerate(rows, start=1))
    raw_xlsx(HERE / "hostile-cells.xlsx",
             f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}><sheetData>{body}</sheetData></worksheet>',
             f'<?xml version="1.0"?><sst {NS}/>')

    real_rosters()


def _book(rows, *, title="花名册"):
    wb = Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    return wb, ws


def real_rosters() -> None:
    """Rosters as HR really sends them, each once read wrongly (issue 20)."""
    a, b, c = valid("11010119850312123"), valid("11010119900715456"), valid("32010219780101002")
    # every spelling of the resident ID card is checked as one: a wrong check digit, month 13, 16 digits
    wrong = a[:17] + ("0" if a[17] != "0" else "1")
    month13 = valid("11010119851312123")
    _book([["姓名", "证件类型", "证件号码"], ["张伟", "居民身份证", wrong], ["李娜", "二代身份证", month13],
           ["王芳", "身份证号码", "1101011985031212"], ["赵强", "居民身份证", b]])[0].save(HERE / "id-type-spellings.xlsx")
    # an old roster kept hidden in front of the visible one; two rows hidden by a filter
    wb, old = _book([["姓名", "身份证号", "部门", "性别", "民族", "学历"], ["旧人", c, "旧部门", "男", "汉", "高中"]],
                    title="旧名册")
    old.sheet_state = "hidden"
    ws = wb.create_sheet("花名册")
    for row in [["姓名", "身份证号", "部门"], ["张伟", a, "动力厂"], ["李娜", b, "财务部"], ["王芳", c, "财务部"]]:
        ws.append(row)
    ws.auto_filter.ref = "A1:C4"
    ws.auto_filter.add_filter_column(2, ["动力厂"])
    ws.sheet_properties.filterMode = True
    ws.row_dimensions[3].hidden = ws.row_dimensions[4].hidden = True
    wb.save(HERE / "hidden-sheet-and-filter.xlsx")
    # a department beginning with 总计 is data; the real total line ends the data, what follows is counted
    people = [[f"职工{i}", valid(f"11010119850312{i:02d}{i % 10}"), "总计划部" if i == 2 else "动力厂", 5000 + i]
              for i in range(1, 9)]
    _book([["姓名", "身份证号", "部门", "工资"], *people, ["合计", None, None, 40036], ["迟到者", a, "动力厂", 1]]
          )[0].save(HERE / "total-department.xlsx")
    # invisible characters in names and IDs, a vertical tab in a note
    rows = [[t("姓名"), t("身份证号"), t("备注")],
            [t("张\u2060伟"), t(a), t("第一行_x000B_第二行")],
            [t("李\u00ad娜\u200e"), t("\u200b" + b), t("")],
            [t("\u202e王芳\u202c"), t(c + "\ufeff"), t("")]]
    raw_xlsx(HERE / "invisible-characters.xlsx", _xml(rows), f'<?xml version="1.0"?><sst {NS}/>')
    # text too long for its column: 150 characters of 户籍所在地, a 100,000-character note
    _book([["姓名", "身份证号", "户籍所在地", "备注"], ["张伟", a, "北京市" * 50, ""], ["李娜", b, "", "长" * 100_000],
           ["王芳", c, "北京市东城区", "好"]])[0].save(HERE / "long-text.xlsx")
    # 出生年月 and 参加工作时间 known to the month
    _book([["姓名", "身份证号", "出生年月", "参加工作时间"], ["张伟", a, "1985.03", "2008年7月"],
           ["李娜", b, "1990年7月", 2012.09], ["王芳", c, 1978.01, "2000.10"],
           ["赵强", valid("11010119870203123"), "1987.04", ""]])[0].save(HERE / "year-month-dates.xlsx")
    # Excel serials in General cells, a date with a time, an exact 15-digit old ID as a number,
    # mobiles written every way, a landline, two numbers
    _book([["姓名", "身份证号", "入职日期", "参加工作时间", "手机号码"],
           ["张伟", a, 43831, "2008-07-01 00:00:00", "+86 138 0013 8000"],
           ["李娜", b, dt.datetime(2015, 3, 2, 8, 30), 40000, "0086-139-0013-9000"],
           ["王芳", 110101850312122, "2010/5/1 8:30", None, "86-13700137000"],
           ["赵强", c, None, None, "010-65123456"],
           ["钱明", valid("11010119870203123"), None, None, "13600136000，13500135000"],
           ["孙丽", valid("11010119880405234"), None, None, "138-0013-8001/010-65123456"]]
          )[0].save(HERE / "serials-and-phones.xlsx")
    # a header written over two rows with merged cells
    wb, ws = _book([["职工花名册"], ["姓名", "身份证号", "基本信息", None, "联系方式"],
                    [None, None, "性别", "民族", "手机号码"], ["张伟", a, "男", "汉族", "13800138000"],
                    ["李娜", b, "女", "回族", "13900139000"]])
    for cells in ("A2:A3", "B2:B3", "C2:D2"):
        ws.merge_cells(cells)
    wb.save(HERE / "two-row-header.xlsx")
    # a sheet that declares 1,048,576 rows and holds four
    rows = [[t("姓名"), t("身份证号")], [t("张伟"), t(a)], [t("李娜"), t(b)], [t("王芳"), t(c)]]
    raw_xlsx(HERE / "declared-million-rows.xlsx", _xml(rows, "A1:N1048576", tail='<row r="1048576"><c r="A1048576" s="0"/></row>'),
             f'<?xml version="1.0"?><sst {NS}/>')
    # a real CSV, as HR systems export it, in UTF-8 (with BOM) and in GBK
    csv = f"姓名,身份证号,部门,出生日期\r\n张伟,{a},动力厂,1985-03-12\r\n李娜,{b},财务部,\r\n"
    (HERE / "roster-utf8.csv").write_text(csv, encoding="utf-8-sig", newline="")
    (HERE / "roster-gbk.csv").write_bytes(csv.encode("gbk"))
    # formulas saved without calculated values (written by a program, never opened in Excel)
    wb, ws = _book([["序号", "姓", "名", "姓名", "身份证号"], [1, "张", "伟", "=B2&C2", a], [2, "李", "娜", "=B3&C3", b]])
    wb.save(HERE / "uncalculated-formulas.xlsx")
    # the program's own masked roster export
    masked = [["某公司工会 会员实名制名册（全部会员，截至 2026-11-30；证件号码、手机号码已屏蔽）"],
              ["序号", "姓名", "性别", "出生日期", "民族", "就业状况", "有效证件类别", "证件号码", "移动电话"]]
    for i, (name, number) in enumerate((("张伟", a), ("李娜", b), ("王芳", c)), start=1):
        masked.append([i, name, "男", "19850312", "汉族", "在岗", "身份证", number[:4] + "*" * 10 + number[-4:],
                       "138****8000"])
    _book(masked, title="会员名册")[0].save(HERE / "masked-export.xlsx")


def t(v):
    return f'<c t="inlineStr"><is><t xml:space="preserve">{v}</t></is></c>'


def _xml(rows, dimension=None, tail=""):
    body = "".join(f'<row r="{r}">{"".join(cells)}</row>' for r, cells in enumerate(rows, start=1))
    dim = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (f'<?xml version="1.0" encoding="UTF-8"?><worksheet {NS}>{dim}<sheetData>{body}{tail}'
            f'</sheetData></worksheet>')


if __name__ == "__main__":
    main()
