"""Start-up of the window: QApplication, Chinese translations, the single-instance lock, the
database, the first-start dialog and the main window."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox, QPlainTextEdit, QTextEdit, QWidget

from unionoffice import APP_NAME, APP_TITLE, __version__
from unionoffice.paths import default_db_path

ALREADY_OPEN = "办公数据文件已经在另一个工会办公室窗口中打开：\n{path}\n\n请切换到那个窗口；同一个数据文件同时只能打开一次。"
EXIT_ALREADY_OPEN = 3


def ensure_app() -> QApplication:
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_TITLE)
    app.setApplicationVersion(__version__)
    app.setOrganizationName(APP_NAME)
    icon = Path(__file__).parent / "resources" / "unionoffice.png"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))  # calendars, dates
    install_translators(app)
    if not getattr(app, "_unionoffice_tab_moves_on", False):
        app.focusChanged.connect(tab_moves_on)
        app._unionoffice_tab_moves_on = True
    return app


def tab_moves_on(_old: QWidget | None, new: QWidget | None) -> None:
    """Tab in a multi-line box (理由, 建议, 备注, 内容 …) moves to the next field, as in every other box,
    instead of typing a tab character into the text."""
    if isinstance(new, (QPlainTextEdit, QTextEdit)) and not new.isReadOnly():
        new.setTabChangesFocus(True)


class MissingQtStrings(QTranslator):
    """Strings Qt 6 shows that the shipped qtbase_zh_CN.qm does not translate: it was made from an
    older Qt, whose file dialog said "Look in:" where Qt 6 says "&Look in:", so the dialog showed
    English labels beside Chinese buttons. Installed last, so asked first; anything else falls
    through to Qt's own translations."""

    STRINGS = {
        ("QFileDialog", "&Look in:"): "查找范围(&L)：",
        ("QFileDialog", "Files of &type:"): "文件类型(&T)：",
        ("QAbstractFileIconProvider", "Folder"): "文件夹",
        ("QAbstractFileIconProvider", "File Folder"): "文件夹",
        ("QAbstractFileIconProvider", "Drive"): "驱动器",
    }

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: ARG002 - Qt's signature
        return self.STRINGS.get((context, source))  # None: not ours, Qt's own file is asked next

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False


def install_translators(app: QApplication) -> None:
    """Qt's own buttons and dialogs (确定, 取消, the file dialog …) in Chinese."""
    if getattr(app, "_unionoffice_translators", None):
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            translators.append(translator)
    missing = MissingQtStrings(app)
    app.installTranslator(missing)
    translators.append(missing)
    app._unionoffice_translators = translators


def acquire_lock(db_path: Path) -> QLockFile | None:
    """The lock beside the office file. A lock left by a killed process is taken over (Qt sees that
    its process is gone); ``None`` when another running copy holds it."""
    lock = QLockFile(str(db_path) + ".lock")
    lock.setStaleLockTime(0)  # stale only when its process is gone, never by age
    if lock.tryLock(200):
        return lock
    if lock.error() == QLockFile.LockError.LockFailedError:
        return None
    raise OSError(f"无法在数据文件旁建立锁文件：{db_path}.lock")


def tell(kind: str, message: str) -> None:
    """A message for the user: on stderr for scripts, and in a box where there is a screen (on the
    offscreen platform nobody could click it away)."""
    print(message, file=sys.stderr)
    if QApplication.platformName() != "offscreen":
        getattr(QMessageBox, kind)(None, APP_TITLE, message)


def startup_check(db_path: Path, pages: bool = True) -> bool:
    """A quick integrity check before anything opens the file. A damaged file, or one that lost
    committed changes after a crash (its -wal went missing), is never opened as it is: the user is
    offered the newest good backup. False: do not go on.

    ``pages=False`` leaves the check of the pages (seconds on a large office) to ``StartupChecks``
    once the window shows; writes wait for it meanwhile (write_gate)."""
    from unionoffice.db import backup, session
    from unionoffice.db.check import quick_check

    if not db_path.exists():
        return True
    problems = quick_check(db_path) if pages else []
    lost = session.lost_changes(db_path)
    if not problems and not lost:
        return True
    reason = ("数据文件已损坏：\n" + "\n".join(problems[:5]) if problems else
              f"上次程序没有正常退出，数据文件比当时少了 {lost} 处已保存的改动（-wal 文件可能丢失）。")
    good = ask_for_good_backup(db_path, reason)
    if good is None:
        return False
    backup.restore(good, db_path)  # keeps the current file in the backups folder
    session.begin(db_path)
    return True


def ask_for_good_backup(db_path: Path, reason: str) -> Path | None:
    """Say why the file cannot be used as it is and offer the newest good backup in its place: the
    backup to restore, or None (none found, refused, or nobody to ask)."""
    from unionoffice.db import backup

    good = backup.newest_good_backup(db_path)
    if good is None:
        tell("critical", f"{reason}\n\n没有找到完好的备份。为免丢失数据，程序不会打开这个文件：\n{db_path}")
        return None
    counts = backup.headline_counts(good.path)
    offer = (f"{reason}\n\n最新的完好备份：{good.created:%Y-%m-%d %H:%M}"
             + (f"（职工 {counts[0]}，会员 {counts[1]}）" if counts else "")
             + "\n\n是否用它恢复？（当前文件会保留在备份文件夹中。）")
    print(offer, file=sys.stderr)
    if QApplication.platformName() == "offscreen":
        return None  # nobody to ask
    answer = QMessageBox.question(None, APP_TITLE, offer)
    return good.path if answer == QMessageBox.StandardButton.Yes else None


def daily_backup(db_path: Path) -> str:
    """The first start of each day makes a backup (and prunes old ones). Returns what went wrong, or ''."""
    from unionoffice.db import backup

    try:
        if not backup.backed_up_today(db_path):
            backup.make_backup(db_path, "daily")
        backup.rotate(db_path)
    except backup.BackupError as exc:
        return f"今日自动备份失败：{exc}"
    return ""


def upgrade_due(db_path: Path) -> bool:
    """Whether opening the file migrates it (a write at once): read-only, a few milliseconds."""
    import sqlite3

    from unionoffice.db import migrations

    if not db_path.exists():
        return False
    try:
        con = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            version = con.execute("SELECT MAX(version) FROM schema_version").fetchone()[0] or 0
        finally:
            con.close()
    except sqlite3.Error:
        return True  # not readable as an office: checked before anything else happens
    return version != migrations.LATEST_VERSION


def start_up_checks(db_path: Path) -> tuple[list[str], str]:
    """On a worker thread while the window opens: the file's pages checked, then the day's first
    backup made from the sound file; writes, held till then, are let through (or refused for a
    damaged file). Returns (problems, what went wrong with the backup)."""
    from unionoffice.db import write_gate
    from unionoffice.db.check import quick_check

    try:
        problems = quick_check(db_path)
    except Exception as exc:  # noqa: BLE001 - an unreadable file is a damaged one here
        problems = [f"无法检查：{exc}"]
    if problems:
        write_gate.refuse("数据文件已损坏：\n" + "\n".join(problems[:5]))
        return problems, ""
    try:
        return [], daily_backup(db_path)
    finally:
        write_gate.release()  # here, not on the GUI thread: a write there may be waiting for it


class StartupChecks:
    """``start_up_checks`` on the thread pool, started before the window is built; its answer is
    handled once the window is there. A damaged file: the newest good backup is offered and put in
    its place, or the window closes (``failed``)."""

    def __init__(self, db_path: Path):
        from unionoffice.ui.common.tasks import run_in_background

        self.db_path, self.window, self.result, self.failed = db_path, None, None, False
        run_in_background(lambda: start_up_checks(db_path), self._done)

    def attach(self, window) -> None:
        self.window = window
        if self.result is not None:
            self._handle(*self.result)

    def _done(self, result, error: Exception | None) -> None:
        self.result = (result, error)
        if self.window is not None:
            self._handle(result, error)

    def _handle(self, result, error: Exception | None) -> None:
        from unionoffice.db import write_gate

        problems, backup_problem = result if error is None else ([f"无法检查：{error}"], "")
        if not problems:
            if backup_problem:
                self.window.statusBar().showMessage(backup_problem)
                tell("warning", backup_problem)
            return
        reason = "数据文件已损坏：\n" + "\n".join(problems[:5])
        write_gate.refuse(reason)  # nothing is written into it meanwhile
        good = ask_for_good_backup(self.db_path, reason)
        if good is None:
            self.failed = True
            self.window.close()
            return
        write_gate.release()  # for the restore itself
        self.window.restore_backup(good)  # the damaged file is kept in the backups folder


def peak_memory_kb() -> int:
    """This program's own peak resident memory (VmHWM: unlike getrusage it does not count the pages
    of a parent that forked it); 0 where it cannot be read."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
    except (OSError, StopIteration, ValueError):
        return 0


def run(db: str | None = None) -> int:
    from unionoffice.credentials import saved_server
    from unionoffice.db.connection import as_target, close_database, is_server, open_database

    app = ensure_app()
    target = as_target(db) if db else (saved_server() or default_db_path())
    if is_server(target):
        try:
            if not connect_server(target):
                return 1
            return show_window(app, target)
        finally:
            close_database()
    db_path = Path(target).resolve()
    try:
        lock = acquire_lock(db_path)
    except OSError as exc:
        tell("critical", str(exc))
        return 1
    if lock is None:
        tell("warning", ALREADY_OPEN.format(path=db_path))
        return EXIT_ALREADY_OPEN
    from unionoffice.db import write_gate

    try:
        # The check of the pages and the day's backup take seconds on a large office: they run on a
        # worker thread while the window opens, and writes wait for them. A migration writes at
        # once: the file is checked before it, as ever.
        later = not upgrade_due(db_path)
        if not startup_check(db_path, pages=not later):
            return 1
        try:
            try:
                open_database(db_path)
            except Exception:
                from unionoffice.db.check import quick_check

                if not later or not quick_check(db_path):
                    raise
                # too damaged to open: the newest good backup is offered, as before opening
                close_database()
                if not startup_check(db_path):
                    return 1
                later = False
                open_database(db_path)
        except Exception as exc:  # a damaged or foreign file: say so, never a traceback
            from unionoffice.db.check import describe

            tell("critical", f"无法打开数据文件：{db_path}\n\n{describe(exc)}")
            return 1
        if later:
            write_gate.hold()
        else:
            message = daily_backup(db_path)
            if message:
                tell("warning", message)
        return show_window(app, db_path, check_later=later)
    finally:
        write_gate.release()
        close_database()
        lock.unlock()


def _needs_password(message: str) -> bool:
    return any(s in message for s in ("password authentication failed", "no password supplied",
                                      "fe_sendauth"))


def connect_server(url: str, ask=None) -> bool:
    """Open the office on a PostgreSQL server, with the password from the keyring or, failing that,
    asked for (``ask(url, again) -> (password, remember) | None``). Says why in Chinese when it cannot."""
    from unionoffice import credentials
    from unionoffice.db.connection import display, open_database

    if ask is None:
        from unionoffice.ui.server_dialog import ask_password as ask
    password = credentials.get_password(url)
    remember = False
    for attempt in range(4):
        try:
            if not while_waiting(f"正在连接数据库服务器…\n{display(url)}",
                                 lambda: _opened_elsewhere(open_database, url, password)):
                return False  # 取消
        except Exception as exc:  # refused, unreachable, wrong password, not an office …
            message = str(exc).strip()
            if _needs_password(message) and attempt < 3:
                answer = ask(url, password is not None)
                if answer is None:
                    return False
                password, remember = answer
                continue
            from unionoffice.db.check import describe

            tell("critical", f"无法打开数据库服务器上的办公数据：{display(url)}\n\n{describe(exc)}")
            return False
        if remember and password:
            credentials.set_password(url, password)
        return True
    return False


def _opened_elsewhere(open_database, url: str, password: str | None) -> None:
    """Open (and upgrade) the office on a worker thread; that thread's connection is closed after,
    and the GUI thread opens its own at its first query."""
    db = open_database(url, password=password)
    if db is not None:
        db.close()


def while_waiting(text: str, work) -> bool:
    """Run ``work()`` on a thread of its own; after 0.3 s a small window says ``text`` and offers
    取消, so a slow or unreachable server never leaves the user with nothing on screen. True when
    the work finished (its error, if any, is raised here), False when the user cancelled: the work
    is then left to end on its own (a connection attempt cannot be interrupted)."""
    from PySide6.QtCore import QEventLoop
    from PySide6.QtWidgets import QProgressDialog

    outcome: dict = {}

    def run() -> None:
        try:
            work()
        except Exception as exc:  # raised again on the GUI thread
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="connect", daemon=True)
    thread.start()
    thread.join(0.05)  # a server on the local network usually answers at once
    if thread.is_alive():
        dialog = QProgressDialog(text, "取消", 0, 0)
        dialog.setWindowTitle(APP_TITLE)
        dialog.setMinimumDuration(300)
        dialog.setValue(0)  # starts the 0.3 s clock after which it shows
        loop = QEventLoop()
        poll = QTimer()
        poll.timeout.connect(lambda: None if thread.is_alive() else loop.quit())
        poll.start(20)
        dialog.canceled.connect(loop.quit)
        loop.exec()
        poll.stop()
        dialog.close()
        dialog.deleteLater()
        if thread.is_alive():
            return False
    if "error" in outcome:
        raise outcome["error"]
    return True


def show_window(app, target, check_later: bool = False) -> int:
    """The start-up password, the first-start dialog, then the main window until it closes.
    ``check_later``: the file's check and the day's backup run meanwhile on a worker thread."""
    from unionoffice.db.connection import is_server
    from unionoffice.domain import audit, chapter, security
    from unionoffice.ui.chapter_dialog import ChapterDialog
    from unionoffice.ui.main_window import MainWindow

    check = StartupChecks(target) if check_later else None
    if security.has_password():
        from unionoffice.ui.password_dialog import UnlockDialog

        if UnlockDialog().exec() != UnlockDialog.DialogCode.Accepted:
            return 1
    if not chapter.is_configured():
        dialog = ChapterDialog(first_start=True)
        if dialog.exec() != ChapterDialog.DialogCode.Accepted:
            return 0
    if not audit.clerk_name() and QApplication.platformName() != "offscreen":
        # the first start at this login: who is writing (登记人); offscreen nobody could answer
        from unionoffice.ui.clerk_dialog import ClerkDialog

        ClerkDialog().exec()  # 取消 keeps the login name for now; asked again at the next start
    window = MainWindow(target)
    window.show()
    if is_server(target):
        window.backups.daily_in_background()  # a logical copy from the server takes a while
    if check is not None:
        check.attach(window)
    if os.environ.get("UNIONOFFICE_QUIT_WHEN_SHOWN"):  # benchmarks: time to a usable window
        def shown() -> None:
            print(f"shown {time.time():.6f}", flush=True)
            app.quit()

        QTimer.singleShot(0, shown)
        code = app.exec()
        from PySide6.QtCore import QThreadPool

        QThreadPool.globalInstance().waitForDone()  # the 概况 figures, counted in the background
        print(f"peak {peak_memory_kb()}", flush=True)
        return code
    code = app.exec()
    if check is not None and check.failed:
        return 1
    return code
