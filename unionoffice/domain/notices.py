"""厂务公开: notices, their publication period, feedback and archive (domain.md §6).

A notice's state follows its dates: 草稿 until reviewed, 已审核 until its publication day, 公示中
from that day through the last day of its period, 公示期满 after it, 已归档 once archived (a manual
step). An archived notice is never edited again, only annotated."""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

from peewee import Case, fn

from unionoffice.db.models import Notice, NoticeAttachment, NoticeFeedback, NoticeNote, database, now
from unionoffice.domain import audit, concurrency, settings
from unionoffice.domain.validation import ValidationError, check_length, clean_text, parse_date
from unionoffice.domain.wording import fullwidth_brackets

CATEGORIES = (
    "经营管理基本情况", "招用职工及劳动合同签订", "集体合同和劳动规章制度",
    "奖惩、解除劳动合同、裁员及评先评优的条件、名额和结果", "劳动安全卫生与事故处理",
    "社会保险及企业年金缴费", "职工教育经费和培训计划", "劳动争议及处理结果",
    # state-owned enterprises add:
    "重大决策", "生产经营（预决算、大额资金、招投标、大宗采购）", "职工切身利益", "领导人员廉洁从业",
    "其他",  # last, as in every list
)
FORMS = ("职工（代表）大会", "厂务公开栏", "内网/公众号", "联席会议", "主席信箱")
TIMINGS = ("事前", "事中", "事后")
STATES = ("草稿", "已审核", "公示中", "公示期满", "已归档")
DEFAULT_PERIOD_KEY = "notices.default_period"


def default_period() -> int:
    return int(settings.get(DEFAULT_PERIOD_KEY, 7))


def ends_on(published_on: dt.date | None, days: int) -> dt.date | None:
    """The last day on the board: published today with 7 days → the 7th day, today included."""
    return published_on + dt.timedelta(days=days - 1) if published_on else None


def state_on(notice: Notice, on: dt.date | None = None) -> str:
    on = on or dt.date.today()
    if notice.archived_on and notice.archived_on <= on:
        return "已归档"
    if notice.published_on and notice.published_on <= on:
        return "公示中" if on <= notice.ends_on else "公示期满"
    if notice.reviewed_on:
        return "已审核"
    return "草稿"


def state_sql(on: dt.date):
    """The same rule as ``state_on``, as an SQL expression (for filters and counts)."""
    return Case(None, [
        ((Notice.archived_on.is_null(False)) & (Notice.archived_on <= on), "已归档"),
        ((Notice.published_on.is_null(False)) & (Notice.published_on <= on) & (Notice.ends_on >= on),
         "公示中"),
        ((Notice.published_on.is_null(False)) & (Notice.published_on <= on), "公示期满"),
        (Notice.reviewed_on.is_null(False), "已审核"),
    ], "草稿")


# --- rich text ------------------------------------------------------------------------------
_BLOCK_END = re.compile(r"</(p|div|h\d|li|tr)>|<br\s*/?>", re.I)
_CELL_END = re.compile(r"</t[dh]>", re.I)


def plain_text(content: str) -> str:
    """Rich text (HTML) as plain text: paragraphs on lines, table cells separated by tabs."""
    if not content or "<" not in content:
        return content or ""
    body = re.sub(r"(?is)<(head|style|script)\b.*?</\1>", "", content)
    body = _CELL_END.sub("\t", body)
    body = _BLOCK_END.sub("\n", body)
    text = html.unescape(re.sub(r"<[^>]+>", "", body))
    lines = [line.strip(" \t\u00a0") for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


def rich_text(text: str) -> str:
    """Plain text (as a ledger carries it) as simple rich text."""
    if "<" in text and re.search(r"</?(p|div|table|br|span|b|html)\b", text, re.I):
        return text
    return "".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())


# --- checking and saving --------------------------------------------------------------------
FIELDS = {"title": "标题", "category": "类别", "form": "公开形式", "content": "内容",
          "department": "责任部门", "reviewer": "审核人", "period_days": "公示期（天）",
          "timing": "事前/事中/事后"}


def validate(values: dict) -> dict:
    title = clean_text(values.get("title"))
    if not title:
        raise ValidationError("标题", "必须填写")
    category = clean_text(values.get("category"))
    if not category:
        raise ValidationError("类别", "必须选择")
    if category not in CATEGORIES:
        raise ValidationError("类别", f"“{category}”不是厂务公开的类别")
    raw_days = values.get("period_days")
    try:
        days = default_period() if raw_days in (None, "") else int(str(raw_days).strip())
    except ValueError:
        raise ValidationError("公示期（天）", f"应为整数天数，实际为“{raw_days}”") from None
    if days < 1:
        raise ValidationError("公示期（天）", "至少 1 天")
    if days > 366:
        raise ValidationError("公示期（天）", "不能超过 366 天")
    timing = clean_text(values.get("timing"))
    if timing and timing not in TIMINGS:
        raise ValidationError("事前/事中/事后", f"应为 {'、'.join(TIMINGS)} 之一")
    return {
        "title": check_length(title, "标题", 200), "category": category,
        "form": check_length(fullwidth_brackets(clean_text(values.get("form"))), "公开形式", 30),
        "content": values.get("content") or "",
        "department": check_length(clean_text(values.get("department")), "责任部门", 100),
        "reviewer": check_length(clean_text(values.get("reviewer")), "审核人", 50),
        "period_days": days, "timing": timing,
    }


def _editable(notice: Notice) -> None:
    if notice.archived_on:
        raise ValidationError("厂务公开", "已归档的事项不能修改，只能添加备注")


def create(values: dict) -> Notice:
    clean = validate(values)
    with database.atomic():
        notice = Notice.create(**clean)
        audit.record("create", "notice", notice.id, None, {k: v for k, v in clean.items() if k != "content"})
    return notice


FIELD_LABELS = {"title": "标题", "category": "类别", "form": "公开形式", "content": "内容",
                "department": "责任部门", "reviewer": "审核人", "period_days": "公示期（天）",
                "timing": "事前/事中/事后"}


def update(notice_id: int, values: dict, base: concurrency.Base | None = None) -> Notice:
    """Save an edited notice; ``base`` as in ``members.update_person``."""
    clean = validate(values)
    with database.atomic():
        notice = concurrency.lock_row(Notice, notice_id)
        _editable(notice)
        before = {k: getattr(notice, k) for k in clean}
        changed = concurrency.changes_to_write("公开事项", notice, before, clean, base, FIELD_LABELS,
                                               lambda n: n.updated_at)
        if changed:
            extra = {"ends_on": ends_on(notice.published_on, clean["period_days"])}
            Notice.update(**changed, **extra, updated_at=now()).where(Notice.id == notice_id).execute()
            audit.record("update", "notice", notice_id,
                         {k: before[k] for k in changed if k != "content"},
                         {k: v for k, v in changed.items() if k != "content"} | (
                             {"content": "（已修改）"} if "content" in changed else {}))
    return Notice.get_by_id(notice_id)


def get(notice_id: int) -> Notice:
    return Notice.get_by_id(notice_id)


def delete(notice_id: int) -> None:
    notice = Notice.get_by_id(notice_id)
    if notice.published_on:
        raise ValidationError("删除", "已发布的事项不能删除（可归档）")
    with database.atomic():
        notice.delete_instance(recursive=True)
        audit.record("delete", "notice", notice_id, {"title": notice.title}, None)


def review(notice_id: int, reviewer: str, on=None) -> Notice:
    notice = Notice.get_by_id(notice_id)
    _editable(notice)
    reviewer = clean_text(reviewer) or notice.reviewer
    if not reviewer:
        raise ValidationError("审核人", "审核须写明审核人")
    date = parse_date(on, "审核日期") if on else dt.date.today()
    with database.atomic():
        Notice.update(reviewer=reviewer, reviewed_on=date, updated_at=now()).where(
            Notice.id == notice_id).execute()
        audit.record("review", "notice", notice_id, None, {"reviewer": reviewer, "date": date})
    return Notice.get_by_id(notice_id)


def publish(notice_id: int, on=None) -> Notice:
    """Put a reviewed notice on the board from ``on`` (today by default; a later day schedules it)."""
    notice = Notice.get_by_id(notice_id)
    _editable(notice)
    if not notice.reviewed_on:
        raise ValidationError("发布", "须先审核，才能公开")
    date = parse_date(on, "公开日期", allow_future=True) if on else dt.date.today()
    if date < notice.reviewed_on:
        raise ValidationError("公开日期", "早于审核日期")
    with database.atomic():
        Notice.update(published_on=date, ends_on=ends_on(date, notice.period_days),
                      updated_at=now()).where(Notice.id == notice_id).execute()
        audit.record("publish", "notice", notice_id, None, {"date": date, "days": notice.period_days})
    return Notice.get_by_id(notice_id)


def archive(notice_id: int, on=None) -> Notice:
    notice = Notice.get_by_id(notice_id)
    date = parse_date(on, "归档日期") if on else dt.date.today()
    if notice.archived_on:
        raise ValidationError("归档", "已经归档")
    if not notice.published_on or state_on(notice, date) != "公示期满":
        raise ValidationError("归档", "公示期满后才能归档")
    with database.atomic():
        Notice.update(archived_on=date).where(Notice.id == notice_id).execute()
        audit.record("archive", "notice", notice_id, None, {"date": date})
    return Notice.get_by_id(notice_id)


def annotate(notice_id: int, text: str) -> NoticeNote:
    text = clean_text(text)
    if not text:
        raise ValidationError("备注", "不能为空")
    with database.atomic():
        note = NoticeNote.create(notice=notice_id, text=text)
        audit.record("annotate", "notice", notice_id, None, {"note": text})
    return note


def notes(notice_id: int) -> list[NoticeNote]:
    return list(NoticeNote.select().where(NoticeNote.notice == notice_id).order_by(NoticeNote.at))


# --- feedback -------------------------------------------------------------------------------
def add_feedback(notice_id: int, content: str, author: str = "", received_on=None) -> NoticeFeedback:
    notice = Notice.get_by_id(notice_id)
    content = clean_text(content) if "\n" not in (content or "") else content.strip()
    if not content:
        raise ValidationError("反馈内容", "不能为空")
    date = parse_date(received_on, "收到日期") if received_on else dt.date.today()
    if not notice.published_on or date < notice.published_on:
        raise ValidationError("收到日期", "早于公开日期：事项公开后才能收到反馈")
    with database.atomic():
        item = NoticeFeedback.create(notice=notice_id, content=content,
                                     author=clean_text(author), received_on=date)
        audit.record("feedback", "notice", notice_id, None, {"received_on": date})
    return item


def answer_feedback(feedback_id: int, answer: str, answered_by: str, on=None) -> NoticeFeedback:
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError("答复", "不能为空")
    answered_by = clean_text(answered_by)
    if not answered_by:
        raise ValidationError("答复人", "必须填写")
    item = NoticeFeedback.get_by_id(feedback_id)
    date = parse_date(on, "答复日期") if on else dt.date.today()
    if date < item.received_on:
        raise ValidationError("答复日期", "早于收到日期")
    with database.atomic():
        NoticeFeedback.update(answer=answer, answered_by=answered_by, answered_on=date).where(
            NoticeFeedback.id == feedback_id).execute()
        audit.record("answer", "notice", item.notice_id, None, {"answered_by": answered_by})
    return NoticeFeedback.get_by_id(feedback_id)


def feedback(notice_id: int) -> list[NoticeFeedback]:
    return list(NoticeFeedback.select().where(NoticeFeedback.notice == notice_id)
                .order_by(NoticeFeedback.received_on, NoticeFeedback.id))


# --- attachments ----------------------------------------------------------------------------
MAX_ATTACHMENT = 20 * 1024 * 1024


def attach(notice_id: int, filename: str, data: bytes) -> NoticeAttachment:
    _editable(Notice.get_by_id(notice_id))
    if len(data) > MAX_ATTACHMENT:
        raise ValidationError("附件", f"文件太大（上限 {MAX_ATTACHMENT // 1024 // 1024} MB）")
    with database.atomic():
        item = NoticeAttachment.create(notice=notice_id, filename=filename, data=data, size=len(data))
        audit.record("attach", "notice", notice_id, None, {"file": filename, "size": len(data)})
    return item


def attachments(notice_id: int) -> list[tuple[int, str, int]]:
    return [(a.id, a.filename, a.size) for a in NoticeAttachment.select(
        NoticeAttachment.id, NoticeAttachment.filename, NoticeAttachment.size)
        .where(NoticeAttachment.notice == notice_id).order_by(NoticeAttachment.id)]


def attachment_data(attachment_id: int) -> tuple[str, bytes]:
    item = NoticeAttachment.get_by_id(attachment_id)
    return item.filename, bytes(item.data)


def remove_attachment(attachment_id: int) -> None:
    item = NoticeAttachment.get_by_id(attachment_id)
    _editable(Notice.get_by_id(item.notice_id))
    with database.atomic():
        item.delete_instance()
        audit.record("detach", "notice", item.notice_id, {"file": item.filename}, None)


# --- lists and counts -----------------------------------------------------------------------
@dataclass
class NoticeFilter:
    text: str = ""
    category: str = ""
    state: str = ""
    year: int | None = None


def _year_condition(year: int):
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return (((Notice.published_on >= start) & (Notice.published_on <= end))
            | (Notice.published_on.is_null() & (Notice.created_at >= dt.datetime(year, 1, 1))
               & (Notice.created_at < dt.datetime(year + 1, 1, 1))))


def search(f: NoticeFilter, on: dt.date | None = None) -> list[dict]:
    """Rows for the table and the ledger, newest first."""
    on = on or dt.date.today()
    state = state_sql(on)
    feedback_count = (NoticeFeedback.select(fn.COUNT(NoticeFeedback.id))
                      .where(NoticeFeedback.notice == Notice.id))
    unanswered = (NoticeFeedback.select(fn.COUNT(NoticeFeedback.id))
                  .where((NoticeFeedback.notice == Notice.id) & (NoticeFeedback.answered_on.is_null())))
    query = Notice.select(Notice.id, Notice.title, Notice.category, Notice.form, Notice.department,
                          Notice.reviewer, Notice.reviewed_on, Notice.published_on,
                          Notice.period_days, Notice.ends_on, Notice.timing, Notice.archived_on,
                          Notice.content, state.alias("state"), feedback_count.alias("feedback"),
                          unanswered.alias("unanswered"))
    cond = True
    text = clean_text(f.text)
    if text:
        cond &= (Notice.title.contains(text) | Notice.department.contains(text)
                 | Notice.category.contains(text))
    if f.category:
        cond &= Notice.category == f.category
    if f.state:
        cond &= state == f.state
    if f.year:
        cond &= _year_condition(f.year)
    query = query.where(cond).order_by(Notice.published_on.desc(nulls="first"), Notice.id.desc())
    return list(query.dicts())


def on_board(on: dt.date | None = None) -> list[dict]:
    """What is on the board on a day (公示中), the soonest to end first."""
    on = on or dt.date.today()
    return sorted(search(NoticeFilter(state="公示中"), on), key=lambda r: (r["ends_on"], r["id"]))


def counts(on: dt.date | None = None) -> dict[str, int]:
    on = on or dt.date.today()
    showing = Notice.select().where(state_sql(on) == "公示中").count()
    waiting = NoticeFeedback.select().where(NoticeFeedback.answered_on.is_null()).count()
    return {"showing": showing, "feedback_waiting": waiting}


def year_count(start: dt.date, end: dt.date) -> int:
    """厂务公开事项数: notices published inside a period."""
    return Notice.select().where((Notice.published_on >= start) & (Notice.published_on <= end)).count()
