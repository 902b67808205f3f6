"""Issue 27: the hardship file's full form in the window: a family of four filed in one save, the
低保 test shown with its arithmetic, a different category only with a reason, the 低保标准 edited."""

import gc

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from unionoffice.domain import members, welfare
from unionoffice.ui.welfare.dialogs import CaseDialog, StandardsDialog
from tests.helpers import make_id


def test_file_a_family_of_four_with_the_low_income_test(window, qtbot, tmp_path):
    standards = StandardsDialog(window)
    qtbot.addWidget(standards)
    standards.editor.setPlainText("2025-07-01 800\n\n2026-07-01，900")
    standards.multiple.setText("两倍")
    standards.accept()
    assert "相对困难倍数" in standards.error.text()
    standards.multiple.setText("2")
    standards.accept()
    assert welfare.standards()[-1][1] == 90000

    pid = members.create_person({"name": "困难职工甲", "id_number": make_id(seq=881, birth="19780505"),
                                 "department": "动力厂", "hukou_place": "吉林省长春市宽城区"}).id
    dialog = CaseDialog(None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.person.search.setText("困难职工甲")
    assert dialog.person.person_id() == pid
    assert dialog.hukou_place.text() == "吉林省长春市宽城区"  # from the roster
    for name, relation, number, identity in (("李桂芝", "配偶", make_id(seq=882, birth="19800101"), "下岗失业"),
                                             ("王小红", "女儿", make_id(seq=884, birth="20080915"), "学生"),
                                             ("王小刚", "儿子", make_id(seq=885, birth="20120301"), "学生")):
        dialog.f_name.setText(name)
        dialog.f_relation.setText(relation)
        dialog.f_id.setText(number)
        dialog.f_identity.setCurrentText(identity)
        dialog.add_member()
        assert not dialog.error.text(), dialog.error.text()
    dialog.f_name.setText("无证成员")
    dialog.f_id.setText("123")
    dialog.add_member()
    assert "家庭成员身份证号" in dialog.error.text()
    dialog.f_name.clear()
    dialog.f_id.clear()
    assert dialog.family_model.rowCount() == 3 and dialog.family_size.value() == 4  # the applicant and three
    assert dialog.family_model.rows()[1]["gender"] == "女" and dialog.family_model.rows()[1]["age"] != ""

    dialog.family_income.setText("48,000")
    dialog.medical_expense.setText("6000")
    dialog.education_expense.setText("3000")
    dialog.main_cause.setCurrentText("因病")
    # (48,000 − 9,000) ÷ 12 ÷ 4 = 812.50: above 800 (in force today? the newest standard applies)
    assert dialog.per_capita.text() == "812.50"
    text = dialog.assessment.text()
    assert "（48,000.00 − 9,000.00）÷ 12 ÷ 4 人 = 812.50" in text
    suggested = welfare.assess({"family_income_fen": 4800000, "medical_expense_fen": 600000,
                                "education_expense_fen": 300000, "family_size": 4}, welfare.dt.date.today()).suggestion
    assert f"建议“{suggested}”" in text
    assert dialog.category.currentText() == suggested  # a new file's category follows the suggestion
    other = next(c for c in welfare.CATEGORIES if c != suggested)
    dialog.category.setCurrentText(other)
    assert "须在“认定理由”中写明理由" in dialog.assessment.text() and dialog.reason.isEnabled()
    dialog.family_income.setText("1")  # the clerk's own choice stays whatever the figures say
    assert dialog.category.currentText() == other
    dialog.family_income.setText("48,000")
    dialog.staff_no.setText("GH-0881")
    dialog.disability_kind.setCurrentText("肢体残疾")
    dialog.single_parent.setChecked(False)
    dialog.housing_area.setText("48.3")
    dialog.contract_from.setText("2019-03-01")
    dialog.tabs.setCurrentIndex(2)
    dialog.grab().save(str(tmp_path / "cause.png"))
    dialog.accept()
    assert "认定理由" in dialog.error.text() and dialog.case_id is None
    dialog.reason.setPlainText("上级工会复核意见：按实际困难程度认定")
    dialog.accept()
    assert dialog.case_id, dialog.error.text()
    case = welfare.get_case(dialog.case_id)
    assert (case.category, case.suggested_category, case.category_reason) == (
        other, suggested, "上级工会复核意见：按实际困难程度认定")
    assert (case.staff_no, case.housing_area, case.medical_expense_fen, case.family_size) == ("GH-0881", "48.30",
                                                                                                600000, 4)
    assert [m.name for m in welfare.family(case.id)] == ["李桂芝", "王小红", "王小刚"]

    again = CaseDialog(case.id, window)
    qtbot.addWidget(again)
    again.show()
    assert again.contract_from.text() == "2019-03-01" and again.family_model.rowCount() == 3
    assert again.print_button.isEnabled() and again.reason.toPlainText().startswith("上级工会")
    again.family_view.selectRow(2)
    again.remove_member()
    assert [m.name for m in welfare.family(case.id)] == ["李桂芝", "王小红"]
    again.accept()
    assert not again.error.text(), again.error.text()
    for name in ("assessment", "per_capita"):
        assert again.findChild(QLabel, name) is not None
    for d in (standards, dialog, again):
        d.close()
    gc.collect()  # this test's dialogs go now, on this thread, not in the next test's background work


def test_the_four_forms_print_on_one_a4_page_each_with_the_review_chain(window, qtbot, tmp_path, monkeypatch):
    import re
    import shutil
    import subprocess

    import pytest

    from unionoffice.ui.welfare import forms

    pid = members.create_person({"name": "困难职工乙", "id_number": make_id(seq=891, birth="19790303"),
                                 "department": "动力厂"}).id
    case = welfare.open_case(pid, {"category": "深度困难", "family_size": 3, "family_income": "24000",
                                   "medical_expense": "3000", "staff_no": "GH-0891", "housing_type": "租住私房",
                                   "cause_detail": "配偶重病<长期>住院"}, actor="李秀英",
                             family=[{"name": "赵小芳", "relation": "女儿", "id_number": make_id(seq=892, birth="20070101"),
                                      "identity": "学生", "school_or_work": "长春市第二中学"}])
    html = forms.application_html(case.id)
    assert "配偶重病&lt;长期&gt;住院" in html and "GH-0891" in html  # text is escaped, never markup
    for name, make in forms.FORMS.items():
        text = make(case.id)
        assert name.replace("困难职工家庭", "") in text or name in text
        assert "本单位工会" in text and "上级工会" in text and "总工会复核意见" in text and "（盖章）" in text
    assert "长春市第二中学" in forms.aid_html(case.id)
    if not shutil.which("pdfinfo"):
        pytest.skip("poppler's pdfinfo is not installed")
    for i, name in enumerate(forms.FORMS):
        path = str(tmp_path / f"{i}.pdf")
        forms.to_pdf(name, case.id, path)
        info = subprocess.run(["pdfinfo", path], capture_output=True, text=True).stdout
        assert re.search(r"Pages:\s+1\n", info) and "595 x 842 pts (A4)" in info, (name, info)  # one A4 page
    chosen = []
    monkeypatch.setattr(forms.QInputDialog, "getItem", lambda *a, **k: ("入户调查表", True))
    monkeypatch.setattr(forms, "save_file", lambda parent, title, suggested, kinds, write: chosen.append(
        (suggested, write(str(tmp_path / "chosen.pdf")))))
    dialog = CaseDialog(case.id, window)
    qtbot.addWidget(dialog)
    dialog.print_button.click()
    assert chosen == [("入户调查表-困难职工乙.pdf", "入户调查表已保存。")]
    dialog.close()
    gc.collect()


def test_keyboard_entry_starts_at_the_person_and_tabs_on_to_the_form(window, qtbot):
    dialog = CaseDialog(None, window)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    qtbot.waitUntil(lambda: dialog.person.search.hasFocus())
    qtbot.keyClicks(dialog.person.search, "zz")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.person.choice
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is dialog.staff_no
    # Enter in a family member's box adds the member and leaves the dialog open (it saved the file)
    dialog.tabs.setCurrentIndex(3)
    dialog.f_name.setFocus()
    qtbot.waitUntil(dialog.f_name.hasFocus)
    dialog.f_name.setText("李桂芝")
    qtbot.keyClick(dialog.f_name, Qt.Key.Key_Return)
    assert dialog.isVisible() and dialog.case_id is None and len(dialog.pending) == 1
    dialog.f_name.setText("高小刚")
    dialog.f_identity.setFocus()
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Enter)
    assert dialog.isVisible() and len(dialog.pending) == 2
    dialog.close()
    gc.collect()
