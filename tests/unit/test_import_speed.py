"""The roster import's shortcuts (issue 28) give exactly what the plain checks give."""

import datetime as dt
import random
from operator import mul

from unionoffice.collation import name_key
from unionoffice.domain import members
from unionoffice.domain.validation import (
    ID_CHECK_CHARS,
    ID_WEIGHTS,
    ValidationError,
    clean_text,
    id_check_char,
    parse_id_number,
    remembered,
)

NAMES = ["张伟", "单田芳", "曾国藩", "王", "欧阳修", "阿卜杜拉·买买提", "张 伟", "Tom 李", "李Tom", "解晓东",
         "区家麟", "乐", "长孙无忌", "覃", "尉迟恭", "李娜娜", "〇一", "王伟", "张建国", "单建国", "ｗａｎｇ",
         "李\u00a0娜"]


def test_name_keys_are_pinyin_keys_and_name_key():
    # each name twice: the second time from the kept parts of its first character and given name
    for name in NAMES + NAMES + [n[::-1] for n in NAMES]:
        assert members.name_keys(name) == (*members.pinyin_keys(name), name_key(name)), name


def test_id_check_char_from_kept_sums_is_the_weighted_sum():
    rng = random.Random(3)
    numbers = ["".join(rng.choice("0123456789") for _ in range(17)) for _ in range(5000)]
    numbers += ["00000000000000000", "11010119740207431", "１１０１０１１９７４０２０７４３"]
    for number in numbers + numbers:
        assert id_check_char(number) == ID_CHECK_CHARS[sum(map(mul, map(int, number), ID_WEIGHTS)) % 11]


def test_id_number_without_the_pattern_keeps_its_reasons():
    for raw, reason in (("11010119740207431", "应为18位"), ("1101011974020743XX", "应为18位"),
                        ("11010119740207431Y", "应为18位"), ("11010119740207431X", None)):
        try:
            parse_id_number(raw)
            assert reason is None
        except ValidationError as exc:
            assert reason and exc.reason.startswith(reason), (raw, exc.reason)


def test_an_empty_cell_is_checked_once():
    calls = []

    def check(value):
        calls.append(value)
        return clean_text(value)

    kept = remembered(check)
    assert [kept(None) for _ in range(5)] == [""] * 5
    assert calls == [None]


def test_clean_text_folds_full_width_only_where_there_is_some():
    assert clean_text("王　伟") == "王 伟"
    assert clean_text("工号１２３Ａｂ") == "工号123Ab"
    assert clean_text("动力车间") == "动力车间"


def test_person_check_works_out_each_set_of_keys_on_its_own():
    today = dt.date(2026, 6, 1)
    check = members.PersonCheck(today=today, remember=True)
    rows = [
        {"name": "张伟", "id_number": "11010119740207431X", "hukou_type": "农村", "education": "本科"},
        {"name": "李娜", "id_number": "11010119740207431X", "mobile": "13800138000"},
        {"name": "王芳", "id_type": "护照", "id_number": "E1234567", "is_migrant": "否", "hire_date": "2001-3-4"},
        {"name": "张伟", "id_number": "11010119740207431X", "hukou_type": "农村", "education": "本科"},
    ]
    for values in rows:
        for partial in (True, False):
            assert check(values, partial=partial) == members.validate_person(values, today=today, partial=partial)


def test_too_long_values_are_reported_in_the_order_they_are_checked():
    check = members.PersonCheck(today=dt.date(2026, 6, 1), remember=True)
    base = {"name": "张伟", "id_type": "护照", "id_number": "E1234567", "education": "本科", "position": "钳工"}
    rows = [base | {"id_number": "E" * 31, "education": "学" * 21, "position": "岗" * 51},
            base | {"education": "学" * 21, "position": "岗" * 51},
            base | {"position": "岗" * 51}]
    reasons = []
    for row in rows:
        try:
            check(row, partial=True)
        except ValidationError as exc:
            reasons.append((exc.field, exc.reason))
    assert reasons == [("证件号码", "内容过长（31 字，最多 30 字）"), ("学历", "内容过长（21 字，最多 20 字）"),
                       ("岗位", "内容过长（51 字，最多 50 字）")]


def test_new_departments_are_made_in_the_order_the_file_names_them(db, db_path, tmp_path):
    from unionoffice.db.models import Department, Person, database
    from unionoffice.ledgers import roster_import as ri
    from tests.helpers import make_id, write_roster

    members.department_id("检修")
    rows = [[name, make_id(seq=100 + i), dept] for i, (name, dept) in enumerate(
        [("张伟", "动力"), ("李娜", "检修"), ("王芳", "运行"), ("赵强", "动力"), ("钱多", "")])]
    path = write_roster(tmp_path / "r.xlsx", ["姓名", "身份证号", "部门"], rows)
    queries = []
    real = database.execute_sql

    def counted(sql, *args, **kwargs):
        queries.append(sql)
        return real(sql, *args, **kwargs)

    database.obj.execute_sql, before = counted, database.obj.execute_sql
    try:
        ri.apply(ri.classify(ri.read_roster(path)), db_path=db_path)
    finally:
        database.obj.execute_sql = before
    assert list(Department.select(Department.name, Department.sort_order).order_by(Department.id).tuples()) == [
        ("检修", 0), ("动力", 1), ("运行", 2)]
    by_name = {p.name: p.department.name if p.department else "" for p in Person.select()}
    assert by_name == {"张伟": "动力", "李娜": "检修", "王芳": "运行", "赵强": "动力", "钱多": ""}
    # the departments there are read once, not looked up and counted for each new one
    assert sum('FROM "department"' in q and "COUNT" in q.upper() for q in queries) == 0


def test_the_cycle_collector_is_paused_while_rows_are_read_and_written_then_given_back(db, db_path, tmp_path):
    import gc

    from unionoffice.ledgers import roster_import as ri
    from tests.helpers import make_id, write_roster

    path = write_roster(tmp_path / "r.xlsx", ["姓名", "身份证号"], [["张伟", make_id(seq=101)]])
    seen = []

    def progress(done, total, text):
        seen.append(gc.isenabled())

    assert gc.isenabled()
    plan = ri.classify(ri.read_roster(path, progress=progress))
    assert gc.isenabled()
    ri.apply(plan, db_path=db_path, progress=progress)
    assert gc.isenabled() and seen and not any(seen)
    gc.disable()  # as while a window is open (ui/common/collector.py): it stays off
    try:
        ri.read_roster(path)
        assert not gc.isenabled()
    finally:
        gc.enable()
