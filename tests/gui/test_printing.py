"""Every print preview the window offers opens, draws its pages and closes without bringing the
program down (a QPrinter that only a temporary referenced was freed under the dialog: a segfault)."""

import gc

from PySide6.QtCore import QTimer
import os

from PySide6.QtPrintSupport import QPrintPreviewDialog, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication

from unionoffice.domain import notices


def close_preview_soon(seen):
    def close():
        gc.collect()  # what Python would free, it frees now: the printer must still be referenced
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, QPrintPreviewDialog):
            QTimer.singleShot(50, close)
            return
        pages = dialog.findChild(QPrintPreviewWidget).pageCount()
        seen.append((dialog.windowTitle(), dialog.printer().pageLayout().pageSize().name(), pages))
        if os.environ.get("UNIONOFFICE_SHOTS"):
            dialog.grab().save(os.path.join(os.environ["UNIONOFFICE_SHOTS"], "print-preview.png"))
        dialog.reject()

    QTimer.singleShot(50, close)


def test_notice_print_preview_opens_and_closes(window, qtbot):
    tab = window.notices
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    notice = notices.create({"title": "关于调整职工食堂菜价的公示", "category": "其他",
                             "content": "<p>早餐：2元</p>"})
    tab._after_change(notice.id)
    tab.select(notice.id)
    seen = []
    close_preview_soon(seen)
    tab.print_notice()
    assert seen and "关于调整职工食堂菜价的公示" in seen[0][0] and seen[0][1:] == ("A4", 1)
    # the window is still alive and usable after the dialog closed
    gc.collect()
    assert tab.isVisible()
