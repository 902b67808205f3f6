
from openpyxl import load_workbook

from unionoffice.domain import members
from unionoffice.ledgers import roster_export, roster_import
from tests.helpers import make_id

HEADER = ("序号", "姓名", "性别", "出生日期", "民族", "就业状况", "有效证件类别", "证件号码", "学历",
          "技能等级", "移动电话", "户籍类型", "户籍所在地", "会籍变化类型", "会籍变化日期", "会籍变化原因",
          "政治面貌", "工作单位", "籍贯", "是否农民工")


def people():
    a = members.create_person({"name": "张伟", "id_number": make_id(seq=111), "mobile": "13812345678",
                               "department": "动力厂", "ethnicity": "汉族"}, join=("入会", "2010-01-01"))
    members.create_person({"name": "=HYPERLINK(\"x\")", "id_number": make_id(seq=122)},
                          join=("入会", "2011-01-01"))
    members.create_person({"name": "李四", "id_number": make_id(seq=133)})
    return a


def rows(path):
    ws = load_workbook(path)["会员名册"]
    return ws, list(ws.iter_rows(values_only=True))


def test_columns_text_ids_and_members_only(chapter_saved, tmp_path):
    a = people()
    out = tmp_path / "roster.xlsx"
    assert roster_export.export_roster(out) == 2
    ws, values = rows(out)
    assert values[1] == HEADER
    assert "含完整证件号码" in values[0][0]
    data = {r[1]: r for r in values[2:]}
    assert set(data) == {"张伟", "=HYPERLINK(\"x\")"}
    zw = data["张伟"]
    assert zw[3] == "19850312" and zw[7] == a.id_number and len(zw[7]) == 18 and zw[10] == "13812345678"
    assert zw[13] == "入会" and zw[14] == "20100101" and zw[17] == "动力厂"
    for row in ws.iter_rows(min_row=3):
        assert row[7].data_type == "s" and row[7].number_format == "@"
        if row[10].value:
            assert row[10].number_format == "@" and row[10].data_type == "s"
        assert row[1].data_type == "s"  # never a formula
    assert ws.freeze_panes == "A3"
    assert not ws.merged_cells.ranges


def test_all_and_masked(chapter_saved, tmp_path):
    people()
    out = tmp_path / "all.xlsx"
    assert roster_export.export_roster(out, include_all=True, masked=True) == 3
    _, values = rows(out)
    assert "已屏蔽" in values[0][0]
    assert all("*" in r[7] for r in values[2:])


def test_export_reads_back_as_an_import(chapter_saved, db_path, tmp_path):
    people()
    out = tmp_path / "roster.xlsx"
    roster_export.export_roster(out, include_all=True)
    plan = roster_import.classify(roster_import.read_roster(out))
    assert plan.rejections == []
    assert (len(plan.new), len(plan.updates), plan.unchanged) == (0, 0, 3)


import pytest  # noqa: E402


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_disk_full_leaves_no_partial_file(chapter_saved, tmp_path, monkeypatch):
    import errno

    from unionoffice.files import WriteError

    people()
    out = tmp_path / "roster.xlsx"

    def full(self, filename):
        with open(filename, "wb") as fh:
            fh.write(b"PK\x03\x04 half a workbook")
        raise OSError(errno.ENOSPC, "No space left on device")

    # the export is written by xlsxwriter (issue 28): its save is where the disk fills up
    monkeypatch.setattr("unionoffice.excel.writing.GuardedWorkbook.save", full)
    with pytest.raises(WriteError, match="磁盘空间不足"):
        roster_export.export_roster(out)
    assert list(tmp_path.glob("roster*")) == []
    import gc

    gc.collect()  # the half-written workbook's generator is finalised here, inside the filter


def test_a_write_that_fails_in_xlsxwriter_is_worded_as_the_disk_error_it_is(chapter_saved, tmp_path, monkeypatch):
    """xlsxwriter wraps the OSError of a failed write in its own FileCreateError: the export still
    says why in Chinese and leaves nothing behind."""
    import errno
    import zipfile

    from unionoffice.files import WriteError

    people()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(zipfile.ZipFile, "write", full)
    monkeypatch.setattr(zipfile.ZipFile, "writestr", full)
    with pytest.raises(WriteError, match="磁盘空间不足"):
        roster_export.export_roster(tmp_path / "roster.xlsx")
    assert list(tmp_path.glob("roster*")) == []
