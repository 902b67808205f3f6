"""The audit log: what changed, when, before and after. Personal numbers never appear in clear."""

from __future__ import annotations

import datetime as dt
import getpass
import json

from unionoffice.db.models import AuditLog
from unionoffice.domain.validation import mask_id, mask_phone

_MASKERS = {"id_number": mask_id, "mobile": mask_phone, "phone": mask_phone, "bank_card": mask_id}


def _actor() -> str:
    """The login name; with several desks on one server, ``name@computer`` so the log tells them apart."""
    try:
        name = getpass.getuser()
    except Exception:  # no login name in some service contexts
        name = ""
    from unionoffice.db.connection import on_server

    if on_server():
        import socket

        name = f"{name}@{socket.gethostname()}"
    return name[:100]


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


ACTIONS = {"create": "新增", "update": "修改", "delete": "删除", "membership": "会籍变动",
           "reveal": "显示完整号码", "import": "导入", "password": "启动密码"}
TABLES = {"person": "职工", "chapter": "本单位工会", "code_item": "代码表",
          "membership_event": "会籍记录", "setting": "设置"}


def entries(table: str | None = None, row_id: int | None = None, *, action: str | None = None,
            text: str = "", since: dt.date | None = None, until: dt.date | None = None,
            limit: int = 1000) -> list[AuditLog]:
    """Newest first, filtered; ``text`` matches inside the before/after values."""
    query = AuditLog.select().order_by(AuditLog.id.desc()).limit(limit)
    if table:
        query = query.where(AuditLog.table_name == table)
    if row_id is not None:
        query = query.where(AuditLog.row_id == row_id)
    if action:
        query = query.where(AuditLog.action == action)
    if text:
        query = query.where(AuditLog.before.contains(text) | AuditLog.after.contains(text))
    if since:
        query = query.where(AuditLog.at >= dt.datetime.combine(since, dt.time()))
    if until:
        query = query.where(AuditLog.at < dt.datetime.combine(until + dt.timedelta(days=1), dt.time()))
    return list(query)


def describe(values_json: str | None, labels: dict[str, str]) -> str:
    """Before/after JSON as 字段：值 text for the viewer."""
    if not values_json:
        return ""
    values = json.loads(values_json)
    return "；".join(f"{labels.get(k, k)}：{'' if v is None else v}" for k, v in values.items())
