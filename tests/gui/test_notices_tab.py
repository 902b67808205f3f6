import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QDialog, QMessageBox

from unionoffice.domain import notices
from unionoffice.ui.notices import printing
from unionoffice.ui.notices.dialog import FeedbackDialog, NoticeDialog
from unionoffice.ui.notices.tab import DateDialog


def test_publish_feedback_answer_archive_as_the_clerk_would(window, qtbot, monkeypatch, tmp_path):
    tab = window.notices
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # listed on a worker thread when first shown
    dialog = NoticeDialog(None, tab)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and "标题" in dialog.error.text()
    dialog.title.setText("关于调整职工食堂菜价的公示")
    dialog.category.setCurrentText("其他")
    dialog.content.setHtml("<p>早餐：<b>2元</b></p><table border=1><tr><td>品种</td><td>价格</td></tr></table>")
    dialog.accept()
    notice_id = dialog.notice_id
    assert notice_id and not dialog.isVisible()
    tab._after_change(notice_id)

    tab.select(notice_id)
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    warned = []
    tab._act("发布", lambda: notices.publish(notice_id))
    assert warned and "须先审核" in warned[0]

    long_ago = QDate.currentDate().addDays(-20)

    def answer_date_dialog(self):
        self.name.setText("王建国")
        self.date.setDate(long_ago)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DateDialog, "exec", answer_date_dialog)
    tab.review()
    tab.publish()
    notice = notices.get(notice_id)
    assert notice.reviewer == "王建国" and notice.published_on == long_ago.toPython()
    assert notices.state_on(notice) == "公示期满"

    feedback = FeedbackDialog(notice_id, None, tab)
    qtbot.addWidget(feedback)
    feedback.content.setPlainText("菜价能否分档？")
    feedback.received.setDate(long_ago.addDays(1))
    feedback.accept()
    item = notices.feedback(notice_id)[0]
    qtbot.waitUntil(lambda: window.overview.idle)  # figures are counted off the GUI thread
    assert item.author == "" and window.overview.number_labels["feedback_waiting"].text() in ("0", "1")
    answer = FeedbackDialog(notice_id, item, tab)
    qtbot.addWidget(answer)
    answer.answer.setPlainText("下月起分档。")
    answer.accept()
    assert "答复人" in answer.error.text()
    answer.answered_by.setText("李秀英")
    answer.accept()
    assert notices.feedback(notice_id)[0].answered_by == "李秀英"

    tab.select(notice_id)
    tab.archive()
    assert notices.state_on(notices.get(notice_id)) == "已归档"
    page = NoticeDialog(notice_id, tab)
    qtbot.addWidget(page)
    assert not page.title.isEnabled()

    pdf = tmp_path / "notice.pdf"
    printing.to_pdf(notices.get(notice_id), str(pdf))
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page\n") + data.count(b"/Type /Page\r") + \
        data.count(b"/Type /Page ") + data.count(b"/Type /Page>") >= 1
    text = printing.document(notices.get(notice_id)).toPlainText()
    assert "关于调整职工食堂菜价的公示" in text and "品种" in text and "公示期" in text


def test_board_lists_what_is_showing_today(window, qtbot):
    n = notices.create({"title": "年度体检", "category": "职工切身利益"})
    notices.review(n.id, "王建国")
    notices.publish(n.id)
    window.notices.reload()
    texts = [window.notices.board.item(i).text() for i in range(window.notices.board.count())]
    assert any("年度体检" in t and "还剩 7 天" in t for t in texts)
    window.data_changed.emit()
    qtbot.waitUntil(lambda: window.overview.idle)  # figures are counted off the GUI thread
    assert int(window.overview.number_labels["notices_showing"].text()) >= 1
    assert dt.date.today() <= notices.get(n.id).ends_on
