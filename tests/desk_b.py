"""The second desk of tests/gui/test_two_desks.py: a real window process of its own on the same
PostgreSQL office, doing what a clerk at the other PC would.

    python tests/desk_b.py URL rename PERSON_ID NEW_NAME   prints "saved" or "refused: …"
    python tests/desk_b.py URL wait NAME                   prints "ready", then "seen" once its own
                                                           roster shows NAME (or "timeout")
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    url, mode = sys.argv[1], sys.argv[2]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QDialog

    from unionoffice.app import ensure_app
    from unionoffice.db.connection import close_database, open_database
    from unionoffice.ui.main_window import MainWindow
    from unionoffice.ui.members.person_dialog import PersonDialog

    app = ensure_app()
    open_database(url)
    window = MainWindow(url)
    window.show()
    window.tabs.setCurrentWidget(window.members)
    if mode == "rename":
        person_id, new_name = int(sys.argv[3]), sys.argv[4]
        dialog = PersonDialog(person_id, window.members)
        dialog.show()
        dialog.editors["name"].setText(new_name)
        dialog.accept()
        print("saved" if dialog.result() == QDialog.DialogCode.Accepted else f"refused: {dialog.error.text()}",
              flush=True)
    else:
        wanted = sys.argv[3]
        window.watcher.interval = 0.2
        tab = window.members

        def look() -> None:
            names = [tab.model.record(r)["name"] for r in range(tab.model.rowCount())]
            if wanted in names:
                print("seen", flush=True)
                app.quit()

        checker = QTimer()
        checker.timeout.connect(look)
        checker.start(100)
        QTimer.singleShot(30000, lambda: (print("timeout", flush=True), app.quit()))
        print("ready", flush=True)
        app.exec()
    window.close()
    close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
