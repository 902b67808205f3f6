"""组织 tab: recruiting members (who is not yet in, 入会率 by department, applications approved in a
batch, cards and application forms printed), union cadres with training, union groups and their 组长."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionoffice.domain import organisation
from unionoffice.domain.validation import ValidationError
from unionoffice.ui.common.bars import Bar
from unionoffice.ui.common.saving import PDF, save_file
from unionoffice.ui.common.table_model import RECORD_ROLE, RowsTableModel
from unionoffice.ui.common.tasks import Refresher
from unionoffice.ui.common.views import sortable_table
from unionoffice.ui.welfare.dialogs import PersonField

ORANGE = QBrush(QColor("#b26a00"))


class NonMemberModel(RowsTableModel):
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.ForegroundRole and index.isValid() and self.rows()[index.row()]["highlight"]:
            return ORANGE  # 劳务派遣 and 农民工 first and in colour
        return super().data(index, role)


def organisation_view() -> dict:
    """Everything the 组织 tab lists, as plain rows ready to show (counted on a worker thread)."""
    rates = organisation.join_rates()
    for r in rates:
        r["rate_text"] = f"{r['rate']:.1%}"
    rows = organisation.non_members()
    for r in rows:
        r["migrant"] = "是" if r["is_migrant"] else ""
        r["status"] = "已申请" if r["applied"] else ""
    cadres = organisation.cadres()
    for c in cadres:
        c["note"] = "已离开名册" if c["left"] else ""
    committees = []
    for c in organisation.current_committees():
        term = f"{c['term_start']:%Y-%m-%d} 至 {c['term_end']:%Y-%m-%d}" if c["term_end"] else f"{c['term_start']:%Y-%m-%d} 起"
        for m in c["members"] or [{"post": "", "name": "（尚无委员）", "left": False}]:
            committees.append({"committee_id": c["id"], "kind": c["kind"], "term": term, "post": m["post"],
                               "name": m["name"], "note": "已离开名册" if m["left"] else ("任期已满" if c["expired"] else "")})
    elections = []
    for e in organisation.elections():
        state = "已产生委员会" if e.committee_id else ("有效" if organisation.quorum(e) else "实到不足三分之二")
        elections.append({"id": e.id, "kind": e.kind, "meeting": e.meeting, "held_on": e.held_on,
                          "entitled": e.entitled, "present": e.present, "state": state})
    return {"rates": rates, "non_members": rows, "applications": organisation.applications(), "cadres": cadres,
            "groups": organisation.groups(), "committees": committees,
            "warnings": organisation.committee_warnings(), "elections": elections}


class OrganisationTab(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        layout = QVBoxLayout(self)
        self.pages = QTabWidget()
        self.pages.addTab(self._recruiting_page(), self.tr("发展会员"))
        self.pages.addTab(self._cadres_page(), self.tr("工会干部"))
        self.pages.addTab(self._groups_page(), self.tr("工会小组"))
        self.pages.addTab(self._committees_page(), self.tr("委员会"))
        self.pages.addTab(self._elections_page(), self.tr("换届选举"))
        layout.addWidget(self.pages)
        self.loaded = False  # asked for its lists (when first shown)
        self.ready = False  # showing them
        self.refresher = Refresher(self, organisation_view, self._show, self._failed)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not self.loaded:
            self.reload()


    # --- pages ---
    def _recruiting_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(Bar.of_buttons(((self.tr("为所选职工登记入会申请"), self.apply),
                                    (self.tr("批准所选申请…"), self.approve),
                                    (self.tr("打印入会申请书…"), self.print_forms),
                                    (self.tr("打印会员证…"), self.print_cards))))
        splitter = QSplitter(Qt.Orientation.Vertical)
        top = QSplitter()
        self.rate_model = RowsTableModel([("department", "部门"), ("employees", "职工"), ("members", "会员"),
                                          ("non_members", "非会员"), ("rate_text", "入会率")], self)
        self.rate_view, _ = sortable_table(self.rate_model)
        self.rate_view.setObjectName("rates")
        self.non_member_model = NonMemberModel([("name", "姓名"), ("department", "部门"),
                                                ("employment_form", "用工形式"), ("migrant", "农民工"),
                                                ("hire_date", "入职日期"), ("status", "申请")], self)
        self.non_member_view, self.non_member_proxy = sortable_table(self.non_member_model)
        top.addWidget(self.rate_view)
        top.addWidget(self.non_member_view)
        splitter.addWidget(top)
        self.app_model = RowsTableModel([("name", "姓名"), ("department", "部门"), ("applied_on", "申请日期"),
                                         ("approved_on", "批准日期"), ("approved_by", "审批人"), ("card_no", "会员证号")],
                                        self)
        self.app_view, self.app_proxy = sortable_table(self.app_model)
        box = QWidget()
        inner = QVBoxLayout(box)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(QLabel(self.tr("入会申请：")))
        inner.addWidget(self.app_view)
        splitter.addWidget(box)
        layout.addWidget(splitter, 1)
        self.recruit_status = QLabel()
        self.recruit_status.setObjectName("recruit_status")
        layout.addWidget(self.recruit_status)
        return page

    def _cadres_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.cadre_person = PersonField()
        self.cadre_kind = QComboBox()
        self.cadre_kind.addItems(organisation.CADRE_KINDS)
        self.cadre_post = QLineEdit()
        self.cadre_post.setPlaceholderText(self.tr("职务，如 工会主席"))
        add = QPushButton(self.tr("登记工会干部"))
        add.clicked.connect(self.add_cadre)
        for w in (self.cadre_person, self.cadre_kind, self.cadre_post, add):
            row.addWidget(w)
        layout.addLayout(row)
        layout.addWidget(Bar.of_buttons(((self.tr("登记培训…"), self.add_training), (self.tr("离任…"), self.end_cadre))))
        self.cadre_model = RowsTableModel([("name", "姓名"), ("kind", "类别"), ("post", "职务"), ("since", "任职日期"),
                                           ("hours", "培训学时"), ("note", "提示")], self)
        self.cadre_view, self.cadre_proxy = sortable_table(self.cadre_model)
        layout.addWidget(self.cadre_view, 1)
        self.cadre_status = QLabel()
        layout.addWidget(self.cadre_status)
        return page

    def _groups_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.leader = PersonField()
        set_leader = QPushButton(self.tr("设为所选小组的组长"))
        set_leader.clicked.connect(self.set_leader)
        row.addWidget(self.leader)
        row.addWidget(set_leader)
        layout.addLayout(row)
        self.group_model = RowsTableModel([("department", "部门"), ("name", "工会小组"), ("leader", "组长"),
                                           ("size", "人数")], self)
        self.group_view, self.group_proxy = sortable_table(self.group_model)
        layout.addWidget(self.group_view, 1)
        return page

    def _committees_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        row = QHBoxLayout()
        self.committee_kind = QComboBox()
        self.committee_kind.setEditable(True)
        self.committee_kind.addItems(organisation.COMMITTEE_KINDS)
        new = QPushButton(self.tr("新建一届…"))
        new.clicked.connect(self.new_committee)
        self.member_person = PersonField()
        self.member_post = QComboBox()
        self.member_post.setEditable(True)
        self.member_post.addItems(organisation.POSTS)
        add = QPushButton(self.tr("加入所选委员会"))
        add.clicked.connect(self.add_member)
        for w in (self.committee_kind, new, self.member_person, self.member_post, add):
            row.addWidget(w)
        layout.addLayout(row)
        self.committee_model = RowsTableModel([("kind", "委员会"), ("term", "任期"), ("post", "职务"),
                                               ("name", "姓名"), ("note", "提示")], self)
        self.committee_view, self.committee_proxy = sortable_table(self.committee_model)
        self.committee_view.setColumnWidth(0, 140)
        self.committee_view.setColumnWidth(1, 200)
        layout.addWidget(self.committee_view, 1)
        self.committee_warnings = QLabel()
        self.committee_warnings.setObjectName("committee_warnings")
        self.committee_warnings.setWordWrap(True)
        layout.addWidget(self.committee_warnings)
        return page

    def _elections_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addWidget(Bar.of_buttons(((self.tr("登记换届选举…"), self.new_election),
                                    (self.tr("添加候选人及得票…"), self.add_candidate),
                                    (self.tr("确认结果，产生新一届委员会"), self.conclude),
                                    (self.tr("选举结果报告PDF…"), self.print_report))))
        self.election_model = RowsTableModel([("kind", "委员会"), ("meeting", "会议"), ("held_on", "选举日期"),
                                              ("entitled", "应到"), ("present", "实到"), ("state", "结果")], self)
        self.election_view, self.election_proxy = sortable_table(self.election_model)
        self.election_view.clicked.connect(lambda _i: self._load_candidates())
        layout.addWidget(self.election_view, 1)
        self.candidate_model = RowsTableModel([("name", "候选人"), ("post", "职务"), ("votes", "得票"),
                                               ("result", "结果")], self)
        self.candidate_view, _ = sortable_table(self.candidate_model)
        layout.addWidget(self.candidate_view, 1)
        return page

    # --- loading ---
    def reload(self, *_args) -> None:
        """The tab's lists and figures are counted on a worker thread (seconds at 300,000 people):
        the tab says 正在统计… meanwhile and fills in when they arrive; a reload asked for while one
        runs is counted once after it, never beside it."""
        self.loaded = True
        self.ready = False
        for label in (self.recruit_status, self.cadre_status, self.committee_warnings):
            label.setStyleSheet("color: gray;")
            label.setText(self.tr("正在统计…"))
        self.refresher.request()

    def _failed(self, error: Exception) -> None:
        self.recruit_status.setStyleSheet("color: #b00020;")
        self.recruit_status.setText(self.tr("组织数据暂时无法统计：%s") % error)

    def _show(self, view: dict) -> None:
        rates, rows = view["rates"], view["non_members"]
        self.rate_model.set_rows(rates)
        self.non_member_model.set_rows(rows)
        self.app_model.set_rows(view["applications"])
        pending = sum(a["approved_on"] is None for a in view["applications"])
        employees = sum(r["employees"] for r in rates)
        member_count = sum(r["members"] for r in rates)
        self.recruit_status.setStyleSheet("")
        self.recruit_status.setText(self.tr("职工 %d · 会员 %d · 入会率 %.1f%% · 非会员 %d · 待批准申请 %d") % (
            employees, member_count, member_count / employees * 100 if employees else 0, len(rows), pending))
        cadres = view["cadres"]
        self.cadre_model.set_rows(cadres)
        self.cadre_status.setStyleSheet("")
        self.cadre_status.setText(self.tr("专职 %d 人 · 兼职 %d 人") % (
            sum(c["kind"] == "专职" for c in cadres), sum(c["kind"] == "兼职" for c in cadres)))
        self.group_model.set_rows(view["groups"])
        self.committee_model.set_rows(view["committees"])
        warnings = view["warnings"]
        self.committee_warnings.setStyleSheet("color: #b00020;" if warnings else "color: #1b7f3b;")
        self.committee_warnings.setText("\n".join(f"⚠ {w}" for w in warnings) or self.tr("委员会设置和任期正常。"))
        self.election_model.set_rows(view["elections"])
        self._load_candidates()
        self.ready = True

    def _after_change(self) -> None:
        self.reload()
        self.changed.emit()

    @staticmethod
    def _selected(view, proxy) -> list[dict]:
        return [proxy.data(i, RECORD_ROLE) for i in view.selectionModel().selectedRows()]

    # --- recruiting ---
    def apply(self) -> None:
        people = [r["id"] for r in self._selected(self.non_member_view, self.non_member_proxy)]
        if not people:
            QMessageBox.information(self, self.tr("入会申请"), self.tr("请先在非会员名单中选择职工（可多选）。"))
            return
        count = organisation.apply(people)
        self._after_change()
        QMessageBox.information(self, self.tr("入会申请"), self.tr("已登记 %d 份入会申请。") % count)

    def approve(self) -> None:
        pending = [r["id"] for r in self._selected(self.app_view, self.app_proxy) if r["approved_on"] is None]
        if not pending:
            QMessageBox.information(self, self.tr("批准入会"), self.tr("请在入会申请中选择待批准的申请（可多选）。"))
            return
        by, ok = QInputDialog.getText(self, self.tr("批准入会"), self.tr("审批人："))
        if not ok:
            return
        try:
            cards = organisation.approve(pending, by=by)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("批准入会"), str(exc))
            return
        self._after_change()
        QMessageBox.information(self, self.tr("批准入会"), self.tr("已批准 %d 人入会，会员证号 %s 至 %s。") % (
            len(cards), cards[0], cards[-1]))

    def _chosen_applicants(self) -> list[int]:
        return [r["person"] for r in self._selected(self.app_view, self.app_proxy)]

    def print_forms(self) -> None:
        people = self._chosen_applicants()
        if people:
            from unionoffice.ui.organisation import printing

            save_file(self, self.tr("入会申请书"), "入会申请书.pdf", PDF,
                      lambda path: printing.applications_pdf(people, path) and "入会申请书已保存。")

    def print_cards(self) -> None:
        people = [r["person"] for r in self._selected(self.app_view, self.app_proxy) if r["approved_on"]]
        if not people:
            QMessageBox.information(self, self.tr("会员证"), self.tr("请选择已批准的申请。"))
            return
        from unionoffice.ui.organisation import printing

        save_file(self, self.tr("会员证"), "会员证.pdf", PDF,
                  lambda path: printing.cards_pdf(people, path) and "会员证已保存。")

    # --- cadres and groups ---
    def add_cadre(self) -> None:
        person_id = self.cadre_person.person_id()
        if person_id is None:
            QMessageBox.information(self, self.tr("工会干部"), self.tr("请先选择职工。"))
            return
        import datetime as dt

        try:
            organisation.add_cadre(person_id, self.cadre_kind.currentText(), self.cadre_post.text(), dt.date.today())
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("工会干部"), str(exc))
            return
        self.cadre_post.clear()
        self._after_change()

    def _selected_cadre(self) -> dict | None:
        rows = self._selected(self.cadre_view, self.cadre_proxy)
        return rows[0] if rows else None

    def add_training(self) -> None:
        cadre = self._selected_cadre()
        if not cadre:
            return
        course, ok = QInputDialog.getText(self, self.tr("登记培训"), self.tr("培训内容："))
        if not ok:
            return
        hours, ok = QInputDialog.getInt(self, self.tr("登记培训"), self.tr("学时："), 8, 1, 1000)
        if not ok:
            return
        import datetime as dt

        try:
            organisation.add_training(cadre["id"], dt.date.today(), course, hours)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("登记培训"), str(exc))
            return
        self._after_change()

    def end_cadre(self) -> None:
        cadre = self._selected_cadre()
        if cadre and QMessageBox.question(self, self.tr("离任"), self.tr("%s 今天起不再担任%s？") % (
                cadre["name"], cadre["post"])) == QMessageBox.StandardButton.Yes:
            import datetime as dt

            organisation.end_cadre(cadre["id"], dt.date.today())
            self._after_change()

    # --- committees and elections ---
    def new_committee(self) -> None:
        import datetime as dt

        years, ok = QInputDialog.getInt(self, self.tr("新建一届"), self.tr("任期（年），从今天起："), 5, 1, 10)
        if not ok:
            return
        today = dt.date.today()
        try:
            organisation.create_committee(self.committee_kind.currentText(), today,
                                          today.replace(year=today.year + years))
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("委员会"), str(exc))
            return
        self._after_change()

    def add_member(self) -> None:
        rows = self._selected(self.committee_view, self.committee_proxy)
        person_id = self.member_person.person_id()
        if not rows or person_id is None:
            QMessageBox.information(self, self.tr("委员会"), self.tr("请选择委员会和职工。"))
            return
        try:
            organisation.add_committee_member(rows[0]["committee_id"], person_id, self.member_post.currentText())
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("委员会"), exc.reason)
            return
        self._after_change()

    def _selected_election(self) -> int | None:
        rows = self._selected(self.election_view, self.election_proxy)
        return rows[0]["id"] if rows else None

    def _load_candidates(self) -> None:
        election_id = self._selected_election()
        rows = organisation.result(election_id) if election_id else []
        for r in rows:
            r["result"] = "当选" if r["elected"] else "未当选"
        self.candidate_model.set_rows(rows)

    def new_election(self) -> None:
        import datetime as dt

        kind, ok = QInputDialog.getItem(self, self.tr("换届选举"), self.tr("选举："), organisation.COMMITTEE_KINDS, 0, True)
        if not ok:
            return
        meeting, ok = QInputDialog.getItem(self, self.tr("换届选举"), self.tr("会议形式："), organisation.MEETINGS, 0, False)
        if not ok:
            return
        entitled, ok = QInputDialog.getInt(self, self.tr("换届选举"), self.tr("应到人数（有选举权）："), 100, 1, 1000000)
        if not ok:
            return
        present, ok = QInputDialog.getInt(self, self.tr("换届选举"), self.tr("实到人数："), entitled, 0, entitled)
        if not ok:
            return
        try:
            organisation.create_election({"kind": kind, "meeting": meeting, "entitled": entitled, "present": present,
                                          "held_on": dt.date.today()})
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("换届选举"), str(exc))
            return
        self._after_change()

    def add_candidate(self) -> None:
        election_id = self._selected_election()
        if election_id is None:
            QMessageBox.information(self, self.tr("候选人"), self.tr("请先选择一次选举。"))
            return
        name, ok = QInputDialog.getText(self, self.tr("候选人"), self.tr("候选人姓名或拼音："))
        if not ok:
            return
        from unionoffice.domain import members

        ids = members.search_ids(members.RosterFilter(text=name))
        if len(ids) != 1:
            QMessageBox.warning(self, self.tr("候选人"), self.tr("找到 %d 人，请输入能唯一确定的姓名。") % len(ids))
            return
        post, ok = QInputDialog.getItem(self, self.tr("候选人"), self.tr("拟任职务："), organisation.POSTS, 4, True)
        if not ok:
            return
        votes, ok = QInputDialog.getInt(self, self.tr("候选人"), self.tr("得票："), 0, 0, 1000000)
        if not ok:
            return
        try:
            organisation.add_candidate(election_id, ids[0], post, votes)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("候选人"), str(exc))
            return
        self._after_change()

    def conclude(self) -> None:
        election_id = self._selected_election()
        if election_id is None:
            return
        try:
            committee = organisation.conclude(election_id)
        except ValidationError as exc:
            QMessageBox.warning(self, self.tr("换届选举"), str(exc))
            return
        self._after_change()
        QMessageBox.information(self, self.tr("换届选举"), self.tr("已产生新一届%s。") % committee.kind)

    def print_report(self) -> None:
        election_id = self._selected_election()
        if election_id is None:
            return
        from unionoffice.ui.organisation import printing

        save_file(self, self.tr("选举结果报告"), "选举结果报告.pdf", PDF,
                  lambda path: printing.election_report_pdf(election_id, path) and "选举结果报告已保存。")

    def set_leader(self) -> None:
        rows = self._selected(self.group_view, self.group_proxy)
        person_id = self.leader.person_id()
        if rows and person_id:
            organisation.set_group_leader(rows[0]["id"], person_id)
            self._after_change()
