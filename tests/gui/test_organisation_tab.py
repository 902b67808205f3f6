from PySide6.QtCore import QItemSelectionModel
from PySide6.QtWidgets import QInputDialog, QMessageBox

from unionoffice.domain import members, organisation
from unionoffice.ui.common.table_model import RECORD_ROLE
from unionoffice.ui.organisation import printing
from tests.helpers import make_id


def test_a_recruitment_drive_of_twenty(window, qtbot, monkeypatch, tmp_path):
    for i in range(12):
        members.create_person({"name": f"新员工{i}", "id_number": make_id(seq=600 + 2 * i, birth="19990101"),
                               "department": "动力厂", "employment_form": "劳务派遣"})
    tab = window.organisation
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("王建国", True))
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # counted on a worker thread
    before = {r["department"]: r["rate"] for r in tab.rate_model.rows()}

    view, proxy = tab.non_member_view, tab.non_member_proxy
    selection = view.selectionModel()
    for row in range(proxy.rowCount()):
        if not proxy.data(proxy.index(row, 0), RECORD_ROLE)["applied"]:
            selection.select(proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                             | QItemSelectionModel.SelectionFlag.Rows)
    tab.apply()
    pending = organisation.applications(pending_only=True)
    assert len(pending) >= 20
    assert not tab.ready and tab.recruit_status.text() == "正在统计…"
    qtbot.waitUntil(lambda: tab.ready)

    selection = tab.app_view.selectionModel()
    for row in range(tab.app_proxy.rowCount()):
        selection.select(tab.app_proxy.index(row, 0), QItemSelectionModel.SelectionFlag.Select
                         | QItemSelectionModel.SelectionFlag.Rows)
    tab.approve()
    assert organisation.applications(pending_only=True) == []
    qtbot.waitUntil(lambda: tab.ready)
    after = {r["department"]: r["rate"] for r in tab.rate_model.rows()}
    assert after["动力厂"] > before["动力厂"] and all(after[d] >= before[d] for d in before)
    assert "待批准申请 0" in tab.recruit_status.text()

    approved = [a["person"] for a in organisation.applications() if a["approved_on"]][:8]
    pdf = tmp_path / "cards.pdf"
    printing.cards_pdf(approved, str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    text = printing.cards_html(approved)
    assert members.get_person(approved[0]).member_card_no in text


def test_a_re_election_from_the_tab(window, qtbot, monkeypatch, tmp_path):
    tab = window.organisation
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # counted on a worker thread
    assert "女职工委员会" in tab.committee_warnings.text() or "正常" in tab.committee_warnings.text()
    people = members.search_ids(members.RosterFilter(membership="member"))[:3]
    election = organisation.create_election({"kind": "工会委员会", "meeting": "会员大会", "entitled": 30,
                                             "present": 25, "held_on": "2026-06-01"})
    for pid, post, votes in zip(people, ("主席", "委员", "委员"), (24, 16, 15)):
        organisation.add_candidate(election.id, pid, post, votes)
    tab.reload()
    qtbot.waitUntil(lambda: tab.ready)
    tab.election_view.selectRow(0)
    tab._load_candidates()
    by_votes = sorted(tab.candidate_model.rows(), key=lambda r: -r["votes"])  # the table sorts as clicked
    assert [r["result"] for r in by_votes] == ["当选", "当选", "未当选"]  # 15 of 30 is half
    tab.conclude()
    qtbot.waitUntil(lambda: tab.ready)
    committee_rows = [r for r in tab.committee_model.rows() if r["kind"] == "工会委员会"]
    assert sorted(r["post"] for r in committee_rows) == ["主席", "委员"]
    from unionoffice.ui.organisation import printing

    pdf = tmp_path / "report.pdf"
    printing.election_report_pdf(election.id, str(pdf))
    assert pdf.read_bytes().startswith(b"%PDF")
    assert "当选" in printing.election_report_html(election.id)


def test_the_non_member_list_puts_agency_and_migrant_workers_first_then_names_by_pinyin(window, qtbot):
    from unionoffice.collation import name_key, sort_key

    for i, (name, form, migrant) in enumerate((("程刚", "", False), ("陈伟", "劳务派遣", False),
                                                ("李平娟", "", True), ("林峰", "", False), ("李桂", "", False))):
        members.create_person({"name": name, "id_number": make_id(seq=700 + 2 * i, birth="19990101"),
                               "department": "动力厂", "employment_form": form, "is_migrant": migrant})
    tab = window.organisation
    window.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: tab.ready)  # counted on a worker thread
    view, model = tab.non_member_view, tab.non_member_proxy
    rows = [model.data(model.index(r, 0), RECORD_ROLE) for r in range(model.rowCount())]
    flags = [r["highlight"] for r in rows]
    assert flags == sorted(flags, reverse=True) and flags[0]  # highlighted first, as the README says
    assert view.horizontalHeader().sortIndicatorSection() == -1
    for part in (rows[:flags.count(True)], rows[flags.count(True):]):
        keys = [(sort_key(r["department"] or ""), name_key(r["name"])) for r in part]
        assert keys == sorted(keys)
    ours = [r["name"] for r in rows if r["department"] == "动力厂" and r["name"] in "程刚陈伟李平娟林峰李桂"]
    assert ours == ["陈伟", "李平娟", "程刚", "李桂", "林峰"]


def _held(monkeypatch, module, name):
    """``module.name`` made to wait for a release, recording each call's thread and how many ran at once."""
    import threading

    real, release = getattr(module, name), threading.Event()
    seen = {"threads": [], "running": 0, "most": 0}
    lock = threading.Lock()

    def held(*args, **kwargs):
        with lock:
            seen["threads"].append(threading.current_thread())
            seen["running"] += 1
            seen["most"] = max(seen["most"], seen["running"])
        try:
            release.wait(10)
            return real(*args, **kwargs)
        finally:
            with lock:
                seen["running"] -= 1

    monkeypatch.setattr(module, name, held)
    return release, seen


def test_the_figures_arrive_from_a_worker_the_same_as_counted_directly(window, qtbot, monkeypatch):
    import threading

    from unionoffice.ui.organisation.tab import organisation_view

    tab = window.organisation
    release, seen = _held(monkeypatch, organisation, "join_rates")
    window.tabs.setCurrentWidget(tab)
    assert not tab.ready and tab.recruit_status.text() == "正在统计…"  # the window answers meanwhile
    assert tab.committee_warnings.text() == "正在统计…"
    release.set()
    qtbot.waitUntil(lambda: tab.ready)
    assert seen["threads"] and all(t is not threading.main_thread() for t in seen["threads"])

    direct = organisation_view()  # the same figures as counted on the GUI thread
    assert tab.rate_model.rows() == direct["rates"] and tab.non_member_model.rows() == direct["non_members"]
    assert tab.app_model.rows() == direct["applications"] and tab.cadre_model.rows() == direct["cadres"]
    assert tab.group_model.rows() == direct["groups"] and tab.committee_model.rows() == direct["committees"]
    employees = sum(r["employees"] for r in direct["rates"])
    assert f"职工 {employees} ·" in tab.recruit_status.text()
    assert f"非会员 {len(direct['non_members'])}" in tab.recruit_status.text()
    assert employees == members.headcount()[0]


def test_switching_tabs_and_reloading_while_counting_neither_crashes_nor_piles_up(window, qtbot, monkeypatch):
    tab = window.organisation
    release, seen = _held(monkeypatch, organisation, "non_members")
    window.tabs.setCurrentWidget(tab)
    for _ in range(3):
        window.tabs.setCurrentWidget(window.overview)
        tab.reload()
        window.tabs.setCurrentWidget(tab)
        qtbot.wait(20)
    assert len(seen["threads"]) == 1 and not tab.ready  # one count at a time, the newest asked for after it
    members.create_person({"name": "晚到", "id_number": make_id(seq=802, birth="19990101"), "department": "动力厂"})
    release.set()
    qtbot.waitUntil(lambda: tab.ready)
    assert len(seen["threads"]) == 2 and seen["most"] == 1
    assert "晚到" in [r["name"] for r in tab.non_member_model.rows()]  # the newest count is what shows


def test_a_tab_closed_while_counting_is_left_alone(app, demo_db, qtbot, monkeypatch):
    from PySide6.QtCore import QThreadPool

    from unionoffice.ui.organisation.tab import OrganisationTab

    release, seen = _held(monkeypatch, organisation, "join_rates")
    tab = OrganisationTab()
    tab.show()
    qtbot.waitUntil(lambda: len(seen["threads"]) == 1)
    tab.close()
    tab.deleteLater()
    qtbot.wait(50)
    release.set()
    assert QThreadPool.globalInstance().waitForDone(10000)
    qtbot.wait(50)  # the answer arrives for a tab that is gone: dropped
