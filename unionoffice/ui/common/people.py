"""The people picker: tick people found by name or pinyin (the ticks stay while the search changes),
or take a whole department or union group. Each use gives its own title and words."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unionoffice.domain import members
from unionoffice.ui.common.clipboard import parse_table
from unionoffice.ui.common.dialogs import button_box
from unionoffice.ui.common.table_model import RECORD_ROLE

SHOWN = 200  # matches listed for one search text
PASTE_TIP = "从 Excel/WPS 复制一列证件号码或姓名（可带标题行），在这里粘贴（Ctrl+V），即勾选这些人"


def read_pasted(text: str | None = None, *, only_members: bool = False) -> members.Listed:
    """Who a list copied from Excel/WPS names (the clipboard's text unless ``text``): a column of
    证件号码 or names, with or without a header row and other columns."""
    text = QGuiApplication.clipboard().text() if text is None else text
    return members.find_listed(parse_table(text or ""), only_members=only_members)


def pasted_words(listed: members.Listed, *, only_members: bool = False, ticked: int | None = None,
                 more: Sequence[str] = ()) -> str:
    """What a paste did, for the clerk: how many ticked (all found, unless ``ticked``), who was not
    found, which names are shared, and ``more``."""
    words = ["粘贴名单：勾选 %d 人" % (len(listed.ids) if ticked is None else ticked)]
    return "；".join([*words, *not_found(listed, only_members=only_members), *more]) + "。"


def not_found(listed: members.Listed, *, only_members: bool = False) -> list[str]:
    """Who of a pasted list was not found, and which names are shared by several people."""
    words = []
    if listed.missing:
        words.append("未找到%s %d 人：%s" % (
            "（或不是会员）" if only_members else "", len(listed.missing), "、".join(listed.missing)))
    if listed.ambiguous:
        words.append("同名不止一人（请改用证件号码）：%s" % "、".join(listed.ambiguous))
    return words


NO_LIST = "剪贴板中没有名单：请在 Excel 或 WPS 中选中一列证件号码或姓名（可连同标题行），复制后再粘贴。"


class PeoplePicker(QDialog):
    """``title`` and ``hint`` say what the people are picked for; ``whole_units``: offer a whole
    department or union group too (``department``/``group`` hold the choice); ``only_members``:
    list members only (职工代表)."""

    def __init__(self, parent: QWidget | None = None, *, title: str, hint: str,
                 whole_units: bool = True, only_members: bool = False):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.resize(460, 560)
        self.only_members = only_members
        self.ticked: dict[int, str] = {}  # person id → name, in the order ticked, whatever is shown
        layout = QVBoxLayout(self)
        self.hint = QLabel(hint)
        self.hint.setWordWrap(True)
        layout.addWidget(self.hint)
        self.search = QLineEdit()
        self.search.setObjectName("picker_search")
        self.search.setPlaceholderText(self.tr("姓名、拼音或首字母"))
        self.search.setClearButtonEnabled(True)
        self.search.textChanged.connect(self.reload)
        layout.addWidget(self.search)
        self.people = QListWidget()
        self.people.itemChanged.connect(self._tick)
        layout.addWidget(self.people)
        self.summary = QLabel()
        self.summary.setObjectName("picker_summary")
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        pasting = QHBoxLayout()
        self.paste_button = QPushButton(self.tr("粘贴名单…"))
        self.paste_button.setObjectName("button_paste_list")
        self.paste_button.setToolTip(PASTE_TIP)
        self.paste_button.clicked.connect(lambda: self.paste_list())
        pasting.addWidget(self.paste_button)
        self.pasted = QLabel()
        self.pasted.setObjectName("picker_pasted")
        self.pasted.setWordWrap(True)
        pasting.addWidget(self.pasted, 1)
        layout.addLayout(pasting)
        # Ctrl+V outside the search box (which pastes into itself) ticks the people of a pasted list
        QShortcut(QKeySequence.StandardKey.Paste, self, lambda: self.paste_list())
        row = QHBoxLayout()
        self.department = QComboBox()
        self.department.addItem(self.tr("（不选部门）"), None)
        for i, name in members.departments():
            self.department.addItem(name, i)
        self.group = QComboBox()
        self.group.addItem(self.tr("（不选工会小组）"), None)
        for i, name in members.union_groups():
            self.group.addItem(name, i)
        row.addWidget(self.department)
        row.addWidget(self.group)
        if whole_units:
            layout.addLayout(row)
        else:
            self.department.hide()
            self.group.hide()
        layout.addWidget(button_box(self))
        self.search.setFocus()
        self._show_summary()

    def reload(self, *_args) -> None:
        self.people.blockSignals(True)
        self.people.clear()
        text = self.search.text().strip()
        ids = []
        if text:
            f = members.RosterFilter(text=text, membership="member" if self.only_members else "")
            ids = members.search_ids(f)[:SHOWN]
        elif self.ticked:  # no search: who is ticked (a pasted list), to look over and untick
            ids = list(self.ticked)
        if ids:
            rows = members.roster_rows(ids)
            for person_id in ids:
                r = rows[person_id]
                item = QListWidgetItem(f"{r['name']}　{r['department']}")
                item.setData(RECORD_ROLE, person_id)
                item.setData(Qt.ItemDataRole.UserRole, r["name"])
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if person_id in self.ticked
                                   else Qt.CheckState.Unchecked)
                self.people.addItem(item)
        self.people.blockSignals(False)

    def _tick(self, item: QListWidgetItem) -> None:
        person_id = item.data(RECORD_ROLE)
        if item.checkState() == Qt.CheckState.Checked:
            self.ticked[person_id] = item.data(Qt.ItemDataRole.UserRole)
        else:
            self.ticked.pop(person_id, None)
        self._show_summary()

    def _show_summary(self) -> None:
        names = list(self.ticked.values())
        if not names:
            self.summary.setText(self.tr("未勾选人员。"))
            return
        more = self.tr(" 等") if len(names) > 10 else ""
        self.summary.setText(self.tr("已勾选 %d 人：%s") % (len(names), "、".join(names[:10]) + more))

    def paste_list(self, text: str | None = None) -> members.Listed:
        """Tick the people of a list copied from Excel/WPS (a column of 证件号码 or names, with or
        without other columns); say who was not found and which names are shared by several people."""
        listed = read_pasted(text, only_members=self.only_members)
        rows = members.roster_rows(listed.ids)
        for person_id in listed.ids:
            self.ticked.setdefault(person_id, rows[person_id]["name"])
        self.pasted.setText(pasted_words(listed, only_members=self.only_members))
        self.reload()
        self._show_summary()
        return listed

    def chosen(self) -> list[int]:
        """Everyone ticked, including those the current search no longer shows."""
        return list(self.ticked)


class PersonField(QWidget):
    """Pick one person: type a name or pinyin, choose from the matches. ``include_left``: people who
    have left the enterprise are found too (marked 已离职), as for a dispute's applicant."""

    def __init__(self, parent: QWidget | None = None, *, include_left: bool = False):
        super().__init__(parent)
        self.include_left = include_left
        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self.search = QLineEdit()
        self.search.setPlaceholderText(self.tr("输入姓名或拼音"))
        self.choice = QComboBox()
        self.search.textChanged.connect(self.refresh)
        box.addWidget(self.search, 1)
        box.addWidget(self.choice, 2)

    def refresh(self, text: str) -> None:
        self.choice.clear()
        if not text.strip():
            return
        ids = members.search_ids(members.RosterFilter(text=text, include_left=self.include_left))[:50]
        rows = members.roster_rows(ids)
        for person_id in ids:
            self.choice.addItem(self._label(rows[person_id]), person_id)

    def _label(self, r: dict) -> str:
        left = self.tr("　已离职") if r.get("left_on") else ""
        return f"{r['name']}　{r['department']}　{r['id_number']}{left}"

    def set_person(self, person_id: int) -> None:
        """Show a chosen person (an existing record's)."""
        r = members.roster_rows([person_id])[person_id]
        self.choice.clear()
        self.choice.addItem(self._label(r), person_id)

    def person_id(self) -> int | None:
        return self.choice.currentData()
