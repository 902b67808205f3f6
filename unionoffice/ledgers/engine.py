"""One engine for every ledger (domain.md §13, §11): a declaration says what a ledger's columns are
and how a checked row becomes a domain call; the engine reads the sheet, checks every row, plans
new / updated / unchanged / rejected, backs up once, applies in one transaction and logs; and writes
export sheets with the §11 conventions."""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, ClassVar

from peewee import CharField, ForeignKeyField, TextField

from unionoffice.domain import audit, chapter
from unionoffice.domain.validation import LONG_TEXT_LIMIT, NOTE_LIMIT, ValidationError, clean_text, normalise_id
from unionoffice.excel.ledger import LedgerPlan, Rejection, write_rejections
from unionoffice.excel.reading import read_sheet
from unionoffice.excel.writing import Column, start_sheet, value_cell
from unionoffice.files import atomic_target
from unionoffice.logs import log

TYPES = ("text", "date", "money", "integer", "yesno", "code", "person")


@dataclass(frozen=True)
class Field:
    """A ledger column: its key, its Chinese label, the other headers that mean it, its type and
    whether a row must fill it. ``read=False``: written by the export, known on import, not read."""

    key: str
    label: str
    aliases: tuple[str, ...] = ()
    type: str = "text"
    required: bool = False
    read: bool = True

    def __post_init__(self):
        assert self.type in TYPES, self.type


class Skip(Exception):
    """A row left out on purpose (not an error): its reason is listed with the skipped rows."""


class OptionError(ValueError):
    """A command's options do not fit the ledger (a missing --month …); ``code`` is the exit code."""

    def __init__(self, message: str, code: int = 2):
        super().__init__(message)
        self.code = code


UNCHANGED = object()


class Ledger:
    """A declaration. Subclasses set the class attributes and fill in the hooks; the engine does the
    rest. ``match`` says what a checked row does: ``None`` (new), ``UNCHANGED``, or ``(record id,
    values, before)`` (an update)."""

    kind: ClassVar[str]             # the command line's name: import KIND / export KIND
    table: ClassVar[str] = ""       # the audit log's name for its records (audit.TABLES)
    title: ClassVar[str]            # 厂务公开台账
    unit: ClassVar[str] = "项"
    fields: ClassVar[tuple[Field, ...]]
    model: ClassVar[object] = None  # whose text lengths bound the values
    same_row: ClassVar[str] = "与第 {row} 行重复"  # a second row with the same key
    same_column: ClassVar[str] = ""  # the key whose column names a repeated row
    figures: ClassVar[tuple[str, ...]] = ()  # the annual-report figures (statistics.LABELS) it feeds
    lengths_after_match: ClassVar[bool] = False
    options: ClassVar[tuple[str, ...]] = ()  # what an import needs besides the file (month …)
    errors: ClassVar[dict[str, str]] = {}  # the domain's error labels → their columns, where they differ

    # -- what the declaration says -----------------------------------------------------------
    @classmethod
    def aliases(cls) -> dict[str, str]:
        names = {}
        for f in cls.fields:
            key = f.key if f.read else f"_{f.key}"
            for name in (f.label,) + f.aliases:
                names[name] = key
        return names

    @classmethod
    def required(cls) -> tuple[str, ...]:
        return tuple(f.key for f in cls.fields if f.required)

    @classmethod
    def label(cls, key: str) -> str:
        return next((f.label for f in cls.fields if f.key == key), key)

    @classmethod
    def key_of(cls, label: str) -> str | None:
        """Which column an error names (a ValidationError's field is a Chinese label)."""
        if cls.errors:
            return cls.errors.get(label)
        return next((f.key for f in cls.fields if label == f.label or label in f.aliases), None)

    # -- hooks ---------------------------------------------------------------------------------
    def import_options(self, args) -> dict:
        """What ``import KIND`` passes to ``read`` from the command's options."""
        return {}

    def apply_options(self, join_date=None) -> dict:
        """What ``import KIND`` passes to ``apply`` (the roster's --join-date)."""
        return {}

    def begin(self, data, **options) -> None:
        """Load what the rows are matched against."""

    def cells(self, cells: list) -> list:
        return cells

    def check(self, raw: dict) -> dict:
        raise NotImplementedError

    def key(self, values: dict):
        raise NotImplementedError

    def match(self, values: dict, raw: dict, data):
        raise NotImplementedError

    @classmethod
    def person(cls, raw: dict) -> int:
        """A row's person (the ``person`` columns: a name, and a 证件号码 that may be blank or masked)."""
        name, number = (f.key for f in cls.fields if f.type == "person")
        return find_person(raw.get(name), raw.get(number))

    def length_title(self, data, key: str) -> str:
        return data.title(key, self.label(key))

    def finish(self, plan: LedgerPlan) -> None:
        """Notes on what else the import will do."""

    def write(self, plan: LedgerPlan) -> list[int]:
        """The domain calls of a plan, inside the engine's transaction: the new records' ids."""
        raise NotImplementedError

    def audited(self, record_id: int, values: dict, before: dict) -> tuple[dict, dict]:
        """An update as the audit log keeps it: the changed fields before and after."""
        return before, {k: values[k] for k in before if k in values}

    # -- the engine ----------------------------------------------------------------------------
    def read(self, path: Path | str, **options) -> LedgerPlan:
        """Read and check every row (§13): nothing is written."""
        return copy.copy(self)._read(path, options)

    def _read(self, path, options: dict) -> LedgerPlan:
        data = read_sheet(path, self.aliases(), required=self.required())
        plan = LedgerPlan.of(path, data)
        self.begin(data, **options)
        seen: dict = {}
        for row_no, cells in data.rows:
            cells = self.cells(list(cells) + [None] * (len(data.header) - len(cells)))
            raw = {key: cells[col] for key, col in data.columns.items()}
            try:
                values = self.check(raw)
                if not self.lengths_after_match:
                    check_lengths(self.model, values, lambda k: self.length_title(data, k))
            except Skip as exc:
                plan.skipped.append((row_no, str(exc)))
                continue
            except ValidationError as exc:
                key = self.key_of(exc.field)
                plan.rejections.append(Rejection(row_no, data.title(key, exc.field) if key else exc.field,
                                                 exc.reason, cells))
                continue
            key = self.key(values)
            if key in seen:
                plan.rejections.append(Rejection(row_no, data.title(self.same_column),
                                                 self.same_row.format(row=seen[key]), cells))
                continue
            seen[key] = row_no
            found = self.match(values, raw, data)
            if found is UNCHANGED:
                plan.unchanged += 1
                continue
            if self.lengths_after_match:
                try:
                    check_lengths(self.model, values, lambda k: self.length_title(data, k))
                except ValidationError as exc:
                    plan.rejections.append(Rejection(row_no, exc.field, exc.reason, cells))
                    continue
            if found is None:
                plan.new.append(values)
            else:
                plan.updates.append(found)
        self.finish(plan)
        return plan

    def apply(self, plan: LedgerPlan, *, db_path: Path | None = None, progress: Callable | None = None) -> dict:
        """One backup (when anything is written), one transaction."""
        from unionoffice.db.backup import backup_before
        from unionoffice.db.models import database

        if plan.new or plan.updates:
            backup_before(db_path, "before-import")
        summary = plan.summary()
        with database.atomic():
            new_ids = self.write(plan)
            if plan.new or plan.updates:
                audit.imported(self.table, self.title, plan.path, summary, new_ids,
                               {u[0]: self.audited(*u) for u in plan.updates})
            if progress:
                progress(1, 1, "完成")
        log.info("%s import: %d new, %d updated, %d unchanged, %d rejected", self.kind, summary["imported"],
                 summary["updated"], summary["unchanged"], summary["rejected"])
        return summary

    # -- a year's ledger out: a declaration gives ``columns``, ``year_rows(year, **options)`` (the
    # records) and ``export_row(n, record)`` (a row's cells), and may add to ``export_total``
    columns: ClassVar[list[Column]] = []

    def export_total(self, rows: list[dict]) -> dict:
        return {0: "合计", 1: f"{len(rows)} {self.unit}"}

    def more_sheets(self, wb, rows: list[dict], progress: Callable | None) -> None:
        """Sheets after the ledger's own (an activity's participants …)."""

    def export(self, path: Path | str, year: int, *, progress: Callable | None = None, **options) -> int:
        """The year's ledger: a sheet of ``columns`` with a 合计 row. Returns how many rows."""
        from unionoffice.excel.writing import new_workbook

        rows = self.year_rows(year, **options)
        wb = new_workbook()
        sheet = Sheet(wb, self.title, f"{unit_name()} {self.title}（{year}年）", self.columns)
        for n, r in enumerate(rows, start=1):
            sheet.row(self.export_row(n, r))
        sheet.total(self.export_total(rows))
        self.more_sheets(wb, rows, progress)
        save(wb, path)
        return len(rows)

    def exported(self, path, args) -> str:
        """``export KIND``: write the workbook the options ask for; the line printed."""
        return f"已导出 {self.export(path, args.year or dt.date.today().year)} {self.unit} → {path}"

    def write_rejections(self, plan: LedgerPlan, path, progress: Callable | None = None):
        return write_rejections(path, plan.path, plan.header, plan.rejections, progress=progress)


def find_person(name, id_text) -> int:
    """The roster's person by 证件号码 (a masked one, 1101****1234, narrows the name), else by a name
    only one person has; a ValidationError naming 姓名 or 证件号码 otherwise."""
    from unionoffice.db.models import Person

    name = clean_text(name)
    if not name:
        raise ValidationError("姓名", "必须填写")
    number = normalise_id(id_text)
    if number and "*" not in number:
        person = Person.get_or_none(Person.id_number == number)
        if person is None:
            raise ValidationError("证件号码", "名册中没有此证件号码")
        if person.name != name:
            raise ValidationError("姓名", f"与名册中此证件号码的姓名“{person.name}”不一致")
        return person.id
    query = Person.select(Person.id, Person.id_number).where(Person.name == name)
    people = [p for p in query if not number or (p.id_number[:4] == number[:4] and p.id_number[-4:] == number[-4:])]
    if not people:
        raise ValidationError("姓名", f"名册中没有“{name}”")
    if len(people) > 1:
        raise ValidationError("姓名", f"名册中有 {len(people)} 个“{name}”，请填写证件号码区分")
    return people[0].id


def text_limit(model, key: str) -> int | None:
    """The longest text a model's field holds: a column's own size, or a sane length for a long
    text (the same on SQLite and PostgreSQL)."""
    column = model._meta.fields.get(key)
    if isinstance(column, CharField) and not isinstance(column, ForeignKeyField):
        return column.max_length
    if isinstance(column, TextField):
        return NOTE_LIMIT if "note" in key else (100_000 if key == "content" else LONG_TEXT_LIMIT)
    return None


def check_lengths(model, values: dict, title) -> None:
    """Refuse a row whose text is longer than its field holds; ``title(key)`` names the column."""
    if model is None:
        return
    for key, value in values.items():
        if type(value) is str and len(value) > 20:
            limit = text_limit(model, key)
            if limit is not None and len(value) > limit:
                raise ValidationError(title(key), f"内容过长（{len(value):,} 字，最多 {limit:,} 字）")


class KeyedLedger(Ledger):
    """A ledger whose rows are one model's records keyed by one column (编号): a row with a known key
    is unchanged or an update of the ``compared`` fields; written as it is, with an audit record."""

    key_field: ClassVar[str] = "number"
    compared: ClassVar[tuple[str, ...]] = ()
    entity: ClassVar[str] = ""  # the audit log's name for the record

    def begin(self, data, **_options) -> None:
        self.existing = {getattr(r, self.key_field): r for r in self.model.select()}

    def key(self, values: dict):
        return values[self.key_field]

    def match(self, values: dict, raw: dict, data):
        current = self.existing.get(values[self.key_field])
        if current is None:
            return None
        before = {k: getattr(current, self.model._meta.fields[k].column_name if k in self.model._meta.fields
                             else k) for k in self.compared}
        changed = [k for k in self.compared if before[k] != values[k]]
        if not changed:
            return UNCHANGED
        return (current.id, {k: values[k] for k in changed}, {k: before[k] for k in changed})

    def write(self, plan: LedgerPlan) -> None:
        from unionoffice.domain import audit

        for values in plan.new:
            record = self.model.create(**values)
            audit.record("import", self.entity, record.id, None, {self.key_field: values[self.key_field]})
        for record_id, values, before in plan.updates:
            self.model.update(**values).where(self.model.id == record_id).execute()
            audit.record("update", self.entity, record_id, before, values)


# -- the export writer (§11) ---------------------------------------------------------------------
def unit_name() -> str:
    info = chapter.load()
    return info["union_name"] or info["unit_name"] or "本单位工会"


class Sheet:
    """A sheet of an export: its title row, header and rows written through the §11 guard."""

    def __init__(self, wb, name: str, title: str, columns: list[Column]):
        self.ws = wb.create_sheet(name)
        self.columns = columns
        start_sheet(self.ws, title, columns)

    def row(self, values) -> None:
        self.ws.values(values, self.columns)

    def total(self, cells: dict[int, object], width: int = 0) -> None:
        """A 合计 row: ``cells`` by column index; a value given as ``raw(v)`` is written as it is."""
        width = width or max(cells) + 1
        row = [None] * width
        for i, v in cells.items():
            row[i] = v.value if isinstance(v, raw) else value_cell(self.ws, v, self.columns[i])
        self.ws.append(row)


@dataclass(frozen=True)
class raw:
    """A total cell written without the column's format (as the ledgers always have)."""

    value: object


def save(wb, path: Path | str) -> None:
    with atomic_target(path) as partial:
        wb.save(partial)
