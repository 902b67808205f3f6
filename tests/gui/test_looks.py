"""How the window looks to a clerk (issue 21, "Looks"): Chinese throughout, titles that fit,
nothing hidden at the default size."""

import itertools
import re

from PySide6.QtWidgets import QFileDialog, QLabel


def test_qt_file_dialog_speaks_chinese(app, qtbot, tmp_path):
    """The shipped qtbase_zh_CN.qm predates Qt 6's "&Look in:" and "Files of &type:"; without our
    own strings the dialog showed those two labels in English beside Chinese buttons."""
    dialog = QFileDialog(None, "选择职工花名册", str(tmp_path), "Excel 工作簿 (*.xlsx *.xls)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # what Linux shows without a desktop theme
    qtbot.addWidget(dialog)
    dialog.show()
    texts = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    assert "查找范围(&L)：" in texts and "文件类型(&T)：" in texts
    english = [t for t in texts if re.search("[A-Za-z]", re.sub(r"\(&[A-Z]\)", "", t))]
    assert not english
    assert app.translate("QFileDialog", "&Open") == "打开(&O)"  # Qt's own translations still answer


def test_small_dialogs_are_as_wide_as_their_titles(app, demo_db, qtbot):
    """审查提案, 发布（开始公示）, 档案下一步 and 会籍变动 were narrower than their titles (with the
    " — 工会办公室" Qt adds), so the title bar cut them short."""
    from unionoffice.domain import congress, members
    from unionoffice.ui.common.dialogs import title_width
    from unionoffice.ui.congress.dialogs import ReviewDialog
    from unionoffice.ui.members.person_dialog import EventDialog
    from unionoffice.ui.notices.tab import DateDialog
    from unionoffice.ui.welfare.dialogs import StepDialog

    motion_id = congress.search(congress.MotionFilter())[0]["id"]
    person_id = members.search_ids(members.RosterFilter())[0]
    dialogs = [ReviewDialog(motion_id),
               DateDialog("发布（开始公示）", "公开日期", allow_future=True),
               StepDialog("档案下一步", lambda *args: None),
               EventDialog(person_id)]
    for dialog in dialogs:
        qtbot.addWidget(dialog)
        dialog.show()
        needed = title_width(dialog)
        assert needed > dialog.fontMetrics().horizontalAdvance(dialog.windowTitle())
        assert dialog.width() >= needed, dialog.windowTitle()
        assert dialog.minimumWidth() >= needed
        assert dialog.minimumWidth() >= dialog.layout().totalMinimumSize().width()  # never squeezed



def test_every_notices_button_shows_at_the_default_window_size(window, qtbot):
    """At 1200 pixels 导入台账… was behind the toolbar's » menu, where a new clerk never looks."""
    assert window.width() == 1200  # the size of a first start
    window.tabs.setCurrentWidget(window.notices)
    qtbot.waitUntil(lambda: window.notices.buttons["import"].isVisible())
    hidden = [name for name, button in window.notices.buttons.items() if not button.isVisible()]
    assert not hidden


def test_membership_dialog_names_a_state_not_an_event(app, demo_db, qtbot):
    """"当前会籍：入会" named the last event; the clerk wants the state it left: 会员, 保留会籍 …"""
    from unionoffice.db.models import Person
    from unionoffice.domain import members
    from unionoffice.ui.members.person_dialog import EventDialog

    person_id = Person.select(Person.id).first().id
    shown = {}
    for state in ("入会", "转入", "保留", ""):
        Person.update(membership_state=state).where(Person.id == person_id).execute()  # as after that event
        dialog = EventDialog(person_id)
        qtbot.addWidget(dialog)
        shown[state] = next(label.text() for label in dialog.findChildren(QLabel)
                            if label.text().startswith("当前会籍"))
    assert shown == {"入会": "当前会籍：会员", "转入": "当前会籍：会员", "保留": "当前会籍：保留会籍",
                     "": "当前会籍：非会员"}
    assert [members.membership_text(k) for k in ("转出", "除名", "退会")] == ["已转出", "已除名", "已退会"]


def test_a_success_under_a_form_is_green_and_an_error_red(app, demo_db, qtbot, monkeypatch):
    """"已添加 3 名代表。" appeared in the red of an error."""
    from PySide6.QtWidgets import QDialog

    from unionoffice.domain import members
    from unionoffice.ui.common.dialogs import DONE_STYLE, ERROR_STYLE
    from unionoffice.ui.congress import dialogs

    monkeypatch.setattr(dialogs.PeoplePicker, "exec", lambda self: QDialog.DialogCode.Accepted)
    monkeypatch.setattr(dialogs.PeoplePicker, "chosen",
                        lambda self: members.search_ids(members.RosterFilter(membership="member"))[:3])
    dialog = dialogs.CongressDialog()
    qtbot.addWidget(dialog)
    dialog.term.setValue(11)  # a term with nobody in it yet
    dialog.add_reps()
    assert dialog.error.text() == "已添加 3 名代表。"
    assert dialog.error.styleSheet() == DONE_STYLE
    dialog.error.setText("届次：应为数字")  # the next error is red again
    assert dialog.error.styleSheet() == ERROR_STYLE


CHART_DATA = {
    "year": 2026, "join_rates": [(2022, 0.8), (2023, 0.85), (2024, 0.9), (2025, 0.86), (2026, 0.86)],
    "departments": [(name, 13, 12) for name in ("人力资源部", "炼油一车间", "炼油二车间", "安全环保部", "综合办公室",
                                                "动力厂", "财务部", "质检中心", "检修车间", "销售公司")],
    "ages": [("35岁及以下", 30, 0, 12), ("36-45岁", 30, 0, 12), ("46-54岁", 20, 0, 5), ("55岁及以上", 10, 0, 3)],
    "paid": [(f"2026-{m:02d}", 0) for m in (10, 11, 12, 1, 2, 3, 4, 5, 6, 7, 8, 9)],  # a year without assistance
    "kinds": [(kind, n) for kind, n in (("文体活动", 1), ("合理化建议征集", 2), ("公益/志愿", 0))],
}


def test_chart_names_are_never_cut_and_ticks_fall_on_whole_numbers(app, qtbot):
    """Department names were cut to "炼油…" twice; an empty chart's axis read 0, 1, 1, 2; months read 01月."""
    from PySide6.QtCharts import QBarCategoryAxis, QValueAxis
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QFontMetrics

    from unionoffice.ui.reports import charts

    drawn = dict(charts.charts_from(CHART_DATA))
    views = []  # each view owns its chart
    wide = (760, 420)  # a wide 报表 tab (and the size the workbook's pictures once had)
    for (title, chart), width in itertools.product(drawn.items(), (540, wide[0])):
        view = charts.view(chart)
        views.append(view)
        qtbot.addWidget(view)
        view.resize(width, max(wide[1] if width == wide[0] else 300, view.minimumHeight()))
        view.show()
        plot = chart.plotArea()
        for axis in chart.axes():
            if isinstance(axis, QBarCategoryAxis):
                # a label is a text item with a 4-pixel document margin on each side
                metrics = QFontMetrics(axis.labelsFont())
                widest = max(metrics.horizontalAdvance(c) for c in axis.categories()) + 8
                if chart.axes(Qt.Orientation.Vertical)[0] is axis:  # names on the left, one row each
                    assert widest <= plot.left() and metrics.height() + 8 <= plot.height() / axis.count(), title
                else:
                    assert widest <= plot.width() / axis.count(), title
            if isinstance(axis, QValueAxis):
                step = (axis.max() - axis.min()) / (axis.tickCount() - 1)
                assert step == int(step) and step >= 1 and axis.min() % step == 0, title
    months = next(a for a in drawn["每月帮扶金额"].axes() if isinstance(a, QBarCategoryAxis)).categories()
    assert months[:4] == ["10月", "11月", "12月", "1月"]
    assert "无记录" in drawn["每月帮扶金额"].title()


def test_each_report_is_one_line_in_the_list(window, qtbot):
    """困难职工档案台账、帮扶发放明细、两节送温暖统计表 wrapped onto two lines and read as two reports."""
    from PySide6.QtGui import QFontMetrics

    tab = window.reports
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.shown_once and tab.preview_ready)
    lists = tab.kinds
    one_line = QFontMetrics(lists.font()).height() + 8
    for row in range(lists.count()):
        item = lists.item(row)
        assert lists.visualItemRect(item).height() <= one_line, item.text()
        assert QFontMetrics(lists.font()).horizontalAdvance(item.text()) < lists.viewport().width(), item.text()
    welfare_row = next(r for r in range(lists.count()) if lists.item(r).text() == "困难帮扶台账")
    assert "两节送温暖统计表" in lists.item(welfare_row).toolTip()
    lists.setCurrentRow(welfare_row)
    qtbot.waitUntil(lambda: tab.preview_ready)
    assert "困难职工档案台账、帮扶发放明细、两节送温暖统计表" in tab.preview_text.toPlainText()


def test_the_printed_notice_never_splits_a_name_and_keeps_one_rhythm(app, demo_db):
    """The line under the title wrapped inside a department's name (炼油一 / 车间), and blank
    paragraphs between the parts left gaps of different heights."""
    from unionoffice.db.models import Notice
    from unionoffice.domain import notices
    from unionoffice.ui.common.printing import LAYOUT_DPI, a4_printer
    from unionoffice.ui.notices import printing

    notice = Notice.select().where(Notice.published_on.is_null(False)).first()
    notice.category = notices.CATEGORIES[3]  # 奖惩、解除劳动合同、裁员及评先评优的条件、名额和结果
    notice.department = "炼油一车间、安全环保部"
    doc = printing.document(notice)
    doc.setDocumentMargin(0)
    doc.setTextWidth(a4_printer().pageRect(a4_printer().Unit.Inch).width() * LAYOUT_DPI)  # as printed
    doc.documentLayout().documentSize()  # lays the whole document out
    blocks = []
    block = doc.begin()
    while block.isValid():
        blocks.append(block)
        block = block.next()
    department = next(b for b in blocks if "责任部门" in b.text())
    assert department.text() == "责任部门：炼油一车间、安全环保部"
    assert department.layout().lineCount() == 1
    assert not [b for b in blocks if b.text() and not b.text().replace("\xa0", "").strip()]  # no spacers
    assert f"公示期：{notice.published_on.year}年" in doc.toPlainText() and "日 至 " not in doc.toPlainText()


def test_questions_qt_builds_fit_their_titles_too(window, qtbot):
    """QInputDialog.getInt(tab, "导出厂务公开台账", "年度：") made a 200-pixel window for a longer title."""
    from PySide6.QtWidgets import QInputDialog

    from unionoffice.ui.common.dialogs import title_width

    for tab, title in ((window.notices, "导出厂务公开台账"), (window.organisation, "批准入会")):
        dialog = QInputDialog(tab)  # as getInt and getText build theirs
        dialog.setWindowTitle(title)
        dialog.setLabelText("年度：")
        dialog.show()
        assert dialog.width() >= title_width(dialog) > 200, title
        dialog.close()
