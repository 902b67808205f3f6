import datetime as dt

from PySide6.QtCore import QDateTime, Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QPushButton

from unionoffice.domain import activities, members
from unionoffice.ui.activities import printing
from unionoffice.ui.activities.dialog import ActivityDialog
from unionoffice.ui.common.people import PeoplePicker
from unionoffice.ui.common.table_model import RECORD_ROLE


def test_basketball_match_from_announcement_to_results(window, qtbot, monkeypatch, tmp_path):
    tab = window.activities
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: told.append(a[2]))

    dialog = ActivityDialog(None, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.name.setText("职工篮球赛")
    dialog.starts.setDateTime(QDateTime.currentDateTime().addDays(7))
    dialog.budget.setText("12.345")
    dialog.accept()
    assert dialog.isVisible() and "两位小数" in dialog.error.text()
    dialog.budget.setText("3,000")
    dialog.cap.setValue(5)
    dialog.accept()
    activity_id = dialog.activity_id
    assert activities.get(activity_id).budget_fen == 300000

    page = ActivityDialog(activity_id, tab)
    qtbot.addWidget(page)
    page.show()
    department_id, department_name = members.departments()[0]

    def pick_department(picker):
        picker.department.setCurrentIndex(picker.department.findData(department_id))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PeoplePicker, "exec", pick_department)
    page.add_people()
    in_department = members.search_ids(members.RosterFilter(department_id=department_id))
    assert told and told[-1].startswith("报名 5 人")
    rows = page.people_model.rows()
    assert sum(r["status"] == "报名" for r in rows) == 5
    assert sum(r["status"] == "候补" for r in rows) == len(in_department) - 5

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    page.people_view.selectRow(0)
    page.toggle_attendance()  # a week ahead: no 签到 yet
    assert "当天或之后才能签到" in warned[-1] and not page.people_model.rows()[0]["attended"]
    activities.update(activity_id, {**page.values(), "starts_at": dt.datetime.combine(dt.date.today(), dt.time(0, 0)),
                                    "ends_at": None})
    page.toggle_attendance()
    assert page.people_model.rows()[0]["attended"]
    page.people_view.selectRow(1)
    page.withdraw()
    assert any("递补" in t for t in told)
    activities.add_cost(activity_id, "奖品", "880.50")
    winner = page.people_model.rows()[0]["person_id"]
    activities.set_award(activity_id, winner, "冠军")
    page.summary.setPlainText("比赛圆满结束。")
    page.accept()
    tab._after_change(activity_id)
    row = [r for r in activities.search(activities.ActivityFilter()) if r["id"] == activity_id][0]
    assert (row["attended"], row["cost_fen"], row["summary"]) == (1, 88050, "比赛圆满结束。")

    pdf = tmp_path / "sign-in.pdf"
    printing.to_pdf(activities.get(activity_id), str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    sheet = printing.document(activities.get(activity_id)).toPlainText()
    assert "签到表" in sheet and "签名" in sheet
    assert members.get_person(winner).name in sheet
    assert dt.date.today() <= activities.get(activity_id).starts_at.date()
    window.data_changed.emit()
    qtbot.waitUntil(lambda: window.overview.idle)  # figures are counted off the GUI thread
    assert int(window.overview.number_labels["participations"].text()) >= 1


def _signed_up_page(qtbot, tab, day: dt.date, n: int = 4):
    activity = activities.create({"name": "安全知识讲座", "kind": "讲座", "starts_at": dt.datetime.combine(day, dt.time(0, 0))})
    people = members.search_ids(members.RosterFilter())[:n]
    activities.sign_up(activity.id, people)
    page = ActivityDialog(activity.id, tab)
    qtbot.addWidget(page)
    page.show()
    return activity, page


def test_check_in_acts_on_every_selected_row_and_all_at_once(window, qtbot, monkeypatch):
    activity, page = _signed_up_page(qtbot, window.activities, dt.date.today())
    page.people_view.selectRow(1)
    page.people_view.selectionModel().select(page.people_model.index(3, 0),
                                             page.people_view.selectionModel().SelectionFlag.Select
                                             | page.people_view.selectionModel().SelectionFlag.Rows)
    page.findChild(QPushButton, "button_check_in").click()
    assert [r["attended"] for r in page.people_model.rows()] == [False, True, False, True]
    assert sorted(i.row() for i in page.people_view.selectionModel().selectedRows()) == [1, 3]  # kept
    page.findChild(QPushButton, "button_check_out").click()
    assert not any(r["attended"] for r in page.people_model.rows())
    page.findChild(QPushButton, "button_check_in_all").click()
    assert all(r["attended"] for r in page.people_model.rows())
    assert "签到 4" in page.people_status.text()


def test_check_in_before_the_day_is_refused_in_chinese(window, qtbot, monkeypatch):
    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    day = dt.date.today() + dt.timedelta(days=12)
    activity, page = _signed_up_page(qtbot, window.activities, day)
    page.findChild(QPushButton, "button_check_in_all").click()
    assert warned == [f"活动在 {day:%Y-%m-%d} 举行，当天或之后才能签到"]
    assert not any(r["attended"] for r in page.people_model.rows())


def test_a_new_activity_starts_on_the_next_working_day_at_nine(window, qtbot):
    dialog = ActivityDialog(None, window.activities)
    qtbot.addWidget(dialog)
    start = dialog.starts.dateTime().toPython()
    assert start == activities.default_start() and start.date() > dt.date.today() and start.weekday() < 5
    assert dialog.ends.dateTime().toPython() == start + dt.timedelta(hours=2)


def test_people_picked_one_by_one_take_places_in_the_order_ticked(window, qtbot, monkeypatch):

    activity, page = _signed_up_page(qtbot, window.activities, dt.date.today(), n=0)
    seen = {}

    def tick(picker):
        picker.search.setText("z")
        assert picker.people.count() >= 3
        third, first = picker.people.item(2), picker.people.item(0)
        third.setCheckState(Qt.CheckState.Checked)
        first.setCheckState(Qt.CheckState.Checked)
        seen["expected"] = [third.data(RECORD_ROLE), first.data(RECORD_ROLE)]
        picker.search.setText("zzzz-nobody")  # a new search keeps who was ticked, and says so
        seen["summary"], seen["hint"] = picker.summary.text(), picker.hint.text()
        seen["chosen"] = picker.chosen()
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(PeoplePicker, "exec", tick)
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    page.add_people()
    assert seen["chosen"] == seen["expected"] and seen["summary"].startswith("已勾选 2 人")
    assert "按勾选的先后录取" in seen["hint"] and "按姓名拼音顺序" in seen["hint"]
    assert [r["person_id"] for r in activities.signups(activity.id)] == seen["expected"]  # in the order ticked


def test_the_sign_up_list_stays_in_queue_order_until_sorted_by_name(window, qtbot):
    from PySide6.QtCore import Qt

    from tests.helpers import make_id
    from unionoffice.collation import name_key

    activity = activities.create({"name": "拔河", "kind": activities.KINDS[0], "starts_at": "2026-12-01 09:00"})
    people = [members.create_person({"name": n, "id_number": make_id(seq=400 + 2 * i)}).id
              for i, n in enumerate(("程刚", "陈伟", "李平娟", "林峰", "李桂"))]
    activities.sign_up(activity.id, people, confirm_past=True)
    page = ActivityDialog(activity.id, window)
    qtbot.addWidget(page)
    model = page.people_model
    names = lambda: [model.data(model.index(r, 0)) for r in range(model.rowCount())]  # noqa: E731
    assert names() == ["程刚", "陈伟", "李平娟", "林峰", "李桂"]  # the order they signed up in
    page.people_view.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert names() == ["陈伟", "程刚", "李桂", "李平娟", "林峰"] == sorted(names(), key=name_key)
