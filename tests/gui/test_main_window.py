"""The main window builds each tab the first time it is shown or reached, not all eleven at start."""

import importlib

import pytest

TAB_CLASSES = {  # the window's attribute: (module, class)
    "overview": ("unionoffice.ui.main_window", "OverviewTab"),
    "members": ("unionoffice.ui.members.tab", "MembersTab"),
    "congress": ("unionoffice.ui.congress.tab", "CongressTab"),
    "notices": ("unionoffice.ui.notices.tab", "NoticesTab"),
    "rights": ("unionoffice.ui.rights.tab", "RightsTab"),
    "welfare": ("unionoffice.ui.welfare.tab", "WelfareTab"),
    "activities": ("unionoffice.ui.activities.tab", "ActivitiesTab"),
    "dues": ("unionoffice.ui.dues.tab", "DuesTab"),
    "funds": ("unionoffice.ui.funds.tab", "FundsTab"),
    "organisation": ("unionoffice.ui.organisation.tab", "OrganisationTab"),
    "reports": ("unionoffice.ui.reports.tab", "ReportsTab"),
}
TITLES = ["概况", "会员", "职代会提案", "厂务公开", "维权", "困难帮扶", "活动", "会费", "经费", "组织", "报表"]


@pytest.fixture
def built(monkeypatch):
    """Every tab class counts its constructions: the window attribute of each tab built, in order."""
    made = []
    for name, (module_name, class_name) in TAB_CLASSES.items():
        module = importlib.import_module(module_name)
        real = getattr(module, class_name)
        counting = type(class_name, (real,), {"__init__": lambda self, *a, _real=real, _name=name, **k: (
            made.append(_name), _real.__init__(self, *a, **k))[1]})
        monkeypatch.setattr(module, class_name, counting)
    return made


def _window(qtbot, db_path, built=None):
    """A window shown, and its first tab (built once the window is up) when ``built`` is given."""
    from unionoffice.ui.main_window import MainWindow

    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    if built is not None:
        qtbot.waitUntil(lambda: bool(built))
    return window


def _settle(qtbot):
    from PySide6.QtCore import QThreadPool

    qtbot.wait(50)
    QThreadPool.globalInstance().waitForDone(10000)  # no figures still being counted


def test_only_the_shown_tab_is_built_and_each_other_when_first_shown(app, demo_db, db_path, qtbot, built):
    window = _window(qtbot, db_path)
    assert built == []  # the window comes up first, its tab right after
    qtbot.waitUntil(lambda: bool(built))
    assert built == ["overview"]
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == TITLES
    assert window.tabs.currentWidget() is window.overview

    window.data_changed.emit()  # a save elsewhere reloads the tabs there are, and builds none
    window.reload_all()
    assert built == ["overview"]

    window.tabs.setCurrentIndex(TITLES.index("会费"))
    assert built == ["overview", "dues"]
    assert window.tabs.currentWidget() is window.dues and window.tabs.tabText(7) == "会费"
    qtbot.waitUntil(lambda: window.dues.loaded)  # shown, so it lists its month
    window.tabs.setCurrentIndex(0)
    window.tabs.setCurrentIndex(TITLES.index("会费"))  # built once
    assert built == ["overview", "dues"]

    funds = window.funds  # reached by name: built in its place, not shown, its books not asked for
    assert built == ["overview", "dues", "funds"]
    assert window.tabs.indexOf(funds) == TITLES.index("经费") and window.tabs.currentWidget() is window.dues
    assert not funds.loaded
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == TITLES
    window.tabs.setCurrentWidget(funds)
    assert window.tabs.currentWidget() is funds and built == ["overview", "dues", "funds"]
    _settle(qtbot)


def test_the_last_tab_is_the_only_one_built_at_the_next_start(app, demo_db, db_path, qtbot, built):
    first = _window(qtbot, db_path, built)
    first.tabs.setCurrentIndex(TITLES.index("组织"))
    _settle(qtbot)
    first.close()
    built.clear()
    from unionoffice.ui.main_window import MainWindow

    second = MainWindow(db_path)
    qtbot.addWidget(second)
    assert built == []  # built once the window is up
    second.show()
    qtbot.waitUntil(lambda: bool(built))
    assert built == ["organisation"]
    assert second.tabs.currentWidget() is second.organisation
    qtbot.waitUntil(lambda: second.organisation.loaded)
    assert built == ["organisation"]
    _settle(qtbot)


def test_tabs_built_late_are_wired_like_the_others(app, demo_db, db_path, qtbot, built, monkeypatch):
    from unionoffice.ui.funds import tab as funds_tab
    from unionoffice.ui.notices import tab as notices_tab

    reloads = []
    for name, module in (("notices", notices_tab), ("funds", funds_tab)):
        monkeypatch.setattr(getattr(module, TAB_CLASSES[name][1]), "reload_if_loaded",
                            lambda self, *a, _name=name: reloads.append(_name))
    window = _window(qtbot, db_path)
    rights = window.rights
    rights.changed.emit()  # a contract's 公示 reloads 厂务公开 only once that is built: nothing to reload
    assert "notices" not in built and "funds" not in built and reloads == []
    window.notices, window.funds
    rights.changed.emit()
    assert sorted(reloads) == ["funds", "notices"]  # rights → 厂务公开, rights → data_changed → 经费
    window.data_changed.emit()
    assert sorted(reloads) == ["funds", "funds", "notices"]
    _settle(qtbot)


def test_the_file_menu_acts_on_the_members_tab_built_on_demand(app, demo_db, db_path, qtbot, built, monkeypatch):
    from unionoffice.ui.members.tab import MembersTab

    calls = []
    monkeypatch.setattr(MembersTab, "export_roster", lambda self: calls.append(("export", self)))
    monkeypatch.setattr(MembersTab, "import_roster", lambda self: calls.append(("import", self)))
    window = _window(qtbot, db_path, built)
    actions = {a.shortcut().toString(): a for a in window.menuBar().actions()[0].menu().actions()}
    actions["Ctrl+E"].trigger()
    assert built == ["overview", "members"] and calls == [("export", window.members)]
    actions["Ctrl+I"].trigger()
    assert calls[-1] == ("import", window.members) and built == ["overview", "members"]
    _settle(qtbot)


def test_dialogs_of_a_tab_built_late_fit_their_titles(app, demo_db, db_path, qtbot, built):
    window = _window(qtbot, db_path)
    assert window.built("dues") is None
    assert getattr(window.dues, "_dialog_watcher", None) is not None
    _settle(qtbot)


def test_the_other_tabs_modules_are_imported_on_a_worker_once_the_window_is_up(app, demo_db, db_path, qtbot,
                                                                              monkeypatch):
    import threading

    from unionoffice.ui import main_window

    imported = []
    real = importlib.import_module
    monkeypatch.setattr(main_window.importlib, "import_module",
                        lambda name: (imported.append((name, threading.current_thread())), real(name))[1])
    window = _window(qtbot, db_path)
    window.tabs.setCurrentIndex(TITLES.index("会费"))  # built already: not among them
    from unionoffice.ui.rights.tab import PAGES

    pages = {f"unionoffice.ui.rights.{where.split(':')[0]}" for _, where in PAGES}  # built with 维权
    wanted = set(main_window.TAB_MODULES.values()) - {"unionoffice.ui.dues.tab"} | pages
    qtbot.waitUntil(lambda: {name for name, _ in imported} == wanted, timeout=5000)
    assert threading.main_thread() not in {thread for _, thread in imported}
    _settle(qtbot)
