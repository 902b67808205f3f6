"""An import writes ONE audit entry (issue 19): the ledger, the file, the counts, which records it
added and which it changed (each one's fields before and after); the 操作日志 shows it in Chinese,
its text filter finds a changed value, and the window does not take it for another program's."""

from __future__ import annotations

import json

from tests.helpers import make_id, write_roster
from unionoffice.db.models import AuditLog, Notice
from unionoffice.domain import audit
from unionoffice.ledgers import get


def newest() -> int:
    last = AuditLog.select().order_by(AuditLog.id.desc()).first()
    return last.id if last else 0


def test_a_ledger_import_is_one_entry_naming_its_records(db, db_path, tmp_path):
    header = ["标题", "类别", "公开日期", "公示期", "状态", "责任部门"]
    first = write_roster(tmp_path / "公开.xlsx", header, [
        ["食堂承包合同", "其他", "2026-03-02", 7, "公示期满", "后勤部"],
        ["年度评优结果", "其他", "2026-04-01", 5, "公示期满", "人事部"],
        ["无类别", "", "2026-04-01", 5, "公示期满", ""],  # rejected
    ])
    ledger = get("notices")
    before = newest()
    summary = ledger.apply(ledger.read(first), db_path=db_path)
    assert (summary["imported"], summary["rejected"]) == (2, 1)
    entries = list(AuditLog.select().where(AuditLog.id > before))
    assert len(entries) == 1
    entry = entries[0]
    assert (entry.action, entry.table_name, entry.row_id, entry.before) == ("import", "notice", None, None)
    ids = sorted(n.id for n in Notice.select())
    after = json.loads(entry.after)
    assert after == {"ledger": "厂务公开台账", "file": "公开.xlsx", "imported": 2, "updated": 0, "unchanged": 0,
                     "rejected": 1, "new_ids": f"{ids[0]}–{ids[1]}"}
    assert not audit.written_elsewhere(before, entry.id)  # the window's ChangeWatcher: our own write

    second = write_roster(tmp_path / "再次.xlsx", header, [
        ["食堂承包合同", "其他", "2026-03-02", 7, "公示期满", "工会办公室"],  # changed
        ["年度评优结果", "其他", "2026-04-01", 5, "公示期满", "人事部"],  # unchanged
    ])
    before = newest()
    ledger.apply(ledger.read(second), db_path=db_path)
    [entry] = AuditLog.select().where(AuditLog.id > before)
    changed = Notice.get(Notice.title == "食堂承包合同").id
    assert json.loads(entry.before) == {"changes": {str(changed): {"department": "后勤部"}}}
    after = json.loads(entry.after)
    assert (after["updated"], after["unchanged"], after["updated_ids"]) == (1, 1, str(changed))
    assert after["changes"] == {str(changed): {"department": "工会办公室"}}
    assert "new_ids" not in after

    # 操作日志: in Chinese, and its 内容包含 filter finds the changed value
    [row] = audit.readable(audit.entries(action="import", text="工会办公室"))
    assert row["action"] == "导入" and row["table"] == "厂务公开"
    assert "台账：厂务公开台账" in row["after"] and "文件：再次.xlsx" in row["after"]
    assert f"更新记录号：{changed}" in row["after"]
    assert f"记录 {changed}（责任部门：工会办公室）" in row["after"]
    assert f"记录 {changed}（责任部门：后勤部）" in row["before"]

    # a file that changes nothing writes nothing
    before = newest()
    ledger.apply(ledger.read(second), db_path=db_path)
    ledger.apply(ledger.read(first), db_path=db_path)  # two unchanged + the rejected row again, one changed back
    assert AuditLog.select().where(AuditLog.id > before).count() == 1


def test_a_roster_import_is_one_entry_with_masked_numbers(db, db_path, tmp_path):
    rows = [[f"职工{i}", make_id(seq=100 + i), "动力厂", f"1381234{i:04d}"] for i in range(30)]
    ledger = get("members")
    before = newest()
    first = write_roster(tmp_path / "名册.xlsx", ["姓名", "身份证号", "部门", "手机号码"], rows)
    ledger.apply(ledger.read(first), db_path=db_path)
    [entry] = AuditLog.select().where(AuditLog.id > before)
    after = json.loads(entry.after)
    assert (entry.action, entry.table_name, after["imported"], after["file"]) == ("import", "person", 30, "名册.xlsx")
    first_id, last_id = (int(x) for x in after["new_ids"].split("–"))
    assert last_id - first_id == 29

    rows = [[name, number, "检修车间", "13900000000"] for name, number, _d, _m in rows]
    before = newest()
    ledger.apply(ledger.read(write_roster(tmp_path / "调整.xlsx", ["姓名", "身份证号", "部门", "手机号码"], rows)),
                 db_path=db_path)
    [entry] = AuditLog.select().where(AuditLog.id > before)
    assert len(json.loads(entry.after)["changes"]) == 30
    assert "13900000000" not in entry.after and "13812340001" not in entry.before  # masked, as elsewhere
    [row] = audit.readable([entry])
    assert row["after"].count("记录 ") == audit.SHOWN_CHANGES and "等 30 条" in row["after"]
    assert "部门：检修车间" in row["after"] and "部门：动力厂" in row["before"]


def test_id_ranges():
    assert audit.id_ranges([7, 3, 4, 5, 12, 9, 8]) == "3–5、7–9、12"
    assert audit.id_ranges([]) == ""
