"""Optimistic concurrency for offices with several desks on one server.

An edit dialog remembers the record as it loaded it (its values and ``row_version``, which the
database raises on every update). On saving, a record whose version moved on was changed elsewhere
meanwhile: this desk's own edits are merged over it when they touch other fields, and refused, with
both values shown, when the same field was changed on both desks to different values."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from peewee import Model

from unionoffice.db.models import database
from unionoffice.domain.validation import ValidationError


@dataclass(frozen=True)
class Base:
    """A record as an edit dialog loaded it."""

    version: int
    values: dict


class ConflictError(ValidationError):
    """Somebody else saved a newer change to the same fields; nothing was written. A ValidationError,
    so every edit dialog shows it and stays open."""

    def __init__(self, what: str, conflicts: list[tuple[str, object, object]], when=None,
                 keys: list[str] | None = None):
        self.what = what
        self.keys = keys or []  # the fields in conflict, in the order of ``conflicts``
        self.conflicts = conflicts  # (field label, this desk's value, the saved value)
        self.when = when
        lines = [f"{label}：您改为“{_text(mine)}”，对方已保存为“{_text(theirs)}”"
                 for label, mine, theirs in conflicts]
        stamp = f"（{when:%Y-%m-%d %H:%M:%S}）" if when is not None else ""
        self.details = (f"这条{what}已被其他电脑上的用户修改{stamp}，您的保存会覆盖对方的修改。\n"
                        + "\n".join(lines))
        super().__init__("未保存", self.details + "\n请关闭后重新打开这条记录，在对方的修改上再改。")


def _text(value) -> str:
    return "" if value is None else str(value)


def base_of(row: Model, keys) -> Base:
    """What an edit dialog loaded: the row's version and the values of ``keys``."""
    return Base(row.row_version, {k: getattr(row, k) for k in keys})


def lock_row(model: type[Model], row_id: int) -> Model:
    """Read a row for update inside the caller's transaction (on PostgreSQL, other desks' saves of the
    same row wait until this transaction ends)."""
    query = model.select().where(model._meta.primary_key == row_id)
    if getattr(database.obj, "for_update", False):
        query = query.for_update()
    return query.get()


def changes_to_write(what: str, row: Model, current: dict, mine: dict, base: Base | None,
                     labels: dict[str, str], when: Callable[[Model], object] | None = None) -> dict:
    """The fields this desk changed, to be written over ``current`` (the record as saved now).

    Without a ``base`` (the command line, imports) every field that differs from ``current`` is
    written, as before. Raises ConflictError when another desk changed one of the same fields."""
    if base is None:
        return {k: v for k, v in mine.items() if current.get(k) != v}
    changed = {k: v for k, v in mine.items() if base.values.get(k) != v}
    if row.row_version != base.version:
        keys = [k for k, v in changed.items() if current.get(k) != base.values.get(k) and current.get(k) != v]
        if keys:
            raise ConflictError(what, [(labels.get(k, k), changed[k], current.get(k)) for k in keys],
                                when(row) if when else None, keys)
    return {k: v for k, v in changed.items() if current.get(k) != v}
