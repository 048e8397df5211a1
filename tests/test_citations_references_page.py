"""The generated References page: every entry, its links, its annotation, and who cites it."""

import json
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from pls import references
from sitebuilder import FIXTURES, build_fixture_site

VALID = "citations-valid"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    result = build_fixture_site(tmp_path_factory.mktemp("references-page"), VALID)
    assert result.ok, result.log
    return result


@pytest.fixture(scope="module")
def bibliography():
    return references.load_references(FIXTURES / VALID / "references.bib")


def _html(site, url):
    return BeautifulSoup(site.page(url), "html.parser")


def test_page_has_its_heading_and_lists_every_entry(site, bibliography):
    page = _html(site, "references/")
    assert page.select_one("article h1").get_text(strip=True).rstrip("¶") == "References"
    listed = [item["id"] for item in page.select("ul.pls-references > li.pls-reference")]
    assert sorted(listed) == sorted(f"ref-{key}" for key in bibliography.entries)


def test_each_entry_shows_its_doi_and_pubmed_links(site, bibliography):
    page = _html(site, "references/")
    for key, entry in bibliography.entries.items():
        hrefs = {a["href"] for a in page.find(id=f"ref-{key}").find_all("a")}
        if entry.doi:
            assert f"https://doi.org/{entry.doi}" in hrefs, key
        if entry.pmid:
            assert f"https://pubmed.ncbi.nlm.nih.gov/{entry.pmid}/" in hrefs, key
        if entry.url:
            assert entry.url in hrefs, key


def test_annotation_is_shown_where_the_entry_has_one(site):
    page = _html(site, "references/")
    annotation = page.find(id="ref-kumar2007process").select_one(".pls-reference__annotation")
    assert annotation.get_text(strip=True) == "Study: RCT (multicentre, open-label), n = 100"
    assert page.find(id="ref-nice2016ng59").select_one(".pls-reference__annotation") is None


def test_back_links_reach_every_citing_page_at_the_citation(site):
    page = _html(site, "references/")
    base = "http://site/references/"
    cited_by = page.find(id="ref-kumar2007process").select_one(".pls-reference__cited-by")
    links = {a.get_text(strip=True): urljoin(base, a["href"]) for a in cited_by.find_all("a")}
    assert links == {
        "Home": "http://site/#fnref:kumar2007process",
        "Treatment": "http://site/treatment/#fnref:kumar2007process",
    }
    for url in links.values():
        path, anchor = url[len("http://site/") :].split("#")
        assert _html(site, path).find(id=anchor) is not None, url


def test_search_index_has_the_generated_list_but_not_its_navigation(site):
    index = json.loads((site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    text = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("references/"))
    assert "Spinal cord stimulation for low back pain" in text
    assert "Systematic review, 13 studies" in text, "the annotation is searchable"
    assert "Cited on" not in text, "which pages cite an entry is navigation: search finds the pages themselves"
    assert "Cited on: " in _html(site, "references/").get_text()


def test_entry_that_cannot_be_formatted_is_still_listed(tmp_path):
    bib = (FIXTURES / VALID / "references.bib").read_text(encoding="utf-8") + (
        "\n@article{noauthor2007,\n  title = {Spinal cord stimulation versus conventional medical management},\n"
        "  journal = {Pain},\n  year = {2007},\n  doi = {10.1016/j.pain.2007.07.028},\n}\n"
    )
    result = build_fixture_site(tmp_path, VALID, bib=bib, strict=False)
    assert result.ok, result.log
    entry = _html(result, "references/").find(id="ref-noauthor2007")
    assert "Incomplete reference" in entry.get_text()
    assert "https://doi.org/10.1016/j.pain.2007.07.028" in {a["href"] for a in entry.find_all("a")}
