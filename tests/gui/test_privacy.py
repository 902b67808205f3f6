from unionoffice.domain import audit, members, security
from unionoffice.ui.audit_dialog import AuditDialog
from unionoffice.ui.password_dialog import SetPasswordDialog, UnlockDialog
from tests.helpers import make_id


def test_unlock_dialog_allows_five_tries(app, db, qtbot):
    security.set_password("secret1")
    dialog = UnlockDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.password, "nope")
    dialog.accept()
    assert dialog.isVisible() and "还可以再试 4 次" in dialog.error.text()
    qtbot.keyClicks(dialog.password, "secret1")
    dialog.accept()
    assert dialog.result() == UnlockDialog.DialogCode.Accepted

    second = UnlockDialog()
    qtbot.addWidget(second)
    second.show()
    for _ in range(5):
        qtbot.keyClicks(second.password, "bad")
        second.accept()
    assert second.result() == UnlockDialog.DialogCode.Rejected


def test_set_password_dialog_checks_the_repeat(app, db, qtbot):
    dialog = SetPasswordDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.new, "abcd1234")
    qtbot.keyClicks(dialog.again, "abcd12345")
    dialog.accept()
    assert dialog.isVisible() and "不一致" in dialog.error.text()
    dialog.again.clear()
    qtbot.keyClicks(dialog.again, "abcd1234")
    dialog.accept()
    assert security.verify("abcd1234") and not security.verify("x")


def test_audit_viewer_filters_and_shows_masked_values(app, db, qtbot):
    person = members.create_person({"name": "张伟", "id_number": make_id(seq=111), "mobile": "13812345678"})
    members.reveal(person.id, "mobile")
    members.update_person(person.id, {**members.person_values(person), "mobile": "13987654321"})
    dialog = AuditDialog()
    qtbot.addWidget(dialog)
    assert dialog.model.rowCount() == 3
    dialog.action.setCurrentIndex(dialog.action.findData("reveal"))
    rows = dialog.model.rows()
    assert len(rows) == 1 and rows[0]["action"] == "显示完整号码" and rows[0]["after"] == "字段：移动电话"
    dialog.action.setCurrentIndex(dialog.action.findData("update"))
    rows = dialog.model.rows()
    assert rows[0]["before"] == "移动电话：138****5678" and rows[0]["after"] == "移动电话：139****4321"
    dialog.action.setCurrentIndex(0)
    dialog.text.setText("4321")
    assert len(dialog.model.rows()) == 1
    assert len(audit.entries(action="create")) == 1
