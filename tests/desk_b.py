"""The second desk of tests/gui/test_two_desks.py: a real window process of its own on the same
PostgreSQL office, which edits a person through the person dialog as a clerk would.

    python tests/desk_b.py URL PERSON_ID NEW_NAME   prints "saved" or "refused: …"
"""

import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> int:
    url, person_id, new_name = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    from PySide6.QtWidgets import QDialog

    from unionoffice.app import ensure_app
    from unionoffice.db.connection import close_database, open_database
    from unionoffice.ui.main_window import MainWindow
    from unionoffice.ui.members.person_dialog import PersonDialog

    ensure_app()
    open_database(url)
    window = MainWindow(url)
    window.show()
    dialog = PersonDialog(person_id, window.members)
    dialog.show()
    dialog.editors["name"].setText(new_name)
    dialog.accept()
    print("saved" if dialog.result() == QDialog.DialogCode.Accepted else f"refused: {dialog.error.text()}",
          flush=True)
    window.close()
    close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main())
