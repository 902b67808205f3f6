"""The register pattern (ui/common/register.py): actions enabled by the selected record's state, a
workflow step that asks the date and who acted (the clerk by default) and keeps the record selected,
and a form built from declared fields."""

import datetime as dt

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import QComboBox, QDialog, QPlainTextEdit, QSpinBox

from unionoffice.domain import audit, notices
from unionoffice.ui.common.register import DateDialog, Field


def test_actions_follow_the_selected_records_state(window):
    tab = window.notices
    draft = notices.create({"title": "食堂菜价", "category": "其他"})
    tab.view.clearSelection()
    tab.view.setCurrentIndex(tab.proxy.index(-1, -1))
    tab._enable()
    assert tab.buttons["add"].isEnabled() and tab.buttons["import"].isEnabled()
    assert not tab.buttons["edit"].isEnabled() and not tab.buttons["review"].isEnabled()
    tab._after_change(draft.id)
    assert tab.current_id() == draft.id
    enabled = {name for name, button in tab.buttons.items() if button.isEnabled()}
    assert {"edit", "review", "delete", "print"} <= enabled and not {"publish", "archive"} & enabled
    notices.review(draft.id, "王建国")
    notices.publish(draft.id)
    tab._after_change(draft.id)
    enabled = {name for name, button in tab.buttons.items() if button.isEnabled()}
    assert "publish" in enabled and not {"delete", "archive"} & enabled


def test_a_step_records_the_date_and_the_clerk_and_keeps_the_selection(window, monkeypatch):
    tab = window.notices
    audit.set_clerk_name("周敏")
    notice = notices.create({"title": "年度体检安排", "category": "职工切身利益"})
    tab._after_change(notice.id)
    seen = {}
    day = QDate.currentDate().addDays(-3)

    def answer(dialog):
        seen["who"], seen["title"] = dialog.name.text(), dialog.windowTitle()
        dialog.date.setDate(day)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(DateDialog, "exec", answer)
    tab.buttons["review"].click()
    assert seen == {"who": "周敏", "title": "审核"}
    reviewed = notices.get(notice.id)
    assert (reviewed.reviewer, reviewed.reviewed_on) == ("周敏", day.toPython())
    assert tab.current_id() == notice.id  # still selected after the step


def test_a_form_from_declared_fields(qtbot):
    fields = [Field("name", "名称", required=True), Field("kind", "类型", "choice", choices=("讲座", "培训")),
              Field("cap", "名额", "number", default=lambda: 5, options={"special": "不限"}),
              Field("note", "说明", "multiline"), Field("starts_at", "开始", "datetime",
                                                      default=dt.datetime(2026, 12, 1, 9, 0))]
    widgets = [f.widget(None) for f in fields]
    for w in widgets:
        qtbot.addWidget(w)
    assert isinstance(widgets[1], QComboBox) and isinstance(widgets[2], QSpinBox)
    assert isinstance(widgets[3], QPlainTextEdit)
    widgets[0].setText("安全讲座")
    widgets[1].setCurrentText("培训")
    widgets[3].setPlainText("三楼")
    widgets[4].setDateTime(QDateTime(dt.datetime(2026, 12, 2, 14, 30)))
    assert [f.value(w) for f, w in zip(fields, widgets)] == [
        "安全讲座", "培训", 5, "三楼", dt.datetime(2026, 12, 2, 14, 30)]


def test_a_file_attached_from_the_form_is_listed(window, qtbot, monkeypatch, tmp_path):
    from unionoffice.ui.common import register
    from unionoffice.ui.notices.dialog import NoticeDialog

    notice = notices.create({"title": "食堂菜价", "category": "其他"})
    photo = tmp_path / "菜价表.png"
    photo.write_bytes(b"x" * 3000)
    monkeypatch.setattr(register, "ask_open_path", lambda *a, **k: str(photo))
    dialog = NoticeDialog(notice.id, window.notices)
    qtbot.addWidget(dialog)
    dialog.add_attachment()
    assert dialog.changed and dialog.attachments.item(0).text() == "菜价表.png（2 KB）"
    assert [name for _id, name, _size in notices.attachments(notice.id)] == ["菜价表.png"]


def test_a_register_lists_its_rows_sorted_without_asking_a_cell_per_comparison(window, qtbot, monkeypatch):
    """The 经费 books' thousands of lines went through a sort proxy that asked data() twice for every
    comparison (a quarter-second freeze at each listing): the model sorts its rows itself, one key a
    row, in the order the header shows."""
    from PySide6.QtCore import Qt

    from unionoffice.collation import sort_key
    from unionoffice.ui.common.register import RegisterModel
    from unionoffice.ui.common.table_model import SORT_ROLE

    for n in range(30):
        notices.create({"title": f"公示{n:02d}", "category": "其他"})
    tab = window.notices
    asked = []
    real = RegisterModel.data
    monkeypatch.setattr(RegisterModel, "data", lambda self, index, role=Qt.ItemDataRole.DisplayRole: (
        asked.append(role), real(self, index, role))[1])
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)
    tab.view.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    tab.reload()
    assert SORT_ROLE not in asked
    model = tab.view.model()
    titles = [model.index(r, 0).data() for r in range(model.rowCount())]
    keys = [sort_key(t) for t in titles]  # by pinyin, Z→A
    assert len(titles) >= 30 and keys == sorted(keys, reverse=True)
    header = tab.view.horizontalHeader()
    assert (header.sortIndicatorSection(), header.sortIndicatorOrder()) == (0, Qt.SortOrder.DescendingOrder)
