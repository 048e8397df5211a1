"""references.bib problems: each fixture site is built for real; the log names the line and the fix.

Fatal problems (pybtex inside mkdocs-bibtex would stop with a traceback) are logged as errors and
their entries are left out of what mkdocs-bibtex reads, so the rest of the site still builds (and
`mkdocs serve` keeps answering); the others are warnings. Both fail the strict build.
"""

import pytest
from bs4 import BeautifulSoup

from pls import references
from sitebuilder import build_fixture_site, front_matter


def _assert_clean_failure(result):
    assert not result.ok
    assert "Traceback" not in result.log, result.log


# --- Fixture sites -------------------------------------------------------------------------------


def test_duplicate_key_names_both_lines_and_is_kept_from_pybtex(tmp_path):
    result = build_fixture_site(tmp_path, "citations-bib-duplicate-key")
    _assert_clean_failure(result)
    assert (
        "references.bib:17: duplicate key 'kumar2007process' (first defined at line 1) — "
        "rename or remove one of the two entries"
    ) in result.log
    assert "in strict mode!" in result.log
    assert "repeated bibliography entry" not in result.log  # pybtex never read the second entry


def test_keys_differing_only_in_case_are_a_duplicate(tmp_path):
    result = build_fixture_site(tmp_path, "citations-bib-case-duplicate")
    _assert_clean_failure(result)
    assert (
        "references.bib:9: key 'Kumar2007Process' differs only in case from 'kumar2007process' (line 1); "
        "BibTeX keys ignore case, so this is a duplicate — rename or remove one of the two entries"
    ) in result.log
    assert (
        "references.bib:9: key 'Kumar2007Process' is not lowercase letters, digits, '-' and '_' — rename it to 'kumar2007process'"
        in result.log
    )


def test_unclosed_brace_names_its_line_and_where_reading_stopped(tmp_path):
    result = build_fixture_site(tmp_path, "citations-bib-unclosed-brace")
    _assert_clean_failure(result)
    assert (
        "references.bib:3: entry 'kumar2007process': a '{' on this line is not closed before the next field "
        "(reading stopped at line 9) — close it with '}'"
    ) in result.log
    assert "in strict mode!" in result.log


def test_missing_comma_between_fields_names_the_field_line(tmp_path):
    result = build_fixture_site(tmp_path, "citations-bib-missing-comma")
    _assert_clean_failure(result)
    assert "references.bib:3: entry 'kumar2007process': the value of 'title' does not end where it should" in result.log
    assert "— add the missing ',' after the value, or balance its braces" in result.log


def test_entry_without_at_sign_is_reported_not_silently_skipped(tmp_path):
    result = build_fixture_site(tmp_path, "citations-bib-missing-at")
    _assert_clean_failure(result)
    assert (
        "references.bib:9: text outside any entry ('article{north2005scs,') is ignored by BibTeX — "
        "if it is an entry, add the '@' before its type (e.g. '@article{'); otherwise start the line with '%'"
    ) in result.log
    # The page citing the lost entry is reported too, at its own line.
    assert (
        "docs/index.md:11: unknown citation key 'north2005scs' — add it to references.bib or fix the key" in result.log
    )


def test_missing_required_fields_and_malformed_doi_and_pmid(tmp_path):
    result = build_fixture_site(tmp_path, "citations-bib-incomplete-entries")
    _assert_clean_failure(result)
    log = result.log
    assert (
        "references.bib:1: entry 'noauthor2007' is missing author (or organization, for a guideline) — add the missing field(s) to the entry"
        in log
    )
    assert "references.bib:8: entry 'noyear2005' is missing year — add the missing field(s) to the entry" in log
    assert (
        "references.bib:14: entry 'nolink2023' is missing doi, pmid or url (at least one, so readers can find the source)"
        in log
    )
    assert (
        "references.bib:26: entry 'baddoi2007': doi 'https://doi.org/10.1016/j.pain.2007.07.028' is not a well-formed DOI — "
        "write the bare DOI: doi = {10.1016/j.pain.2007.07.028}"
    ) in log
    assert (
        "references.bib:34: entry 'badpmid2005': pmid 'PMID 15617591' is not a well-formed PubMed ID — a PMID is only digits"
        in log
    )
    # An article without author cannot be formatted: the citation is reported where it is, without a traceback.
    assert "docs/index.md:11: citation key 'noauthor2007' points to an entry that cannot be formatted" in log
    assert "complete the entry at references.bib:1" in log


def test_keys_with_colon_or_dot_cannot_be_cited(tmp_path):
    result = build_fixture_site(tmp_path, "citations-bib-uncitable-key")
    _assert_clean_failure(result)
    log = result.log
    assert (
        "references.bib:1: key 'kumar.2007' cannot be cited: mkdocs-bibtex reads keys only up to the first character"
        in log
    )
    assert "(it would look up 'kumar') — rename it to 'kumar-2007' here and where it is cited" in log
    assert "references.bib:9: key 'north:2005' cannot be cited" in log
    assert "docs/index.md:11: citation key 'north:2005' cannot be cited" in log
    assert "rename the key in references.bib and here, e.g. to 'north-2005'" in log


def test_valid_bibliography_builds_strictly(tmp_path):
    result = build_fixture_site(tmp_path, "citations-valid")
    assert result.ok, result.log
    assert "WARNING" not in result.log and "ERROR" not in result.log, result.log


# --- The parser on its own (no build) -------------------------------------------------------


def test_entries_carry_their_line_and_links():
    database = references.parse_references(
        "% a comment\n\n@article{kumar2007process,\n  author = {Kumar, Krishna},\n  title = {T},\n"
        "  year = {2007},\n  doi = {10.1016/j.pain.2007.07.028},\n  pmid = {17845835},\n"
        "  annotation = {RCT, n = 100},\n}\n"
    )
    assert database.problems == []
    entry = database.get("kumar2007process")
    assert entry.line == 3
    assert entry.field_lines["doi"] == 7
    assert entry.doi_url == "https://doi.org/10.1016/j.pain.2007.07.028"
    assert entry.pubmed_url == "https://pubmed.ncbi.nlm.nih.gov/17845835/"
    assert entry.annotation == "RCT, n = 100"


@pytest.mark.parametrize(
    "bib, line, fatal",
    [
        ("@article{a,\n  title = {T,\n  year = {2020},\n}\n\n@article{b, title={B}}\n", 2, True),  # unclosed brace
        ("@article{a,\n  title = {T},\n  year = {2020},\n\n@article{b, title={B}}\n", 1, True),  # entry never closed
        ("@article{a, title={T}}\n@article{a, title={U}}\n", 2, True),  # duplicate
        ("@article{a, author = {One, Two, Three, Four}, title={T}}\n", 1, True),  # pybtex: too many commas
        ("@article{a, title={T}, title={U}}\n", 1, True),  # duplicate field
        ("@article{a, month = foo, title={T}}\n", 1, True),  # undefined macro
        ("\n\narticle{a, title = {T}}\n", 3, False),  # no '@': BibTeX ignores it
    ],
)
def test_each_malformation_has_a_line_and_the_right_severity(bib, line, fatal):
    problems = [problem for problem in references.parse_references(bib).problems if "is missing" not in problem.message]
    assert problems, bib
    assert (problems[0].line, problems[0].fatal) == (line, fatal)


def test_entries_holding_a_fatal_problem_are_left_out_and_the_others_kept():
    bib = (
        "@misc{good2020a, title={A}, year={2020}}\n"
        "@misc{broken2020b,\n  title={B,\n  year={2020}\n}\n"
        "@misc{good2020c, title={C}, year={2020}}\n"
        "@misc{Good2020A, title={D}, year={2020}}\n"
        "@misc{twice2020, title={E}, title={F}}\n"
    )
    database = references.parse_references(bib)
    # The unclosed brace is no entry at all; the case duplicate and the repeated field are.
    assert references.leave_out_unreadable(database) == ["Good2020A", "twice2020"]
    assert list(database.entries) == ["good2020a", "good2020c"]


def test_closest_key_and_case_lookup():
    database = references.parse_references("@misc{smith2021statins, title={T}}\n@misc{north2005scs, title={T}}\n")
    assert database.closest_key("smith2020") == "smith2021statins"
    assert database.closest_key("zzzz") is None
    assert database.key_ignoring_case("North2005SCS") == "north2005scs"


def test_entry_mkdocs_bibtex_cannot_format_is_reported_and_its_citation_kept_visible(tmp_path):
    bib = (
        "@article{traeger2023cochranescs,\n"
        "  author = {Traeger, Adrian C. and Gilbert, Stephen E.},\n"
        "  title  = {Spinal cord stimulation for low back pain},\n"
        "  year   = {2023},\n"
        "  doi    = {10.1002/14651858.CD014789.pub2},\n"
        "}\n"
    )
    page = front_matter("Home") + "# Home\n\nA review pooled the trials [@traeger2023cochranescs].\n"
    result = build_fixture_site(tmp_path, pages={"index.md": page}, bib=bib, strict=False)
    assert "Traceback" not in result.log, result.log
    assert (
        "references.bib:1: entry 'traeger2023cochranescs' cannot be formatted "
        "(missing journal in traeger2023cochranescs) — add the missing field or use an entry type that fits the source"
    ) in result.log
    line = page[: page.index("[@traeger")].count("\n") + 1
    assert (
        f"docs/index.md:{line}: citation key 'traeger2023cochranescs' points to an entry that cannot be formatted"
        in result.log
    )
    broken = BeautifulSoup(result.page(""), "html.parser").select_one("article .pls-citation-broken")
    assert broken.get_text() == "[@traeger2023cochranescs] (incomplete reference)"


def test_a_web_page_may_have_no_year_but_an_article_or_an_undated_misc_without_address_may_not():
    database = references.parse_references(
        "@misc{leaflet,\n  author = {{NHS Trust}},\n  title = {Leaflet},\n  url = {https://example.org/a},\n}\n\n"
        "@misc{note,\n  author = {{NHS Trust}},\n  title = {Note},\n  doi = {10.1000/x},\n}\n\n"
        "@article{paper,\n  author = {Smith, Anna},\n  title = {Paper},\n  url = {https://example.org/b},\n}\n"
    )
    missing = {key: references.missing_required_fields(entry) for key, entry in database.entries.items()}
    assert missing == {"leaflet": [], "note": ["year"], "paper": ["year"]}
