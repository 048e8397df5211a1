"""Gate 6, print: a topic page printed to PDF by Chromium keeps what it says and drops the navigation.

The check reads the PDF's text back (pypdf): the page title, the key points, every claim badge
(`.pls-claim`, from hooks/claims.py) and the reference list must be in it, line by line, whenever the
page has them; the header, tabs, sidebars and footer must be display: none under print media and
their entries absent from the PDF.
"""

import pytest

import gates
from conftest import serve_folder

pytestmark = pytest.mark.browser

TOPIC_PAGE = "treatment/second-line/"


def test_printed_topic_page_keeps_its_content_and_drops_navigation(page, site_url):
    problems = gates.print_problems(page, site_url + TOPIC_PAGE, TOPIC_PAGE)
    assert not problems, "\n".join(problems)


def test_printed_fixture_topic_keeps_key_points_tabs_badges_references_and_collapsed_text(page):
    site = gates.fixture_site("gate-topic")
    html = site.page("topic/")
    for part in ('class="admonition abstract"', 'class="pls-claim"', 'class="footnote"', "<details"):
        assert part in html, f"the fixture lost {part}: the check would have nothing to check"
    url, server = serve_folder(site.site_dir)
    try:
        assert gates.print_problems(page, url + "topic/", "topic.md") == []
        page.goto(url + "topic/")
        page.emulate_media(media="print")
        printed = gates.normalise_text(gates.pdf_text(page.pdf(format="A4")))
    finally:
        server.shutdown()
    # Both audiences' tabs and the block that is collapsed on screen are printed too.
    for text in (
        "A short plain-language explanation for patients",
        "A short clinical summary for clinicians",
        "The collapsed fixture detail text must still print",
        "⊕⊕◯◯ Low",
    ):
        assert gates.normalise_text(text) in printed, text


def test_print_regression_is_named_with_its_page(page):
    site = gates.fixture_site("gate-print-broken")
    url, server = serve_folder(site.site_dir)
    try:
        problems = gates.print_problems(page, url + "topic/", "topic.md")
    finally:
        server.shutdown()
    assert (
        "topic.md: printing keeps the site navigation (.md-sidebar--primary is displayed under print media)" in problems
    )
    assert any(
        p.startswith(
            "topic.md: the printed PDF lacks the reference list: "
            "'Fixture reference text that the broken stylesheet hides from print."
        )
        for p in problems
    ), problems
    assert any(p.startswith("topic.md: the printed PDF contains navigation entries: ") for p in problems), problems
    assert not any("key points" in p for p in problems), problems
