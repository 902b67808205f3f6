"""The main window: builds the tabs, menus and status bar and wires signals between tabs."""

from __future__ import annotations

import importlib
import os
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QTime, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow, QMessageBox, QTabWidget, QWidget

from unionoffice import __version__
from unionoffice.db import backup, session
from unionoffice.db.connection import as_target, close_database, display, is_server, open_database
from unionoffice.domain import chapter
from unionoffice.ui.chapter_dialog import ChapterDialog
from unionoffice.ui.common.collector import GuiThreadCollector
from unionoffice.ui.common.dialogs import fit_dialog_titles
from unionoffice.ui.common.lazy_tabs import put_in_place
from unionoffice.ui.common.tasks import run_in_background
from unionoffice.ui.backups import BackupScheduler
from unionoffice.ui.common.places import window_settings
from unionoffice.ui.overview import OverviewTab


POLL_MS = 3000


class ChangeWatcher(QObject):
    """Every few seconds, has another desk (an office on a server) or a command (an office file, see
    ``office_lock``) saved something? Every change writes an audit-log row, so the newest audit id
    tells (one indexed query).

    The query runs on a thread of its own with its own connection, so a slow or lost network never
    freezes the window; what it finds is handled on the GUI thread."""

    changed_elsewhere = Signal()
    _newest = Signal(int)

    def __init__(self, target, parent=None):
        super().__init__(parent)
        self.target = target
        self.seen = session.last_change_id(target)
        self.interval = int(os.environ.get("UNIONOFFICE_POLL_MS", POLL_MS)) / 1000
        self._stop = threading.Event()
        self._newest.connect(self._arrived)
        threading.Thread(target=self._watch, name="change-watcher", daemon=True).start()

    def _watch(self) -> None:
        from unionoffice.db.models import database

        try:
            while not self._stop.wait(self.interval):
                newest = session.last_change_id(self.target)
                if newest and not self._stop.is_set():
                    self._newest.emit(newest)
        finally:
            if database.obj is not None and not database.obj.is_closed():
                database.obj.close()  # this thread's own connection

    def stop(self) -> None:
        self._stop.set()

    def mark_seen(self) -> None:
        """This desk's own change: nothing to refresh for it (runs before any queued poll result)."""
        self.seen = max(self.seen, session.last_change_id(self.target))

    def _arrived(self, newest: int) -> None:
        """This program's own changes (made in a dialog still open, before it tells the window) are
        not another's: only an id written elsewhere refreshes the window."""
        from unionoffice.domain import audit

        if newest > self.seen:
            elsewhere = audit.written_elsewhere(self.seen, newest)
            self.seen = newest
            if elsewhere:
                self.changed_elsewhere.emit()


WARM_UP_MS = 500  # after the window shows: its first figures are asked for first
TAB_MODULES = {"members": "unionoffice.ui.members.tab", "congress": "unionoffice.ui.congress.tab",
               "notices": "unionoffice.ui.notices.tab", "rights": "unionoffice.ui.rights.tab",
               "welfare": "unionoffice.ui.welfare.tab", "activities": "unionoffice.ui.activities.tab",
               "dues": "unionoffice.ui.dues.tab", "funds": "unionoffice.ui.funds.tab",
               "organisation": "unionoffice.ui.organisation.tab", "reports": "unionoffice.ui.reports.tab"}


def _import(modules: list[str]) -> None:
    """Import these modules and load the pinyin tables (on a worker thread: no widget is made)."""
    from unionoffice.collation import reading

    for module in modules:
        loaded = importlib.import_module(module)
        for _title, where in getattr(loaded, "PAGES", ()):  # 维权's pages, imported as the tab is built
            importlib.import_module(f"{module.rsplit('.', 1)[0]}.{where.split(':')[0]}")
    reading("王")


class _Tab:
    """A tab of the window, reached by name (``window.members``): built the first time it is
    reached, so a start shows its one tab without constructing the eleven others."""

    def __set_name__(self, owner, name: str) -> None:
        self.name = name

    def __get__(self, window, owner=None):
        if window is None:
            return self
        return window.tab(self.name)


class MainWindow(QMainWindow):
    data_changed = Signal()

    # the tabs in their order; each is built by ``_make_<name>`` when first shown or reached
    TABS = ("overview", "members", "congress", "notices", "rights", "welfare", "activities", "dues", "funds",
            "organisation", "reports")
    overview = _Tab()
    members = _Tab()
    congress = _Tab()
    notices = _Tab()
    rights = _Tab()
    welfare = _Tab()
    activities = _Tab()
    dues = _Tab()
    funds = _Tab()
    organisation = _Tab()
    reports = _Tab()

    def __init__(self, db_path: Path | str):
        super().__init__()
        self.db_path = as_target(db_path)  # a file, or a server URL
        self.collector = GuiThreadCollector(self)  # first: widgets are only ever freed on this thread
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self._built: dict[str, QWidget] = {}
        titles = self._titles()
        for name in self.TABS:  # an empty page stands for each tab until it is built
            self.tabs.addTab(QWidget(), titles[name])
        self._build_menus()
        fit_dialog_titles(self)  # the year, approver and term questions too (each tab's when built)
        self.backups = BackupScheduler(self.db_path, self)
        self.backups.failed.connect(lambda message: self.statusBar().showMessage(
            self.tr("自动备份失败：%s") % message))
        self.data_changed.connect(lambda: session.note_change(self.db_path))
        session.begin(self.db_path)
        self.watcher = ChangeWatcher(self.db_path, self)
        self.data_changed.connect(self.watcher.mark_seen)
        self.watcher.changed_elsewhere.connect(self.changed_elsewhere)
        self.statusBar().showMessage((self.tr("数据库服务器：%s") if is_server(self.db_path)
                                      else self.tr("数据文件：%s")) % display(self.db_path))
        self.update_title()
        self._restore()
        self.tabs.currentChanged.connect(self._shown)
        self._started = False  # the tab shown at start (the last one) is built once the window is up

    def _titles(self) -> dict[str, str]:
        return {"overview": self.tr("概况"), "members": self.tr("会员"), "congress": self.tr("职代会提案"),
                "notices": self.tr("厂务公开"), "rights": self.tr("维权"), "welfare": self.tr("困难帮扶"),
                "activities": self.tr("活动"), "dues": self.tr("会费"), "funds": self.tr("经费"),
                "organisation": self.tr("组织"), "reports": self.tr("报表")}

    def built(self, name: str) -> QWidget | None:
        """The tab ``name`` if it has been built, else None (nothing is built by asking)."""
        return self._built.get(name)

    def tab(self, name: str) -> QWidget:
        """The tab ``name``, built now if it was not yet (in its place, unshown unless it is the
        current tab)."""
        widget = self._built.get(name)
        if widget is None:
            widget = self._build(name)
        return widget

    def all_tabs(self) -> list[QWidget]:
        """Every tab, in order, built now if need be."""
        return [self.tab(name) for name in self.TABS]

    def _build_shown(self) -> None:
        self._shown(self.tabs.currentIndex())

    def _shown(self, index: int) -> None:
        if 0 <= index < len(self.TABS):
            self.tab(self.TABS[index])

    def showEvent(self, event) -> None:
        """At the first showing, the window comes up first and its tab is built right after (two
        short waits of the event loop, not one long one); then the other tabs' modules are imported."""
        super().showEvent(event)
        if not self._started:
            self._started = True
            QTimer.singleShot(0, self._build_shown)
            QTimer.singleShot(WARM_UP_MS, self._warm_up)

    def _warm_up(self) -> None:
        """Once the window is up, the modules of the tabs not built yet are imported on a worker
        thread (and the pinyin tables the lists sort by are loaded), so a tab's first opening does not
        wait for them on the GUI thread (a tenth of a second or more for some). Nothing is built
        there: only Python modules are loaded."""
        modules = [module for name, module in TAB_MODULES.items() if name not in self._built]
        run_in_background(lambda: _import(modules), lambda _result, _error: None)  # a failure shows at its tab

    def _build(self, name: str) -> QWidget:
        widget = getattr(self, f"_make_{name}")()
        self._built[name] = widget
        fit_dialog_titles(widget)
        put_in_place(self.tabs, self.TABS.index(name), widget)
        return widget

    def _make_overview(self) -> QWidget:
        tab = OverviewTab()
        self.data_changed.connect(tab.refresh)
        return tab

    def _make_members(self) -> QWidget:
        from unionoffice.ui.members.tab import MembersTab

        tab = MembersTab(self)
        tab.changed.connect(self.data_changed)
        return tab

    def _make_congress(self) -> QWidget:
        from unionoffice.ui.congress.tab import CongressTab

        tab = CongressTab(self)
        tab.changed.connect(self.data_changed)
        return tab

    def _make_notices(self) -> QWidget:
        from unionoffice.ui.notices.tab import NoticesTab

        tab = NoticesTab(self)
        tab.changed.connect(self.data_changed)
        return tab

    def _make_rights(self) -> QWidget:
        from unionoffice.ui.rights.tab import RightsTab

        tab = RightsTab(self)
        tab.changed.connect(self.data_changed)
        tab.changed.connect(self._notices_changed)  # a contract's 公示 is a 厂务公开 notice
        return tab

    def _notices_changed(self) -> None:
        notices = self.built("notices")  # one not built yet lists the notice when it is
        if notices is not None:
            notices.reload_if_loaded()

    def _make_welfare(self) -> QWidget:
        from unionoffice.ui.welfare.tab import WelfareTab

        tab = WelfareTab(self)
        tab.changed.connect(self.data_changed)
        return tab

    def _make_activities(self) -> QWidget:
        from unionoffice.ui.activities.tab import ActivitiesTab

        tab = ActivitiesTab(self)
        tab.changed.connect(self.data_changed)
        return tab

    def _make_dues(self) -> QWidget:
        from unionoffice.ui.dues.tab import DuesTab

        tab = DuesTab(self)
        tab.changed.connect(self.data_changed)
        return tab

    def _make_funds(self) -> QWidget:
        from unionoffice.ui.funds.tab import FundsTab

        tab = FundsTab(self)
        tab.changed.connect(self.data_changed)
        self.data_changed.connect(tab.reload_if_loaded)  # assistance paid, an activity's cost, dues: lines of the books
        return tab

    def _make_organisation(self) -> QWidget:
        from unionoffice.ui.organisation.tab import OrganisationTab

        tab = OrganisationTab(self)
        tab.changed.connect(self.data_changed)
        self.data_changed.connect(lambda: tab.loaded and tab.reload())
        return tab

    def _make_reports(self) -> QWidget:
        from unionoffice.ui.reports.tab import ReportsTab

        tab = ReportsTab(self)
        self.data_changed.connect(tab.preview)
        return tab

    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu(self.tr("文件(&F)"))
        for text, slot, shortcut in (
            (self.tr("导入职工花名册…"), lambda: self.members.import_roster(), "Ctrl+I"),
            (self.tr("导出会员实名制名册…"), lambda: self.members.export_roster(), "Ctrl+E"),
        ):
            action = QAction(text, self)
            action.setShortcut(QKeySequence(shortcut))
            action.triggered.connect(slot)
            file_menu.addAction(action)
        file_menu.addSeparator()
        quit_action = QAction(self.tr("退出"), self)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        settings_menu = self.menuBar().addMenu(self.tr("设置(&S)"))
        chapter_action = QAction(self.tr("本单位工会信息…"), self)
        chapter_action.triggered.connect(self.edit_chapter)
        settings_menu.addAction(chapter_action)
        clerk_action = QAction(self.tr("我的姓名（登记人）…"), self)
        clerk_action.triggered.connect(self.edit_clerk)
        settings_menu.addAction(clerk_action)
        backup_action = QAction(self.tr("备份与恢复…"), self)
        backup_action.triggered.connect(self.open_backups)
        settings_menu.addAction(backup_action)
        for text, slot in ((self.tr("操作日志…"), self.open_audit),
                           (self.tr("启动密码…"), self.set_password)):
            action = QAction(text, self)
            action.triggered.connect(slot)
            settings_menu.addAction(action)
        codes_action = QAction(self.tr("代码表…"), self)
        codes_action.triggered.connect(self.edit_codes)
        settings_menu.addAction(codes_action)
        server_action = QAction(self.tr("数据库连接…"), self)
        server_action.triggered.connect(self.edit_connection)
        settings_menu.addAction(server_action)

        help_menu = self.menuBar().addMenu(self.tr("帮助(&H)"))
        about = QAction(self.tr("关于工会办公室"), self)
        about.triggered.connect(self.about)
        help_menu.addAction(about)

    def update_title(self) -> None:
        """The union's name; Qt adds " — 工会办公室" (the application display name) itself."""
        self.setWindowTitle(chapter.load()["union_name"] or self.tr("（未设置工会名称）"))

    def edit_chapter(self) -> None:
        if ChapterDialog(self).exec() == ChapterDialog.DialogCode.Accepted:
            self.update_title()
            if self.built("overview") is not None:
                self.overview.refresh()

    def edit_clerk(self) -> None:
        from unionoffice.ui.clerk_dialog import ClerkDialog

        ClerkDialog(self).exec()

    def edit_codes(self) -> None:
        from unionoffice.ui.codes_dialog import CodesDialog

        CodesDialog(self).exec()
        if self.built("members") is not None:  # one built later reads the codes then
            self.members.reload_choices()

    def edit_connection(self) -> None:
        from unionoffice.ui.server_dialog import ServerDialog

        ServerDialog(self.db_path, self).exec()

    def open_audit(self) -> None:
        from unionoffice.ui.audit_dialog import AuditDialog

        AuditDialog(self).exec()

    def set_password(self) -> None:
        from unionoffice.ui.password_dialog import SetPasswordDialog

        SetPasswordDialog(self).exec()

    def open_backups(self) -> None:
        from unionoffice.ui.backups import BackupDialog

        BackupDialog(self).exec()

    def restore_backup(self, path: Path) -> None:
        """Put a backup in place of the office file and reopen on it. (An office on a server is
        restored by ``backup.restore`` on a worker thread, the window's connection left open: see
        BackupDialog; then ``restored`` is called.)"""
        close_database()
        try:
            backup.restore(path, self.db_path)
        finally:
            open_database(self.db_path)
            self._restart_session()
        self.reload_all()

    def restored(self) -> None:
        """The office on the server was just restored: show it as it is now."""
        self._restart_session()
        self.reload_all()

    def _restart_session(self) -> None:
        session.begin(self.db_path)
        self.backups.backed_up_change = session.last_change_id(self.db_path)

    def changed_elsewhere(self) -> None:
        """Another desk saved something: show it (open dialogs keep what they loaded; their save
        merges or is refused, see domain.concurrency)."""
        self.reload_all()
        text = (self.tr("其他电脑上的修改已刷新（%s）") if is_server(self.db_path)
                else self.tr("命令行等其他程序写入的修改已刷新（%s）"))
        self.statusBar().showMessage(text % QTime.currentTime().toString("HH:mm:ss"))

    def reload_all(self) -> None:
        """Every tab shows the database as it is now. A tab not built or not opened yet stays so: it
        lists its records when first shown anyway."""
        self.update_title()
        for name, reload in (("overview", "refresh"), ("members", "reload_choices"), ("congress", "reload_sessions"),
                             ("notices", "reload"), ("welfare", "reload"), ("activities", "reload"),
                             ("dues", "reload"), ("organisation", "reload")):
            tab = self.built(name)
            if tab is not None and getattr(tab, "loaded", True):
                getattr(tab, reload)()

    def about(self) -> None:
        QMessageBox.about(self, self.tr("关于工会办公室"),
                          self.tr("工会办公室 %s\n企业基层工会的日常办公软件。\n数据文件：%s")
                          % (__version__, display(self.db_path)))

    def _restore(self) -> None:
        settings = window_settings()
        geometry = settings.value("geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        else:
            self.resize(1200, 760)
        index = settings.value("tab", 0, type=int)
        if 0 <= index < self.tabs.count():
            self.tabs.setCurrentIndex(index)

    def closeEvent(self, event) -> None:
        self.watcher.stop()
        self.collector.stop()
        self.backups.at_exit()
        session.end(self.db_path)
        settings = window_settings()
        settings.setValue("geometry", self.saveGeometry())
        settings.setValue("tab", self.tabs.currentIndex())
        settings.sync()
        super().closeEvent(event)
