"""A date typed into a date box the way people type it, reached with Tab, is the date stored."""

import datetime as dt
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDateTimeEdit, QLineEdit, QVBoxLayout, QWidget

import unionoffice
from unionoffice.domain import members
from unionoffice.ui.common.dates import TypedDates, date_edit, datetime_edit


def tab_and_type(qtbot, before: QWidget, text: str) -> None:
    window = before.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    before.setFocus()
    qtbot.keyClick(before, Qt.Key.Key_Tab)
    box = QApplication.focusWidget()
    assert isinstance(box, QDateTimeEdit)
    qtbot.keyClicks(box, text)


def form_with(qtbot, edit):
    form = QWidget()
    layout = QVBoxLayout(form)
    first = QLineEdit()
    layout.addWidget(first)
    layout.addWidget(edit)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    return form, first


@pytest.mark.parametrize("typed", ["2026-11-25", "20261125", "2026/11/25", "2026.11.25"])
def test_a_date_typed_as_people_type_it(qtbot, typed):
    edit = date_edit(dt.date(2020, 6, 15))
    form, first = form_with(qtbot, edit)
    tab_and_type(qtbot, first, typed)
    assert edit.date().toPython() == dt.date(2026, 11, 25)


@pytest.mark.parametrize("typed", ["2026-1-5", "2026/1/5", "2026-01-05"])
def test_a_short_month_and_day(qtbot, typed):
    edit = date_edit(dt.date(2020, 6, 15))
    form, first = form_with(qtbot, edit)
    tab_and_type(qtbot, first, typed)
    assert edit.date().toPython() == dt.date(2026, 1, 5)


@pytest.mark.parametrize("typed", ["2026-11-25 14:30", "2026-11-25 9:05", "202611250905"])
def test_a_date_and_time(qtbot, typed):
    edit = datetime_edit(dt.datetime(2020, 6, 15, 8, 0))
    form, first = form_with(qtbot, edit)
    tab_and_type(qtbot, first, typed)
    assert edit.dateTime().toPython().date() == dt.date(2026, 11, 25)
    assert edit.dateTime().toPython().strftime("%H:%M") in ("14:30", "09:05")


def test_a_date_typed_after_shift_tab(qtbot):
    """Reached backwards (Shift+Tab from the next field), the box starts at the year too."""
    edit = date_edit(dt.date(2026, 12, 1))
    form = QWidget()
    layout = QVBoxLayout(form)
    after = QLineEdit()
    layout.addWidget(edit)
    layout.addWidget(after)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    form.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is form)
    after.setFocus()
    qtbot.keyClick(after, Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is edit
    qtbot.keyClicks(edit, "2026-11-25")
    assert edit.date().toPython() == dt.date(2026, 11, 25)


def test_membership_event_stores_the_date_typed(app, db, qtbot):
    from unionoffice.ui.members.person_dialog import EventDialog

    person = members.create_person({"name": "张伟", "id_type": "身份证", "id_number": "110101198001010010",
                                     "gender": "男", "department": "机修车间"})
    dialog = EventDialog(person.id)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.kind.setCurrentText("入会")
    tab_and_type(qtbot, dialog.kind, "2026-11-25")
    assert QApplication.focusWidget() is dialog.date
    dialog.accept()
    assert dialog.result() == dialog.DialogCode.Accepted
    events = members.get_person(person.id).membership_events
    assert [(e.kind, e.date) for e in events] == [("入会", dt.date(2026, 11, 25))]


def test_congress_meeting_date_typed(app, db, qtbot):
    from unionoffice.ui.congress.dialogs import CongressDialog

    dialog = CongressDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    tab_and_type(qtbot, dialog.kind, "2026-11-25")
    assert dialog.starts.date().toPython() == dt.date(2026, 11, 25)


def test_every_date_box_of_the_program_takes_typed_dates(window):
    """No tab or dialog builds Qt's own date box: each is one of ours (checked on the open window and
    in the source, where dialogs are made on demand)."""
    window.all_tabs()  # each tab is built when first shown
    boxes = window.findChildren(QDateTimeEdit)
    assert boxes and all(isinstance(box, TypedDates) for box in boxes)
    root = Path(unionoffice.__file__).parent
    direct = [str(p.relative_to(root)) for p in root.rglob("*.py")
              if p.name != "dates.py" and re.search(r"\bQDate(Time)?Edit\(", p.read_text(encoding="utf-8"))]
    assert direct == []
