"""Citations in headless Chromium: '[@a; @b]' reads "1, 2", links work, tooltips open by mouse and keyboard."""

import pytest
from playwright.sync_api import expect

from conftest import serve_folder
from sitebuilder import build_fixture_site

pytestmark = pytest.mark.browser

KUMAR = "Kumar K, Taylor RS, Jacques L, et al."
NORTH = "North RB, Kidd DH, Farrokhi F, Piantadosi SA."


@pytest.fixture(scope="module")
def citations_site_url(tmp_path_factory):
    result = build_fixture_site(tmp_path_factory.mktemp("citations-browser"), "citations-valid")
    assert result.ok, result.log
    url, server = serve_folder(result.site_dir)
    yield url
    server.shutdown()


def _wait_for_tooltip(page, text):
    """An open Material tooltip containing `text` (another one, e.g. a permalink's, may still be fading)."""
    page.wait_for_function(
        "text => [...document.querySelectorAll('.md-tooltip2--active')].some(t => t.innerText.includes(text))",
        arg=text,
        timeout=5_000,
    )


def test_two_citations_render_separated_and_link_to_their_references(page, citations_site_url):
    page.goto(citations_site_url)
    paragraph = page.locator("article p", has_text="reoperation")
    assert paragraph.inner_text().endswith("reoperation 1, 2.")

    page.locator("a.footnote-ref", has_text="2").click()
    assert page.url.endswith("#fn:north2005scs")
    footnote = page.locator("li#fn\\:north2005scs")
    assert footnote.is_visible()
    assert NORTH in footnote.inner_text()
    pubmed = footnote.locator("a", has_text="PubMed 15617591")
    assert pubmed.get_attribute("href") == "https://pubmed.ncbi.nlm.nih.gov/15617591/"


def test_tooltip_shows_the_full_reference_on_hover(page, citations_site_url):
    page.goto(citations_site_url)
    page.wait_for_load_state("networkidle")
    page.locator("a.footnote-ref", has_text="1").hover()
    _wait_for_tooltip(page, KUMAR)


def test_tooltip_shows_the_full_reference_on_keyboard_focus(page, citations_site_url):
    page.goto(citations_site_url)
    page.wait_for_load_state("networkidle")
    # Start at the heading's permalink: Tab then reaches the first citation, and the next Tab the second.
    page.locator("article h1 a.headerlink").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#fn:kumar2007process"
    _wait_for_tooltip(page, KUMAR)
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#fn:north2005scs"
    _wait_for_tooltip(page, NORTH)


def test_references_page_back_link_leads_to_the_citation(page, citations_site_url):
    page.goto(citations_site_url + "references/")
    page.locator("#ref-north2005scs .pls-reference__cited-by a", has_text="Home").click()
    assert page.url == citations_site_url + "#fnref:north2005scs"
    # The new page may still be rendering when the URL changes: wait for the citation to show.
    expect(page.locator("sup#fnref\\:north2005scs")).to_be_visible()
