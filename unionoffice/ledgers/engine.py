"""One engine for every ledger (domain.md §13, §11): a declaration says what a ledger's columns are
and how a checked row becomes a domain call; the engine reads the sheet, checks every row, plans
new / updated / unchanged / rejected, backs up once, applies in one transaction and logs; and writes
export sheets with the §11 conventions."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, ClassVar

from peewee import CharField, ForeignKeyField, TextField

from unionoffice.domain import chapter
from unionoffice.domain.validation import LONG_TEXT_LIMIT, NOTE_LIMIT, ValidationError
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
    title: ClassVar[str]            # 厂务公开台账
    unit: ClassVar[str] = "项"
    fields: ClassVar[tuple[Field, ...]]
    model: ClassVar[object] = None  # whose text lengths bound the values
    same_row: ClassVar[str] = "与第 {row} 行重复"  # a second row with the same key
    same_column: ClassVar[str] = ""  # the key whose column names a repeated row
    figures: ClassVar[tuple[str, ...]] = ()  # the report figures the ledger feeds
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

    def exported(self, path, args) -> str:
        """``export KIND``: write the workbook the options ask for; the line printed."""
        raise NotImplementedError

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

    def length_title(self, data, key: str) -> str:
        return data.title(key, self.label(key))

    def finish(self, plan: LedgerPlan) -> None:
        """Notes on what else the import will do."""

    def write(self, plan: LedgerPlan) -> None:
        """The domain calls of a plan, inside the engine's transaction."""
        raise NotImplementedError

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
        with database.atomic():
            self.write(plan)
            if progress:
                progress(1, 1, "完成")
        summary = plan.summary()
        log.info("%s import: %d new, %d updated, %d unchanged, %d rejected", self.kind, summary["imported"],
                 summary["updated"], summary["unchanged"], summary["rejected"])
        return summary

    def write_rejections(self, plan: LedgerPlan, path, progress: Callable | None = None):
        return write_rejections(path, plan.path, plan.header, plan.rejections, progress=progress)


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
        self.ws.append([value_cell(self.ws, v, c) for v, c in zip(values, self.columns)])

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
