"""The audit log: what changed, when, before and after. Personal numbers never appear in clear."""

from __future__ import annotations

import datetime as dt
import getpass
import json

from unionoffice.db.models import AuditLog
from unionoffice.domain.validation import mask_id, mask_phone

_MASKERS = {"id_number": mask_id, "mobile": mask_phone, "phone": mask_phone, "bank_card": mask_id}


def _actor() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service contexts
        return ""


def _json(values: dict | None) -> str | None:
    if values is None:
        return None
    safe = {}
    for key, value in values.items():
        if key in _MASKERS and value:
            value = _MASKERS[key](str(value))
        elif isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        safe[key] = value
    return json.dumps(safe, ensure_ascii=False, sort_keys=True, default=str)


def record(action: str, table: str, row_id: int | None, before: dict | None = None,
           after: dict | None = None) -> None:
    """Append one entry. Call inside the transaction that makes the change."""
    AuditLog.create(actor=_actor(), action=action, table_name=table, row_id=row_id,
                    before=_json(before), after=_json(after))


def entries(table: str | None = None, row_id: int | None = None, limit: int = 200) -> list[AuditLog]:
    query = AuditLog.select().order_by(AuditLog.id.desc()).limit(limit)
    if table:
        query = query.where(AuditLog.table_name == table)
    if row_id is not None:
        query = query.where(AuditLog.row_id == row_id)
    return list(query)
