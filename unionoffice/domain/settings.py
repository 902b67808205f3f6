"""The chapter's own settings, kept in the database so they are backed up with the data."""

from __future__ import annotations

import json

from unionoffice.db.models import Setting, database


def get(key: str, default=None):
    row = Setting.get_or_none(Setting.key == key)
    return default if row is None else json.loads(row.value)


def get_many(prefix: str) -> dict:
    rows = Setting.select().where(Setting.key.startswith(prefix))
    return {row.key[len(prefix):]: json.loads(row.value) for row in rows}


def put_many(values: dict) -> None:
    with database.atomic():
        for key, value in values.items():
            payload = json.dumps(value, ensure_ascii=False)
            Setting.insert(key=key, value=payload).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: payload}
            ).execute()
