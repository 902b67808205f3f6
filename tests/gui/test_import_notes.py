"""The import previews say which sheet was read and what was not read or left out (issue 20)."""

from PySide6.QtWidgets import QLabel

from unionoffice.ledgers import roster_import
from unionoffice.ledgers import assistance as assistance_ledger
from unionoffice.ui.common.ledger_import import notes_text
from unionoffice.ui.members.import_dialog import ImportPreviewDialog
from tests.conftest import DATA

BAD = DATA / "bad"


def test_roster_preview_names_hidden_sheets_skipped_rows_and_warnings(app, db, qtbot):
    plan = roster_import.classify(roster_import.read_roster(BAD / "hidden-sheet-and-filter.xlsx"))
    dialog = ImportPreviewDialog(plan)
    qtbot.addWidget(dialog)
    notes = dialog.findChild(QLabel, "notes").text()
    assert "隐藏的工作表“旧名册”未读取" in notes
    assert "跳过 2 行" in notes and "第 3 行：被筛选隐藏" in notes
    assert "“花名册”" in dialog.findChild(QLabel, "summary").text()

    plan = roster_import.classify(roster_import.read_roster(BAD / "serials-and-phones.xlsx"))
    dialog = ImportPreviewDialog(plan)
    qtbot.addWidget(dialog)
    notes = dialog.findChild(QLabel, "notes").text()
    assert "有一栏未导入的 2 行" in notes and "第 5 行 [手机号码]" in notes


def test_ledger_preview_text_names_the_sheet(db, tmp_path):
    from tests.helpers import write_roster

    path = write_roster(tmp_path / "aid.xlsx", ["姓名", "帮扶类型", "日期", "金额（元）"],
                        [["张伟", "慰问", "2025-03-01", "300"], ["合计", None, None, 300]], sheet="帮扶发放")
    text = notes_text(assistance_ledger.read_ledger(path))
    assert text.startswith("读取的工作表：“帮扶发放”") and "第 3 行：“合计”行" in text
