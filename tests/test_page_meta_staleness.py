"""A page whose reviewed date is more than 24 months old fails the strict build, naming the page."""

import datetime

from pls import staleness
from sitebuilder import build_fixture_site


def test_stale_page_warns_with_page_line_and_fix(tmp_path):
    result = build_fixture_site(tmp_path, "meta-stale")
    assert not result.ok
    assert (
        "pls: docs/index.md:4: reviewed date 2023-01-01 is more than 24 months old"
        " — review the page and update 'reviewed'"
    ) in result.log


def test_exactly_24_months_is_still_current_one_day_more_is_stale():
    assert not staleness.is_stale("2024-11-21", datetime.date(2026, 11, 21))
    assert staleness.is_stale("2024-11-21", datetime.date(2026, 11, 22))


def test_end_of_month_and_leap_day_reviews():
    assert staleness.add_months(datetime.date(2024, 2, 29), 24) == datetime.date(2026, 2, 28)
    assert staleness.add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert staleness.add_months(datetime.date(2026, 1, 15), 24) == datetime.date(2028, 1, 15)


def test_a_date_that_is_not_a_date_is_left_to_the_schema_check():
    assert not staleness.is_stale("21/11/2020", datetime.date(2026, 11, 21))
