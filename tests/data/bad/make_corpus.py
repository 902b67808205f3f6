"""Writes the bad-input corpus beside this file (run once; the files are committed).

    python tests/data/bad/make_corpus.py
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

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

if __name__ == "__main__":
    main()
