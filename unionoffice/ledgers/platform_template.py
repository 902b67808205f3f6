"""Filling a higher union platform's own member template (上级平台模板, domain.md §16).

The template is read as the platform's importer reads it: its header row is found, each column is
mapped to one of our fields by its text, its drop-down lists (data validation, including the lists
Excel keeps in the x14 extension, which openpyxl drops) give the values each column takes, and a
date format named in the header gives the form of its dates. The members are written into a copy
of the template from the first row under the header; title rows, styles, other sheets and lists
are kept, a 填表说明 row under the data moves below the last member and the lists cover every data
row. A code value with no safe mapping onto a column's list is left empty and listed (JSON, and a
待补充 sheet); the clerk's picks are remembered per template (domain/template_values.py)."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from copy import copy
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Callable
from xml.sax.saxutils import escape, quoteattr

from unionoffice.db.models import Department, MembershipEvent, Person, UnionGroup, database
from unionoffice.domain import chapter, codes, template_values
from unionoffice.domain.template_values import DATE_KEYS, TEXT_KEYS
from unionoffice.domain.validation import clean_text, mask_id, mask_phone
from unionoffice.excel.reading import NOTE_MARKERS as READ_NOTE_MARKERS, check_workbook_file, ImportFileError
from unionoffice.ledgers.roster_export import latest_events, roster_people
from unionoffice.excel.writing import FORMULA_STARTS, guard
from unionoffice.files import atomic_target

if TYPE_CHECKING:
    from openpyxl.workbook import Workbook
    from openpyxl.worksheet.worksheet import Worksheet

HEADER_SCAN_ROWS = 15
NOTE_MARKERS = READ_NOTE_MARKERS + ("合计", "总计", "说明", "注：", "注:", "备注：")
TODO_SHEET = "待补充"
NS_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
NS_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
NS_X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
NS_XM = "http://schemas.microsoft.com/office/excel/2006/main"
X14_VALIDATIONS_URI = "{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}"
_RANGE = re.compile(r"^\$?([A-Z]{1,3})\$?(\d+)(?::\$?([A-Z]{1,3})\$?(\d+))?$")


class TemplateError(ImportFileError):
    """The template cannot be used (not a workbook, no header row we recognise)."""


@dataclass
class TemplateColumn:
    index: int  # 1-based column number
    header: str
    field: str | None  # our field, or None: left empty
    date_format: str | None = None  # strftime of a format named in the header
    choices: list[str] | None = None  # the column's drop-down values


@dataclass
class ExtValidation:
    """A list kept in the x14 extension (a range on another sheet): what openpyxl cannot keep."""
    attributes: dict[str, str]
    formula1: str
    sqref: str


@dataclass
class Template:
    path: Path
    sheet: str
    header_row: int
    note_row: int | None  # a 填表说明 row under the data area, if any
    columns: list[TemplateColumn]
    ext_by_sheet: dict[str, list[ExtValidation]] = field(default_factory=dict)
    header_end: int = 0  # the header's last row (a two-row header merged over both); 0: header_row

    @property
    def ext_validations(self) -> list[ExtValidation]:
        return self.ext_by_sheet.get(self.sheet, [])

    @property
    def first_row(self) -> int:
        return max(self.header_row, self.header_end) + 1

    @property
    def template_id(self) -> str:
        return template_values.fingerprint(self.sheet, [c.header for c in self.columns])

    @property
    def unknown_columns(self) -> list[str]:
        return [c.header for c in self.columns if c.field is None and c.header]


@dataclass
class Unmapped:
    row: int  # Excel row in the filled sheet
    column: str  # the template's header text
    field: str
    name: str
    value: str
    choices: list[str]


@dataclass
class FillResult:
    written: int
    unmapped: list[Unmapped]
    template: Template

    def summary(self) -> dict:
        return {"written": self.written, "sheet": self.template.sheet,
                "header_row": self.template.header_row, "first_row": self.template.first_row,
                "columns": {c.header: c.field for c in self.template.columns if c.header},
                "unknown_columns": self.template.unknown_columns,
                "unmapped": [asdict(u) for u in self.unmapped]}


# --- reading the template --------------------------------------------------------------------
def _load(path: Path) -> "Workbook":
    import warnings

    from openpyxl import load_workbook

    try:
        check_workbook_file(path)
    except ImportFileError as exc:
        raise TemplateError(str(exc)) from None
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        raise TemplateError(f"模板须是 .xlsx 工作簿（另存为 Excel 工作簿后再试）：{path.name}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Data Validation extension is not supported": read below
            return load_workbook(path)
    except Exception as exc:
        raise TemplateError(f"无法打开模板 {path.name}：{exc}") from None


def _header_score(cells) -> int:
    """How many of our fields a row names; none unless it names a person (姓名 or 证件号码): a row
    of 单位名称, 联系电话 … heads an organisation form, not a member list."""
    found = {template_values.header_field(c) for c in cells if isinstance(c, str)} - {None}
    return len(found) if found & {"name", "id_number"} else 0


def _find_header(wb: "Workbook") -> tuple["Worksheet", int]:
    best = None
    for ws in wb.worksheets:
        for r, cells in enumerate(ws.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS, values_only=True), 1):
            score = _header_score(cells)
            if best is None or score > best[0]:
                best = (score, ws, r)
    if best is None or best[0] < 3:
        raise TemplateError(f"在模板前 {HEADER_SCAN_ROWS} 行中找不到会员信息的表头行（需要“姓名”“证件号码”等列名）")
    return best[1], best[2]


def template_kind(path: Path | str) -> str:
    """"members" for a member list template, "organisation" for a 工会组织信息采集表."""
    wb = _load(Path(path))
    try:
        _find_header(wb)
        return "members"
    except TemplateError:
        _org_layout(wb)  # raises when it is neither
        return "organisation"


def _is_note(cells) -> bool:
    filled = [clean_text(c) for c in cells if clean_text(c)]
    return any(text.startswith(NOTE_MARKERS) for text in filled[:3])


def _split_ref(formula: str, default_sheet: str) -> tuple[str, str]:
    ref = formula.strip().lstrip("=")
    if "!" in ref:
        sheet, ref = ref.rsplit("!", 1)
        sheet = sheet.strip()
        if sheet.startswith("'") and sheet.endswith("'"):
            sheet = sheet[1:-1].replace("''", "'")
        return sheet, ref
    return default_sheet, ref


def list_values(wb: "Workbook", formula: str | None, default_sheet: str) -> list[str] | None:
    """The values a list validation offers: "男,女", a range (on any sheet) or a defined name."""
    from openpyxl.utils import column_index_from_string

    if not formula:
        return None
    formula = formula.strip()
    if formula.startswith('"'):
        return [v.strip() for v in formula.strip('"').split(",") if v.strip()]
    sheet, ref = _split_ref(formula, default_sheet)
    m = _RANGE.match(ref.replace(" ", ""))
    if m is None:
        defined = wb.defined_names.get(ref.lstrip("="))
        if defined is None:
            return None  # INDIRECT(…) and the like: no fixed list
        for title, cells in defined.destinations:
            return list_values(wb, f"'{title}'!{cells}", default_sheet)
        return None
    if sheet not in wb.sheetnames:
        return None
    ws = wb[sheet]
    c1, r1, c2, r2 = m.group(1), int(m.group(2)), m.group(3) or m.group(1), int(m.group(4) or m.group(2))
    values = []
    for row in ws.iter_rows(min_row=r1, max_row=r2, min_col=column_index_from_string(c1),
                            max_col=column_index_from_string(c2), values_only=True):
        values += [clean_text(v) if not isinstance(v, str) else v.strip() for v in row if v not in (None, "")]
    return [v for v in values if v]


def _sheet_part(archive: zipfile.ZipFile, sheet: str) -> str | None:
    """The zip member holding a sheet's XML, from workbook.xml and its relationships."""
    from defusedxml.ElementTree import fromstring

    book = fromstring(archive.read("xl/workbook.xml"))
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    targets = {r.get("Id"): r.get("Target") for r in rels.iter(f"{{{NS_PKG_REL}}}Relationship")}
    for s in book.iter(f"{{{NS_MAIN}}}sheet"):
        if s.get("name") == sheet:
            target = targets.get(s.get(f"{{{NS_REL}}}id"), "")
            if target.startswith("/"):
                return target.lstrip("/")
            return str(PurePosixPath("xl") / target)
    return None


def _parse_ext_validations(xml: bytes) -> list[ExtValidation]:
    from defusedxml.ElementTree import fromstring

    found = []
    for dv in fromstring(xml).iter(f"{{{NS_X14}}}dataValidation"):
        formula = dv.find(f"{{{NS_X14}}}formula1/{{{NS_XM}}}f")
        sqref = dv.find(f"{{{NS_XM}}}sqref")
        if formula is None or sqref is None or not (sqref.text or "").strip():
            continue
        found.append(ExtValidation(dict(dv.attrib), (formula.text or "").strip(), sqref.text.strip()))
    return found


def read_ext_validations(path: Path | str, sheet: str | None = None):
    """The list validations Excel keeps in its x14 extension (lists pointing at another sheet),
    read from the sheet XML, since openpyxl drops them: of one sheet, or ``{sheet: [...]}`` of
    every sheet that has any."""
    from defusedxml.ElementTree import fromstring

    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        if sheet is not None:
            part = _sheet_part(archive, sheet)
            return _parse_ext_validations(archive.read(part)) if part in names else []
        book = fromstring(archive.read("xl/workbook.xml"))
        found = {}
        for s in book.iter(f"{{{NS_MAIN}}}sheet"):
            part = _sheet_part(archive, s.get("name"))
            if part in names:
                xml = archive.read(part)
                if b"dataValidation" in xml and NS_X14.encode() in xml:
                    found[s.get("name")] = _parse_ext_validations(xml)
        return {name: lists for name, lists in found.items() if lists}


def _ranges(sqref: str):
    from openpyxl.worksheet.cell_range import CellRange

    return [CellRange(part) for part in str(sqref).split()]


def _covers_data(cell_range, first_row: int) -> bool:
    return cell_range.min_row <= first_row + 10 and cell_range.max_row >= first_row


def read_template(path: Path | str, wb: "Workbook | None" = None) -> Template:
    """The template's header row, columns, their lists and date formats."""
    path = Path(path)
    wb = wb or _load(path)
    ws, header_row = _find_header(wb)
    header = [c.value for c in ws[header_row]]
    header_end = header_row
    for merged in ws.merged_cells.ranges:  # a two-row header: labels merged over both rows
        if merged.min_row <= header_row <= merged.max_row and merged.min_row >= header_row - 2:
            header_end = max(header_end, merged.max_row)
            if merged.min_col <= len(header) and header[merged.min_col - 1] is None:
                header[merged.min_col - 1] = ws.cell(merged.min_row, merged.min_col).value
    for r in range(header_row + 1, header_end + 1):  # the detailed labels under a group label
        for cell in ws[r][:len(header)]:
            text = cell.value
            above = header[cell.column - 1]
            if isinstance(text, str) and template_values.header_field(text) and (
                    not isinstance(above, str) or template_values.header_field(above) is None):
                header[cell.column - 1] = text
    columns = []
    for index, text in enumerate(header, start=1):
        label = clean_text(text)
        key = template_values.header_field(label) if label else None
        fmt = template_values.date_format(label) if key in DATE_KEYS else None
        columns.append(TemplateColumn(index, label, key, fmt))
    while columns and not columns[-1].header:
        columns.pop()
    first_row = header_end + 1
    note_row = None
    for r, cells in enumerate(ws.iter_rows(min_row=first_row, values_only=True), start=first_row):
        if _is_note(cells):
            note_row = r
            break
    try:
        ext_by_sheet = read_ext_validations(path)
    except (zipfile.BadZipFile, KeyError, SyntaxError):
        ext_by_sheet = {}
    ext = ext_by_sheet.get(ws.title, [])
    lists = [(dv.sqref, dv.formula1) for dv in ws.data_validations.dataValidation if dv.type == "list"]
    lists += [(v.sqref, v.formula1) for v in ext if v.attributes.get("type", "list") == "list"]
    by_column = {c.index: c for c in columns}
    for sqref, formula in lists:
        for cell_range in _ranges(sqref):
            if not _covers_data(cell_range, first_row):
                continue
            for col in range(cell_range.min_col, cell_range.max_col + 1):
                if col in by_column and by_column[col].choices is None:
                    by_column[col].choices = list_values(wb, formula, ws.title)
    return Template(path, ws.title, header_row, note_row, columns, ext_by_sheet, header_end)


# --- our values --------------------------------------------------------------------------------
_PERSON_FIELDS = ("id", "name", "gender", "birth_date", "ethnicity", "employment_status", "id_type",
                  "id_number", "education", "skill_level", "mobile", "hukou_type", "hukou_place",
                  "political_status", "native_place", "is_migrant", "position", "employment_form",
                  "hire_date", "work_start_date", "member_card_no", "union_group", "union_post", "note")
_DETAILS = codes.DETAIL_FIELDS


def _join_dates(on: dt.date) -> dict[int, dt.date]:
    query = (MembershipEvent.select(MembershipEvent.person, MembershipEvent.date)
             .where(MembershipEvent.kind.in_(("入会", "转入")) & (MembershipEvent.date <= on)))
    found: dict[int, dt.date] = {}
    for pid, day in database.execute(query).fetchall():
        day = _as_date(day)
        if day and (pid not in found or day > found[pid]):
            found[pid] = day
    return found


def _as_date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def member_records(*, include_all: bool = False, masked: bool = False,
                   on: dt.date | None = None) -> list[dict]:
    """The people of the roster export, each a dict of our field keys (template_values.FIELDS),
    with a code value's finer spelling from the HR roster, where kept, under ``<key>_detail``."""
    on = on or dt.date.today()
    details = list(_DETAILS.values())
    fields = [getattr(Person, f) for f in _PERSON_FIELDS] + [getattr(Person, f) for f in details]
    rows = roster_people(on, include_all, *fields, Department.name)
    latest = latest_events(on)
    joined = _join_dates(on)
    groups = dict(UnionGroup.select(UnionGroup.id, UnionGroup.name).tuples())
    unit = chapter.load()["unit_name"]
    records = []
    for row in rows:
        rec = dict(zip(_PERSON_FIELDS + tuple(details) + ("department",), row))
        pid = rec["id"]
        kind, date, reason = latest.get(pid, ("", None, ""))
        rec.update(
            membership_kind=kind, membership_date=_as_date(date), membership_reason=reason,
            membership_state={"入会": "在会", "转入": "在会", "保留": "保留会籍"}.get(kind, kind),
            join_date=joined.get(pid), unit=unit, department=rec["department"] or "",
            union_group=groups.get(rec["union_group"], ""), is_migrant="是" if rec["is_migrant"] else "否",
            birth_date=_as_date(rec["birth_date"]), hire_date=_as_date(rec["hire_date"]),
            work_start_date=_as_date(rec["work_start_date"]))
        if masked:
            rec["id_number"], rec["mobile"] = mask_id(rec["id_number"]), mask_phone(rec["mobile"])
        records.append(rec)
    return records


def _candidates(rec: dict, key: str) -> list[str]:
    """Our value for a coded column, the finer HR spelling first (硕士研究生 before 研究生)."""
    values = []
    detail = _DETAILS.get(key)
    if detail and rec.get(detail) and codes.canonical(key, rec[detail]) == rec.get(key):
        values.append(rec[detail])  # still the finer form of the value on record (not edited since)
    if rec.get(key):
        values.append(str(rec[key]))
    return values


def map_values(template: Template, records: list[dict]) -> tuple[dict[tuple[int, int], str], list[Unmapped]]:
    """(record index, column) → the list value written; and what no list value was found for."""
    remembered = template_values.remembered_choices(template.template_id)
    mapped: dict[tuple[int, int], str] = {}
    unmapped: list[Unmapped] = []
    for column in template.columns:
        if column.field is None or not column.choices or column.field in DATE_KEYS + TEXT_KEYS + ("seq",):
            continue
        cache: dict[tuple, str | None] = {}
        picks = remembered.get(column.field, {})
        for i, rec in enumerate(records):
            values = tuple(_candidates(rec, column.field))
            if not values:
                continue
            if values not in cache:
                cache[values] = template_values.match(column.field, values, column.choices, picks)
            found = cache[values]
            if found is None:
                unmapped.append(Unmapped(template.first_row + i, column.header, column.field, rec["name"],
                                         values[-1], list(column.choices)))
            else:
                mapped[(i, column.index)] = found
    return mapped, unmapped


def distinct_unmapped(unmapped: list[Unmapped]) -> list[dict]:
    """One line per (column, our value): what the clerk is asked to pick, with how many people."""
    lines: dict[tuple[str, str], dict] = {}
    for u in unmapped:
        line = lines.setdefault((u.field, u.value), {"field": u.field, "column": u.column, "value": u.value,
                                                      "choices": u.choices, "people": 0})
        line["people"] += 1
    return list(lines.values())


def check_template(template_path: Path | str, *, include_all: bool = False,
                   on: dt.date | None = None) -> tuple[Template, list[dict]]:
    """Read a template and tell which of our values have no list value yet (nothing is written)."""
    template = read_template(template_path)
    _, unmapped = map_values(template, member_records(include_all=include_all, on=on))
    return template, distinct_unmapped(unmapped)


# --- writing -----------------------------------------------------------------------------------
def _cell_value(column: TemplateColumn, value):
    """(value, number format or None) as the column asks: a date in the header's format as text,
    ID and phone numbers as text."""
    if column.field in DATE_KEYS:
        if not value:
            return None, None
        if column.date_format:
            return value.strftime(column.date_format), "@"
        return value, "yyyy-mm-dd"
    if value in (None, ""):
        return None, None
    if column.field in TEXT_KEYS:
        return str(value), "@"
    return value, None


def _shift_block(ws: "Worksheet", start: int, delta: int) -> None:
    """Move rows ``start``.. (the 填表说明 and anything under it) by ``delta`` rows, with their
    merged cells and row heights."""
    from openpyxl.utils import get_column_letter

    if delta == 0 or start > ws.max_row:
        return
    last = ws.max_row
    merged = [m for m in list(ws.merged_cells.ranges) if m.min_row >= start]
    for m in merged:
        ws.unmerge_cells(m.coord)
    heights = {r: ws.row_dimensions[r].height for r in range(start, last + 1)
               if ws.row_dimensions[r].height is not None}
    ws.move_range(f"A{start}:{get_column_letter(max(ws.max_column, 1))}{last}", rows=delta)
    for r in heights:
        ws.row_dimensions[r].height = None
    for r, height in heights.items():
        ws.row_dimensions[r + delta].height = height
    for m in merged:
        m.shift(0, delta)
        ws.merge_cells(m.coord)


def _fit_sqref(sqref: str, first_row: int, last_row: int) -> str:
    """A list's ranges over the data area made to cover exactly the rows written."""
    parts = []
    for cell_range in _ranges(sqref):
        if _covers_data(cell_range, first_row):
            parts.append(f"{_column_letter(cell_range.min_col)}{first_row}:"
                         f"{_column_letter(cell_range.max_col)}{last_row}")
        else:
            parts.append(cell_range.coord)
    return " ".join(parts)


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return get_column_letter(index)


def _ext_xml(validations: list[ExtValidation]) -> str:
    items = []
    for v in validations:
        attrs = "".join(f" {k}={quoteattr(val)}" for k, val in v.attributes.items() if "}" not in k)
        items.append(f"<x14:dataValidation{attrs}><x14:formula1><xm:f>{escape(v.formula1)}</xm:f>"
                     f"</x14:formula1><xm:sqref>{escape(v.sqref)}</xm:sqref></x14:dataValidation>")
    return (f'<ext uri="{X14_VALIDATIONS_URI}" xmlns:x14="{NS_X14}">'
            f'<x14:dataValidations count="{len(items)}" xmlns:xm="{NS_XM}">{"".join(items)}'
            f"</x14:dataValidations></ext>")


def put_ext_validations(path: Path, by_sheet: dict[str, list[ExtValidation]]) -> None:
    """Put x14 list validations back into a saved workbook's sheets' XML."""
    by_sheet = {name: lists for name, lists in by_sheet.items() if lists}
    if not by_sheet:
        return
    with zipfile.ZipFile(path) as archive:
        parts = {_sheet_part(archive, name): lists for name, lists in by_sheet.items()}
        members = [(info, archive.read(info.filename)) for info in archive.infolist()]
    rebuilt = path.with_name(path.name + ".x14")
    try:
        with zipfile.ZipFile(rebuilt, "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in members:
                if info.filename in parts:
                    text = data.decode("utf-8")
                    ext = _ext_xml(parts[info.filename])
                    if "<extLst>" in text:  # one extLst, the last element of the sheet
                        text = text.replace("</extLst>", ext + "</extLst>", 1)
                    else:
                        text = text.replace("</worksheet>", f"<extLst>{ext}</extLst></worksheet>")
                    data = text.encode("utf-8")
                out.writestr(info, data)
        rebuilt.replace(path)
    finally:
        rebuilt.unlink(missing_ok=True)


def _todo_sheet(wb: "Workbook", unmapped: list[Unmapped]) -> None:
    from openpyxl.styles import Font

    if TODO_SHEET in wb.sheetnames:
        del wb[TODO_SHEET]
    if not unmapped:
        return
    ws = wb.create_sheet(TODO_SHEET)
    ws.append(["以下单元格的值不在模板的下拉列表中，已留空，请对照填写后再上报。"])
    ws.append(["行号", "列", "姓名", "本单位的值", "模板可选的值"])
    for cell in ws[2]:
        cell.font = Font(bold=True)
    for u in unmapped:
        ws.append([u.row, u.column, _safe(u.name), _safe(u.value), "、".join(u.choices)])
    for letter, width in zip("ABCDE", (8, 20, 12, 20, 60)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A3"


def _safe(value):
    return f"'{value}" if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def fill_template(template_path: Path | str, out_path: Path | str, *, include_all: bool = False,
                  masked: bool = False, on: dt.date | None = None,
                  progress: Callable[[int, int, str], None] | None = None) -> FillResult:
    """Write the roster into a copy of the template; returns what was written and what is left
    for the clerk (unmapped values)."""
    template_path = Path(template_path)
    wb = _load(template_path)
    template = read_template(template_path, wb)
    ws = wb[template.sheet]
    records = member_records(include_all=include_all, masked=masked, on=on)
    mapped, unmapped = map_values(template, records)
    first = template.first_row
    n = len(records)
    width = max((c.index for c in template.columns), default=1)
    end = (template.note_row or ws.max_row + 1) - 1  # the template's own data rows
    styles = {c: copy(ws.cell(first, c)._style) for c in range(1, width + 1) if ws.cell(first, c).has_style}
    for row in ws.iter_rows(min_row=first, max_row=max(end, first - 1), max_col=width):
        for cell in row:
            if type(cell).__name__ != "MergedCell":
                cell.value = None
    if template.note_row and n:
        _shift_block(ws, template.note_row, first + n - template.note_row)
    last = first + n - 1
    for i, rec in enumerate(records):
        r = first + i
        for column in template.columns:
            cell = ws.cell(r, column.index)
            if r > end and column.index in styles:
                cell._style = copy(styles[column.index])
            if column.field is None:
                continue
            if column.field == "seq":
                cell.value = i + 1
                continue
            if column.choices and column.field not in DATE_KEYS + TEXT_KEYS:
                value, fmt = mapped.get((i, column.index)), None
            else:
                value, fmt = _cell_value(column, rec.get(column.field))
            if value is None:
                continue
            cell.value = value
            guard(cell)
            if fmt:
                cell.number_format = fmt
        if progress and (i + 1) % 1000 == 0:
            progress(i + 1, n, "正在填写模板…")
    if n:
        from openpyxl.worksheet.cell_range import MultiCellRange

        for dv in ws.data_validations.dataValidation:
            dv.sqref = MultiCellRange(_fit_sqref(str(dv.sqref), first, last))
        for v in template.ext_validations:
            v.sqref = _fit_sqref(v.sqref, first, last)
    _todo_sheet(wb, unmapped)
    with atomic_target(out_path) as partial:
        wb.save(partial)
        put_ext_validations(partial, template.ext_by_sheet)
    return FillResult(n, unmapped, template)


# --- the organisation form (工会组织信息采集表) ------------------------------------------------------
ORG_DATE_KEYS = ("founded_on",)
ORG_NUMBER_KEYS = ("employees", "members")
ORG_TEXT_KEYS = ("credit_code", "union_credit_code", "region_code", "stat_code", "phone")


@dataclass
class OrganisationResult:
    sheet: str
    layout: str  # "row": a header row with the values under it | "labels": each value right of its label
    filled: dict[str, object]  # the form's label → what was written
    unmapped: list[Unmapped]
    empty: list[str]  # the form's labels we have no value for (fill them in 本单位工会信息)

    def summary(self) -> dict:
        return {"sheet": self.sheet, "layout": self.layout,
                "filled": {k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in self.filled.items()},
                "unmapped": [asdict(u) for u in self.unmapped], "empty": self.empty}


def organisation_values(on: dt.date | None = None) -> dict:
    """The chapter's particulars with 职工人数 and 会员人数 counted from the roster today."""
    from unionoffice.domain import members

    values: dict[str, object] = dict(chapter.load())
    values["employees"], values["members"] = members.headcount(on)
    values["founded_on"] = _as_date(values.get("founded_on") or None)
    return values


def _list_at(wb: "Workbook", ws: "Worksheet", ext: list[ExtValidation], row: int, col: int) -> list[str] | None:
    lists = [(dv.sqref, dv.formula1) for dv in ws.data_validations.dataValidation if dv.type == "list"]
    lists += [(v.sqref, v.formula1) for v in ext if v.attributes.get("type", "list") == "list"]
    for sqref, formula in lists:
        for cell_range in _ranges(sqref):
            if cell_range.min_row <= row <= cell_range.max_row and cell_range.min_col <= col <= cell_range.max_col:
                return list_values(wb, formula, ws.title)
    return None


def _org_layout(wb: "Workbook"):
    """("row", sheet, header row) when one row names three or more fields, else ("labels", sheet,
    [(row, col, key, label)]) for a form whose labels sit beside their value cells."""
    best_row, best_labels = None, None
    for ws in wb.worksheets:
        labels = []
        for row in ws.iter_rows(min_row=1, max_row=min(ws.max_row, 40), max_col=min(ws.max_column, 30)):
            in_row = []
            for cell in row:
                if isinstance(cell.value, str):
                    key = template_values.org_field(cell.value)
                    if key:
                        in_row.append((cell.row, cell.column, key, clean_text(cell.value)))
            if len({k for *_, k, _ in in_row}) >= 3 and (best_row is None or len(in_row) > best_row[0]):
                best_row = (len(in_row), ws, in_row[0][0])
            labels += in_row
        if best_labels is None or len(labels) > len(best_labels[1]):
            best_labels = (ws, labels)
    if best_row is not None:
        return "row", best_row[1], best_row[2]
    if best_labels is None or len(best_labels[1]) < 2:
        raise TemplateError("在模板中找不到会员信息的表头行（如“姓名”“证件号码”），"
                            "也找不到工会组织信息的栏目（如“单位名称”“工会名称”“建会日期”）")
    return "labels", best_labels[0], best_labels[1]


def _value_cell(ws: "Worksheet", row: int, col: int):
    """The cell a label's value goes in: the first cell right of the label (and of its merged range)."""
    for merged in ws.merged_cells.ranges:
        if merged.min_row <= row <= merged.max_row and merged.min_col <= col <= merged.max_col:
            col = merged.max_col
            break
    return ws.cell(row, col + 1)


def fill_organisation(template_path: Path | str, out_path: Path | str, *,
                      on: dt.date | None = None) -> OrganisationResult:
    """Fill a platform's 工会组织信息采集表 from the chapter's settings: a form with a header row gets
    one row under it; a form of labels gets each value in the cell right of its label."""
    template_path = Path(template_path)
    wb = _load(template_path)
    layout, ws, where = _org_layout(wb)
    try:
        ext_by_sheet = read_ext_validations(template_path)
    except (zipfile.BadZipFile, KeyError, SyntaxError):
        ext_by_sheet = {}
    ext = ext_by_sheet.get(ws.title, [])
    values = organisation_values(on)
    if layout == "row":
        header = ws[where]
        targets = [(clean_text(c.value), template_values.org_field(c.value), ws.cell(where + 1, c.column))
                   for c in header if isinstance(c.value, str)]
    else:
        targets = [(label, key, _value_cell(ws, row, col)) for row, col, key, label in where]
    filled, unmapped, empty = {}, [], []
    for label, key, cell in targets:
        if key is None:
            continue
        if type(cell).__name__ == "MergedCell" or template_values.org_field(cell.value) is not None:
            continue  # no free cell for the value
        value = values.get(key)
        if value in (None, ""):
            empty.append(label)
            continue
        choices = _list_at(wb, ws, ext, cell.row, cell.column)
        fmt = None
        if key in ORG_DATE_KEYS:
            date_fmt = template_values.date_format(label)
            value, fmt = (value.strftime(date_fmt), "@") if date_fmt else (value, "yyyy-mm-dd")
        elif choices:
            found = template_values.match(key, str(value), choices)
            if found is None:
                unmapped.append(Unmapped(cell.row, label, key, "", str(value), choices))
                continue
            value = found
        elif key in ORG_TEXT_KEYS:
            value, fmt = str(value), "@"
        cell.value = value
        guard(cell)
        if fmt:
            cell.number_format = fmt
        filled[label] = value
    _todo_sheet(wb, unmapped)
    with atomic_target(out_path) as partial:
        wb.save(partial)
        put_ext_validations(partial, ext_by_sheet)
    return OrganisationResult(ws.title, layout, filled, unmapped, empty)
