import datetime as dt

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import QDialog, QMessageBox

from unionoffice.domain import activities, members
from unionoffice.ui.activities import printing
from unionoffice.ui.activities.dialog import ActivityDialog, PeoplePicker


def test_basketball_match_from_announcement_to_results(window, qtbot, monkeypatch, tmp_path):
    tab = window.activities
    window.tabs.setCurrentWidget(tab)
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

    page.people_view.selectRow(0)
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
