"""How the window looks to a clerk (issue 21, "Looks"): Chinese throughout, titles that fit,
nothing hidden at the default size."""

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
