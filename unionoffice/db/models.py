"""The current peewee models. Tables are created and changed only by numbered migrations
(``migrations.py``); these classes describe the schema at the newest version."""

from __future__ import annotations

import datetime as dt

from peewee import (
    AutoField,
    BlobField,
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
    name_key = CharField(max_length=600, default="")  # collation.name_key: the order of every list of people
    gender = CharField(max_length=2, default="")
    birth_date = DateField(null=True)
    ethnicity = CharField(max_length=20, default="")
    employment_status = CharField(max_length=20, default="在岗")
    id_type = CharField(max_length=20, default="身份证")
    id_number = CharField(max_length=40, unique=True)
    id_upgraded = BooleanField(default=False)
    education = CharField(max_length=20, default="")
    education_detail = CharField(max_length=50, default="")  # the HR roster's finer 学历 (硕士研究生)
    skill_level = CharField(max_length=30, default="")
    mobile = CharField(max_length=20, default="")
    hukou_type = CharField(max_length=20, default="")
    hukou_place = CharField(max_length=100, default="")
    political_status = CharField(max_length=20, default="")
    political_detail = CharField(max_length=50, default="")  # the HR roster's finer 政治面貌 (九三学社)
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
    row_version = IntegerField(default=0)  # raised by a trigger on every update (migration 11)

    class Meta:
        # Created by migration 12 (3 before it): the roster list in name order, read from the index alone.
        indexes = ((("name_key", "id", "membership_state", "left_on"), False),)


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


class Notice(BaseModel):
    """厂务公开事项. Its state follows its dates (see ``domain.notices.state_on``)."""

    id = AutoField()
    title = CharField(max_length=200)
    category = CharField(max_length=60)
    form = CharField(max_length=30, default="")
    content = TextField(default="")  # rich text (HTML)
    department = CharField(max_length=100, default="")
    reviewer = CharField(max_length=50, default="")
    reviewed_on = DateField(null=True)
    published_on = DateField(null=True, index=True)
    period_days = IntegerField(default=7)
    ends_on = DateField(null=True, index=True)  # last day of the period, kept by the domain layer
    timing = CharField(max_length=4, default="")  # 事前 / 事中 / 事后
    archived_on = DateField(null=True)
    created_at = DateTimeField(default=now)
    updated_at = DateTimeField(default=now)
    row_version = IntegerField(default=0)  # raised by a trigger on every update (migration 11)


class NoticeFeedback(BaseModel):
    """意见反馈 on a notice, with its answer."""

    id = AutoField()
    notice = ForeignKeyField(Notice, on_delete="CASCADE", backref="feedback")
    received_on = DateField()
    author = CharField(max_length=50, default="")  # empty: anonymous
    content = TextField()
    answer = TextField(default="")
    answered_by = CharField(max_length=50, default="")
    answered_on = DateField(null=True)


class NoticeNote(BaseModel):
    """An annotation: the only change an archived notice accepts."""

    id = AutoField()
    notice = ForeignKeyField(Notice, on_delete="CASCADE", backref="notes")
    at = DateTimeField(default=now)
    text = TextField()


class NoticeAttachment(BaseModel):
    id = AutoField()
    notice = ForeignKeyField(Notice, on_delete="CASCADE", backref="attachments")
    filename = CharField(max_length=255)
    data = BlobField()
    size = IntegerField()
    added_at = DateTimeField(default=now)


class Activity(BaseModel):
    """活动: sports, culture, training, lectures … Money in integer 分."""

    id = AutoField()
    name = CharField(max_length=200)
    kind = CharField(max_length=20)
    starts_at = DateTimeField(index=True)
    ends_at = DateTimeField(null=True)
    place = CharField(max_length=200, default="")
    department = CharField(max_length=100, default="")
    budget_fen = IntegerField(default=0)
    cost_fen = IntegerField(default=0)  # the sum of the cost items when there are any
    cap = IntegerField(null=True)
    description = TextField(default="")
    summary = TextField(default="")
    recorded_attendance = IntegerField(null=True)  # 参加人数 of an imported ledger row without names
    created_at = DateTimeField(default=now)
    row_version = IntegerField(default=0)  # raised by a trigger on every update (migration 11)


class ActivityCost(BaseModel):
    id = AutoField()
    activity = ForeignKeyField(Activity, on_delete="CASCADE", backref="costs")
    item = CharField(max_length=100)
    amount_fen = IntegerField()


class Signup(BaseModel):
    """报名: 报名 (in), 候补 (waiting list), 退出 (withdrawn); 签到 and 获奖 on the same row."""

    id = AutoField()
    activity = ForeignKeyField(Activity, on_delete="CASCADE", backref="signups")
    person = ForeignKeyField(Person, on_delete="RESTRICT", backref="signups")
    signed_at = DateTimeField(default=now)
    status = CharField(max_length=4)
    attended = BooleanField(default=False)
    walk_in = BooleanField(default=False)  # added on the day, not signed up before
    award = CharField(max_length=100, default="")

    class Meta:
        indexes = ((("activity", "person"), True),)


class ActivityAttachment(BaseModel):
    id = AutoField()
    activity = ForeignKeyField(Activity, on_delete="CASCADE", backref="attachments")
    filename = CharField(max_length=255)
    data = BlobField()
    size = IntegerField()
    added_at = DateTimeField(default=now)


class Congress(BaseModel):
    """职工（代表）大会: 第{term}届第{session}次."""

    id = AutoField()
    term = IntegerField()
    session = IntegerField()
    kind = CharField(max_length=10, default="职工代表大会")  # or 职工大会 (under 100 employees)
    starts_on = DateField(null=True)
    ends_on = DateField(null=True)
    place = CharField(max_length=200, default="")
    expected = IntegerField(null=True)  # 应到
    attendance = IntegerField(null=True)  # 实到

    class Meta:
        indexes = ((("term", "session"), True),)


class Representative(BaseModel):
    """职工代表 of a term, chosen from the roster."""

    id = AutoField()
    term = IntegerField(index=True)
    person = ForeignKeyField(Person, on_delete="RESTRICT", backref="representations")
    delegation = CharField(max_length=100, default="")  # 代表团（组）
    level = CharField(max_length=10, default="一线")  # 一线 / 中层及以上

    class Meta:
        indexes = ((("term", "person"), True),)


class Motion(BaseModel):
    """提案 and its whole life: 征集 → 审查 → 交办 → 答复 → 提案人意见 → 归档."""

    id = AutoField()
    number = CharField(max_length=20, unique=True)
    year = IntegerField()
    congress = ForeignKeyField(Congress, on_delete="RESTRICT", backref="motions")
    category = CharField(max_length=20)
    title = CharField(max_length=200)  # 案由
    reason = TextField(default="")  # 理由/依据
    proposal = TextField(default="")  # 办法/建议
    proposer = ForeignKeyField(Person, on_delete="RESTRICT", backref="motions")
    delegation = CharField(max_length=100, default="")
    submitted_on = DateField()
    stage = CharField(max_length=10, index=True)
    review_result = CharField(max_length=10, default="")
    review_reason = TextField(default="")
    reviewed_on = DateField(null=True)
    merged_into = ForeignKeyField("self", null=True, on_delete="SET NULL", backref="merged")
    promoted = BooleanField(default=False)  # 大会议案
    lead_department = CharField(max_length=100, default="")
    co_departments = CharField(max_length=300, default="")
    assigned_on = DateField(null=True)
    due_on = DateField(null=True)
    reply_text = TextField(default="")
    reply_on = DateField(null=True)
    reply_grade = CharField(max_length=1, default="")
    verdict = CharField(max_length=6, default="")
    verdict_on = DateField(null=True)
    reopened = IntegerField(default=0)
    archived_on = DateField(null=True)
    row_version = IntegerField(default=0)  # raised by a trigger on every update (migration 11)


class MotionSeconder(BaseModel):
    id = AutoField()
    motion = ForeignKeyField(Motion, on_delete="CASCADE", backref="seconders")
    person = ForeignKeyField(Person, on_delete="RESTRICT", backref="seconded")

    class Meta:
        indexes = ((("motion", "person"), True),)


class MotionEvent(BaseModel):
    """The trail: every stage with its date and who recorded it."""

    id = AutoField()
    motion = ForeignKeyField(Motion, on_delete="CASCADE", backref="events")
    on = DateField()
    action = CharField(max_length=20)
    detail = TextField(default="")
    recorded_by = CharField(max_length=100, default="")
    recorded_at = DateTimeField(default=now)


class HardshipCase(BaseModel):
    """困难职工档案: 申请 → 入户调查 → 公示 → 上级工会复核 → 建档; reviewed yearly; 退档."""

    id = AutoField()
    person = ForeignKeyField(Person, on_delete="RESTRICT", backref="hardship_cases")
    category = CharField(max_length=10)  # 深度困难 / 相对困难 / 意外致困
    target = CharField(max_length=10, default="城镇困难职工")  # or 困难农民工
    main_cause = CharField(max_length=10, default="")
    other_cause = CharField(max_length=10, default="")
    health = CharField(max_length=50, default="")
    marital = CharField(max_length=10, default="")
    housing = CharField(max_length=50, default="")
    family_size = IntegerField(default=1)
    family_income_fen = IntegerField(default=0)  # 家庭年总收入
    own_income_fen = IntegerField(default=0)  # 本人月收入
    bank = CharField(max_length=100, default="")
    card_no = CharField(max_length=40, default="")
    stage = CharField(max_length=10, index=True)
    applied_on = DateField()
    filed_on = DateField(null=True)  # 建档
    closed_on = DateField(null=True)  # 退档
    close_reason = TextField(default="")
    reviewed_on = DateField(null=True)  # the latest yearly review
    note = TextField(default="")
    row_version = IntegerField(default=0)  # raised by a trigger on every update (migration 11)
    # the full 建档申请表 (migration 18)
    staff_no = CharField(max_length=30, default="")  # 职工编号
    disability_kind = CharField(max_length=20, default="")  # 残疾类别
    disability_grade = CharField(max_length=10, default="")  # 残疾等级
    model_worker = CharField(max_length=30, default="")  # 劳模类型
    medical_insurance = CharField(max_length=30, default="")  # 医保状况
    housing_type = CharField(max_length=30, default="")  # 住房类型
    housing_area = CharField(max_length=12, default="")  # 建筑面积 (㎡, a decimal as text)
    hukou_place = CharField(max_length=100, default="")  # 户口所在地（行政区划）
    residence = CharField(max_length=200, default="")  # 现居住地
    employer_nature = CharField(max_length=30, default="")  # 单位性质
    enterprise_state = CharField(max_length=30, default="")  # 企业状况
    single_parent = BooleanField(default=False)  # 单亲家庭
    zero_employment = BooleanField(default=False)  # 零就业家庭
    self_help = CharField(max_length=20, default="")  # 自救能力
    contract_from = DateField(null=True)  # 劳动合同起
    contract_to = DateField(null=True)  # 劳动合同止
    other_income_fen = IntegerField(default=0)  # 家庭其他年收入 (part of 家庭年总收入)
    medical_expense_fen = IntegerField(default=0)  # 刚性支出: 医疗 (a year)
    education_expense_fen = IntegerField(default=0)  # 刚性支出: 教育 (a year)
    other_expense_fen = IntegerField(default=0)  # 刚性支出: 其他 (a year)
    cause_detail = TextField(default="")  # 致困原因简述
    suggested_category = CharField(max_length=10, default="")  # what the 低保 test suggested when saved
    category_reason = TextField(default="")  # why the clerk chose otherwise


class CaseStep(BaseModel):
    id = AutoField()
    case = ForeignKeyField(HardshipCase, on_delete="CASCADE", backref="steps")
    step = CharField(max_length=10)
    on = DateField()
    actor = CharField(max_length=50, default="")
    note = TextField(default="")


class FamilyMember(BaseModel):
    id = AutoField()
    case = ForeignKeyField(HardshipCase, on_delete="CASCADE", backref="family")
    name = CharField(max_length=50)
    relation = CharField(max_length=20, default="")
    id_number = CharField(max_length=40, default="")
    health = CharField(max_length=50, default="")
    monthly_income_fen = IntegerField(default=0)
    identity = CharField(max_length=30, default="")
    school_or_work = CharField(max_length=100, default="")
    gender = CharField(max_length=2, default="")  # migration 18
    political_status = CharField(max_length=20, default="")
    education = CharField(max_length=20, default="")
    medical_insurance = CharField(max_length=30, default="")


class Campaign(BaseModel):
    """捐款: a donation campaign, its donors and what it funded."""

    id = AutoField()
    cause = CharField(max_length=200)
    starts_on = DateField()
    ends_on = DateField(null=True)
    note = TextField(default="")


class Donation(BaseModel):
    id = AutoField()
    campaign = ForeignKeyField(Campaign, on_delete="CASCADE", backref="donations")
    person = ForeignKeyField(Person, null=True, on_delete="RESTRICT", backref="donations")
    donor = CharField(max_length=100)
    amount_fen = IntegerField()
    on = DateField()


class Assistance(BaseModel):
    """帮扶记录: one payment (or gift in kind) to one person, with its approver."""

    id = AutoField()
    person = ForeignKeyField(Person, on_delete="RESTRICT", backref="assistance")
    kind = CharField(max_length=10, index=True)
    occasion = CharField(max_length=20, default="")
    on = DateField(index=True)
    amount_fen = IntegerField(default=0)
    goods = CharField(max_length=200, default="")
    source = CharField(max_length=20, default="本级工会经费")
    approver = CharField(max_length=50)
    signed = BooleanField(default=False)
    campaign = ForeignKeyField(Campaign, null=True, on_delete="SET NULL", backref="payments")
    school_level = CharField(max_length=10, default="")
    batch = CharField(max_length=50, default="")
    note = TextField(default="")
    created_at = DateTimeField(default=now)


class WageBase(BaseModel):
    """工资基数 from a month on (the history: the latest on or before a month applies)."""

    id = AutoField()
    person = ForeignKeyField(Person, on_delete="CASCADE", backref="wage_bases")
    month = DateField()  # the first day of the month it takes effect
    base_fen = IntegerField()
    source = CharField(max_length=20, default="")

    class Meta:
        indexes = ((("person", "month"), True),)


class DuesPayment(BaseModel):
    """会费 paid for one month, with the base and amount as they were."""

    id = AutoField()
    person = ForeignKeyField(Person, on_delete="RESTRICT", backref="dues")
    month = DateField(index=True)
    base_fen = IntegerField()
    amount_fen = IntegerField()
    paid_on = DateField()
    note = CharField(max_length=100, default="")

    class Meta:
        indexes = ((("person", "month"), True),)


class Cadre(BaseModel):
    """工会干部: 专职 or 兼职, the post and since when (until: no longer a cadre)."""

    id = AutoField()
    person = ForeignKeyField(Person, on_delete="RESTRICT", backref="cadre_posts")
    kind = CharField(max_length=4)  # 专职 / 兼职
    post = CharField(max_length=50)
    since = DateField()
    until = DateField(null=True)


class CadreTraining(BaseModel):
    id = AutoField()
    cadre = ForeignKeyField(Cadre, on_delete="CASCADE", backref="trainings")
    on = DateField()
    course = CharField(max_length=200)
    hours = IntegerField()


class Application(BaseModel):
    """入会申请: applied → approved (会员证号 issued, a 入会 event recorded)."""

    id = AutoField()
    person = ForeignKeyField(Person, on_delete="CASCADE", backref="applications")
    applied_on = DateField()
    approved_on = DateField(null=True)
    approved_by = CharField(max_length=50, default="")
    card_no = CharField(max_length=40, default="")


class Committee(BaseModel):
    """A committee of the chapter for one term: 工会委员会, 经费审查委员会, 女职工委员会 …"""

    id = AutoField()
    kind = CharField(max_length=20)
    term_start = DateField()
    term_end = DateField(null=True)


class CommitteeMember(BaseModel):
    id = AutoField()
    committee = ForeignKeyField(Committee, on_delete="CASCADE", backref="members")
    person = ForeignKeyField(Person, on_delete="RESTRICT", backref="committee_posts")
    post = CharField(max_length=30, default="委员")


class Election(BaseModel):
    """换届选举: the request to the higher union and its reply, the meeting, the votes, the result."""

    id = AutoField()
    kind = CharField(max_length=20)  # the committee elected
    requested_on = DateField(null=True)
    request_no = CharField(max_length=50, default="")
    replied_on = DateField(null=True)
    reply_no = CharField(max_length=50, default="")
    meeting = CharField(max_length=10, default="会员大会")  # or 会员代表大会
    held_on = DateField(null=True)
    entitled = IntegerField(default=0)  # 应到 (entitled to vote)
    present = IntegerField(default=0)  # 实到
    term_years = IntegerField(default=5)
    committee = ForeignKeyField(Committee, null=True, on_delete="SET NULL", backref="elections")


class Candidate(BaseModel):
    id = AutoField()
    election = ForeignKeyField(Election, on_delete="CASCADE", backref="candidates")
    person = ForeignKeyField(Person, on_delete="RESTRICT", backref="candidacies")
    post = CharField(max_length=30, default="委员")
    votes = IntegerField(default=0)



class Voucher(BaseModel):
    """记账凭证: one entry of the chapter's own books (domain.md §14). 凭证号 unique in its year."""

    id = AutoField()
    year = IntegerField(index=True)
    number = IntegerField()
    on = DateField(index=True)
    summary = CharField(max_length=200, default="")
    direction = CharField(max_length=2)  # 收入 / 支出
    category = CharField(max_length=50)
    item = CharField(max_length=100, default="")  # 明细科目
    amount_fen = IntegerField()
    settlement = CharField(max_length=4, default="银行存款")  # 现金 / 银行存款
    handler = CharField(max_length=50, default="")  # 经办人
    approver = CharField(max_length=50)  # 审批人
    pages = IntegerField(default=0)  # 附件张数
    person = ForeignKeyField(Person, null=True, on_delete="SET NULL", backref="vouchers")  # 领款人 (for the limits)
    created_at = DateTimeField(default=now)
    row_version = IntegerField(default=0)  # raised by a trigger on every update (migration 15)

    class Meta:
        indexes = ((("year", "number"), True),)


class VoucherAttachment(BaseModel):
    id = AutoField()
    voucher = ForeignKeyField(Voucher, on_delete="CASCADE", backref="attachments")
    filename = CharField(max_length=255)
    data = BlobField()
    size = IntegerField()
    added_at = DateTimeField(default=now)


class FundsOpening(BaseModel):
    """年初余额 of a year: cash and bank, entered once."""

    year = IntegerField(primary_key=True)
    cash_fen = IntegerField(default=0)
    bank_fen = IntegerField(default=0)


class FundsBudget(BaseModel):
    """预算: an amount per category for a year."""

    id = AutoField()
    year = IntegerField()
    category = CharField(max_length=50)
    amount_fen = IntegerField()

    class Meta:
        indexes = ((("year", "category"), True),)


class ClosedMonth(BaseModel):
    """结账: a month whose vouchers no longer change until it is reopened."""

    id = AutoField()
    year = IntegerField()
    month = IntegerField()
    closed_at = DateTimeField(default=now)
    closed_by = CharField(max_length=100, default="")

    class Meta:
        indexes = ((("year", "month"), True),)


class Contract(BaseModel):
    """集体合同 and its 集体协商 (domain.md §15): 要约 → 协商会议 → 草案 → 职代会审议 → 签字 → 报送 →
    生效 (15 days after 报送) → 公示 (a 厂务公开 notice). In force on a day between 起始 and 终止日期."""

    id = AutoField()
    name = CharField(max_length=200)
    kind = CharField(max_length=30)
    proposer = CharField(max_length=10, default="工会")  # 要约方: 工会 / 企业
    proposed_on = DateField(null=True)  # 要约日期 (the other side answers within 20 days)
    proposal = TextField(default="")  # 要约书 text: what is to be negotiated
    answered_on = DateField(null=True)
    draft_on = DateField(null=True)
    congress = ForeignKeyField(Congress, null=True, on_delete="SET NULL", backref="contracts")
    voted_on = DateField(null=True)
    votes_for = IntegerField(null=True)
    votes_entitled = IntegerField(null=True)  # all representatives (or employees) on the day
    signed_on = DateField(null=True)
    starts_on = DateField(null=True, index=True)
    ends_on = DateField(null=True, index=True)
    filed_on = DateField(null=True)  # 报送 the labour department
    publicised_on = DateField(null=True)
    notice = ForeignKeyField(Notice, null=True, on_delete="SET NULL", backref="contracts")
    covered = IntegerField(default=0)  # 覆盖职工人数
    wage_increase = CharField(max_length=50, default="")  # a wage contract's agreed increase
    text = TextField(default="")
    note = TextField(default="")
    created_at = DateTimeField(default=now)
    row_version = IntegerField(default=0)


class ContractMeeting(BaseModel):
    """协商会议 with both sides' 首席代表 and members, and its 协商记录."""

    id = AutoField()
    contract = ForeignKeyField(Contract, on_delete="CASCADE", backref="meetings")
    held_on = DateField()
    place = CharField(max_length=200, default="")
    union_chief = CharField(max_length=50)
    union_members = CharField(max_length=500, default="")
    employer_chief = CharField(max_length=50)
    employer_members = CharField(max_length=500, default="")
    record = TextField(default="")


class ContractAttachment(BaseModel):
    id = AutoField()
    contract = ForeignKeyField(Contract, on_delete="CASCADE", backref="attachments")
    filename = CharField(max_length=255)
    data = BlobField()
    size = IntegerField()
    added_at = DateTimeField(default=now)


class MediationCase(BaseModel):
    """劳动争议调解 by the 调解委员会: 申请 → 受理 (or 不予受理) → 调解 within 15 days → 结案."""

    id = AutoField()
    number = CharField(max_length=30, unique=True)  # 案号
    applied_on = DateField(index=True)
    person = ForeignKeyField(Person, on_delete="RESTRICT", backref="mediations")
    kind = CharField(max_length=20)  # 争议类型
    people = IntegerField(default=1)  # 涉及人数 (10 or more: a collective dispute)
    amount_fen = IntegerField(default=0)
    how = CharField(max_length=4, default="书面")  # 申请方式: 书面 / 口头 (written down)
    request = TextField(default="")  # 申请事项, or the record of an oral application
    accepted_on = DateField(null=True, index=True)
    refused_on = DateField(null=True)
    refusal = CharField(max_length=500, default="")  # 不予受理 reason
    mediator = CharField(max_length=50, default="")
    closed_on = DateField(null=True)
    result = CharField(max_length=10, default="")  # 调解成功 / 调解不成 / 撤回 / 不予受理
    agreement_no = CharField(max_length=40, default="")
    agreement = TextField(default="")
    note = TextField(default="")
    created_at = DateTimeField(default=now)
    row_version = IntegerField(default=0)


class Forum(BaseModel):
    """座谈会: a meeting with workers (date, topic, who attended) that collects their requests."""

    id = AutoField()
    held_on = DateField(index=True)
    topic = CharField(max_length=200)
    attendance = TextField(default="")  # who attended, as the minutes list them
    attendance_count = IntegerField(default=0)
    created_at = DateTimeField(default=now)
    row_version = IntegerField(default=0)


class Grievance(BaseModel):
    """职工诉求: a worker's request followed through 责任部门, 期限, 措施 to 办结 and 满意度."""

    id = AutoField()
    number = CharField(max_length=30, unique=True)
    received_on = DateField(index=True)
    source = CharField(max_length=10)
    proposer = CharField(max_length=50, default="匿名")
    content = TextField()
    category = CharField(max_length=10, default="其他")
    department = CharField(max_length=100, default="")
    due_on = DateField(null=True)
    measures = TextField(default="")
    closed_on = DateField(null=True)
    result = CharField(max_length=10, default="")
    reply = TextField(default="")
    satisfaction = CharField(max_length=10, default="")
    forum = ForeignKeyField(Forum, null=True, on_delete="SET NULL", backref="grievances")
    created_at = DateTimeField(default=now)
    row_version = IntegerField(default=0)


class Inspection(BaseModel):
    """劳动保护监督检查: one inspection (date and scope make it one) and the hazards it found."""

    id = AutoField()
    inspected_on = DateField(index=True)
    scope = CharField(max_length=200)
    kind = CharField(max_length=10, default="日常检查")
    inspectors = CharField(max_length=200, default="")
    note = TextField(default="")
    created_at = DateTimeField(default=now)
    row_version = IntegerField(default=0)

    class Meta:
        indexes = ((("inspected_on", "scope"), True),)


class Hazard(BaseModel):
    """隐患: found by an inspection, followed to 整改完成 and its verification."""

    id = AutoField()
    inspection = ForeignKeyField(Inspection, on_delete="CASCADE", backref="hazards")
    description = CharField(max_length=500)
    level = CharField(max_length=4, default="一般")
    department = CharField(max_length=100, default="")
    due_on = DateField(null=True)
    fixed_on = DateField(null=True)
    verified_by = CharField(max_length=50, default="")
    verified_on = DateField(null=True)


class Suggestion(BaseModel):
    """合理化建议: from a worker on the roster, 评审 (采纳/不采纳/待评审), 实施, benefit and reward."""

    id = AutoField()
    number = CharField(max_length=30, unique=True)
    submitted_on = DateField(index=True)
    person = ForeignKeyField(Person, on_delete="RESTRICT", backref="suggestions")
    title = CharField(max_length=200)
    content = TextField(default="")
    result = CharField(max_length=4, default="待评审")
    reviewed_on = DateField(null=True)
    implemented_on = DateField(null=True)
    benefit_fen = IntegerField(default=0)
    reward_fen = IntegerField(default=0)
    reward_paid_on = DateField(null=True)  # paid from union funds: 业务支出/专项业务费 (§14)
    created_at = DateTimeField(default=now)
    row_version = IntegerField(default=0)


ALL_MODELS = [SchemaVersion, Setting, Department, CodeItem, AuditLog, Person, UnionGroup, MembershipEvent,
              Notice, NoticeFeedback, NoticeNote, NoticeAttachment, Activity, ActivityCost, Signup,
              ActivityAttachment, Congress, Representative, Motion, MotionSeconder, MotionEvent,
              HardshipCase, CaseStep, FamilyMember, Campaign, Donation, Assistance, WageBase, DuesPayment,
              Cadre, CadreTraining, Application, Committee, CommitteeMember, Election, Candidate,
              Voucher, VoucherAttachment, FundsOpening, FundsBudget, ClosedMonth,
              Contract, ContractMeeting, ContractAttachment, MediationCase,
              Forum, Grievance, Inspection, Hazard, Suggestion]
