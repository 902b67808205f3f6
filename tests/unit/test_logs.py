"""Nothing personal in the log file: import the sample (with its rejections), reveal numbers, fail
an edit, then grep the log for every ID number, phone and name in the sample."""

import subprocess
import sys

from python_calamine import CalamineWorkbook

from unionoffice import logs
from unionoffice.domain import members
from unionoffice.domain.validation import ValidationError
from unionoffice.ledgers import roster_import
from tests.conftest import SAMPLE


def test_log_holds_no_personal_data(db, db_path, data_dir):
    for handler in list(logs.log.handlers):  # a handler from an earlier test writes elsewhere
        logs.log.removeHandler(handler)
    logs.setup()
    plan = roster_import.classify(roster_import.read_roster(SAMPLE))
    roster_import.apply(plan, db_path=db_path)
    person = members.get_person(members.search_ids(members.RosterFilter())[0])
    members.reveal(person.id, "id_number")
    members.reveal(person.id, "mobile")
    try:
        members.update_person(person.id, {**members.person_values(person), "mobile": "12345"})
    except ValidationError as exc:
        logs.failure("edit", exc)
    subprocess.run([sys.executable, "-m", "unionoffice", "import", "members", str(SAMPLE),
                    "--db", str(db_path), "--json"], capture_output=True, check=True)
    for handler in logs.log.handlers:
        handler.flush()
    text = (data_dir / logs.LOG_NAME).read_text(encoding="utf-8")
    assert "roster import" in text and "revealed" in text and "edit failed" in text
    rows = CalamineWorkbook.from_path(str(SAMPLE)).get_sheet_by_name("花名册").to_python()[3:]
    secrets = {str(c).strip() for r in rows for c in (r[1], r[4], r[13]) if str(c).strip()}
    assert len(secrets) > 700
    leaked = [s for s in secrets if len(s) >= 2 and s in text]
    assert leaked == []
