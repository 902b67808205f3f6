"""Taking back an addition, a deletion or an import of register records (撤销), whatever the register:
a record is kept as its rows — its own row and the rows that hang on it (a notice's feedback and
files, an inspection's hazards …), as the database holds them — and put back as they were, with the
same ids, in one transaction, audited. A record someone changed meanwhile (its ``row_version``
moved on) is not touched: the undo is refused and says so."""

from __future__ import annotations

from dataclasses import dataclass, field

from peewee import IntegrityError, Model
from playhouse.shortcuts import model_to_dict

from unionoffice.db.models import database
from unionoffice.domain import audit
from unionoffice.domain.validation import ValidationError

UNDO = "撤销"


@dataclass
class Kept:
    """One record as its rows: the root's values, and per dependent model its rows' values (in the
    order they can be inserted again) and the ids of rows whose nullable link was cut."""

    model: type
    values: dict
    dependents: list[tuple[type, str, list[dict]]] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.values[self.model._meta.primary_key.name]

    @property
    def version(self):
        return self.values.get("row_version")


def _row(row: Model) -> dict:
    return model_to_dict(row, recurse=False)


def keep(model: type, record_id: int) -> Kept:
    """The record and what hangs on it, as it is now (DoesNotExist-safe: a ValidationError)."""
    row = model.get_or_none(model._meta.primary_key == record_id)
    if row is None:
        raise ValidationError(UNDO, "这条记录已被删除")
    kept = Kept(model, _row(row))
    for where, fk in row.dependencies(search_nullable=True):
        rows = [_row(r) for r in fk.model.select().where(where)]
        if rows:
            kept.dependents.append((fk.model, fk.name, rows))
    return kept


def version(model: type, record_id: int):
    """A record's ``row_version`` now (None when it is gone or has none)."""
    row = model.get_or_none(model._meta.primary_key == record_id)
    return None if row is None else getattr(row, "row_version", None)


def _unchanged(kept: Kept, what: str) -> None:
    now = kept.model.get_or_none(kept.model._meta.primary_key == kept.id)
    if now is None:
        raise ValidationError(UNDO, f"这条{what}已被删除")
    if kept.version is not None and now.row_version != kept.version:
        raise ValidationError(UNDO, f"这条{what}已被修改（可能是其他电脑），不能撤销")


def _table(model: type) -> str:
    return model._meta.table_name


def remove(kept: list[Kept], what: str, *, check: bool = True) -> list[Kept]:
    """Delete these records (each still as ``kept`` says, else refused), in one transaction, audited;
    they are kept anew, with what hangs on them now, to be put back."""
    again = []
    with database.atomic():
        for k in kept:
            if check:
                _unchanged(k, what)
            now = keep(k.model, k.id)
            now.model.get_by_id(now.id).delete_instance(recursive=True)
            audit.record("delete", _table(k.model), k.id, {"undo": True}, None)
            again.append(now)
    return again


def put_back(kept: list[Kept], what: str) -> list[int]:
    """Insert these records again with their ids and what hung on them, in one transaction, audited;
    refused when one exists again or what it refers to is gone."""
    try:
        with database.atomic():
            for k in kept:
                if k.model.get_or_none(k.model._meta.primary_key == k.id) is not None:
                    raise ValidationError(UNDO, f"这条{what}已经存在")
                k.model.insert(k.values).execute()
                for model, fk_name, rows in k.dependents:
                    for values in rows:
                        key = model._meta.primary_key.name
                        existing = model.get_or_none(model._meta.primary_key == values[key])
                        if existing is None:
                            model.insert(values).execute()
                        else:  # a nullable link the deletion cut
                            model.update({fk_name: values[fk_name]}).where(
                                model._meta.primary_key == values[key]).execute()
                audit.record("create", _table(k.model), k.id, None, {"undo": True})
    except IntegrityError:
        raise ValidationError(UNDO, f"这条{what}所关联的记录已不存在，不能恢复") from None
    return [k.id for k in kept]


def write_back(kept: list[Kept], current: list[Kept], what: str) -> list[Kept]:
    """Set records' own fields back to ``kept`` (an import's update taken back), each still as
    ``current`` says, else refused; one transaction, audited field by field. The records as they
    are afterwards."""
    with database.atomic():
        for old, now in zip(kept, current):
            _unchanged(now, what)
            values = {k: v for k, v in old.values.items() if k not in ("id", "row_version")}
            changed = {k: v for k, v in values.items() if now.values.get(k) != v}
            if changed:
                old.model.update(changed).where(old.model._meta.primary_key == old.id).execute()
                audit.record("update", _table(old.model), old.id, {k: now.values.get(k) for k in changed},
                             changed)
        return [keep(k.model, k.id) for k in kept]


@dataclass
class ImportDone:
    """An import (or a paste) as it can be taken back and made again: the records it added, and the
    records it changed as they were before and as they are now."""

    ledger: str
    table: str
    added: list[Kept]
    before: list[Kept]
    after: list[Kept]
    undone: bool = False


def imported(model: type, ledger: str, table: str, new_ids: list[int], before: list[Kept]) -> ImportDone:
    """What an import just did, from its new ids and the changed records kept before it ran."""
    return ImportDone(ledger, table, [keep(model, i) for i in new_ids], before,
                      [keep(k.model, k.id) for k in before])


def undo_import(done: ImportDone, what: str) -> None:
    """Take an import back in one transaction: delete the records it added, set the fields it changed
    back; refused (nothing written) when one of them was changed or deleted since. Audited."""
    with database.atomic():
        added = remove(done.added, what)
        now = write_back(done.before, done.after, what)
        audit.record("undo_import", done.table, None, None,
                     {"ledger": done.ledger, "removed_ids": audit.id_ranges(k.id for k in added),
                      "restored_ids": audit.id_ranges(k.id for k in done.before)})
    done.added, done.before, done.undone = added, now, True


def redo_import(done: ImportDone, what: str) -> None:
    """Make a taken-back import again (the same records, the same ids), in one transaction, audited."""
    with database.atomic():
        put_back(done.added, what)
        now = write_back(done.after, done.before, what)
        audit.record("redo_import", done.table, None, None,
                     {"ledger": done.ledger, "new_ids": audit.id_ranges(k.id for k in done.added),
                      "updated_ids": audit.id_ranges(k.id for k in done.after)})
    done.added = [keep(k.model, k.id) for k in done.added]
    done.after, done.undone = now, False


def id_list(ranges: str) -> list[int]:
    """The ids of ``audit.id_ranges`` text ("3–7、12") again."""
    ids = []
    for part in (ranges or "").split("、"):
        if not part:
            continue
        first, _, last = part.partition("–")
        ids += range(int(first), int(last or first) + 1)
    return ids
