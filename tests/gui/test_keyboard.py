"""Keyboard entry moves like in any form: Tab leaves a multi-line box instead of typing a tab."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from unionoffice.domain import notices
from unionoffice.ui.notices.dialog import FeedbackDialog, NoticeDialog


def focus(qtbot, widget):
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget)


def test_tab_leaves_the_rich_text_content_of_a_notice(window, qtbot):
    dialog = NoticeDialog(None, window.notices)
    qtbot.addWidget(dialog)
    dialog.show()
    focus(qtbot, dialog.content)
    dialog.content.insertPlainText("早餐2元")  # typed through an input method
    qtbot.keyClick(dialog.content, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not dialog.content
    assert "\t" not in dialog.content.toPlainText() and dialog.content.toPlainText() == "早餐2元"


def test_tab_leaves_a_plain_multi_line_box(window, qtbot):
    notice = notices.create({"title": "食堂菜价", "category": "其他", "content": "x"})
    dialog = FeedbackDialog(notice.id)
    qtbot.addWidget(dialog)
    dialog.show()
    focus(qtbot, dialog.content)
    dialog.content.insertPlainText("价格偏高")
    qtbot.keyClick(dialog.content, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is not dialog.content
    assert dialog.content.toPlainText() == "价格偏高"
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is dialog.content


def test_a_new_record_dialog_starts_in_its_first_field(window, qtbot):
    """新建 (厂务公开) and 新建活动 open on a page of tabs: the cursor is in 标题 / 名称, not on the tab
    bar, so typing starts at once."""
    from unionoffice.ui.activities.dialog import ActivityDialog

    for dialog, first in ((NoticeDialog(None, window.notices), "title"),
                          (ActivityDialog(None, window.activities), "name")):
        qtbot.addWidget(dialog)
        dialog.show()
        dialog.activateWindow()
        qtbot.waitUntil(lambda: QApplication.focusWidget() is getattr(dialog, first), timeout=3000)
        dialog.close()
