"""Start-up of the window: QApplication, Chinese translations, the single-instance lock, the
database, the first-start dialog and the main window."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QLockFile, QTimer, QTranslator
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

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
    return app


def install_translators(app: QApplication) -> None:
    """Qt's own buttons and dialogs (确定, 取消 …) in Chinese."""
    if getattr(app, "_unionoffice_translators", None):
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    translators = []
    for name in ("qtbase_zh_CN", "qt_zh_CN"):
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            translators.append(translator)
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
    from unionoffice.db.connection import close_database, open_database
    from unionoffice.domain import chapter, security
    from unionoffice.ui.chapter_dialog import ChapterDialog
    from unionoffice.ui.main_window import MainWindow

    app = ensure_app()
    db_path = Path(db) if db else default_db_path()
    db_path = db_path.resolve()
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
            tell("critical", f"无法打开数据文件：{db_path}\n\n{exc}")
            return 1
        daily_backup(db_path)
        if security.has_password():
            from unionoffice.ui.password_dialog import UnlockDialog

            if UnlockDialog().exec() != UnlockDialog.DialogCode.Accepted:
                return 1
        if not chapter.is_configured():
            dialog = ChapterDialog(first_start=True)
            if dialog.exec() != ChapterDialog.DialogCode.Accepted:
                return 0
        window = MainWindow(db_path)
        window.show()
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
    finally:
        close_database()
        lock.unlock()
