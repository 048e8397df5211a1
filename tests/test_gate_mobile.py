"""Gate 5, mobile: at a 375 px phone viewport, no page scrolls sideways, wide tables scroll inside
their own box, and the navigation drawer opens."""

import pytest

import gates
from conftest import nav_pages, page_url, serve_folder

pytestmark = pytest.mark.browser


def _phone(browser):
    return browser.new_context(viewport=gates.MOBILE_VIEWPORT, is_mobile=True, has_touch=True, device_scale_factor=2)


def test_every_nav_page_fits_a_phone_and_its_navigation_opens(browser, site_url):
    context = _phone(browser)
    page = context.new_page()
    problems = []
    try:
        for markdown_path in nav_pages():
            problems += gates.mobile_problems(page, site_url + page_url(markdown_path), markdown_path)
    finally:
        context.close()
    assert not problems, "\n".join(problems)


def test_a_wide_table_fits_a_phone_as_cards_in_its_box(browser):
    """Five columns of prose do not fit 375 px: each row becomes a card inside the table's own box."""
    site = gates.fixture_site("gate-topic")
    url, server = serve_folder(site.site_dir)
    context = _phone(browser)
    try:
        page = context.new_page()
        assert gates.mobile_problems(page, url + "topic/", "topic.md") == []
        page.goto(url + "topic/")
        tables = page.evaluate(gates._OVERFLOW_REPORT)["tables"]
        row_display = page.locator("article table tbody tr").first.evaluate("row => getComputedStyle(row).display")
    finally:
        context.close()
        server.shutdown()
    assert [(t["wrapped"], t["needsScroll"]) for t in tables] == [(True, False)], tables
    assert tables[0]["width"] <= gates.MOBILE_VIEWPORT["width"]
    assert row_display == "block"


def test_overflowing_element_is_named_with_its_page(browser):
    site = gates.fixture_site("gate-broken")
    url, server = serve_folder(site.site_dir)
    context = _phone(browser)
    try:
        problems = gates.mobile_problems(context.new_page(), url + "broken/", "broken.md")
    finally:
        context.close()
        server.shutdown()
    # The fixed-width drawing widens the page; the table someone gave a class is framed by the build.
    assert len(problems) == 1, problems
    assert problems[0].startswith("broken.md: the page scrolls sideways at 375 px (content ")
    assert "canvas.wide (right edge at " in problems[0]
