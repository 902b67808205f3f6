"""The audit log: what changed, when, before and after. Personal numbers never appear in clear."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import weakref
from pathlib import Path

from unionoffice.db.models import AuditLog, Person, database
from unionoffice.domain import money, settings
from unionoffice.domain.validation import ValidationError, clean_text, mask_id, mask_phone

_MASKERS = {"id_number": mask_id, "mobile": mask_phone, "phone": mask_phone, "bank_card": mask_id}
CLERK = "clerk."  # + the login name: the clerk's own name on this computer (登记人, 操作人)


def login_name() -> str:
    """The login name; with several desks on one server, ``name@computer`` so they are told apart."""
    try:
        name = getpass.getuser()
    except Exception:  # no login name in some service contexts
        name = ""
    from unionoffice.db.connection import on_server

    if on_server():
        import socket

        name = f"{name}@{socket.gethostname()}"
    return name[:100]


def clerk_name() -> str:
    """The name the clerk at this login gave (设置 → 我的姓名), or "" while none is given."""
    return settings.get(CLERK + login_name(), "") or ""


def set_clerk_name(name: str) -> str:
    """Keep the clerk's own name in the chapter's settings (backed up with the data)."""
    clean = clean_text(name)
    if not clean:
        raise ValidationError("姓名", "必须填写")
    if len(clean) > 50:
        raise ValidationError("姓名", "不能超过 50 个字")
    with database.atomic():
        before = clerk_name()
        settings.put_many({CLERK + login_name(): clean})
        if before != clean:
            record("clerk", "setting", None, {"clerk": before} if before else None, {"clerk": clean})
    return clean


def _actor() -> str:
    """Who does it (登记人, 操作人): the clerk's own name, else the login name."""
    return (clerk_name() or login_name())[:100]


def _safe(values: dict) -> dict:
    safe = {}
    for key, value in values.items():
        if key in _MASKERS and value:
            value = _MASKERS[key](str(value))
        elif isinstance(value, (dt.date, dt.datetime)):
            value = value.isoformat()
        elif isinstance(value, dict):  # an import's changes: record id → the fields it changed
            value = _safe(value)
        safe[str(key)] = value
    return safe


def _json(values: dict | None) -> str | None:
    if values is None:
        return None
    return json.dumps(_safe(values), ensure_ascii=False, sort_keys=True, default=str)


def record(action: str, table: str, row_id: int | None, before: dict | None = None,
           after: dict | None = None) -> None:
    """Append one entry. Call inside the transaction that makes the change."""
    entry = AuditLog.create(actor=_actor(), action=action, table_name=table, row_id=row_id,
                            before=_json(before), after=_json(after))
    _written_here.setdefault(database.obj, set()).add(entry.id)


def id_ranges(ids) -> str:
    """Record ids as short runs, "3–7、12": a bulk import's new ids are mostly consecutive."""
    runs: list[list[int]] = []
    for i in sorted(set(ids)):
        if runs and i == runs[-1][1] + 1:
            runs[-1][1] = i
        else:
            runs.append([i, i])
    return "、".join(str(a) if a == b else f"{a}–{b}" for a, b in runs)


def imported(table: str, ledger: str, path, summary: dict, new_ids=(), changes: dict | None = None) -> None:
    """One entry for a whole import: the ledger, the file, the counts, which records were added
    (``new_ids``) and which were changed, with each one's fields before and after (``changes``:
    record id → (before, after)). Call inside the import's transaction."""
    changes = changes or {}
    after = {"ledger": ledger, "file": Path(path).name, **{k: summary[k] for k in COUNTS}}
    if new_ids:
        after["new_ids"] = id_ranges(new_ids)
    if changes:
        after["updated_ids"] = id_ranges(changes)
        after["changes"] = {i: a for i, (_b, a) in changes.items()}
    record("import", table, None, {"changes": {i: b for i, (b, _a) in changes.items()}} if changes else None,
           after)


COUNTS = ("imported", "updated", "unchanged", "rejected")


def newest_id() -> int:
    """The newest audit entry's id (0 in a new office): what an import's own entry comes after."""
    return AuditLog.select(AuditLog.id).order_by(AuditLog.id.desc()).scalar() or 0


def imported_new_ids(table: str, after_id: int) -> list[int] | None:
    """The records the newest import into ``table`` since entry ``after_id`` added (from its own
    entry, ``imported``); None when there is no such import."""
    from unionoffice.domain import restore

    entry = (AuditLog.select().where(AuditLog.id > after_id, AuditLog.action == "import",
                                     AuditLog.table_name == table).order_by(AuditLog.id.desc()).first())
    if entry is None:
        return None
    return restore.id_list(json.loads(entry.after or "{}").get("new_ids", ""))


# The audit ids this program wrote itself (any thread), per open office: a newer id that is not among
# them was written by another program — a command, or another desk on a server. Another office opened
# (a restore, another server) starts afresh: its ids are numbered anew. A rolled-back id may stay
# listed; harmless.
_written_here: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def written_elsewhere(after: int, newest: int) -> bool:
    """Whether any audit id in (after, newest] was written by another program."""
    mine = _written_here.get(database.obj, ()) if database.obj is not None else ()
    return any(i not in mine for i in range(after + 1, newest + 1))


ACTIONS = {"create": "新增", "update": "修改", "delete": "删除", "membership": "会籍变动",
           "reveal": "显示完整号码", "import": "导入", "password": "启动密码", "clerk": "登记人姓名",
           "review": "审核", "publish": "公示", "archive": "归档", "annotate": "加备注", "feedback": "登记意见",
           "answer": "答复意见", "attach": "添加附件", "detach": "删除附件", "step": "办理环节",
           "close": "退档", "family": "家庭成员", "pay": "帮扶发放", "pay_batch": "批量发放", "sign": "签收",
           "donate": "捐款", "wage": "工资基数", "dues": "会费收缴", "save": "保存", "representatives": "职工代表",
           "assign": "交办", "reply": "答复", "verdict": "提案人意见", "training": "培训", "apply": "入会申请",
           "approve": "批准入会", "member": "委员", "candidate": "候选人得票", "conclude": "确认选举结果",
           "cost": "费用", "signup": "报名", "withdraw": "退出报名", "attendance": "签到", "award": "名次奖项",
           "close_month": "结账", "reopen_month": "反结账",
           "undo_import": "撤销导入", "redo_import": "重做导入"}
TABLES = {"person": "职工", "chapter": "本单位工会", "code_item": "代码表",
          "membership_event": "会籍记录", "setting": "设置", "notice": "厂务公开", "activity": "活动",
          "congress": "职代会", "motion": "提案", "hardship_case": "困难职工档案", "assistance": "帮扶发放",
          "campaign": "捐款活动", "wage_base": "工资基数", "dues_payment": "会费", "cadre": "工会干部",
          "union_group": "工会小组", "application": "入会申请", "committee": "委员会", "election": "换届选举",
          "voucher": "记账凭证", "funds": "经费"}
# What a field is called in the log, for every table; a table's own labels come first (_labels).
FIELDS = {"ledger": "台账", "new_ids": "新增记录号", "updated_ids": "更新记录号", "changes": "改动",
          "file": "文件", "imported": "新增", "updated": "更新", "unchanged": "未变", "rejected": "拒绝",
          "unknown_columns": "未识别的列", "new": "新增", "field": "字段", "kind": "类型", "date": "日期",
          "reason": "原因", "left_on": "离职日期", "password": "密码", "clerk": "登记人姓名", "title": "标题",
          "reviewer": "审核人", "days": "公示天数", "note": "备注", "received_on": "收到日期",
          "answered_by": "答复人", "size": "大小（字节）", "content": "内容", "category": "类别", "step": "环节",
          "name": "名称", "person": "职工", "amount_fen": "金额", "base_fen": "工资基数", "budget_fen": "预算",
          "cost_fen": "实际费用", "people": "人数", "signed": "已签收", "cause": "用途", "donor": "捐款人",
          "month": "月份", "paid": "已缴人数", "term": "届次", "session": "会次", "added": "增加人数",
          "number": "编号", "result": "审查结果", "lead": "主办部门", "due": "办理期限", "grade": "答复等级",
          "verdict": "提案人意见", "post": "职务", "until": "任职至", "course": "培训课程", "hours": "学时",
          "leader": "组长", "approved": "批准人数", "term_start": "任期开始", "committee": "委员会",
          "votes": "得票", "award": "名次奖项", "attended": "到场", "walk_in": "当天补登", "item": "项目",
          "waiting": "候补人数", "starts_on": "召开日期", "ends_on": "结束日期", "place": "地点",
          "expected": "应到人数", "attendance": "实到人数", "id_number": "证件号码",
          "id_upgraded": "15 位号码已升为 18 位", "undo": "撤销", "undone": "撤销的导入",
          "removed_ids": "删除记录号", "restored_ids": "恢复记录号"}


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


def _labels(table: str) -> dict[str, str]:
    """Field labels of a table: its own (a person's 姓名, an activity's 名称 …) over the common ones."""
    from unionoffice.db.codes import CODE_LABELS
    from unionoffice.domain import activities, chapter, congress, members, notices, welfare

    own = {"person": {**members.FIELD_LABELS, "reason": "原因"}, "notice": notices.FIELD_LABELS,
           "activity": {**activities.FIELD_LABELS, "budget_fen": "预算", "cost_fen": "实际费用"},  # shown in 元
           "motion": congress.MOTION_LABELS, "chapter": chapter.LABELS,
           "hardship_case": {**welfare.CASE_LABELS, "name": "家庭成员"}, "code_item": CODE_LABELS,
           "campaign": {"cause": "用途"}}.get(table, {})
    return {**FIELDS, **own}


def _value(key: str, value, names: dict[int, str]) -> str:
    """A value as a clerk reads it: money in 元, 是/否, a person by name, lists joined, dates as text."""
    if value is None or value == "":
        return "（空）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if key.endswith("_fen") and isinstance(value, int):
        return f"{money.text(value)} 元"
    if key in ("person", "leader", "proposer") and isinstance(value, int):
        return names.get(value, f"（已删除的职工 {value}）")
    if isinstance(value, list):
        return "、".join(str(v) for v in value) or "（空）"
    if isinstance(value, str) and "T" in value[10:11]:  # an ISO date-time
        return value.replace("T", " ")[:16]
    return str(value)


def _pairs(*values: dict):
    """Every key and value of some log entries' before/after, an import's changes included."""
    for v in values:
        yield from v.items()
        for fields in (v.get("changes") or {}).values():
            yield from fields.items()


SHOWN_CHANGES = 20  # an import's changes shown in the viewer; the log holds (and searches) them all


def _changes(changes: dict, text) -> str:
    """An import's changed records: "记录 12（部门：动力厂）、…", the first few of them."""
    shown = [f"记录 {i}（{text(fields, fields)}）" for i, fields in list(changes.items())[:SHOWN_CHANGES]]
    more = len(changes) - len(shown)
    return "、".join(shown) + (f" 等 {len(changes)} 条" if more > 0 else "")


def readable(entries_: list[AuditLog]) -> list[dict]:
    """Log entries for the viewer: 时间 to the minute, 操作 and 对象 in Chinese, each before/after as
    字段：值 with Chinese labels and readable values."""
    loaded = [(e, json.loads(e.before) if e.before else {}, json.loads(e.after) if e.after else {}) for e in entries_]
    people = {v for _, b, a in loaded for k, v in _pairs(b, a)
              if k in ("person", "leader", "proposer") and isinstance(v, int)}
    names = dict(Person.select(Person.id, Person.name).where(Person.id.in_(list(people))).tuples()) if people else {}
    labels: dict[str, dict] = {}
    rows = []
    for e, before, after in loaded:
        known = labels.setdefault(e.table_name, _labels(e.table_name))

        def text(values: dict, other: dict) -> str:  # a new or deleted record: its filled fields only
            return "；".join(f"{known.get(k, k)}：{_changes(v, text) if k == 'changes' else _value(k, v, names)}"
                            for k, v in values.items() if other or (v is not None and v != ""))

        rows.append({"at": f"{e.at:%Y-%m-%d %H:%M:%S}", "actor": e.actor,
                     "action": ACTIONS.get(e.action, e.action), "table": TABLES.get(e.table_name, e.table_name),
                     "row_id": e.row_id or "", "before": text(before, after), "after": text(after, before)})
    return rows

