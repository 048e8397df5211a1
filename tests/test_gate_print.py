"""Gate 6, print: a topic page printed to PDF by Chromium is a patient leaflet, and drops the navigation.

The check (gates.print_problems) selects the "For clinicians" tab, prints, and reads the PDF's text
back (pypdf): the site name and page address, the page title, the reviewed date, the key points,
the urgent-help box, both tabs, any option grid, every claim badge (`.pls-claim`, from
hooks/claims.py) and the reference list must be in it, line by line, whenever the page has them;
boxes must not split across sheets (break-inside: avoid); the header, tabs, sidebars, footer, edit
links and back arrows must be display: none under print media and the nav entries absent from the PDF.
"""

import pytest

import gates
from conftest import page_url, serve_folder
from sitebuilder import build_fixture_site
from test_content import TOPIC_PAGES

pytestmark = pytest.mark.browser

LEAFLET_REGRESSION = """
@media print {
  .md-typeset .tabbed-set > .tabbed-content > .tabbed-block:first-child { display: none !important; }
  .md-typeset .pls-claim { break-inside: auto !important; }
  .md-content .pls-page-editors { display: block !important; }
  .md-typeset .pls-leaflet-header { display: none !important; }
}
"""


@pytest.mark.parametrize("markdown_path", TOPIC_PAGES)
def test_printed_topic_page_is_a_leaflet_and_drops_navigation(page, site_url, markdown_path):
    problems = gates.print_problems(page, site_url + page_url(markdown_path), markdown_path)
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
    # Both audiences' tabs and the block that is collapsed on screen are printed too; the leaflet
    # names the site and the page's address (the one the reader opened, written in by docs/assets/reader.js).
    for text in (
        "A short text for patients",
        "A short clinical summary for clinicians",
        "The collapsed fixture detail text must still print",
        "⊕⊕◯◯ Low",
        f"PLS Evidence Guide · {url}topic/",
    ):
        assert gates.normalise_text(text) in printed, text
    assert gates.normalise_text("Edit this page") not in printed


def test_leaflet_regressions_are_named_with_their_page(page, tmp_path):
    pages = {**gates.project_assets(), "assets/leaflet-regression.css": LEAFLET_REGRESSION}
    config = {"extra_css": ["assets/pls.css", "assets/leaflet-regression.css"]}
    site = build_fixture_site(tmp_path, "gate-topic", pages=pages, config=config)
    assert site.ok, site.log
    url, server = serve_folder(site.site_dir)
    try:
        problems = gates.print_problems(page, url + "topic/", "topic.md")
    finally:
        server.shutdown()
    assert "topic.md: printing keeps the edit link (.pls-edit-link is displayed under print media)" in problems
    assert (
        "topic.md: a claim box may be split across two printed sheets (.md-content .pls-claim has break-inside: auto)"
        in problems
    ), problems
    assert any(p.startswith("topic.md: the printed PDF lacks the site name and page address: ") for p in problems)
    assert (
        "topic.md: the printed PDF lacks a tab (both tabs print, whichever is selected):"
        " 'A short text for patients. It has a link to the home page in the middle of a'"  # the first 80 characters
    ) in problems, problems


def test_a_line_split_across_two_sheets_is_printed_but_a_missing_one_is_not():
    sheets = ["keypointsafteraninjectionwatchforthewhentogeturgenthelp", "samesignsasafteranoperation"]
    assert gates.is_printed("watchforthesamesigns", sheets)
    assert gates.is_printed("keypoints", sheets)
    assert not gates.is_printed("watchforthedifferentsigns", sheets)
    assert not gates.is_printed("samesignsaswatchforthe", sheets), "the order of the sheets counts"


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
