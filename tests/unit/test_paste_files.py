"""A paste becomes a small sheet in the temporary folder (names, ID numbers): it is removed when the
program ends, and one left by a run that crashed is removed by the next run's first paste."""

import os
import tempfile
import time

import pytest

from unionoffice.ui.common import paste


@pytest.fixture
def temp(tmp_path, monkeypatch):
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(paste, "_made", [])
    monkeypatch.setattr(paste.atexit, "register", lambda fn: None)
    return tmp_path


def test_pasted_sheets_are_removed_at_exit_and_stale_ones_at_the_first_paste(temp):
    stale = temp / (paste.PREFIX + "crashed")
    stale.mkdir()
    (stale / paste.PASTED_NAME).write_text("张三,110101199003071234")
    hours_ago = time.time() - 2 * paste.STALE_SECONDS
    os.utime(stale, (hours_ago, hours_ago))
    running = temp / (paste.PREFIX + "another-window")  # another program window's, pasted just now
    running.mkdir()

    path, header = paste.pasted_sheet("姓名\t证件号码\n张三\t110101199003071234\n", ["姓名"], ["姓名"])
    second, _ = paste.pasted_sheet("李四\n", ["姓名"], ["姓名"])
    assert header and os.path.exists(path) and os.path.exists(second)
    assert not stale.exists() and running.exists()

    paste.remove_pasted()
    assert not os.path.exists(os.path.dirname(path)) and not os.path.exists(os.path.dirname(second))
    assert running.exists()
