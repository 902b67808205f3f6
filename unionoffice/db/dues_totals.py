"""会费 collected per dues month, kept beside the payments (issue 28).

``dues_month_total`` (month, amount_fen, people, last_paid_on) holds, for each dues month with a
payment, the sum of its payments, how many there are and the latest 缴费日期: what the books' 会费收入
lines (``funds``) and the 会费收缴表's 全年汇总 read, in 12 rows instead of a year's payments (about
800,000 at 100,000 members). Triggers on ``dues_payment`` keep it in the same transaction as the
payment itself (SQLite: one trigger per change; PostgreSQL: one row trigger function); a bulk copy of
a whole office turns them off and fills the table again in one pass (``triggers_off``).

It is not a model: nothing writes it but the triggers and ``rebuild``, and an office moved between
databases gets it from its payments, never copied. ``mismatches`` compares it with the payments; the
full file check reports a difference and ``rebuild`` mends it."""

from __future__ import annotations

from contextlib import contextmanager

from peewee import Database, PostgresqlDatabase

TABLE = "dues_month_total"
TRIGGERS = ("dues_month_total_insert", "dues_month_total_delete", "dues_month_total_update")
PG_TRIGGER = "dues_month_total_sync"
WATCHED = '"month", "amount_fen", "paid_on"'
RECOUNT = ('SELECT "month", SUM("amount_fen"), COUNT(*), MAX("paid_on") FROM "dues_payment" GROUP BY "month"')

# A payment taken out: its amount and person leave the month, whose latest date is read again (from the
# (month, paid_on) index) only when the payment taken out was on it; a month left with none goes.
_TAKE_OUT = ('UPDATE "dues_month_total" SET "amount_fen" = "amount_fen" - OLD."amount_fen",'
             ' "people" = "people" - 1, "last_paid_on" = CASE WHEN OLD."paid_on" < "last_paid_on"'
             ' THEN "last_paid_on" ELSE (SELECT MAX(d."paid_on") FROM "dues_payment" d'
             ' WHERE d."month" = OLD."month") END WHERE "month" = OLD."month";'
             ' DELETE FROM "dues_month_total" WHERE "month" = OLD."month" AND "people" <= 0;')


def _put_in(latest: str) -> str:
    """A payment added: its month's row made or added to (``latest``: the dialect's two-value max)."""
    t = '"dues_month_total"'
    return (f'INSERT INTO {t} ("month", "amount_fen", "people", "last_paid_on")'
            ' VALUES (NEW."month", NEW."amount_fen", 1, NEW."paid_on") ON CONFLICT ("month") DO UPDATE SET'
            f' "amount_fen" = {t}."amount_fen" + excluded."amount_fen", "people" = {t}."people" + 1,'
            f' "last_paid_on" = {latest}({t}."last_paid_on", excluded."last_paid_on");')


def install(db: Database) -> None:
    """Make the table, its triggers and the index they read, and fill it (migration 21)."""
    db.execute_sql(f'CREATE TABLE IF NOT EXISTS "{TABLE}" ("month" DATE NOT NULL PRIMARY KEY,'
                   ' "amount_fen" BIGINT NOT NULL, "people" INTEGER NOT NULL, "last_paid_on" DATE)')
    # a month's latest payment date from the index (a payment taken out); still covers a month's sum
    db.execute_sql('DROP INDEX IF EXISTS "dues_payment_month_totals"')
    db.execute_sql('CREATE INDEX IF NOT EXISTS "dues_payment_month_paid" ON "dues_payment"'
                   ' ("month", "paid_on", "amount_fen")')
    _create_triggers(db)
    rebuild(db)


def _create_triggers(db: Database) -> None:
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql(f"""CREATE OR REPLACE FUNCTION {PG_TRIGGER}() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF TG_OP <> 'INSERT' THEN {_TAKE_OUT} END IF;
                IF TG_OP <> 'DELETE' THEN {_put_in('GREATEST')} END IF;
                RETURN NULL;
            END $$""")
        db.execute_sql(f"DROP TRIGGER IF EXISTS {PG_TRIGGER} ON dues_payment")
        db.execute_sql(f"CREATE TRIGGER {PG_TRIGGER} AFTER INSERT OR DELETE OR UPDATE OF {WATCHED}"
                       f" ON dues_payment FOR EACH ROW EXECUTE FUNCTION {PG_TRIGGER}()")
        return
    insert, delete, update = TRIGGERS
    db.execute_sql(f'CREATE TRIGGER IF NOT EXISTS {insert} AFTER INSERT ON "dues_payment" BEGIN {_put_in("MAX")} END')
    db.execute_sql(f'CREATE TRIGGER IF NOT EXISTS {delete} AFTER DELETE ON "dues_payment" BEGIN {_TAKE_OUT} END')
    db.execute_sql(f'CREATE TRIGGER IF NOT EXISTS {update} AFTER UPDATE OF {WATCHED} ON "dues_payment" BEGIN'
                   f' {_TAKE_OUT} {_put_in("MAX")} END')


def rebuild(db: Database) -> None:
    """Count the table again from the payments, in one pass."""
    db.execute_sql(f'DELETE FROM "{TABLE}"')
    db.execute_sql(f'INSERT INTO "{TABLE}" ("month", "amount_fen", "people", "last_paid_on") {RECOUNT}')


@contextmanager
def triggers_off(db: Database):
    """Inside ``database.atomic()``: write many payments (a whole office copied, a demo filled)
    without a trigger per row, then count the table again once."""
    if isinstance(db, PostgresqlDatabase):
        db.execute_sql(f"ALTER TABLE dues_payment DISABLE TRIGGER {PG_TRIGGER}")
        yield
        db.execute_sql(f"ALTER TABLE dues_payment ENABLE TRIGGER {PG_TRIGGER}")
    else:
        for trigger in TRIGGERS:
            db.execute_sql(f"DROP TRIGGER IF EXISTS {trigger}")
        yield
        _create_triggers(db)
    rebuild(db)


def mismatches(execute) -> list[str]:
    """The months whose kept total differs from their payments, as the file check words them
    (``execute``: a DB-API connection's or peewee database's ``execute``/``execute_sql``)."""
    def read(sql: str) -> dict[str, tuple[int, int, str]]:
        return {str(m): (int(fen), int(people), str(last)) for m, fen, people, last in execute(sql).fetchall()}

    def said(found: tuple | None) -> str:
        fen, people, last = found or (0, 0, "")
        return f"{fen / 100:.2f} 元 {people} 人" + (f"（最后缴费 {last}）" if last else "")

    kept = read(f'SELECT "month", "amount_fen", "people", "last_paid_on" FROM "{TABLE}"')
    counted = read(RECOUNT)
    return [f"会费月合计：{month[:7]} 记为 {said(kept.get(month))}，缴费记录为 {said(counted.get(month))}"
            for month in sorted(set(kept) | set(counted)) if kept.get(month) != counted.get(month)]
