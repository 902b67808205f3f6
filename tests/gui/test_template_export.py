"""报表 → 按上级模板导出…: the template is read and filled off the GUI thread; the clerk picks the
template's value for one of ours its list lacks, and the pick is remembered for that template."""

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QDialog, QFileDialog

from tests.conftest import DATA
from tests.helpers import make_id
from unionoffice.domain import members, template_values
from unionoffice.ledgers import platform_template
from unionoffice.ui.reports import tab as reports_tab
from unionoffice.ui.reports.template_dialog import TemplateValuesDialog

TEMPLATE = DATA / "platform-template-sample.xlsx"


def test_fill_a_template_picking_a_value_once(window, qtbot, tmp_path, monkeypatch):
    members.create_person({"name": "农转居甲", "id_number": make_id(seq=901), "hukou_type": "农转居"},
                          join=("入会", "2020-01-01"))
    tab = window.reports
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.shown_once)
    tab.kinds.setCurrentRow(1)  # 会员实名制名册
    assert tab.template_button.isVisible()
    out = tmp_path / "filled.xlsx"
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(TEMPLATE), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    shown = []

    def pick(dialog):
        shown.append([(line["column"], line["value"]) for line in dialog.lines])
        dialog.grab().save("/tmp/g/template_dialog.png")
        for line, combo in zip(dialog.lines, dialog.combos):
            if line["value"] == "农转居":
                combo.setCurrentIndex(combo.findData("非农业户口"))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(TemplateValuesDialog, "exec", pick)
    written = []
    monkeypatch.setattr(reports_tab.ReportsTab, "_template_filled", lambda self, path, result: written.append(result))
    tab.template_button.click()
    qtbot.waitUntil(lambda: bool(written), timeout=30000)
    assert ("户口性质", "农转居") in shown[0]
    ws = load_workbook(out)["会员信息采集"]
    row = next(r for r in ws.iter_rows(min_row=4, values_only=True) if r[1] == "农转居甲")
    assert row[10] == "非农业户口"
    assert ("户口性质", "农转居") not in {(u.column, u.value) for u in written[0].unmapped}
    template, _ = platform_template.check_template(TEMPLATE)
    assert template_values.remembered_choices(template.template_id)["hukou_type"] == {"农转居": "非农业户口"}
    # the second time the clerk is not asked about it again
    shown.clear()
    written.clear()
    tab.template_button.click()
    qtbot.waitUntil(lambda: bool(written), timeout=30000)
    assert all(("户口性质", "农转居") not in lines for lines in shown)


def test_a_file_that_is_not_a_template_is_said_in_chinese(window, qtbot, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    bad = tmp_path / "bad.xlsx"
    bad.write_text("x")
    tab = window.reports
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.shown_once)
    tab.kinds.setCurrentRow(1)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(bad), ""))
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    tab.template_button.click()
    qtbot.waitUntil(lambda: bool(warned), timeout=10000)
    assert "不是 Excel 工作簿" in warned[0]


@pytest.mark.filterwarnings("ignore:Data Validation extension:UserWarning")
def test_an_organisation_form_through_the_same_button(window, qtbot, tmp_path, monkeypatch):
    from tests.unit.test_platform_template import ORG_HEADER, organisation_row_template

    template = organisation_row_template(tmp_path / "组织模板.xlsx")
    out = tmp_path / "org.xlsx"
    tab = window.reports
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.shown_once)
    tab.kinds.setCurrentRow(1)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(template), ""))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(out), ""))
    written = []
    monkeypatch.setattr(reports_tab.ReportsTab, "_template_filled", lambda self, path, result: written.append(result))
    tab.template_button.click()
    qtbot.waitUntil(lambda: bool(written), timeout=30000)
    assert isinstance(written[0], platform_template.OrganisationResult)
    row = dict(zip(ORG_HEADER, (c.value for c in load_workbook(out).active[4])))
    assert row["单位名称"] == "华北石化有限公司" and row["基层工会类型"] == "独立基层工会"
