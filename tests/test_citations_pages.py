"""Citations in pages, built for real: how they render, and every way they can be broken.

Broken-citation pages are added to the valid fixture site (tests/fixtures/citations-valid), one page
per kind of mistake, in one build; the log must name each page, the line and the fix, and report
nothing else about that page.
"""

import pytest
from bs4 import BeautifulSoup

from sitebuilder import FIXTURES, build_fixture_site, front_matter, log_lines_about

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

# One page per kind of broken citation, all added to the valid site and built once: each test reads
# the messages about its own page.
BROKEN = {
    "unknown-key.md": _page("Broken", "Intro.\n\nStimulation helped [@kumar2007proces]."),
    "no-similar-key.md": _page("Broken", "Statins [@zzqq1999]."),
    "case.md": _page("Broken", "Stimulation helped [@north2005scs; @Kumar2007Process]."),
    "colon-or-dot.md": _page("Broken", "One [@kumar2007process.].\n\nTwo [@north:2005scs]."),
    "words.md": _page("Broken", "Stimulation helped [see @kumar2007process, p. 180]."),
    # Front matter of any length is counted: the line is the one an editor sees.
    "long-front-matter.md": front_matter("Broken", extra='"a field"', more='"another"')
    + "# Broken\n\n\n\nText [@nope2020].\n",
}


@pytest.fixture(scope="module")
def broken_site(tmp_path_factory):
    result = build_fixture_site(tmp_path_factory.mktemp("broken"), VALID, pages=BROKEN)
    assert not result.ok, result.log
    return result


def _about(result, name: str) -> list[str]:
    return log_lines_about(result.log, f"docs/{name}:")


def test_unknown_key_names_page_line_and_closest_key(broken_site):
    line = _line_of(BROKEN["unknown-key.md"], "[@kumar2007proces]")
    assert _about(broken_site, "unknown-key.md") == [
        f"pls: docs/unknown-key.md:{line}: unknown citation key 'kumar2007proces' — add it to"
        " references.bib or fix the key (closest: 'kumar2007process')"
    ], broken_site.log
    assert "Citing unknown reference key" not in broken_site.log  # mkdocs-bibtex's own, location-less message


def test_unknown_key_without_any_similar_key_has_no_suggestion(broken_site):
    line = _line_of(BROKEN["no-similar-key.md"], "[@zzqq")
    assert _about(broken_site, "no-similar-key.md") == [
        f"pls: docs/no-similar-key.md:{line}: unknown citation key 'zzqq1999' — add it to references.bib or fix the key"
    ], broken_site.log


def test_key_differing_only_in_case(broken_site):
    line = _line_of(BROKEN["case.md"], "@Kumar")
    assert _about(broken_site, "case.md") == [
        f"pls: docs/case.md:{line}: citation key 'Kumar2007Process' differs only in case from "
        "'kumar2007process' — write it exactly as in references.bib"
    ], broken_site.log


def test_key_with_colon_or_dot_in_page(broken_site):
    page = BROKEN["colon-or-dot.md"]
    messages = _about(broken_site, "colon-or-dot.md")
    assert len(messages) == 2, broken_site.log
    assert (
        f"docs/colon-or-dot.md:{_line_of(page, 'One')}: citation key 'kumar2007process.' cannot be cited" in messages[0]
    )
    assert f"docs/colon-or-dot.md:{_line_of(page, 'Two')}: citation key 'north:2005scs' cannot be cited" in messages[1]
    assert "(it would look up 'north')" in messages[1]


def test_words_inside_citation_brackets(broken_site):
    line = _line_of(BROKEN["words.md"], "[see")
    assert _about(broken_site, "words.md") == [
        f"pls: docs/words.md:{line}: citation '[see @kumar2007process, p. 180]' has text that is"
        " not a key — write only keys inside the brackets, like [@a] or [@a; @b], and put other words outside them"
    ], broken_site.log


def test_broken_citation_message_counts_lines_from_the_top_of_the_file(broken_site):
    line = _line_of(BROKEN["long-front-matter.md"], "[@nope2020]")
    # Its two extra front matter keys are reported too (hooks/front_matter); the citation comes last.
    messages = _about(broken_site, "long-front-matter.md")
    assert len(messages) == 3 and "unknown front matter key 'extra'" in messages[0], broken_site.log
    assert f"docs/long-front-matter.md:{line}: unknown citation key 'nope2020'" in messages[2], broken_site.log


def test_every_broken_citation_of_the_shared_build_is_counted_by_strict(broken_site):
    assert "Aborted with 9 warnings in strict mode!" in broken_site.log, broken_site.log


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
