"""困难帮扶 dialogs: a hardship file, one payment, a batch of payments, a donation campaign."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionoffice.ui.common.dates import DateEdit
from unionoffice.domain import audit, concurrency, members, money, welfare
from unionoffice.domain.validation import ValidationError, mask_id
from unionoffice.ui.common.dialogs import Std, button_box, error_label
from unionoffice.ui.common.people import PersonField
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


class CaseDialog(QDialog):
    def __init__(self, case_id: int | None = None, parent=None):
        super().__init__(parent)
        self.case_id = case_id
        self.changed = False
        case = welfare.get_case(case_id) if case_id else None
        self.base = concurrency.base_of(case, welfare.CASE_LABELS) if case else None
        self.setWindowTitle(self.tr("困难职工档案") + (f" — {case.person.name}" if case else ""))
        self.resize(760, 620)
        page = QWidget()
        form = QFormLayout(page)
        self.person = PersonField()
        if case is None:
            form.addRow(self.tr("职工 *"), self.person)
        else:
            form.addRow(self.tr("职工"), QLabel(f"{case.person.name}　{mask_id(case.person.id_number)}"))
            form.addRow(self.tr("流程环节"), QLabel(case.stage))
        self.category = _combo(welfare.CATEGORIES, current=case.category if case else "")
        self.target = _combo(welfare.TARGETS, current=case.target if case else "")
        self.main_cause = _combo([""] + list(welfare.CAUSES), current=case.main_cause if case else "")
        self.other_cause = _combo([""] + list(welfare.CAUSES), current=case.other_cause if case else "")
        self.health = QLineEdit(case.health if case else "")
        self.marital = _combo(["", "未婚", "已婚", "离异", "丧偶"], current=case.marital if case else "")
        self.housing = QLineEdit(case.housing if case else "")
        self.family_size = QSpinBox()
        self.family_size.setRange(1, 20)
        self.family_size.setValue(case.family_size if case else 1)
        self.family_income = QLineEdit(money.text(case.family_income_fen) if case else "")
        self.own_income = QLineEdit(money.text(case.own_income_fen) if case else "")
        self.per_capita = QLabel()
        self.bank = QLineEdit(case.bank if case else "")
        self.card_no = QLineEdit(mask_id(case.card_no) if case else "")
        self.card_no.setReadOnly(case is not None)
        self.note = QPlainTextEdit(case.note if case else "")
        self.note.setMaximumHeight(60)
        for label, w in (("档案类别", self.category), ("对象", self.target), ("主要致困原因", self.main_cause),
                         ("次要致困原因", self.other_cause), ("健康状况", self.health), ("婚姻状况", self.marital),
                         ("住房", self.housing), ("家庭人口", self.family_size), ("家庭年总收入（元）", self.family_income),
                         ("家庭月人均收入（元）", self.per_capita), ("本人月收入（元）", self.own_income),
                         ("开户银行", self.bank), ("卡号", self.card_no), ("备注", self.note)):
            form.addRow(label, w)
        self.family_income.textChanged.connect(self._per_capita)
        self.family_size.valueChanged.connect(self._per_capita)
        self._per_capita()
        tabs = QTabWidget()
        tabs.addTab(page, self.tr("档案"))
        if case:
            tabs.addTab(self._family_page(), self.tr("家庭成员"))
            steps = RowsTableModel([("on", "日期"), ("step", "环节"), ("actor", "经办人"), ("note", "说明")], self)
            steps.set_rows([{"on": s.on, "step": s.step, "actor": s.actor, "note": s.note}
                            for s in welfare.steps(case_id)])
            view = QTableView()
            view.setModel(steps)
            view.verticalHeader().hide()
            view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
            tabs.addTab(view, self.tr("办理过程"))
        layout = QVBoxLayout(self)
        layout.addWidget(tabs)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(button_box(self, Std.Save, Std.Cancel))

    def _per_capita(self, *_args) -> None:
        try:
            fen = money.to_fen(self.family_income.text())
        except ValidationError:
            self.per_capita.setText("—")
            return
        value = welfare.per_capita_monthly_fen({"family_size": self.family_size.value(), "family_income_fen": fen})
        self.per_capita.setText(money.text(value))

    def _family_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        self.family_model = RowsTableModel([("name", "姓名"), ("relation", "关系"), ("id_number", "身份证号"),
                                            ("health", "健康"), ("income", "月收入（元）"), ("identity", "身份"),
                                            ("school_or_work", "单位/学校")], self)
        view = QTableView()
        view.setModel(self.family_model)
        view.verticalHeader().hide()
        layout.addWidget(view)
        row = QHBoxLayout()
        self.f_name, self.f_relation, self.f_id, self.f_income = QLineEdit(), QLineEdit(), QLineEdit(), QLineEdit()
        for w, text in ((self.f_name, "姓名"), (self.f_relation, "关系"), (self.f_id, "身份证号"),
                        (self.f_income, "月收入")):
            w.setPlaceholderText(text)
            row.addWidget(w)
        add = QPushButton(self.tr("添加"))
        add.clicked.connect(self.add_member)
        row.addWidget(add)
        layout.addLayout(row)
        self._load_family()
        return page

    def _load_family(self) -> None:
        self.family_model.set_rows([{"name": m.name, "relation": m.relation, "id_number": mask_id(m.id_number),
                                     "health": m.health, "income": money.text(m.monthly_income_fen),
                                     "identity": m.identity, "school_or_work": m.school_or_work}
                                    for m in welfare.family(self.case_id)])

    def add_member(self) -> None:
        try:
            welfare.add_family_member(self.case_id, {"name": self.f_name.text(), "relation": self.f_relation.text(),
                                                     "id_number": self.f_id.text(),
                                                     "monthly_income": self.f_income.text()})
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        for w in (self.f_name, self.f_relation, self.f_id, self.f_income):
            w.clear()
        self.changed = True
        self._load_family()

    def values(self) -> dict:
        values = {"category": self.category.currentText(), "target": self.target.currentText(),
                  "main_cause": self.main_cause.currentText(), "other_cause": self.other_cause.currentText(),
                  "health": self.health.text(), "marital": self.marital.currentText(), "housing": self.housing.text(),
                  "family_size": self.family_size.value(), "family_income": self.family_income.text(),
                  "own_income": self.own_income.text(), "bank": self.bank.text(), "note": self.note.toPlainText()}
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
                self.case_id = welfare.open_case(person_id, self.values()).id
            else:
                welfare.update_case(self.case_id, self.values(), base=self.base)
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        self.changed = True
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
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(button_box(self))

    def accept(self) -> None:
        try:
            self.action(self.date.date().toPython(), self.actor.text(), self.note.text())
        except ValidationError as exc:
            self.error.setText(str(exc))
            return
        super().accept()


class AssistanceDialog(QDialog):
    """One payment (or a gift in kind), or a batch to many people at once."""

    def __init__(self, parent=None, *, batch: bool = False):
        super().__init__(parent)
        self.batch = batch
        self.saved: list[int] = []
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
        for label, w in (("帮扶类型", self.kind), ("慰问事由", self.occasion), ("日期", self.on),
                         ("金额（元）", self.amount), ("实物", self.goods), ("资金来源", self.source),
                         ("审批人 *", self.approver), ("金秋助学就读阶段", self.level), ("捐款资金", self.campaign),
                         ("", self.signed), ("备注", self.note)):
            form.addRow(label, w)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.error = error_label()
        layout.addWidget(self.error)
        layout.addWidget(button_box(self, Std.Save, Std.Cancel))
        if batch:
            self.load_people()

    def load_people(self, *_args) -> None:
        self.people.clear()
        f = members.RosterFilter(department_id=self.department.currentData(),
                                 membership="member" if self.only_members.isChecked() else "")
        ids = members.search_ids(f)
        if self.only_filed.isChecked():
            filed = {r["person"] for r in welfare.cases(welfare.CaseFilter(stage="建档"))}
            ids = [i for i in ids if i in filed]
        rows = members.roster_rows(ids[:2000])
        for person_id in ids[:2000]:
            item = QListWidgetItem(f"{rows[person_id]['name']}　{rows[person_id]['department']}")
            item.setData(RECORD_ROLE, person_id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked)
            self.people.addItem(item)

    def chosen(self) -> list[int]:
        return [self.people.item(i).data(RECORD_ROLE) for i in range(self.people.count())
                if self.people.item(i).checkState() == Qt.CheckState.Checked]

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
