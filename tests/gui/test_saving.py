"""Where save dialogs start, and what every save says afterwards (issue 21)."""

from PySide6.QtWidgets import QFileDialog, QMessageBox

from unionoffice.domain import congress
from unionoffice.ui.common import saving


def test_save_dialogs_start_in_documents_then_in_the_last_folder(window, monkeypatch, tmp_path):
    documents = tmp_path / "文档"
    documents.mkdir()
    monkeypatch.setattr("platformdirs.user_documents_dir", lambda: str(documents))
    chosen = tmp_path / "U盘"
    chosen.mkdir()
    offered = []

    def save_dialog(parent, title, suggested, kinds):
        offered.append(suggested)
        return str(chosen / "名册.xlsx"), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", save_dialog)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda parent, title, start, kinds: offered.append(start)
                        or ("", ""))
    monkeypatch.setattr(window.reports, "start_write", lambda *a, **k: None)
    window.reports.write()  # not the program's working folder: 文档
    window.reports.write()  # then where the clerk saved last
    window.members.import_roster()  # open dialogs too
    assert offered[0].startswith(str(documents / "基层工会统计年报"))
    assert offered[1].startswith(str(chosen / "基层工会统计年报"))
    assert offered[2] == str(chosen)


def test_the_motion_form_and_the_signing_list_offer_to_open_what_they_saved(window, monkeypatch, tmp_path):
    """The 提案表 and 签领表 messages offered only 确定."""
    told = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a, **k: None)  # what they said before: 确定 only
    monkeypatch.setattr(saving, "show_written", lambda parent, title, text, path: told.append((title, text, path)))
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda parent, title, suggested, kinds: (
        str(tmp_path / suggested.rsplit("/", 1)[-1]), ""))
    motion_id = congress.search(congress.MotionFilter())[0]["id"]
    monkeypatch.setattr(window.congress, "current_id", lambda: motion_id)
    window.congress.print_motion()
    welfare = window.welfare
    welfare.p_year.setCurrentIndex(0)  # 全部年度
    welfare.reload_payments()
    assert welfare.pay_model.rows()
    welfare.signing_list()
    assert [(t, p.rsplit("/", 1)[-1]) for t, _, p in told] == [
        ("保存提案表", f"提案表{congress.get(motion_id).number}.pdf"), ("保存签领表", "帮扶签领表.pdf")]
    assert all(open(p, "rb").read(4) == b"%PDF" for *_, p in told)
