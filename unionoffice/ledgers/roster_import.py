"""Importing an HR roster (职工花名册), domain.md §3: read and check every row, compare with the
roster, show the plan, then write all of it in one transaction after a backup."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import operator
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Callable

from unionoffice.collation import name_key
from unionoffice.db import bulk, search_index
from unionoffice.db.backup import backup_before
from unionoffice.db.models import Department, MembershipEvent, Person, UnionGroup, database, now
from unionoffice.domain import audit, chapter, codes, members, settings
from unionoffice.domain.validation import (
    ValidationError,
    clean_text,
    mask_id,
    mask_phone,
    normalise_id,
    normalise_mobile,
    parse_date,
    remembered,
)
from unionoffice.logs import log
from unionoffice.excel import ledger
from unionoffice.excel.ledger import Rejection
from unionoffice.excel.reading import ImportFileError, read_sheet

__all__ = ["ImportFileError", "ImportPlan", "read_roster", "classify", "apply", "write_rejections"]

ALIASES: dict[str, str] = {}
for _key, _names in {
    "name": "姓名 职工姓名 名字",
    "gender": "性别",
    "ethnicity": "民族",
    "id_type": "有效证件类别 证件类别 证件类型",
    "id_number": "证件号码 身份证号 身份证号码 公民身份号码 身份证 公民身份证号码",
    "birth_date": "出生日期 出生年月日 出生年月",
    "education": "学历 文化程度",
    "skill_level": "技能等级",
    "political_status": "政治面貌",
    "department": "部门 所在部门 工作部门 单位/部门 工作单位/部门 工作单位",
    "position": "岗位 工作岗位 职务",
    "hire_date": "入职日期 进厂时间 入职时间 进厂日期",
    "work_start_date": "参加工作时间 参加工作日期",
    "employment_form": "用工形式 用工性质",
    "hukou_type": "户籍类型 户口性质 户口类型",
    "hukou_place": "户籍所在地 户口所在地",
    "mobile": "移动电话 手机号码 手机 联系电话 手机号",
    "is_member": "是否会员 是否工会会员 会员",
    "join_date": "入会时间 入会日期",
    "membership_kind": "会籍变化类型",
    "membership_date": "会籍变化日期",
    "membership_reason": "会籍变化原因",
    "member_card_no": "会员证号",
    "is_migrant": "是否农民工",
    "employment_status": "就业状况",
    "native_place": "籍贯",
    "union_group": "工会小组",
    "union_post": "工会职务",
    "note": "备注",
}.items():
    for _name in _names.split():
        ALIASES[_name] = _key

PERSON_KEYS = tuple(members.FIELD_LABELS)
MEMBERSHIP_KEYS = ("is_member", "join_date", "membership_kind", "membership_date")
LABEL_TO_KEY = {label: key for key, label in members.FIELD_LABELS.items()}
LABEL_TO_KEY.update({"入会时间": "join_date", "是否会员": "is_member"})


_LAYOUTS: dict[tuple[str, ...], tuple[str, ...]] = {}  # the fields of checked rows, one tuple per kind


class Record:
    """A checked row. Its values are kept as a tuple beside the tuple of their fields, which the
    rows with the same fields share: a dict for each of 300,000 rows held 40 MB more. ``values``
    gives them as a new dict (assign a dict to change them)."""

    __slots__ = ("row", "member", "join_date", "_keys", "_values")

    def __init__(self, row: int, values: dict, member: bool | None, join_date: dt.date | None):
        self.row = row
        self.values = values
        self.member = member
        self.join_date = join_date

    @property
    def values(self) -> dict:
        return dict(zip(self._keys, self._values))

    @values.setter
    def values(self, values: dict) -> None:
        keys = tuple(values)
        self._keys = _LAYOUTS.setdefault(keys, keys)
        self._values = tuple(values.values())

    def get(self, key: str, default=None):
        """One value, without making the dict."""
        keys = self._keys
        return self._values[keys.index(key)] if key in keys else default

    def __repr__(self) -> str:
        return f"Record(row={self.row}, values={self.values}, member={self.member}, join_date={self.join_date})"


@dataclass
class ImportPlan:
    path: Path
    sheet: str
    header_row: int
    header: list[str]
    columns: dict[str, int]
    unknown_columns: list[str]
    records: list[Record] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    new: list[Record] = field(default_factory=list)
    updates: list[tuple[int, Record, dict, dict]] = field(default_factory=list)  # id, rec, before, after
    joins: list[tuple[int, dt.date | None]] = field(default_factory=list)  # existing non-members joining
    joining: dict[int, Record] = field(default_factory=dict)  # their rows, by person id
    unchanged: int = 0
    classified: bool = False
    skipped: list[tuple[int, str]] = field(default_factory=list)  # rows not read: 合计, filtered out …
    warnings: list[Rejection] = field(default_factory=list)  # a field left out, the person imported
    hidden_sheets: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # none yet: LedgerPlan.summary reads them

    @property
    def has_membership_column(self) -> bool:
        return "is_member" in self.columns or "membership_kind" in self.columns

    def summary(self) -> dict:
        """Every ledger's summary; a person who only joins the union counts as updated."""
        joined = {pid for pid, _ in self.joins} - {pid for pid, *_ in self.updates}
        return ledger.LedgerPlan.summary(self) | {
            "updated": len(self.updates) + len(joined),
            "warnings": [{"row": w.row, "column": w.column, "reason": w.reason} for w in self.warnings]}


@contextmanager
def _collector_paused():
    """Python's cycle collector paused while the rows are read or written, and given back after
    (unless it was off already, as it is while a window is open: ui/common/collector.py). A roster
    makes a few objects a row and keeps one, none in a cycle, and each automatic collection walks
    all those kept so far: at 100,000 rows the pauses were a quarter of the read's time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def read_roster(path: Path | str, *, today: dt.date | None = None,
                progress: Callable[[int, int, str], None] | None = None) -> ImportPlan:
    """Read and check every row; nothing is written. The rows are read from the workbook as they
    are checked: only the checked values (and the rejected rows' cells) are kept."""
    with _collector_paused():
        return _read_roster(path, today=today, progress=progress)


def _read_roster(path: Path | str, *, today: dt.date | None,
                 progress: Callable[[int, int, str], None] | None) -> ImportPlan:
    today = today or dt.date.today()
    data = read_sheet(path, ALIASES, required=("name", "id_number"), lazy=True)
    plan = ImportPlan(Path(path), data.sheet, data.header_row, data.header, data.columns,
                      data.unknown_columns, skipped=data.skipped, hidden_sheets=data.hidden_sheets)
    width = max(data.width, max(data.columns.values()) + 1)
    check = RowCheck(data.columns, today=today,
                     known={key: codes.values(key) for key in ("ethnicity",)})
    unit_name = chapter.load()["unit_name"]
    seen: dict[str, int] = {}
    total = data.height
    id_col = data.columns["id_number"]
    masked = 0
    rows = 0

    def title(key: str) -> str:
        return data.title(key, members.FIELD_LABELS.get(key, key))

    for n, (row_no, cells) in enumerate(data.rows):
        rows += 1
        if progress and n % 2000 == 0:
            progress(n, max(total, n), "正在检查…")
        if len(cells) < width:
            cells = list(cells) + [None] * (width - len(cells))
        number = cells[id_col]
        if type(number) is str and "*" in number:
            masked += 1
        raw = check.raw(cells)
        earlier = _earlier_row(raw, seen)
        if earlier:
            plan.rejections.append(Rejection(
                row_no, title("id_number"), f"证件号码与第 {earlier} 行重复（一人一条记录）", cells))
            continue
        try:
            mobile_warning = check.contact(raw)
            if mobile_warning:
                plan.warnings.append(Rejection(row_no, title("mobile"), mobile_warning))
            record = check(raw)
            if unit_name and unit_name in record._values and record.values.get("department") == unit_name:
                values = record.values
                del values["department"]  # 工作单位 is the enterprise itself, not a department
                record.values = values
        except ValidationError as exc:
            key = LABEL_TO_KEY.get(exc.field, "")
            column = title(key) if key else exc.field
            plan.rejections.append(Rejection(row_no, column, exc.reason, cells))
            continue
        number = record.get("id_number")
        if number in seen:  # the same person again, written the other way (15 digits)
            plan.rejections.append(Rejection(
                row_no, title("id_number"), f"证件号码与第 {seen[number]} 行重复", cells))
            continue
        seen[number] = row_no
        record.row = row_no
        plan.records.append(record)
    _refuse_masked_export(data, masked, rows)
    return plan


def _refuse_masked_export(data, masked: int, rows: int) -> None:
    """A roster exported with masked numbers (1101**********431X) cannot be imported: say so once,
    not once a row."""
    if masked and masked * 2 >= rows:
        raise ImportFileError(
            f"{data.title('id_number', '证件号码')}列的号码是屏蔽过的（如 1101**********431X），"
            "这是屏蔽了号码的导出名册，不能导入；请导出含完整号码的名册，或使用人事部门的原始花名册")


def _earlier_row(raw: dict, seen: dict[str, int]) -> int | None:
    """The row where this row's ID number already came in, if any (checked before the rest of
    the row, so a copied person is reported as a duplicate and not as some other defect)."""
    number = raw.get("id_number")
    if not isinstance(number, str):
        return None
    earlier = seen.get(normalise_id(number))  # a 15-digit copy is caught after validation
    return earlier if earlier and clean_text(raw.get("name")) else None


# An empty cell never erases what the roster already knows, except in these fields.
_EMPTY_KEPT = frozenset(("name", "id_number", "id_type", "id_upgraded", "birth_date", "gender",
                         "is_migrant"))


class RowCheck:
    """The checks of one roster row, set up once for the file's columns: the person's fields by
    ``members.PersonCheck`` (remembering each distinct value's answer), then the membership
    columns."""

    def __init__(self, columns: dict[str, int], *, today: dt.date, known: dict):
        self.today = today
        self.keys = tuple(columns)
        self._cells = operator.itemgetter(*columns.values())
        self.person = members.PersonCheck(today=today, known_codes=known, remember=True)
        self.member = remembered(functools.partial(members.parse_yes_no, field="是否会员"))
        self.join_date = remembered(functools.partial(parse_date, field="入会时间", today=today))
        self.membership_date = remembered(functools.partial(parse_date, field="会籍变化日期", today=today))
        self._finer: dict[tuple[str, str, str], str] = {}
        self._details = tuple((key, detail) for key, detail in codes.DETAIL_FIELDS.items() if key in self.keys)

    def contact(self, raw: dict) -> str:
        """Make the row's 移动电话 cell a mobile number, or leave it out: a phone is an optional
        contact, so a landline, two numbers or a malformed one is a warning, not a refusal of the
        person. Returns the warning, or ""."""
        value = raw.get("mobile")
        if value is None or "mobile" not in raw:
            return ""
        try:
            raw["mobile"] = normalise_mobile(value)
            return ""
        except ValidationError:
            pass
        text = clean_text(value)
        numbers = {normalise_mobile_or_none(part) for part in _SEPARATORS.split(text) if part.strip()}
        mobiles = numbers - {None}
        if len(mobiles) == 1:  # a mobile and a landline: the mobile is meant
            raw["mobile"] = mobiles.pop()
            return ""
        del raw["mobile"]
        if len(mobiles) > 1:
            return f"“{text}”有 {len(mobiles)} 个手机号码，未导入此栏，请只留一个"
        return f"“{text}”不是手机号码（座机或号码有误），未导入此栏"

    def raw(self, cells: list) -> dict:
        """The row's cells by field key."""
        found = self._cells(cells)
        return dict(zip(self.keys, found if len(self.keys) > 1 else (found,)))

    def __call__(self, raw: dict) -> Record:
        name = clean_text(raw.get("name"))
        if not name:
            raise ValidationError("姓名", "姓名为空")
        number = raw.get("id_number")
        if type(number) is str:
            if ("E+" in number or "e+" in number) and _SCIENTIFIC.fullmatch(number.strip()):
                raise ValidationError(
                    "证件号码", "证件号码以数字形式保存，Excel 只保留 15 位有效数字，号码已损坏；"
                                "请把该列设置为“文本”格式后重新填写")
        elif isinstance(number, (int, float)) and not isinstance(number, bool) and not _exact_old_id(number):
            raise ValidationError("证件号码", ledger.id_as_number_reason(number))
        # PersonCheck reads only the person's fields: the membership columns can stay in ``raw``
        # (a truthy value first: comparing a date with "" and None costs more than the rest)
        clean = {k: v for k, v in self.person(raw, partial=True).items()
                 if v or k in _EMPTY_KEPT or (v is not None and v != "")}
        for key, detail in self._details:  # 硕士研究生 kept beside 研究生
            if clean.get(key):
                written = raw.get(key)
                if type(written) is str:  # a few distinct spellings in a whole roster
                    found = self._finer.get((key, written, clean[key]))
                    if found is None:
                        found = self._finer[(key, written, clean[key])] = codes.finer(key, written, clean[key])
                    clean[detail] = found
                else:
                    clean[detail] = codes.finer(key, written, clean[key])
        member = self.member(raw["is_member"]) if "is_member" in raw else None
        join_date = self.join_date(raw["join_date"]) if "join_date" in raw else None
        kind = clean_text(raw.get("membership_kind"))
        if member is None and kind:
            member = kind in members.MEMBER_KINDS
            if member and join_date is None:
                join_date = self.membership_date(raw.get("membership_date"))
        if join_date and clean.get("birth_date") and join_date < clean["birth_date"]:
            raise ValidationError("入会时间", "早于出生日期")
        return Record(0, clean, member, join_date)


def _exact_old_id(number) -> bool:
    """A 15-digit old ID stored as a number is exact (Excel keeps 15 significant digits)."""
    return float(number).is_integer() and 10 ** 14 <= number < 10 ** 15


def normalise_mobile_or_none(text: str) -> str | None:
    try:
        return normalise_mobile(text) or None
    except ValidationError:
        return None


_SCIENTIFIC = re.compile(r"\d(?:\.\d+)?[eE]\+\d+")  # 1.10101E+17: a CSV saved from a number cell
_SEPARATORS = re.compile(r"[,，/／、;；|]|\s{2,}|或")

_COMPARED = tuple(k for k in PERSON_KEYS if k not in ("department", "union_group")) + tuple(
    codes.DETAIL_FIELDS.values())


def classify(plan: ImportPlan) -> ImportPlan:
    """Compare the checked rows with the roster: new, updated, unchanged."""
    by_number: dict[str, dict] = {}
    dept_names = {d.id: d.name for d in Department.select()}
    group_names = {g.id: g.name for g in UnionGroup.select()}
    fields = [getattr(Person, k) for k in _COMPARED]
    # an empty office (the first import): everybody is new
    numbers = [r.get("id_number") for r in plan.records] if Person.select().exists() else []
    for i in range(0, len(numbers), 900):
        query = (Person.select(Person.id, Person.membership_state, Person.department,
                               Person.union_group, *fields)
                 .where(Person.id_number.in_(numbers[i:i + 900])).dicts())
        for row in query:
            row["department"] = dept_names.get(row["department"], "")
            row["union_group"] = group_names.get(row["union_group"], "")
            by_number[row["id_number"]] = row
    plan.new, plan.updates, plan.joins, plan.joining, plan.unchanged = [], [], [], {}, 0
    for record in plan.records:
        current = by_number.get(record.get("id_number")) if by_number else None
        if current is None:
            plan.new.append(record)
            continue
        changes = {k: v for k, v in record.values.items()
                   if k != "id_upgraded" and current.get(k) != v}
        joining = record.member and current["membership_state"] not in members.MEMBER_KINDS
        if changes:
            plan.updates.append((current["id"], record, {k: current.get(k) for k in changes}, changes))
        if joining:
            plan.joins.append((current["id"], record.join_date))
            plan.joining[current["id"]] = record
        if not changes and not joining:
            plan.unchanged += 1
    plan.classified = True
    return plan


def _shown(key: str, value) -> str:
    """A field's value as the preview shows it: dates as text, 是/否, IDs and phones masked."""
    if value in (None, ""):
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (dt.date, dt.datetime)):
        return f"{value:%Y-%m-%d}"
    if key == "id_number":
        return mask_id(str(value))
    if key == "mobile":
        return mask_phone(str(value))
    return str(value)


def _who(record: Record) -> dict:
    return {"row": record.row, "name": record.values.get("name", ""),
            "department": record.values.get("department", ""), "id_number": mask_id(record.values["id_number"])}


def preview_rows(plan: ImportPlan) -> tuple[list[dict], list[dict]]:
    """The people a classified plan adds and those it changes, for the preview: (new, updated),
    each row with its 行号, 姓名, 部门 and masked 证件号码; an update says what changes."""
    new = [{**_who(r), "member": {True: "是", False: "否"}.get(r.member, "")} for r in plan.new]
    updated: dict[int, dict] = {}
    for pid, record, before, after in plan.updates:
        updated[pid] = {**_who(record), "changes": "；".join(
            f"{members.FIELD_LABELS.get(k, k)}：{_shown(k, before.get(k))} → {_shown(k, v)}" for k, v in after.items())}
    for pid, join_date in plan.joins:
        joining = "入会" + (f"（{join_date:%Y-%m-%d}）" if join_date else "")
        row = updated.setdefault(pid, {**_who(plan.joining[pid]), "changes": ""})
        row["changes"] = "；".join(filter(None, (row["changes"], joining)))
    return new, sorted(updated.values(), key=lambda r: r["row"])


NEW_COLUMNS = ("name", "name_pinyin", "name_initials", "name_key", "gender", "birth_date", "ethnicity",
               "employment_status", "id_type", "id_number", "id_upgraded", "education",
               "skill_level", "mobile", "hukou_type", "hukou_place", "political_status",
               "department", "position", "native_place", "is_migrant", "employment_form",
               "hire_date", "work_start_date", "union_group", "union_post", "member_card_no",
               "note", "membership_state", "created_at", "updated_at", "education_detail",
               "political_detail", "row_version")  # (every column with a default: none added a row)


# What a new person's row is made from, with the value each takes when the file leaves it out
# (employment_status: none, then 在岗).
_NEW_FIELDS = (("name", None), ("gender", ""), ("birth_date", None), ("ethnicity", ""),
               ("employment_status", None), ("id_type", "身份证"), ("id_number", None), ("id_upgraded", False),
               ("education", ""), ("skill_level", ""), ("mobile", ""), ("hukou_type", ""), ("hukou_place", ""),
               ("political_status", ""), ("department", ""), ("position", ""), ("native_place", ""),
               ("is_migrant", False), ("employment_form", ""), ("hire_date", None), ("work_start_date", None),
               ("union_group", ""), ("union_post", ""), ("member_card_no", ""), ("note", ""),
               ("education_detail", ""), ("political_detail", ""))
_NEW_DEFAULTS = tuple(default for _, default in _NEW_FIELDS)
_NEW_GETTERS: dict[tuple[str, ...], Callable] = {}  # per layout of checked rows


def _known_departments(names, known: dict[str, int | None]) -> None:
    """Put the departments ``names`` name in ``known`` (name → id), the missing ones created in the
    order they are first named with the sort order ``members.department_id`` gives them (the count
    before each): the departments there are read in one query, not looked up and counted a name at
    a time (three queries each, a third of a second for 150)."""
    names = [name for name in dict.fromkeys(names) if name not in known]
    if not names or any(name != clean_text(name) for name in names):  # department_id cleans them: let it
        return
    there: dict[str, int] = {}
    for dept_id, name in Department.select(Department.id, Department.name).order_by(Department.id).tuples():
        there.setdefault(name, dept_id)
    count = len(there)
    for name in names:
        if not name:
            known[name] = None
        elif name in there:
            known[name] = there[name]
        else:
            known[name] = Department.create(name=name, sort_order=count).id
            count += 1


def _new_fields(record: Record) -> tuple:
    """A checked row's values of _NEW_FIELDS in that order, the defaults where it has none: taken
    from its values tuple by one itemgetter made for its layout, not looked up field by field."""
    keys = record._keys
    getter = _NEW_GETTERS.get(keys)
    if getter is None:
        getter = _NEW_GETTERS[keys] = operator.itemgetter(*(
            keys.index(key) if key in keys else len(keys) + i for i, (key, _) in enumerate(_NEW_FIELDS)))
    return getter(record._values + _NEW_DEFAULTS)


def apply(plan: ImportPlan, *, db_path: Path | None = None, join_date: dt.date | None = None,
          today: dt.date | None = None,
          progress: Callable[[int, int, str], None] | None = None) -> dict:
    """Write the plan: a backup first, then everything in one transaction. ``join_date``: where
    the file has no membership column, register the new people as members joining on that day.
    A Cancelled or any error raised by ``progress`` rolls everything back."""
    with _collector_paused():
        return _apply(plan, db_path=db_path, join_date=join_date, today=today, progress=progress)


def _apply(plan: ImportPlan, *, db_path: Path | None, join_date: dt.date | None, today: dt.date | None,
           progress: Callable[[int, int, str], None] | None) -> dict:
    today = today or dt.date.today()
    if not plan.classified:
        classify(plan)
    if (plan.new or plan.updates or plan.joins):
        backup_before(db_path, "before-import")
    total = len(plan.new) + len(plan.updates) + len(plan.joins)
    done = 0
    with database.atomic():
        dept_cache: dict[str, int | None] = {}
        group_cache: dict[tuple[str, int | None], int | None] = {}

        def dept(name: str):
            if name not in dept_cache:
                dept_cache[name] = members.department_id(name)
            return dept_cache[name]

        def group(name: str, dept_id):
            if (name, dept_id) not in group_cache:
                group_cache[(name, dept_id)] = members.union_group_id(name, dept_id)
            return group_cache[(name, dept_id)]

        _known_departments((record.get("department", "") for record in plan.new), dept_cache)
        start_id = bulk.next_id(Person)
        card_seq = int(settings.get("members.card_seq", 0))
        prefix = settings.get("members.card_prefix", "HY")
        changed_at = now()
        stamp = changed_at.isoformat(sep=" ")
        has_column = plan.has_membership_column

        def joins(record: Record) -> bool:
            return record.member if has_column else join_date is not None

        def new_rows():
            """The new people in the driver's form (dates as ISO text), made as they are written:
            at 300,000 rows a list of them would hold a few hundred MB."""
            nonlocal card_seq
            for n, record in enumerate(plan.new):
                (name, gender, birth, ethnicity, status, id_type, number, upgraded, education, skill, mobile,
                 hukou_type, hukou_place, political, department, position, native_place, migrant, form,
                 hired, started, group_name, post, card, note, education_detail,
                 political_detail) = _new_fields(record)
                dept_id = dept(department)
                member = joins(record)
                if member and not card:
                    card_seq += 1
                    card = f"{prefix}{card_seq:06d}"
                full, initials, key = members.name_keys(name)
                yield (
                    start_id + n, name, full, initials, key, gender,
                    birth.isoformat() if birth else None, ethnicity, status or "在岗", id_type, number,
                    bool(upgraded), education, skill, mobile, hukou_type, hukou_place, political, dept_id,
                    position, native_place, bool(migrant), form,
                    hired.isoformat() if hired else None, started.isoformat() if started else None,
                    group(group_name, dept_id), post, card, note, "入会" if member else "", stamp, stamp,
                    education_detail, political_detail, 0)
                if progress and n % 5000 == 0:
                    progress(done + n, total, "正在写入新职工…")

        def new_events():
            for n, record in enumerate(plan.new):
                if joins(record):
                    on = record.join_date if has_column else join_date
                    note = ""
                    if on is None:
                        on, note = record.values.get("hire_date") or today, "导入时未提供入会日期"
                    yield start_id + n, "入会", on.isoformat(), "", note

        with bulk.indexes_rebuilt(Person, len(plan.new)), search_index.writing_people(database.obj, len(plan.new)):
            bulk.insert_rows(Person, ("id",) + NEW_COLUMNS, new_rows(), ready=True)
        done += len(plan.new)
        for n, (person_id, record, before, after) in enumerate(plan.updates):
            row = dict(after)
            if "department" in row or "union_group" in row:
                dept_id = dept(record.values.get("department", before.get("department", "")))
                if "department" in row:
                    row["department"] = dept_id
                if "union_group" in row:
                    row["union_group"] = group(row["union_group"], dept_id)
            if "name" in row:
                row["name_pinyin"], row["name_initials"] = members.pinyin_keys(row["name"])
                row["name_key"] = name_key(row["name"])
            row["updated_at"] = changed_at
            Person.update(**row).where(Person.id == person_id).execute()
            if progress and n % 1000 == 0:
                progress(done + n, total, "正在更新已有职工…")
        done += len(plan.updates)
        events = chain(new_events(), (
            (person_id, "入会", (on or today).isoformat(), "", "" if on else "导入时未提供入会日期")
            for person_id, on in plan.joins))
        adding = sum(1 for record in plan.new if joins(record)) + len(plan.joins)
        with bulk.indexes_rebuilt(MembershipEvent, adding):
            bulk.insert_rows(MembershipEvent, ("person", "kind", "date", "reason", "note"), events, ready=True)
        if card_seq != int(settings.get("members.card_seq", 0)):
            settings.put_many({"members.card_seq": card_seq})
        join_ids = [pid for pid, _ in plan.joins]
        for pid in join_ids:
            if not Person.get_by_id(pid).member_card_no:
                card_seq += 1
                Person.update(member_card_no=f"{prefix}{card_seq:06d}").where(Person.id == pid).execute()
        settings.put_many({"members.card_seq": card_seq})
        # new people's state is set as they are written (入会 or none); the others are recomputed
        members.refresh_state(join_ids + [pid for pid, *_ in plan.updates])
        summary = plan.summary()
        updated = {pid for pid, *_ in plan.updates}
        audit.imported("person", "职工花名册", plan.path, summary, range(start_id, start_id + len(plan.new)),
                       {pid: (before, after) for pid, _, before, after in plan.updates}
                       | {pid: ({}, {"kind": "入会", "date": on or today}) for pid, on in plan.joins
                          if pid not in updated})
        if progress:
            progress(total, total, "完成")
    if total >= bulk.ANALYZE_AFTER:
        bulk.analyze(database, (Person, MembershipEvent))  # the planner's figures for the new rows (issue 28)
    summary = plan.summary()
    log.info("roster import: %d new, %d updated, %d unchanged, %d rejected", summary["imported"],
             summary["updated"], summary["unchanged"], summary["rejected"])
    return summary


def write_rejections(plan: ImportPlan, path: Path | str,
                     progress: Callable[[int, int, str], None] | None = None) -> Path:
    """The rejected rows as they were in the file, with 行号 and 错误原因 in front."""
    text_columns = tuple(plan.columns[k] for k in ("id_number", "mobile") if k in plan.columns)
    return ledger.write_rejections(path, plan.path, plan.header, plan.rejections, text_columns, progress)
