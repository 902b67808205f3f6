"""Taking back register additions, deletions and imports (domain/restore.py): a record comes back
with the rows that hang on it and its ids, in one transaction, audited; refused when it moved on."""

import datetime as dt

import pytest

from unionoffice.db.models import AuditLog, Hazard, Inspection, Notice
from unionoffice.domain import inspections, notices, restore
from unionoffice.domain.validation import ValidationError


def _inspection():
    return inspections.create({"inspected_on": dt.date(2026, 3, 2), "scope": "动力厂锅炉房"},
                              [{"description": "安全阀未校验"}, {"description": "通道堆放杂物", "level": "一般"}])


def test_a_deleted_record_comes_back_with_its_rows_and_ids(db):
    inspection = _inspection()
    hazards = sorted(h.id for h in Hazard.select().where(Hazard.inspection == inspection.id))
    kept = restore.keep(Inspection, inspection.id)
    inspections.delete(inspection.id)
    assert not Hazard.select().where(Hazard.inspection == inspection.id).exists()
    assert restore.put_back([kept], "检查") == [inspection.id]
    assert Inspection.get_by_id(inspection.id).scope == "动力厂锅炉房"
    assert sorted(h.id for h in Hazard.select().where(Hazard.inspection == inspection.id)) == hazards
    entry = AuditLog.select().order_by(AuditLog.id.desc()).first()
    assert (entry.action, entry.table_name, entry.row_id) == ("create", "inspection", inspection.id)
    with pytest.raises(ValidationError, match="已经存在"):
        restore.put_back([kept], "检查")


def test_removing_a_record_changed_since_is_refused_and_writes_nothing(db):
    notice = notices.create({"title": "食堂菜价", "category": "其他"})
    kept = restore.keep(Notice, notice.id)
    notices.update(notice.id, {"title": "食堂菜价调整", "category": "其他"})
    with pytest.raises(ValidationError, match="已被修改"):
        restore.remove([kept], "厂务公开事项")
    assert Notice.get_by_id(notice.id).title == "食堂菜价调整"


def test_an_import_taken_back_and_made_again(db):
    changed = notices.create({"title": "劳保用品发放", "category": "其他", "department": "后勤处"})
    before = [restore.keep(Notice, changed.id)]
    added = notices.create({"title": "疗休养", "category": "其他"})  # as an import would add it
    notices.update(changed.id, {"title": "劳保用品发放", "category": "其他", "department": "安全科"})
    done = restore.imported(Notice, "厂务公开台账", "notice", [added.id], before)
    restore.undo_import(done, "厂务公开事项")
    assert not Notice.select().where(Notice.id == added.id).exists()
    assert Notice.get_by_id(changed.id).department == "后勤处"
    restore.redo_import(done, "厂务公开事项")
    assert Notice.get_by_id(added.id).title == "疗休养"
    assert Notice.get_by_id(changed.id).department == "安全科"
    # changed since on another desk: the whole undo is refused, nothing taken back
    notices.update(changed.id, {"title": "劳保用品发放", "category": "其他", "department": "人事处"})
    with pytest.raises(ValidationError, match="已被修改"):
        restore.undo_import(done, "厂务公开事项")
    assert Notice.select().where(Notice.id == added.id).exists()
    assert Notice.get_by_id(changed.id).department == "人事处"


def test_id_ranges_read_back():
    assert restore.id_list("3–7、12") == [3, 4, 5, 6, 7, 12]
    assert restore.id_list("") == []
