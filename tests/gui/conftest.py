import pytest


@pytest.fixture
def app(qapp):
    from unionoffice.app import ensure_app

    return ensure_app()


@pytest.fixture
def demo_db(db):
    from unionoffice.domain import demo

    demo.fill(120, seed=7)
    return db


@pytest.fixture
def window(app, demo_db, db_path, qtbot):
    from unionoffice.ui.main_window import MainWindow

    w = MainWindow(db_path)
    qtbot.addWidget(w)
    w.show()
    yield w
    from PySide6.QtCore import QThreadPool

    from unionoffice.ui.common import tasks

    # no figures still being counted for this database, and none counted but not yet shown: a listing
    # whose result is still queued would read the database on the GUI thread after it is gone
    for _ in range(10):
        QThreadPool.globalInstance().waitForDone(10000)
        if not tasks._running:
            break
        qtbot.waitUntil(lambda: not tasks._running or QThreadPool.globalInstance().activeThreadCount() > 0,
                        timeout=10000)
