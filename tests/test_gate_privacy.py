"""Gate 2, privacy: no page asks another host for anything, and no page carries its own JavaScript.

In the browser, every request of every nav page is recorded while a reader loads it, scrolls to the
end and searches; any request to a host other than 127.0.0.1 is blocked and reported. At build time,
hooks/content_safety.py rejects raw <script>, inline event handlers and javascript: URLs in docs/.
"""

from pathlib import Path

import pytest

import gates
from conftest import nav_pages, page_url, serve_folder
from pls import content_safety
from sitebuilder import FIXTURES, build_fixture_site

# --- In the browser ------------------------------------------------------------------------------


@pytest.mark.browser
def test_no_nav_page_requests_another_host_while_read_scrolled_and_searched(browser, site_url):
    context = browser.new_context()
    log = gates.RequestLog(context)
    page = context.new_page()
    problems = []
    try:
        for markdown_path in nav_pages():
            problems += gates.privacy_problems(page, log, site_url + page_url(markdown_path), markdown_path)
    finally:
        context.close()
    assert not problems, "\n".join(problems)
    assert any(url.endswith("search/search_index.json") for url in log.local), "the search was never exercised"


@pytest.mark.browser
def test_external_font_is_reported_with_its_page(browser):
    site = gates.fixture_site("gate-broken")  # its config.yml asks Material for Google Fonts
    url, server = serve_folder(site.site_dir)
    context = browser.new_context()
    try:
        log = gates.RequestLog(context)
        problems = gates.privacy_problems(context.new_page(), log, url + "broken/", "broken.md")
    finally:
        context.close()
        server.shutdown()
    assert any(
        p.startswith("broken.md: request to another host: https://fonts.googleapis.com/css") for p in problems
    ), problems


# --- At build time: hooks/content_safety.py ------------------------------------------------------


def _line_of(fixture_page: Path, marker: str) -> int:
    lines = fixture_page.read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, start=1) if marker in line)


def test_scripts_and_handlers_in_a_page_fail_the_build_with_file_and_line(tmp_path):
    result = build_fixture_site(tmp_path, "gate-content-safety")
    unsafe = FIXTURES / "gate-content-safety" / "docs" / "unsafe.md"
    assert not result.ok
    fix = (
        "remove it: pages carry no JavaScript (site scripts live in docs/assets/ and are listed under extra_javascript)"
    )
    expected = [
        f"docs/unsafe.md:{_line_of(unsafe, 'onclick=')}: inline event handler 'onclick' on <button> — {fix}",
        f"docs/unsafe.md:{_line_of(unsafe, '<script src=')}: raw <script> element — {fix}",
        f"docs/unsafe.md:{_line_of(unsafe, 'onerror=')}: inline event handler 'onerror' on <img> — {fix}",
        f"docs/unsafe.md:{_line_of(unsafe, '(javascript:')}: link to a 'javascript:' URL — {fix}",
        # The finished-HTML checks (html_checks.py) find what else is wrong with those elements.
        f'docs/unsafe.md:{_line_of(unsafe, "<script src=")}: third-party resource: <script src="https://tracker.example/t.js">'
        " loads from tracker.example",
        f"docs/unsafe.md:{_line_of(unsafe, '<img src=')}: image '../x.svg' points to no such file in the site",
        f"docs/unsafe.md:{_line_of(unsafe, '<img src=')}: image '../x.svg': the text alternative 'x' says nothing",
    ]
    for message in expected:
        assert message in result.log
    assert result.log.count("docs/unsafe.md:") == len(expected), result.log
    assert "docs/index.md" not in result.log, "code that only shows a script was flagged"


def test_code_spans_fences_and_front_matter_are_not_content():
    text = "\n".join(
        [
            "---",
            "title: '<script>in front matter</script>'",
            "---",
            'Inline `<a onclick="x()">` code.',
            "```",
            "<script>fenced</script>",
            "```",
            "````markdown",
            "```",
            "<script>still inside the four-backtick fence</script>",
            "````",
            '<b>fine</b> <a href="https://example.org/">fine</a>',
        ]
    )
    assert content_safety.find_unsafe_content(text) == []


def test_each_unsafe_form_is_found_on_its_own_line():
    text = "\n".join(
        [
            "Text",
            '<a href="JavaScript:void(0)">x</a>',
            '<svg onload="run()"/>',
            "A `code span` then <script>real()</script>",
        ]
    )
    findings = [(f.line, f.message.split(" — ")[0]) for f in content_safety.find_unsafe_content(text)]
    assert findings == [
        (2, "'javascript:' URL in href= on <a>"),
        (3, "inline event handler 'onload' on <svg>"),
        (4, "raw <script> element"),
    ]
