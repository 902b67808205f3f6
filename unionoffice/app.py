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


def startup_check(db_path: Path) -> bool:
    """A quick integrity check before anything opens the file. A damaged file, or one that lost
    committed changes after a crash (its -wal went missing), is never opened as it is: the user is
    offered the newest good backup. False: do not go on."""
    from unionoffice.db import backup, session
    from unionoffice.db.check import quick_check

    if not db_path.exists():
        return True
    problems = quick_check(db_path)
    lost = session.lost_changes(db_path)
    if not problems and not lost:
        return True
    reason = ("数据文件已损坏：\n" + "\n".join(problems[:5]) if problems else
              f"上次程序没有正常退出，数据文件比当时少了 {lost} 处已保存的改动（-wal 文件可能丢失）。")
    good = backup.newest_good_backup(db_path)
    if good is None:
        tell("critical", f"{reason}\n\n没有找到完好的备份。为免丢失数据，程序不会打开这个文件：\n{db_path}")
        return False
    counts = backup.headline_counts(good.path)
    offer = (f"{reason}\n\n最新的完好备份：{good.created:%Y-%m-%d %H:%M}"
             + (f"（职工 {counts[0]}，会员 {counts[1]}）" if counts else "")
             + "\n\n是否用它恢复？（当前文件会保留在备份文件夹中。）")
    print(offer, file=sys.stderr)
    if QApplication.platformName() == "offscreen":
        return False  # nobody to ask
    answer = QMessageBox.question(None, APP_TITLE, offer)
    if answer != QMessageBox.StandardButton.Yes:
        return False
    backup.restore(good.path, db_path)  # keeps the current file in the backups folder
    session.begin(db_path)
    return True


def daily_backup(db_path: Path) -> None:
    """The first start of each day makes a backup (and prunes old ones)."""
    from unionoffice.db import backup

    try:
        if not backup.backed_up_today(db_path):
            backup.make_backup(db_path, "daily")
        backup.rotate(db_path)
    except backup.BackupError as exc:
        tell("warning", f"今日自动备份失败：{exc}")


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
    try:
        if not startup_check(db_path):
            return 1
        try:
            open_database(db_path)
        except Exception as exc:  # a damaged or foreign file: say so, never a traceback
            from unionoffice.db.check import describe

            tell("critical", f"无法打开数据文件：{db_path}\n\n{describe(exc)}")
            return 1
        daily_backup(db_path)
        return show_window(app, db_path)
    finally:
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


def show_window(app, target) -> int:
    """The start-up password, the first-start dialog, then the main window until it closes."""
    from unionoffice.db.connection import is_server
    from unionoffice.domain import audit, chapter, security
    from unionoffice.ui.chapter_dialog import ChapterDialog
    from unionoffice.ui.main_window import MainWindow

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
    return app.exec()
