"""The current peewee models. Tables are created and changed only by numbered migrations
(``migrations.py``); these classes describe the schema at the newest version."""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    DatabaseProxy,
    DateField,
    DateTimeField,
    DeferredForeignKey,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

database = DatabaseProxy()


def now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False


class SchemaVersion(BaseModel):
    version = IntegerField()


class Setting(BaseModel):
    """The chapter's own settings (particulars, numbering, defaults) as JSON values."""

    key = CharField(primary_key=True, max_length=100)
    value = TextField()


class Department(BaseModel):
    id = AutoField()
    name = CharField(max_length=100, unique=True)
    sort_order = IntegerField(default=0)
    note = TextField(default="")


class CodeItem(BaseModel):
    """One entry of an editable code list (学历, 民族, 就业状况 …)."""

    id = AutoField()
    category = CharField(max_length=50, index=True)
    value = CharField(max_length=100)
    sort_order = IntegerField(default=0)

    class Meta:
        indexes = ((("category", "value"), True),)


class AuditLog(BaseModel):
    """What changed, when: before/after JSON with personal numbers masked."""

    id = AutoField()
    at = DateTimeField(default=now, index=True)
    actor = CharField(max_length=100, default="")
    action = CharField(max_length=50)
    table_name = CharField(max_length=100)
    row_id = IntegerField(null=True)
    before = TextField(null=True)
    after = TextField(null=True)


class Person(BaseModel):
    """职工: every employee, member or not."""

    id = AutoField()
    name = CharField(max_length=50)
    name_pinyin = CharField(max_length=200, index=True, default="")
    name_initials = CharField(max_length=50, index=True, default="")
    gender = CharField(max_length=2, default="")
    birth_date = DateField(null=True)
    ethnicity = CharField(max_length=20, default="")
    employment_status = CharField(max_length=20, default="在岗")
    id_type = CharField(max_length=20, default="身份证")
    id_number = CharField(max_length=40, unique=True)
    id_upgraded = BooleanField(default=False)
    education = CharField(max_length=20, default="")
    skill_level = CharField(max_length=30, default="")
    mobile = CharField(max_length=20, default="")
    hukou_type = CharField(max_length=20, default="")
    hukou_place = CharField(max_length=100, default="")
    political_status = CharField(max_length=20, default="")
    department = ForeignKeyField(Department, null=True, on_delete="SET NULL", backref="people")
    position = CharField(max_length=50, default="")
    native_place = CharField(max_length=100, default="")
    is_migrant = BooleanField(default=False)
    employment_form = CharField(max_length=20, default="")
    hire_date = DateField(null=True)
    work_start_date = DateField(null=True)
    # Deferred: UnionGroup refers back to Person for its 组长.
    union_group = DeferredForeignKey("UnionGroup", null=True, on_delete="SET NULL", backref="members")
    union_post = CharField(max_length=30, default="")
    member_card_no = CharField(max_length=40, default="", index=True)
    note = TextField(default="")
    left_on = DateField(null=True)
    # Latest membership event kind, kept by domain.members in the same transaction as the events.
    membership_state = CharField(max_length=4, default="", index=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)

    class Meta:
        # Created by migration 3: the roster list in pinyin order, read from the index alone.
        indexes = ((("name_pinyin", "id", "membership_state", "left_on"), False),)


class UnionGroup(BaseModel):
    """工会小组 under a department, with its 组长."""

    id = AutoField()
    name = CharField(max_length=100)
    department = ForeignKeyField(Department, null=True, on_delete="SET NULL", backref="groups")
    leader = ForeignKeyField(Person, null=True, on_delete="SET NULL", backref="led_groups")
    note = TextField(default="")

    class Meta:
        indexes = ((("department", "name"), True),)




class MembershipEvent(BaseModel):
    """会籍变化: 入会, 转入, 保留, 转出, 除名, 退会 with its date and reason."""

    id = AutoField()
    person = ForeignKeyField(Person, on_delete="CASCADE", backref="membership_events")
    kind = CharField(max_length=4)
    date = DateField()
    reason = CharField(max_length=100, default="")
    note = TextField(default="")
    created_at = DateTimeField(default=now)

    class Meta:
        indexes = ((("person", "date"), False),)


ALL_MODELS = [SchemaVersion, Setting, Department, CodeItem, AuditLog, Person, UnionGroup, MembershipEvent]
