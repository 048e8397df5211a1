"""Warn about pages whose `reviewed` date is more than 24 months old.

Why: medical evidence moves; a page nobody has checked for two years may no longer say what the
evidence says. The warning names the page and the line of its `reviewed` date, so a strict build
(and `make check`) fails until an editor has re-read the page and updated the date:

    docs/x.md:4: reviewed date 2023-01-01 is more than 24 months old — review the page and update 'reviewed'

The age is measured against the build's today (PLS_TODAY, or the real date), so the same commit can start warning as time passes: that
is the point. It only logs; nothing in the built pages depends on the date of the build.
"""

from __future__ import annotations

import calendar
import datetime

from mkdocs.structure.pages import Page

from .front_matter import read_front_matter
from .problems import Problem, docs_path, report
from .state import Build

MAX_AGE_MONTHS = 24


def check_staleness(build: Build, page: Page) -> None:
    """Warn when this page's review is overdue."""
    front = build.front_matter.get(page.file.src_uri) or read_front_matter(page.file.content_string)
    reviewed = (front.data or {}).get("reviewed")
    if isinstance(reviewed, str) and is_stale(reviewed, build.today):
        report(
            Problem(
                front.line_of("reviewed"),
                f"reviewed date {reviewed} is more than {MAX_AGE_MONTHS} months old",
                "review the page and update 'reviewed'",
                file=docs_path(build.config, page.file.src_uri),
            )
        )


def is_stale(reviewed: str, today: datetime.date, months: int = MAX_AGE_MONTHS) -> bool:
    """True when `reviewed` (YYYY-MM-DD) is more than `months` months before today.

    A date that is not a real date is not stale: front_matter.py reports it instead.
    """
    try:
        day = datetime.date.fromisoformat(reviewed)
    except ValueError:
        return False
    return today > add_months(day, months)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the 29th-31st fall back to the month's last day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
