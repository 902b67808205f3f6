"""The 会员 tab's list in pages (issue 28): the first rows at once, the rest of a long list and the
status line's figures from a worker; nothing the tab does may notice the difference."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt

from unionoffice.domain import members
from unionoffice.ui.members import tab as tab_module

FIRST = 10  # rows shown at once in these tests (the demo office has 120 people)


@pytest.fixture
def tab(window, monkeypatch):
    monkeypatch.setattr(tab_module, "FIRST_ROWS", FIRST)
    tab = window.members
    window.tabs.setCurrentWidget(tab)
    return tab


def whole(tab, sort="name", descending=False):
    return members.search(tab.current_filter(), sort, descending)


def test_a_long_list_shows_its_first_rows_and_the_rest_comes_from_a_worker(tab, qtbot, monkeypatch):
    threads = []
    search = members.search
    monkeypatch.setattr(members, "search", lambda *a, **k: threads.append(threading.current_thread()) or search(*a, **k))
    tab.reload()
    assert tab.model.rowCount() == FIRST + 1 and not tab.complete
    assert "正在统计" in tab.status.text()
    qtbot.waitUntil(lambda: tab.complete)
    assert threads and threading.main_thread() not in threads  # the whole list was read on a worker
    monkeypatch.setattr(members, "search", search)
    expected = whole(tab)
    assert tab.model.ids() == expected.ids and len(expected.ids) > 100
    assert tab.status.text().startswith(f"职工 {expected.employees} · 会员 {expected.members} ·")


def test_a_short_list_is_complete_at_once(tab):
    tab.search.setText("zw")
    expected = whole(tab)
    assert len(expected.ids) <= FIRST
    assert tab.complete and tab.model.ids() == expected.ids
    assert tab.status.text().startswith(f"职工 {expected.employees} · 会员 {expected.members}")


def test_sorting_by_a_column_pages_in_the_same_order(tab, qtbot):
    tab.view.sortByColumn(3, Qt.SortOrder.DescendingOrder)  # 部门
    expected = whole(tab, "department", True)
    assert tab.model.ids() == expected.ids[:FIRST + 1]
    qtbot.waitUntil(lambda: tab.complete)
    assert tab.model.ids() == expected.ids


def test_the_selected_person_further_down_is_selected_again_when_the_rest_comes(tab, qtbot):
    tab.reload()
    qtbot.waitUntil(lambda: tab.complete)
    person_id = tab.model.id_at(80)
    tab.select(person_id)
    tab.f_left.setChecked(True)  # a reload: the person is not among the first rows
    assert not tab.complete and tab.model.row_of(person_id) == -1
    qtbot.waitUntil(lambda: tab.complete)
    assert tab.current_id() == person_id
    rows = tab.view.selectionModel().selectedRows()
    assert [tab.model.id_at(i.row()) for i in rows] == [person_id]


def test_people_reselected_after_an_undo_wait_for_the_rest(tab, qtbot):
    tab.reload()
    qtbot.waitUntil(lambda: tab.complete)
    wanted = [tab.model.id_at(3), tab.model.id_at(60), tab.model.id_at(90)]
    tab.reload()
    tab.reselect(wanted)
    qtbot.waitUntil(lambda: tab.complete)
    assert sorted(tab.selected_ids()) == sorted(wanted)


def test_select_all_before_the_rest_comes_selects_the_whole_list(tab, qtbot):
    tab.reload()
    tab.view.selectAll()
    qtbot.waitUntil(lambda: tab.complete)
    assert len(tab.selected_ids()) == tab.model.rowCount() == len(whole(tab).ids)


def test_printing_reads_the_whole_list_at_once_and_the_late_answer_is_dropped(tab, qtbot):
    tab.reload()
    assert not tab.complete
    ids = tab.whole_list()
    assert tab.complete and ids == whole(tab).ids
    tab.search.setText("王")  # a newer list; the first one's worker answer must not replace it
    qtbot.waitUntil(lambda: tab.complete and not tab.rest.busy)
    assert tab.model.ids() == whole(tab).ids


def test_the_first_showing_lists_at_once_and_fills_the_filters_from_a_worker(app, demo_db, qtbot, monkeypatch):
    from unionoffice.ui.members.tab import MembersTab

    threads = []
    departments = members.departments
    monkeypatch.setattr(members, "departments",
                        lambda: threads.append(threading.current_thread()) or departments())
    monkeypatch.setattr(tab_module, "FIRST_ROWS", FIRST)
    tab = MembersTab()
    qtbot.addWidget(tab)
    tab.show()
    assert tab.loaded and tab.model.rowCount() == FIRST + 1  # the first rows are there when the tab shows
    assert not tab.rest.busy and not tab.choices.busy  # the workers start after the first paint
    qtbot.waitUntil(lambda: tab.complete)
    assert tab.model.ids() == members.search_ids(tab.current_filter())
    qtbot.waitUntil(lambda: tab.f_department.count() > 1)
    assert threads and threading.main_thread() not in threads  # sorted by pinyin on a worker
    assert [tab.f_department.itemText(i) for i in range(1, tab.f_department.count())] == \
        [name for _i, name in departments()]
    tab.f_department.setCurrentIndex(1)  # the filters work as before
    assert tab.model.ids() == members.search_ids(tab.current_filter())
    qtbot.waitUntil(lambda: not tab.choices.busy and not tab.rest.busy)
