"""Citations in pages, built for real: how they render, and every way they can be broken.

Broken-citation pages are added to the valid fixture site (tests/fixtures/citations-valid), so the
only problem in each build is the one under test; the log must name the page, the line and the fix.
"""

import re

import pytest
from bs4 import BeautifulSoup

from sitebuilder import FIXTURES, build_fixture_site, front_matter

VALID = "citations-valid"


def _page(title: str, body: str) -> str:
    return front_matter(title) + f"# {title}\n\n{body}\n"


def _line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def _article(result, url: str) -> BeautifulSoup:
    return BeautifulSoup(result.page(url), "html.parser").select_one("article")


@pytest.fixture(scope="module")
def valid_site(tmp_path_factory):
    result = build_fixture_site(tmp_path_factory.mktemp("valid"), VALID)
    assert result.ok, result.log
    return result


# --- The valid case ------------------------------------------------------------------------------


def test_valid_site_builds_strictly_without_warnings(valid_site):
    assert "WARNING" not in valid_site.log, valid_site.log


def test_adjacent_citations_read_one_comma_two_and_link_to_their_references(valid_site):
    article = _article(valid_site, "")
    paragraph = next(p for p in article.find_all("p") if "reoperation" in p.get_text())
    assert paragraph.get_text().endswith("reoperation 1, 2.")
    refs = paragraph.select("a.footnote-ref")
    assert [a["href"] for a in refs] == ["#fn:kumar2007process", "#fn:north2005scs"]
    for a in refs:
        assert article.find(id=a["href"][1:]) is not None, f"no footnote {a['href']}"


def test_reference_text_has_authors_title_journal_year_volume_pages_and_links(valid_site):
    article = _article(valid_site, "")
    kumar = article.find(id="fn:kumar2007process")
    text = kumar.get_text(" ", strip=True)
    for part in (
        "Kumar K, Taylor RS, Jacques L, et al.",
        "Spinal cord stimulation versus conventional medical management",
        "Pain. 2007;132:179-88.",
    ):
        assert part in text, f"{part!r} missing from {text!r}"
    hrefs = {a["href"] for a in kumar.find_all("a")}
    assert "https://doi.org/10.1016/j.pain.2007.07.028" in hrefs
    assert "https://pubmed.ncbi.nlm.nih.gov/17845835/" in hrefs
    north = article.find(id="fn:north2005scs")
    assert "https://pubmed.ncbi.nlm.nih.gov/15617591/" in {a["href"] for a in north.find_all("a")}


def test_code_and_email_addresses_are_left_alone(valid_site):
    article = _article(valid_site, "")
    code_texts = [code.get_text() for code in article.find_all("code")]
    assert any("A citation is written like this: [@kumar2007process]" in text for text in code_texts), code_texts
    assert "[@north2005scs]" in code_texts
    assert "Write to editors@example.org or to @editors; neither is a citation." in article.get_text()
    # Code did not become footnotes: only the three prose citations are numbered.
    assert len(article.select("div.footnote li")) == 3


# --- Broken citations ------------------------------------------------------------------------


def test_unknown_key_names_page_line_and_closest_key(tmp_path):
    page = _page("Broken", "Intro.\n\nStimulation helped [@kumar2007proces].")
    result = build_fixture_site(tmp_path, VALID, pages={"broken.md": page})
    assert not result.ok
    line = _line_of(page, "[@kumar2007proces]")
    assert (
        f"docs/broken.md:{line}: unknown citation key 'kumar2007proces' — add it to references.bib "
        "or fix the key (closest: 'kumar2007process')"
    ) in result.log
    assert "Citing unknown reference key" not in result.log  # mkdocs-bibtex's own, location-less message


def test_unknown_key_without_any_similar_key_has_no_suggestion(tmp_path):
    page = _page("Broken", "Statins [@zzqq1999].")
    result = build_fixture_site(tmp_path, VALID, pages={"broken.md": page})
    assert not result.ok
    assert (
        f"docs/broken.md:{_line_of(page, '[@zzqq')}: unknown citation key 'zzqq1999' — add it to references.bib or fix the key\n"
        in result.log
    )


def test_key_differing_only_in_case(tmp_path):
    page = _page("Broken", "Stimulation helped [@north2005scs; @Kumar2007Process].")
    result = build_fixture_site(tmp_path, VALID, pages={"broken.md": page})
    assert not result.ok
    assert (
        f"docs/broken.md:{_line_of(page, '@Kumar')}: citation key 'Kumar2007Process' differs only in case from "
        "'kumar2007process' — write it exactly as in references.bib"
    ) in result.log


def test_key_with_colon_or_dot_in_page(tmp_path):
    page = _page("Broken", "One [@kumar2007process.].\n\nTwo [@north:2005scs].")
    result = build_fixture_site(tmp_path, VALID, pages={"broken.md": page})
    assert not result.ok
    assert f"docs/broken.md:{_line_of(page, 'One')}: citation key 'kumar2007process.' cannot be cited" in result.log
    assert f"docs/broken.md:{_line_of(page, 'Two')}: citation key 'north:2005scs' cannot be cited" in result.log
    assert "(it would look up 'north')" in result.log


def test_words_inside_citation_brackets(tmp_path):
    page = _page("Broken", "Stimulation helped [see @kumar2007process, p. 180].")
    result = build_fixture_site(tmp_path, VALID, pages={"broken.md": page})
    assert not result.ok
    assert (
        f"docs/broken.md:{_line_of(page, '[see')}: citation '[see @kumar2007process, p. 180]' has text that is not a key — "
        "write only keys inside the brackets, like [@a] or [@a; @b], and put other words outside them"
    ) in result.log


def test_citation_in_an_included_snippet_is_left_as_text_and_fails(tmp_path):
    result = build_fixture_site(tmp_path, "citations-snippet")
    assert not result.ok
    assert (
        "snippets/trial-summary.md:2: citation '[@kumar2007process]' is left as text in docs/index.md: "
        "mkdocs-bibtex does not process included snippets — cite the source in the page itself, not in the snippet"
    ) in result.log


def test_without_strict_a_broken_citation_stays_visible_and_the_rest_renders(tmp_path):
    page = _page("Broken", "Stimulation helped [@kumar2007process; @smith2020].")
    result = build_fixture_site(tmp_path, VALID, pages={"broken.md": page}, strict=False)
    assert result.ok, result.log
    assert "docs/broken.md:" in result.log and "unknown citation key 'smith2020'" in result.log
    article = _article(result, "broken/")
    broken = article.select_one(".pls-citation-broken")
    assert broken is not None, article
    assert broken.get_text() == "[@smith2020] (unknown reference)"
    assert [a["href"] for a in article.select("a.footnote-ref")] == ["#fn:kumar2007process"]


def test_uncited_entries_are_listed_without_failing_the_build(tmp_path):
    page = _page("Home", "Only one citation [@kumar2007process].")
    result = build_fixture_site(
        tmp_path, VALID, pages={"index.md": page, "treatment.md": _page("Treatment", "No citations.")}
    )
    assert result.ok, result.log
    bib = (FIXTURES / VALID / "references.bib").read_text(encoding="utf-8")
    lines = {key: _line_of(bib, "{" + key + ",") for key in ("north2005scs", "traeger2023cochranescs", "nice2016ng59")}
    assert (
        f"references.bib: 3 entries are cited on no page: 'north2005scs' (line {lines['north2005scs']}), "
        f"'traeger2023cochranescs' (line {lines['traeger2023cochranescs']}), 'nice2016ng59' (line {lines['nice2016ng59']}) "
        "— cite them or remove them from references.bib"
    ) in result.log


def test_broken_citation_message_counts_lines_from_the_top_of_the_file(tmp_path):
    """Front matter of any length is counted: the line is the one an editor sees."""
    page = front_matter("Broken", extra='"a field"', more='"another"') + "# Broken\n\n\n\nText [@nope2020].\n"
    result = build_fixture_site(tmp_path, VALID, pages={"broken.md": page})
    assert re.search(
        rf"docs/broken\.md:{_line_of(page, '[@nope2020]')}: unknown citation key 'nope2020'", result.log
    ), result.log
