"""概况 headline numbers. Each tab's issue adds its own; all come from the domain functions the
reports use."""

from __future__ import annotations

import datetime as dt

from unionoffice.domain import activities, congress, dues, funds, members, money, notices, statistics, welfare
from unionoffice.domain.wording import chinese_date

HEADLINES = (("employees", "职工人数"), ("members", "会员人数"), ("join_rate", "入会率"),
             ("motions_open", "在办提案"), ("motions_overdue", "超期提案"),
             ("notices_showing", "公示中事项"), ("feedback_waiting", "待答复反馈"),
             ("open_files", "困难档案（未退档）"), ("paid_this_year", "本年帮扶金额（元）"),
             ("dues_month", "本月会费 已收/应收（元）"), ("activities_month", "本月活动"), ("participations", "本年参与人次"),
             ("funds_income", "本年经费收入（元）"), ("funds_spending", "本年经费支出（元）"),
             ("funds_balance", "经费结余（元）"))
HEADLINES += (("requests_open", "在办职工诉求"), ("hazards_overdue", "超期未整改隐患"))


def headlines(on: dt.date | None = None) -> dict[str, str]:
    return _headlines(on) | rights_headlines(on)


def rights_headlines(on: dt.date | None = None) -> dict[str, str]:
    """维权: requests not yet closed (of them overdue), hazards past their 整改期限."""
    from unionoffice.domain import inspections, requests

    open_requests = requests.counts(on)
    request_text = str(open_requests["open"]) + (f"（超期 {open_requests['overdue']}）" if open_requests["overdue"] else "")
    return {"requests_open": request_text, "hazards_overdue": str(inspections.counts(on)["overdue"])}


def _headlines(on: dt.date | None = None) -> dict[str, str]:
    employees, member_count = members.headcount(on)
    notice_counts = notices.counts(on)
    activity_counts = activities.counts(on)
    motion_counts = congress.counts(on)
    welfare_counts = welfare.counts(on)
    dues_totals = dues.totals(on or dt.date.today())
    books = funds.headline((on or dt.date.today()).year)
    return {
        "funds_income": money.text(books["income_fen"]),
        "funds_spending": money.text(books["spending_fen"]),
        "funds_balance": money.text(books["balance_fen"]),
        "dues_month": f"{money.text(dues_totals['paid_fen'])} / {money.text(dues_totals['due_fen'])}",
        "open_files": str(welfare_counts["open_files"]),
        "paid_this_year": money.text(welfare_counts["paid_fen"]),
        "motions_open": str(motion_counts["open"]),
        "motions_overdue": str(motion_counts["overdue"]),
        "activities_month": str(activity_counts["this_month"]),
        "participations": str(activity_counts["participations"]),
        "notices_showing": str(notice_counts["showing"]),
        "feedback_waiting": str(notice_counts["feedback_waiting"]),
        "employees": str(employees),
        "members": str(member_count),
        "join_rate": f"{members.join_rate(employees, member_count) * 100:.1f}%",
    }


YEAR_FIGURES = ("新发展会员人数", "提案数", "立案数", "提案办结数", "厂务公开事项数", "困难职工建档数", "帮扶人次",
                "帮扶金额（元）", "送温暖人次", "金秋助学人数", "活动次数", "活动参与人次")


def year_figures(today: dt.date | None = None) -> tuple[str, dict[str, str]]:
    """The current statistical year's headline figures, from the annual report itself."""
    report = statistics.annual(statistics.current_year(today), today, with_breakdowns=False)
    figures = {label: (money.yuan_text(report.figures[label]) if label == "帮扶金额（元）" else str(report.figures[label]))
               for label in YEAR_FIGURES}
    return f"本统计年度（{report.period.text}，截至 {chinese_date(report.period.as_of)}）", figures
