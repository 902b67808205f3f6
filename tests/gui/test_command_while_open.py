"""A command-line import into the office the window has open: the window shows it within seconds."""

import subprocess
import sys

import pytest

from tests.conftest import SAMPLE


@pytest.mark.sqlite_only
def test_the_window_picks_up_a_command_line_import(app, demo_db, db_path, qtbot, monkeypatch):
    from unionoffice.domain import members
    from unionoffice.ui.main_window import MainWindow

    monkeypatch.setenv("UNIONOFFICE_POLL_MS", "200")
    window = MainWindow(db_path)
    qtbot.addWidget(window)
    window.show()
    before = members.headcount()[0]
    result = subprocess.run([sys.executable, "-m", "unionoffice", "import", "members", str(SAMPLE),
                             "--db", str(db_path)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    with qtbot.waitSignal(window.watcher.changed_elsewhere, timeout=10000):
        pass
    assert "命令行" in window.statusBar().currentMessage()
    assert members.headcount()[0] == before + 374
    window.watcher.stop()
