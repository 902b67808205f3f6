"""Date boxes that take a date typed the way people type it.

Qt's date box moves to the next part by itself once the year has four digits; the "-" the clerk then
types made it skip the month as well, so "2026-11-25" became 2026-06-11. Here a separator right after
such a jump is swallowed, and any of "-", "/", ".", " ", ":" moves on one part otherwise, so
"2026-11-25", "2026/1/5", "2026.11.25" and "20261125" all give the date typed."""

from __future__ import annotations

from PySide6.QtCore import QDate, QDateTime, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDateEdit, QDateTimeEdit

SEPARATORS = frozenset("-/.:  ")
DATE_FORMAT = "yyyy-MM-dd"
DATETIME_FORMAT = "yyyy-MM-dd HH:mm"


class TypedDates:
    """Key handling shared by the date and the date-and-time box (mixed in before the Qt class)."""

    _jumped = False  # the last digit filled a part and Qt moved on to the next by itself

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        text = event.text()
        if text and text in SEPARATORS:
            jumped, self._jumped = self._jumped, False
            if not jumped:
                index = self.currentSectionIndex()
                if index + 1 < self.sectionCount():
                    self.setSelectedSection(self.sectionAt(index + 1))
            event.accept()
            return
        before = self.currentSectionIndex()
        super().keyPressEvent(event)
        self._jumped = bool(text) and text.isdigit() and self.currentSectionIndex() != before

    def focusInEvent(self, event) -> None:  # noqa: N802
        """Reached from the keyboard, forwards or back (Shift+Tab), typing starts at the year: Qt
        selects the last part (the day) on Shift+Tab, so "2026-11-25" became the 20th."""
        self._jumped = False
        super().focusInEvent(event)
        if event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.setSelectedSection(self.sectionAt(0))


class DateEdit(TypedDates, QDateEdit):
    pass


class DateTimeEdit(TypedDates, QDateTimeEdit):
    pass


def date_edit(date=None, display_format: str = DATE_FORMAT, popup: bool = True) -> DateEdit:
    """A date box showing ``date`` (a ``datetime.date``, a QDate, or today when None)."""
    edit = DateEdit(QDate(date) if date is not None else QDate.currentDate())
    edit.setDisplayFormat(display_format)
    edit.setCalendarPopup(popup)
    return edit


def datetime_edit(when=None) -> DateTimeEdit:
    edit = DateTimeEdit(QDateTime(when) if when is not None else QDateTime.currentDateTime())
    edit.setDisplayFormat(DATETIME_FORMAT)
    edit.setCalendarPopup(True)
    return edit


NOT_FILLED = QDate(2000, 1, 1)  # an optional date box at its minimum shows 未填


class OptionalDateEdit(DateEdit):
    """A date box that may show 未填: typing a digit there starts from today's date (Qt's own box
    appended the digits to the words 未填 and kept nothing), Delete empties it again."""

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 (Qt's name)
        if event.key() == Qt.Key.Key_Delete:
            self.setDate(self.minimumDate())
            return
        if event.text().isdigit() and self.date() == self.minimumDate():
            self.setDate(QDate.currentDate())
            self.setSelectedSection(self.sectionAt(0))
        super().keyPressEvent(event)


def optional_date(date=None) -> DateEdit:
    """A date box that may stay empty (办结日期 before the request is closed): at its minimum it shows
    未填 and reads as None (``date_value``); the calendar then opens at today."""
    edit = OptionalDateEdit(QDate(date if date is not None else NOT_FILLED))
    edit.setDisplayFormat(DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setMinimumDate(NOT_FILLED)
    edit.setSpecialValueText(edit.tr("未填"))
    if date is None:  # shown at this month, not at the year 2000 (selecting a day would fill the box)
        today = QDate.currentDate()
        edit.calendarWidget().setCurrentPage(today.year(), today.month())
    return edit


def date_value(edit: DateEdit):
    """The date of a box as a ``datetime.date``, None for an optional one left 未填."""
    if edit.specialValueText() and edit.date() == edit.minimumDate():
        return None
    return edit.date().toPython()
