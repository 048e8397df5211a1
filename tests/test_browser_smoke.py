"""The built site in headless Chromium: search works and no request leaves 127.0.0.1."""

from urllib.parse import urlparse

import pytest

pytestmark = pytest.mark.browser


def test_home_page_search_finds_a_page_and_nothing_leaves_localhost(page, site_url, recorded_requests):
    page.goto(site_url)
    page.wait_for_load_state("networkidle")
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially("laminectomy", delay=30)
    first_result = page.locator(".md-search-result__item").first
    first_result.wait_for(state="visible", timeout=15_000)
    assert "laminectomy" in first_result.inner_text().lower()

    hosts = {urlparse(url).hostname for url in recorded_requests if urlparse(url).scheme in ("http", "https")}
    assert hosts == {"127.0.0.1"}, (
        f"requests left 127.0.0.1: {sorted(u for u in recorded_requests if '127.0.0.1' not in u)}"
    )
    assert any(url.endswith("search_index.json") for url in recorded_requests), "search index was never loaded"
