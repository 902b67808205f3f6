"""困难帮扶 dialogs: a hardship file, one payment, a batch of payments, a donation campaign."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.dates import DateEdit
from unionoffice.domain import audit, codes, concurrency, members, money, welfare
from unionoffice.domain.validation import ValidationError, mask_id
from unionoffice.ui.common.dialogs import Std, button_box, error_label, form_layout
from unionoffice.ui.common.people import NO_LIST, PASTE_TIP, PersonField, pasted_words, read_pasted
from unionoffice.ui.common.register import Field
from unionoffice.ui.common.table_model import RECORD_ROLE, RowsTableModel


def _date(date=None) -> DateEdit:
    edit = DateEdit(QDate(date) if date else QDate.currentDate())
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setMaximumDate(QDate.currentDate())
    return edit


def _combo(items, editable=False, current="") -> QComboBox:
    combo = QComboBox()
    combo.setEditable(editable)
    combo.addItems(list(items))
    if current:
        combo.setCurrentText(current)
    return combo


def _money(key: str):
    """The load of a money field: the file's 分 as 元 text."""
    return lambda case: money.text(getattr(case, key))


def _day(key: str):
    return lambda case: f"{getattr(case, key):%Y-%m-%d}" if getattr(case, key) else ""


def _code_list(category: str):
    return lambda: [""] + codes.values(category)


def _box(key: str, label: str):
    """A check box field's widget: ``label`` ticked as the file has ``key``."""
    def make(case) -> QCheckBox:
        box = QCheckBox(label)
        box.setChecked(bool(case and getattr(case, key)))
        return box
    return make


DATE_HINT = "如 2020-01-01"
# the 建档申请表 in three pages; each page a list of fields (ui.common.register.Field)
BASIC = [
    Field("staff_no", "职工编号"),
    Field("target", "对象", "choice", choices=welfare.TARGETS),
    Field("employer_nature", "单位性质", "editable", choices=_code_list("employer_nature")),
    Field("enterprise_state", "企业状况", "editable", choices=_code_list("enterprise_state")),
    Field("contract_from", "劳动合同起", load=_day("contract_from"), options={"hint": DATE_HINT}),
    Field("contract_to", "劳动合同止", load=_day("contract_to"), options={"hint": DATE_HINT}),
    Field("hukou_place", "户口所在地（行政区划）"),
    Field("residence", "现居住地"),
    Field("marital", "婚姻状况", "choice", choices=("", "未婚", "已婚", "离异", "丧偶")),
    Field("health", "健康状况"),
    Field("disability_kind", "残疾类别", "editable", choices=_code_list("disability_kind")),
    Field("disability_grade", "残疾等级", "editable", choices=_code_list("disability_grade")),
    Field("model_worker", "劳模类型", "editable", choices=_code_list("model_worker")),
    Field("medical_insurance", "医保状况", "editable", choices=_code_list("medical_insurance")),
]
HOME = [
    Field("family_size", "家庭人口", "number", default=1, options={"minimum": 1, "maximum": 20, "suffix": " 人"}),
    Field("single_parent", "", make=_box("single_parent", "单亲家庭"), read=QCheckBox.isChecked),
    Field("zero_employment", "", make=_box("zero_employment", "零就业家庭"), read=QCheckBox.isChecked),
    Field("self_help", "自救能力", "editable", choices=_code_list("self_help")),
    Field("housing_type", "住房类型", "editable", choices=_code_list("housing_type")),
    Field("housing_area", "建筑面积（㎡）"),
    Field("housing", "住房情况说明"),
    Field("family_income", "家庭年总收入（元）", load=_money("family_income_fen")),
    Field("other_income", "其中：家庭其他年收入（元）", load=_money("other_income_fen")),
    Field("own_income", "本人月收入（元）", load=_money("own_income_fen")),
    Field("medical_expense", "刚性支出：医疗（元/年）", load=_money("medical_expense_fen")),
    Field("education_expense", "刚性支出：教育（元/年）", load=_money("education_expense_fen")),
    Field("other_expense", "刚性支出：其他（元/年）", load=_money("other_expense_fen")),
    Field("bank", "开户银行"),
]
CAUSE = [
    Field("main_cause", "主要致困原因", "choice", choices=("",) + welfare.CAUSES),
    Field("other_cause", "次要致困原因", "choice", choices=("",) + welfare.CAUSES),
    Field("cause_detail", "致困原因简述", "multiline"),
]


class CaseDialog(QDialog):
    """The 困难职工建档申请表: 基本情况, 家庭与收入, 困难认定 (the 低保 test and the category, a
    different choice with its reason), 家庭成员 (a new file's members are saved with it), 办理过程."""

    def __init__(self, case_id: int | None = None, parent=None):
        super().__init__(parent)
        self.case_id = case_id
        self.changed = False
        case = welfare.get_case(case_id) if case_id else None
        self.case = case
        self.base = concurrency.base_of(case, welfare.CASE_LABELS) if case else None
        self.pending: list[dict] = []  # a new file's family members, saved with it
        self.setWindowTitle(self.tr("困难职工档案") + (f" — {case.person.name}" if case else ""))
        self.resize(820, 640)
        self.widgets: dict[str, QWidget] = {}
        self.fields = BASIC + HOME + CAUSE

        basic = QWidget()
        head = QFormLayout(basic)
        # the person first, so that Tab goes on from it to 职工编号; none for a saved file (an
        # unparented widget would outlive the dialog)
        self.person = PersonField(basic) if case is None else None
        if case is None:
            head.addRow(self.tr("职工 *"), self.person)
            self.person.choice.currentIndexChanged.connect(self._from_person)
        else:
            head.addRow(self.tr("职工"), QLabel(f"{case.person.name}　{mask_id(case.person.id_number)}"))
            head.addRow(self.tr("流程环节"), QLabel(case.stage))
        self._page(BASIC, case, basic)
        home = self._page(HOME, case)
        self.card_no = QLineEdit(mask_id(case.card_no) if case else "")
        self.card_no.setReadOnly(case is not None)
        home.layout().addRow(self.tr("卡号"), self.card_no)
        self.per_capita = QLabel()
        self.per_capita.setObjectName("per_capita")
        home.layout().insertRow(HOME.index(next(f for f in HOME if f.key == "other_expense")) + 1,
                                self.tr("家庭月人均收入（元）"), self.per_capita)
        cause = self._page(CAUSE, case)
        form = cause.layout()
        self.assessment = QLabel()
        self.assessment.setObjectName("assessment")
        self.assessment.setWordWrap(True)
        self.assessment.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.assessment.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.assessment.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        standards = QPushButton(self.tr("低保标准…"))
        standards.setObjectName("button_standards")
        standards.clicked.connect(self.edit_standards)
        holder = QWidget()
        holder.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.assessment, 1, Qt.AlignmentFlag.AlignTop)
        row.addWidget(standards, 0, Qt.AlignmentFlag.AlignTop)
        form.addRow(self.tr("低保测算"), holder)
        self.category = _combo(welfare.CATEGORIES, current=case.category if case else "")
        self.category.setObjectName("category")
        form.addRow(self.tr("档案类别 *"), self.category)
        self.reason = QPlainTextEdit(case.category_reason if case else "")
        self.reason.setObjectName("category_reason")
        self.reason.setPlaceholderText(self.tr("所选类别与测算建议不同时，写明理由（存档并记入操作日志）"))
        self.reason.setMaximumHeight(70)
        form.addRow(self.tr("认定理由"), self.reason)
        self.note = QPlainTextEdit(case.note if case else "")
        self.note.setMaximumHeight(60)
        form.addRow(self.tr("备注"), self.note)
        self.widgets["cause_detail"].setMaximumHeight(70)

        tabs = QTabWidget()
        self.tabs = tabs
        for page, title in ((basic, "基本情况"), (home, "家庭与收入"), (cause, "困难认定")):
            tabs.addTab(self._scroll(page), self.tr(title))
        tabs.addTab(self._family_page(), self.tr("家庭成员"))
        if case:
            steps = RowsTableModel([("on", "日期"), ("step", "环节"), ("actor", "经办人"), ("note", "说明")], self)
            steps.set_rows([{"on": s.on, "step": s.step, "actor": s.actor, "note": s.note}
                            for s in welfare.steps(case_id)])
            view = QTableView()
            view.setModel(steps)
            view.verticalHeader().hide()
            view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
            tabs.addTab(view, self.tr("办理过程"))
        for key in ("family_income", "medical_expense", "education_expense", "other_expense"):
            self.widgets[key].textChanged.connect(self._assess)
        self.family_size.valueChanged.connect(self._assess)
        self.main_cause.currentTextChanged.connect(self._assess)
        # a new file's category follows the test's suggestion until the clerk picks one
        self.category_chosen = case is not None
        self._suggesting = False
        self.category.currentTextChanged.connect(self._category_changed)
        self._assess()
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        self.error = error_label()
        layout.addWidget(self.error)
        bottom = QHBoxLayout()
        self.print_button = QPushButton(self.tr("打印表格…"))
        self.print_button.setObjectName("button_print")
        self.print_button.setEnabled(case is not None)
        self.print_button.setToolTip(self.tr("建档申请表、入户调查表、金秋助学申请表、医疗救助申请表（A4 PDF）"))
        self.print_button.clicked.connect(self.print_forms)
        bottom.addWidget(self.print_button)
        bottom.addStretch(1)
        bottom.addWidget(button_box(self, Std.Save, Std.Cancel))
        layout.addLayout(bottom)
        if self.person is not None:  # a new file starts at whom it is for
            self.person.search.setFocus()

    def _page(self, fields: list[Field], case, page: QWidget | None = None) -> QWidget:
        """The fields' rows, on ``page`` after what it holds or on a new page."""
        if page is None:
            page = QWidget()
            QFormLayout(page)
        form = page.layout()
        for f in fields:
            widget = f.widget(case)
            widget.setObjectName(f.key)
            if isinstance(widget, QLineEdit) and "hint" in f.options:
                widget.setPlaceholderText(f.options["hint"])
            setattr(self, f.key, widget)
            self.widgets[f.key] = widget
            form.addRow(self.tr(f.label), widget)
        return page

    @staticmethod
    def _scroll(page: QWidget) -> QScrollArea:
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setFrameShape(QScrollArea.Shape.NoFrame)
        area.setWidget(page)
        return area

    def _from_person(self, *_args) -> None:
        """A new file starts from the roster: 户口所在地 as the roster has it."""
        person_id = self.person.person_id()
        if person_id and not self.hukou_place.text():
            self.hukou_place.setText(members.get_person(person_id).hukou_place)

    def _category_changed(self, *_args) -> None:
        if not self._suggesting:
            self.category_chosen = True
        self._assess()

    def _assessed_on(self) -> dt.date:
        return welfare.assessed_on(self.case) if self.case else dt.date.today()

    def _assess(self, *_args) -> None:
        try:
            figures = {"family_size": self.family_size.value(), "main_cause": self.main_cause.currentText(),
                       "family_income_fen": money.to_fen(self.family_income.text())}
            for key in welfare.EXPENSES:
                figures[key] = money.to_fen(self.widgets[key.removesuffix("_fen")].text())
        except ValidationError:
            self.per_capita.setText("—")
            self.assessment.setText(self.tr("金额填写有误，无法测算"))
            return
        result = welfare.assess(figures, self._assessed_on())
        self.per_capita.setText(money.text(result.per_capita_fen))
        if not self.category_chosen and result.suggestion and self.category.currentText() != result.suggestion:
            self._suggesting = True
            try:
                self.category.setCurrentText(result.suggestion)  # _assess again, through currentTextChanged
            finally:
                self._suggesting = False
            return
        self.suggestion = result.suggestion
        text = result.arithmetic().replace("；", "\n")
        differs = result.standard_fen is not None and self.category.currentText() != result.suggestion
        if differs:
            text += self.tr("\n所选类别与建议不同，须在“认定理由”中写明理由。")
        self.assessment.setText(text)
        self.reason.setEnabled(differs or bool(self.reason.toPlainText().strip()))

    def edit_standards(self) -> None:
        dialog = StandardsDialog(self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self._assess()

    def _family_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.family_model = RowsTableModel([("name", "姓名"), ("relation", "关系"), ("gender", "性别"), ("age", "年龄"),
                                            ("id_number", "身份证号"), ("political_status", "政治面貌"),
                                            ("education", "文化程度"), ("health", "健康"),
                                            ("medical_insurance", "医保"), ("income", "月收入（元）"),
                                            ("identity", "身份"), ("school_or_work", "单位或学校")], self)
        self.family_view = QTableView()
        self.family_view.setObjectName("family")
        self.family_view.setModel(self.family_model)
        self.family_view.verticalHeader().hide()
        self.family_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.family_view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.family_view, 1)
        grid = QGridLayout()
        self.f_name, self.f_relation, self.f_id, self.f_income = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        self.f_gender = _combo(("", "男", "女"))
        self.f_political = _combo([""] + codes.values("political_status"), editable=True)
        self.f_education = _combo([""] + codes.values("education"), editable=True)
        self.f_health = _combo(("", "良好", "患慢性病", "患重病", "残疾"), editable=True)
        self.f_insurance = _combo([""] + codes.values("medical_insurance"), editable=True)
        self.f_identity = _combo([""] + codes.values("family_identity"), editable=True)
        self.f_school = QLineEdit()
        self.f_id.setPlaceholderText(self.tr("18 位，性别和年龄由此得出"))
        self.f_income.setPlaceholderText("0.00")
        items = (("姓名 *", self.f_name), ("关系", self.f_relation), ("身份证号", self.f_id), ("性别", self.f_gender),
                 ("政治面貌", self.f_political), ("文化程度", self.f_education), ("健康", self.f_health),
                 ("医保", self.f_insurance), ("月收入（元）", self.f_income), ("身份", self.f_identity),
                 ("单位或学校", self.f_school))
        for i, (label, widget) in enumerate(items):
            grid.addWidget(QLabel(self.tr(label)), i // 3, (i % 3) * 2)
            grid.addWidget(widget, i // 3, (i % 3) * 2 + 1)
        add = QPushButton(self.tr("添加成员"))
        add.setObjectName("button_add_member")
        add.clicked.connect(self.add_member)
        remove = QPushButton(self.tr("删除所选成员"))
        remove.setObjectName("button_remove_member")
        remove.clicked.connect(self.remove_member)
        grid.addWidget(add, len(items) // 3, 4)
        grid.addWidget(remove, len(items) // 3, 5)
        self.family_inputs = [w for _label, w in items]  # Enter in any of them adds the member (see keyPressEvent)
        layout.addLayout(grid)
        self.family_hint = QLabel()
        layout.addWidget(self.family_hint)
        self._load_family()
        return page

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt's name
        """Enter in a family member's box adds the member; it never saves the whole file."""
        focus = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and focus is not None and any(
                focus is w or w.isAncestorOf(focus) for w in self.family_inputs):
            self.add_member()
            return
        super().keyPressEvent(event)

    def _member_values(self) -> dict:
        return {"name": self.f_name.text(), "relation": self.f_relation.text(), "id_number": self.f_id.text(),
                "gender": self.f_gender.currentText(), "political_status": self.f_political.currentText(),
                "education": self.f_education.currentText(), "health": self.f_health.currentText(),
                "medical_insurance": self.f_insurance.currentText(), "monthly_income": self.f_income.text(),
                "identity": self.f_identity.currentText(), "school_or_work": self.f_school.text()}

    def _members(self) -> list[dict]:
        if self.case_id is None:
            return [dict(m, id=None) for m in self.pending]
        return [{**{k: getattr(m, k) for k in ("name", "relation", "id_number", "gender", "political_status",
                                               "education", "health", "medical_insurance", "monthly_income_fen",
                                               "identity", "school_or_work")}, "id": m.id}
                for m in welfare.family(self.case_id)]

    def _load_family(self) -> None:
        people = self._members()
        rows = []
        for m in people:
            age = welfare.age_from_id(m["id_number"])
            rows.append({**m, "age": "" if age is None else age, "id_number": mask_id(m["id_number"]),
                         "income": money.text(m["monthly_income_fen"])})
        self.family_model.set_rows(rows)
        self.family_hint.setText(self.tr("家庭成员 %d 人（不含申请人）；新建档案时随档案一并保存。") % len(people)
                                 if self.case_id is None else self.tr("家庭成员 %d 人（不含申请人）。") % len(people))

    def add_member(self) -> None:
        try:
            if self.case_id is None:
                self.pending.append(welfare.validate_family_member(self._member_values()))
            else:
                welfare.add_family_member(self.case_id, self._member_values())
                self.changed = True
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self.error.clear()
        for w in (self.f_name, self.f_relation, self.f_id, self.f_income, self.f_school):
            w.clear()
        for w in (self.f_gender, self.f_political, self.f_education, self.f_health, self.f_insurance, self.f_identity):
            w.setCurrentIndex(0)
        count = len(self._members())
        if self.family_size.value() < count + 1:  # the applicant and the members at least
            self.family_size.setValue(count + 1)
        self._load_family()
        self.f_name.setFocus()

    def remove_member(self) -> None:
        rows = sorted({i.row() for i in self.family_view.selectionModel().selectedRows()}, reverse=True)
        if not rows:
            self.error.setText(self.tr("家庭成员：请先选中要删除的成员"))
            return
        people = self._members()
        for row in rows:
            if self.case_id is None:
                del self.pending[row]
            else:
                welfare.remove_family_member(people[row]["id"])
                self.changed = True
        self._load_family()

    def values(self) -> dict:
        values = {f.key: f.value(self.widgets[f.key]) for f in self.fields}
        values.update({"category": self.category.currentText(), "category_reason": self.reason.toPlainText(),
                       "note": self.note.toPlainText()})
        if self.case_id is None:
            values["card_no"] = self.card_no.text()
        else:
            values["card_no"] = welfare.get_case(self.case_id).card_no
        return values

    def accept(self) -> None:
        try:
            if self.case_id is None:
                person_id = self.person.person_id()
                if person_id is None:
                    raise ValidationError("职工", "请先选择职工")
                self.case_id = welfare.open_case(person_id, self.values(), actor=audit.clerk_name(),
                                                 family=self.pending).id
            else:
                welfare.update_case(self.case_id, self.values(), base=self.base)
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self.changed = True
        super().accept()

    def print_forms(self) -> None:
        from unionoffice.ui.welfare import forms

        forms.choose_and_print(self, self.case_id)


class StandardsDialog(QDialog):
    """低保标准: one line per adjustment (执行日期 and 元/人·月), and the 相对困难 multiple."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("低保标准"))
        self.resize(420, 360)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("每行一次调整：执行日期 和 标准（元/人·月），如 “2026-07-01 900”。\n"
                                        "测算按申请日（复核后按最近复核日）当天执行的标准。")))
        self.editor = QPlainTextEdit("\n".join(f"{d:%Y-%m-%d} {money.text(f)}" for d, f in welfare.standards()))
        self.editor.setObjectName("standards")
        layout.addWidget(self.editor, 1)
        form = QFormLayout()
        self.multiple = QLineEdit(str(welfare.relative_multiple()))
        self.multiple.setObjectName("multiple")
        form.addRow(self.tr("相对困难：不高于低保标准的（倍）"), self.multiple)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(button_box(self, Std.Save, Std.Cancel))

    def accept(self) -> None:
        rows = []
        for line in self.editor.toPlainText().splitlines():
            parts = line.replace("，", " ").replace(",", "").split()
            rows.append((parts[0], parts[1] if len(parts) > 1 else "") if parts else ("", ""))
        try:
            welfare.set_standards(rows, self.multiple.text())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class StepDialog(QDialog):
    """下一步 / 年度复核 / 退档: a date, who acted, a note (the reason for 退档)."""

    def __init__(self, title: str, action, parent=None, *, reason_label: str = "说明", step: str = ""):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(380)  # the title names the step and the person
        self.action = action
        form = QFormLayout()
        self.date = _date()
        self.actor = QLineEdit(audit.clerk_name())  # the clerk's own name (设置 → 我的姓名), changeable
        self.note = QLineEdit()
        if step:  # 下一步 names the step it records
            self.step_label = QLabel(self.tr("本次记录环节：<b>%s</b>") % step)
            self.step_label.setObjectName("step")
            form.addRow(self.step_label)
        form.addRow(self.tr("%s日期") % step if step else self.tr("日期"), self.date)
        form.addRow(self.tr("经办人"), self.actor)
        form.addRow(reason_label, self.note)
        form_layout(self, form)

    def accept(self) -> None:
        try:
            self.action(self.date.date().toPython(), self.actor.text(), self.note.text())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


BATCH_LISTED = 2000  # the most people a batch lists by department and conditions (a pasted list: all)


class AssistanceDialog(QDialog):
    """One payment (or a gift in kind), or a batch to many people at once."""

    def __init__(self, parent=None, *, batch: bool = False):
        super().__init__(parent)
        self.batch = batch
        self.saved: list[int] = []
        self.pasted_ids: list[int] | None = None  # a pasted list: only these people are listed
        self.setWindowTitle(self.tr("批量发放（两节送温暖）") if batch else self.tr("登记帮扶"))
        self.resize(640, 600 if batch else 420)
        form = QFormLayout()
        self.person = PersonField()
        self.people = QListWidget()
        self.department = QComboBox()
        self.department.addItem(self.tr("全部部门"), None)
        for i, name in members.departments():
            self.department.addItem(name, i)
        self.only_filed = QCheckBox(self.tr("只选困难建档职工"))
        self.only_members = QCheckBox(self.tr("只选会员"))
        if batch:
            chooser = QHBoxLayout()
            for w in (self.department, self.only_members, self.only_filed):
                chooser.addWidget(w)
                (w.currentIndexChanged if isinstance(w, QComboBox) else w.toggled).connect(self.load_people)
            form.addRow(self.tr("选择人员"), chooser)
            form.addRow("", self.people)
            self.count = QLabel()  # how many are ticked, and what the batch comes to
            self.count.setObjectName("batch_count")
            form.addRow("", self.count)
            self.people.itemChanged.connect(self._show_count)
            pasting = QHBoxLayout()
            self.paste_button = QPushButton(self.tr("粘贴名单…"))
            self.paste_button.setObjectName("button_paste_list")
            self.paste_button.setToolTip(PASTE_TIP)
            self.paste_button.clicked.connect(lambda: self.paste_list())
            self.unpaste_button = QPushButton(self.tr("不用名单"))
            self.unpaste_button.setObjectName("button_unpaste")
            self.unpaste_button.setToolTip(self.tr("回到按部门和条件列出的人员"))
            self.unpaste_button.clicked.connect(self.clear_paste)
            self.unpaste_button.hide()
            self.pasted = QLabel()
            self.pasted.setObjectName("batch_pasted")
            self.pasted.setWordWrap(True)
            pasting.addWidget(self.paste_button)
            pasting.addWidget(self.unpaste_button)
            pasting.addWidget(self.pasted, 1)
            form.addRow("", pasting)
            # Ctrl+V outside a text box (which pastes into itself) takes a pasted list of people
            QShortcut(QKeySequence.StandardKey.Paste, self, lambda: self.paste_list())
        else:
            form.addRow(self.tr("职工 *"), self.person)
        self.kind = _combo(welfare.KINDS, current="送温暖" if batch else "")
        self.occasion = _combo([""] + [o for v in welfare.OCCASIONS.values() for o in v], editable=True,
                               current="两节" if batch else "")
        self.on = _date()
        self.amount = QLineEdit()
        self.amount.setPlaceholderText("0.00")
        self.goods = QLineEdit()
        self.goods.setPlaceholderText(self.tr("实物（如 米、油），可与金额同时填写"))
        self.source = _combo(welfare.SOURCES)
        self.approver = QLineEdit()
        self.level = _combo([""] + list(welfare.SCHOOL_LEVELS))
        self.campaign = QComboBox()
        self.campaign.addItem(self.tr("（不使用捐款）"), None)
        for c in welfare.campaigns():
            self.campaign.addItem(f"{c['cause']}（余额 {money.text(c['balance_fen'])} 元）", c["id"])
        self.signed = QCheckBox(self.tr("已签收"))
        self.note = QLineEdit()
        self.level.currentTextChanged.connect(self.suggest)
        if batch:
            self.amount.textChanged.connect(self._show_count)
        for label, w in (("帮扶类型", self.kind), ("慰问事由", self.occasion), ("日期", self.on),
                         ("金额（元）", self.amount), ("实物", self.goods), ("资金来源", self.source),
                         ("审批人 *", self.approver), ("金秋助学就读阶段", self.level), ("捐款资金", self.campaign),
                         ("", self.signed), ("备注", self.note)):
            form.addRow(label, w)
        form_layout(self, form, Std.Save, Std.Cancel)
        if batch:
            self.load_people()

    def load_people(self, *_args) -> list[int]:
        """List (all ticked) the people the filters give, or those of a pasted list that the filters
        allow, in the list's order; the ids listed."""
        self.people.clear()
        f = members.RosterFilter(department_id=self.department.currentData(),
                                 membership="member" if self.only_members.isChecked() else "")
        ids = members.search_ids(f)
        if self.only_filed.isChecked():
            filed = {r["person"] for r in welfare.cases(welfare.CaseFilter(stage="建档"))}
            ids = [i for i in ids if i in filed]
        if self.pasted_ids is not None:
            allowed = set(ids)
            ids = [i for i in self.pasted_ids if i in allowed]
        self.cut = len(ids) > BATCH_LISTED and self.pasted_ids is None
        ids = ids[:BATCH_LISTED] if self.cut else ids
        rows = members.roster_rows(ids)
        for person_id in ids:
            item = QListWidgetItem(f"{rows[person_id]['name']}　{rows[person_id]['department']}")
            item.setData(RECORD_ROLE, person_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.people.addItem(item)
        self._show_count()
        return ids

    def _show_count(self, *_args) -> None:
        ticked = len(self.chosen())
        try:
            total = self.tr("，合计 %s 元") % money.text(ticked * money.to_fen(self.amount.text())) \
                if self.amount.text().strip() else ""
        except ValidationError:
            total = ""
        cut = (self.tr("（只列出前 %s 人，请选部门或条件缩小范围，或粘贴名单）") % f"{BATCH_LISTED:,}"
               if getattr(self, "cut", False) else "")
        self.count.setText(self.tr("已勾选 %d 人%s") % (ticked, total) + cut)

    def paste_list(self, text: str | None = None) -> members.Listed:
        """Ctrl+V of a list copied from Excel/WPS (a column of 证件号码 or names, with or without a
        header): only those people are listed, ticked, whatever their department; who was not found,
        or is left out by 只选会员 / 只选困难建档职工, is said."""
        only_members = self.only_members.isChecked()
        listed = read_pasted(text, only_members=only_members)
        if not (listed.ids or listed.missing or listed.ambiguous):
            self.pasted.setText(NO_LIST)
            return listed
        self.pasted_ids = list(listed.ids)
        self.department.blockSignals(True)
        self.department.setCurrentIndex(0)  # 全部部门: a list names people of any department
        self.department.blockSignals(False)
        shown = set(self.load_people())
        more = []
        left_out = [i for i in listed.ids if i not in shown]
        if left_out:
            names = members.roster_rows(left_out)
            more.append(self.tr("未建困难档案，未列入 %d 人：%s") % (
                len(left_out), "、".join(names[i]["name"] for i in left_out)))
        self.pasted.setText(pasted_words(listed, only_members=only_members, ticked=len(shown), more=more))
        self.unpaste_button.show()
        return listed

    def clear_paste(self) -> None:
        self.pasted_ids = None
        self.pasted.clear()
        self.unpaste_button.hide()
        self.load_people()

    def chosen(self) -> list[int]:
        return [self.people.item(i).data(RECORD_ROLE) for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.CheckState.Checked]

    def _batch_confirmed(self, people: int) -> bool:
        """A batch is written for everyone ticked (the list starts all ticked): say how many and how
        much before it is."""
        clean = welfare.validate_assistance(self.values())  # a refused value is said first, not asked about
        each = clean["amount_fen"] or 0
        what = "、".join(x for x in (clean["kind"], clean.get("occasion") or "") if x)
        amount = (self.tr("，每人 %s 元，合计 %s 元") % (money.text(each), money.text(each * people))) if each else ""
        goods = self.tr("，实物：%s") % clean["goods"] if clean.get("goods") else ""
        answer = QMessageBox.question(self, self.tr("批量发放"),
                                      self.tr("将为已勾选的 %d 人登记%s%s%s。\n确定登记吗？")
                                      % (people, what, amount, goods))
        return answer == QMessageBox.StandardButton.Yes

    def suggest(self, level: str) -> None:
        person_id = self.person.person_id()
        if level and person_id and self.kind.currentText() == "金秋助学" and not self.amount.text():
            self.amount.setText(money.text(welfare.suggested_aid_fen(person_id, level)))

    def values(self) -> dict:
        return {"kind": self.kind.currentText(), "occasion": self.occasion.currentText(),
                "on": self.on.date().toPython(), "amount": self.amount.text(), "goods": self.goods.text(),
                "source": self.source.currentText(), "approver": self.approver.text(),
                "school_level": self.level.currentText(), "campaign_id": self.campaign.currentData(),
                "signed": self.signed.isChecked(), "note": self.note.text()}

    def accept(self) -> None:
        try:
            if self.batch:
                people = self.chosen()
                if not people:
                    raise ValidationError("选择人员", "没有勾选任何人")
                if not self._batch_confirmed(len(people)):
                    return
                self.saved = welfare.pay_batch(people, self.values())
            else:
                person_id = self.person.person_id()
                if person_id is None:
                    raise ValidationError("职工", "请先选择职工")
                try:
                    self.saved = [welfare.pay(person_id, self.values()).id]
                except welfare.Overdraw as exc:
                    answer = QMessageBox.question(self, self.tr("超出捐款余额"),
                                                  f"{exc.reason}。确实要超额支付吗？")
                    if answer != QMessageBox.StandardButton.Yes:
                        return
                    self.saved = [welfare.pay(person_id, self.values(), allow_overdraw=True).id]
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class CampaignDialog(QDialog):
    """A donation campaign: its donors and amounts, what it paid for, its balance."""

    def __init__(self, campaign_id: int | None = None, parent=None):
        super().__init__(parent)
        self.campaign_id = campaign_id
        self.changed = False
        self.setWindowTitle(self.tr("捐款活动"))
        self.resize(640, 520)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.cause = QLineEdit()
        self.starts = _date()
        if campaign_id is None:
            form.addRow(self.tr("捐款事由 *"), self.cause)
            form.addRow(self.tr("开始日期"), self.starts)
            layout.addLayout(form)
        else:
            self.summary = QLabel()
            self.summary.setObjectName("summary")
            layout.addWidget(self.summary)
            self.model = RowsTableModel([("on", "日期"), ("donor", "捐款人"), ("amount", "金额（元）")], self)
            view = QTableView()
            view.setModel(self.model)
            view.verticalHeader().hide()
            layout.addWidget(view)
            row = QHBoxLayout()
            self.donor = PersonField()
            self.outside = QLineEdit()
            self.outside.setPlaceholderText(self.tr("或名册外的捐款人"))
            self.amount = QLineEdit()
            self.amount.setPlaceholderText(self.tr("金额"))
            add = QPushButton(self.tr("登记捐款"))
            add.clicked.connect(self.donate)
            for w in (self.donor, self.outside, self.amount, add):
                row.addWidget(w)
            layout.addLayout(row)
            self.load()
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(button_box(self, Std.Save, Std.Cancel) if campaign_id is None
                         else button_box(self, Std.Close, Std.NoButton))

    def load(self) -> None:
        c = next(c for c in welfare.campaigns() if c["id"] == self.campaign_id)
        self.summary.setText(self.tr("%s：收到捐款 %s 元（%d 笔），已支出 %s 元，余额 %s 元") % (
            c["cause"], money.text(c["collected_fen"]), c["donors"], money.text(c["paid_fen"]),
            money.text(c["balance_fen"])))
        self.model.set_rows([{"on": d.on, "donor": d.donor, "amount": money.yuan(d.amount_fen)}
                             for d in welfare.donations(self.campaign_id)])

    def donate(self) -> None:
        try:
            welfare.donate(self.campaign_id, self.amount.text(), person_id=self.donor.person_id()
                           if not self.outside.text().strip() else None, donor=self.outside.text())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self.amount.clear()
        self.outside.clear()
        self.error.clear()
        self.changed = True
        self.load()

    def accept(self) -> None:
        if self.campaign_id is None:
            try:
                self.campaign_id = welfare.create_campaign(self.cause.text(), self.starts.date().toPython()).id
            except ValidationError as exc:
                self.error.setText(str(exc))
                return
            self.changed = True
        super().accept()
