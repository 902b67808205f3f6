"""The people picker: ticks survive a new search, and each use says what it picks people for."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLabel

from unionoffice.domain import activities, members
from unionoffice.ui.common.people import PeoplePicker
from unionoffice.ui.common.table_model import RECORD_ROLE
from tests.helpers import make_id


def _tick(picker, name):
    for i in range(picker.people.count()):
        item = picker.people.item(i)
        if item.text().startswith(name):
            item.setCheckState(Qt.CheckState.Checked)
            return item.data(RECORD_ROLE)
    raise AssertionError(f"{name} not listed")


def test_ticks_stay_when_the_search_text_changes(app, db, qtbot):
    li = members.create_person({"name": "李桂", "id_number": make_id(seq=301)})
    wang = members.create_person({"name": "王芳", "id_number": make_id(seq=303)})
    members.create_person({"name": "李娜", "id_number": make_id(seq=305)})
    picker = PeoplePicker(None, title="挑人", hint="勾选")
    qtbot.addWidget(picker)
    picker.show()
    picker.search.setText("李")
    _tick(picker, "李桂")
    picker.search.clear()
    qtbot.keyClicks(picker.search, "wf")
    _tick(picker, "王芳")
    assert picker.chosen() == [li.id, wang.id]  # 李桂 is no longer shown, and still chosen
    assert "已勾选 2 人：李桂、王芳" in picker.summary.text()
    picker.search.setText("李")
    states = {picker.people.item(i).text()[:2]: picker.people.item(i).checkState() for i in range(picker.people.count())}
    assert states == {"李桂": Qt.CheckState.Checked, "李娜": Qt.CheckState.Unchecked}
    picker.people.item(0).setCheckState(Qt.CheckState.Unchecked)
    assert picker.chosen() == [wang.id]


def test_each_use_of_the_picker_has_its_own_title_and_words(window, qtbot, monkeypatch):
    from unionoffice.ui.activities.dialog import ActivityDialog
    from unionoffice.ui.congress.dialogs import CongressDialog

    seen = []

    def look(picker):
        hint = picker.findChildren(QLabel)[0].text()
        seen.append((picker.windowTitle(), hint, picker.department.isVisibleTo(picker)))
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(PeoplePicker, "exec", look)
    activity = activities.create({"name": "篮球赛", "kind": activities.KINDS[0], "starts_at": "2026-12-01 09:00"})
    page = ActivityDialog(activity.id, window)
    qtbot.addWidget(page)
    page.add_people()
    page.walk_in()
    reps = CongressDialog(window)
    qtbot.addWidget(reps)
    reps.add_reps()
    (signup, signup_hint, _), (walk_in, walk_in_hint, walk_in_units), (rep, rep_hint, _) = seen
    assert signup == "添加报名人员" and "整体报名" in signup_hint
    assert walk_in.startswith("当天补登") and not walk_in_units and "报名" not in walk_in_hint.replace("没有报名", "")
    assert rep.startswith("添加职工代表") and "报名" not in rep + rep_hint and "会员" in rep_hint
    assert len({signup, walk_in, rep}) == 3 and len({signup_hint, walk_in_hint, rep_hint}) == 3
