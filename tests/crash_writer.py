"""A writer process for the crash test: edits and imports in a loop, printing a line after each
commit. The test kills it with SIGKILL at a random moment and checks that every printed change is
in the file and the file is sound."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

from openpyxl import Workbook

from unionoffice.db.connection import open_database
from unionoffice.domain import members
from unionoffice.domain.validation import id_check_char
from unionoffice.ledgers import roster_import


def id_for(k: int) -> str:
    """A valid, unique ID number for person number ``k``."""
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=k // 1000)
    first17 = f"110101{birth:%Y%m%d}{k % 1000:03d}"
    return first17 + id_check_char(first17)


def report(*words: str) -> None:
    """One line in one write, so a kill never leaves half a report (PYTHONUNBUFFERED writes each
    piece of a print separately)."""
    sys.stdout.write(" ".join(words) + "\n")
    sys.stdout.flush()


def main() -> None:
    db_path, start = Path(sys.argv[1]), int(sys.argv[2])
    open_database(db_path)
    n = start
    while True:
        if n % 5 == 0:  # an import of 40 new people in one transaction
            path = db_path.parent / f"import-{n}.xlsx"
            wb = Workbook()
            ws = wb.active
            ws.append(["姓名", "身份证号", "部门", "是否会员", "入会时间"])
            numbers = [id_for(n * 100 + i) for i in range(40)]
            for i, number in enumerate(numbers):
                ws.append([f"导入{n}-{i}", number, "动力厂", "是", "2020-01-01"])
            wb.save(path)
            plan = roster_import.classify(roster_import.read_roster(path))
            roster_import.apply(plan)
            report("import", numbers[0], numbers[-1])
        else:  # an edit: a new person and their joining, one transaction each
            number = id_for(n * 100)
            person = members.create_person({"name": f"录入{n}", "id_number": number})
            report("person", number)
            members.add_event(person.id, "入会", "2021-01-01")
            report("event", number)
        n += 1


if __name__ == "__main__":
    main()
