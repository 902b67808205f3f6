"""概况 headline numbers. Each tab's issue adds its own; all come from the domain functions the
reports use."""

from __future__ import annotations

import datetime as dt

from unionoffice.domain import members

HEADLINES = (("employees", "职工人数"), ("members", "会员人数"), ("join_rate", "入会率"))


def headlines(on: dt.date | None = None) -> dict[str, str]:
    employees, member_count = members.headcount(on)
    return {
        "employees": str(employees),
        "members": str(member_count),
        "join_rate": f"{members.join_rate(employees, member_count) * 100:.1f}%",
    }
