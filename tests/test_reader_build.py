"""The build side of reader mechanics: table frames, return links, claim titles, search text and its data file."""

import pytest

from pls import citation_returns, claims_titles, search_text, tables
from sitebuilder import make_fixture_site, run_build

MARKDOWN_TABLE = """<table>
<thead>
<tr>
<th>Treatment</th>
<th style="text-align: left;">Certainty <em>(GRADE)</em></th>
</tr>
</thead>
<tbody>
<tr>
<td>Spinal cord stimulation<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup></td>
<td>Low</td>
</tr>
</tbody>
</table>"""


# --- Tables that fit -----------------------------------------------------------------------------


def test_a_bare_table_gets_our_class_labelled_cells_and_a_named_focusable_box():
    framed = tables.fit_tables(f"<p>Before</p>{MARKDOWN_TABLE}<p>After</p>")
    assert framed.startswith(
        '<p>Before</p><div class="pls-scroll" role="region" tabindex="0" aria-label="Table: Treatment, Certainty (GRADE)">'
        '<table class="pls-table">'
    )
    assert '<td data-label="Treatment">Spinal cord stimulation' in framed
    assert '<td data-label="Certainty (GRADE)">Low</td>' in framed
    assert framed.endswith("</table></div><p>After</p>")


def test_a_table_already_in_a_scroll_box_keeps_its_box_and_its_own_class():
    register = (
        '<div class="pls-scroll" role="region" aria-label="Claims register table" tabindex="0">\n'
        '<table class="pls-register__table"><thead><tr><th scope="col">Topic</th></tr></thead>'
        '<tbody><tr data-topic="x"><td data-pls-value="x">X</td></tr></tbody></table>\n</div>'
    )
    framed = tables.fit_tables(register)
    assert framed.count('class="pls-scroll"') == 1
    assert '<table class="pls-table pls-register__table">' in framed
    assert '<td data-pls-value="x" data-label="Topic">X</td>' in framed


def test_a_page_without_tables_is_left_as_it_is():
    assert tables.fit_tables("<p>No table here</p>") == "<p>No table here</p>"


# --- Citations that keep your place ----------------------------------------------------------------


def _citation(anchor: str, key: str, number: int) -> str:
    return f'<sup id="{anchor}"><a class="footnote-ref" href="#fn:{key}">{number}</a></sup>'


def test_a_footnote_cited_in_three_places_gets_one_return_link_and_the_other_sections_by_name():
    page = (
        '<h1 id="page">Page</h1><div class="admonition abstract"><p class="admonition-title">Key points</p>'
        f"<p>First {_citation('fnref2:a', 'a', 1)}.</p></div>"
        f'<h2 id="imaging">Imaging<a class="headerlink" href="#imaging" title="Permanent link">&para;</a></h2>'
        f"<p>Second {_citation('fnref:a', 'a', 1)} and third {_citation('fnref3:a', 'a', 1)}.</p>"
        '<div class="footnote">\n<hr />\n<ol>\n<li id="fn:a">\n<p>The reference.&#160;'
        '<a class="footnote-backref" href="#fnref:a" title="Jump back to footnote 1 in the text">&#8617;</a>'
        '<a class="footnote-backref" href="#fnref2:a" title="Jump back to footnote 1 in the text">&#8617;</a>'
        '<a class="footnote-backref" href="#fnref3:a" title="Jump back to footnote 1 in the text">&#8617;</a></p>\n'
        "</li>\n</ol>\n</div>"
    )
    rewritten = citation_returns.add_return_links(page)
    assert "footnote-backref" not in rewritten
    assert (
        '<li id="fn:a">\n<p>The reference.</p>\n<p class="pls-backrefs">'
        '<a class="pls-backref" href="#fnref2:a" data-pls-backref><span aria-hidden="true">&#8617; </span>'
        "Back to the text: Key points</a>"
        '<span class="pls-backrefs__others"> · Also cited in: <a href="#fnref:a">Imaging</a></span></p>\n</li>'
    ) in rewritten


def test_a_page_without_footnotes_is_left_as_it_is():
    assert citation_returns.add_return_links("<p>Text</p>") == "<p>Text</p>"


# --- Short claim titles ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "title"),
    [
        ("No source could be traced for this list.", "No source could be traced for this list."),
        (
            "Persistent pain after lumbar spine surgery has many possible causes, which a review groups into"
            " pre-operative, intra-operative and post-operative factors. The review relies on older studies.",
            "Persistent pain after lumbar spine surgery has many possible causes",
        ),
        (
            "In a Mayo Clinic cohort of 124 people who had a decompressive lumbar laminectomy for degenerative"
            " spinal stenosis, 79% had a good or fair outcome.",
            "In a Mayo Clinic cohort of 124 people who had a decompressive lumbar laminectomy…",
        ),
        (
            "NICE TA159 recommends spinal cord stimulation: as an option for adults with chronic neuropathic pain"
            " of at least 50 mm on a 0 to 100 mm scale.",
            "NICE TA159 recommends spinal cord stimulation",
        ),
    ],
)
def test_a_claims_short_title_is_its_first_clause_or_its_first_words(text, title):
    assert claims_titles.short_title(text) == title


# --- Search text -----------------------------------------------------------------------------------


def test_search_reads_a_table_as_one_line_per_row_named_by_column():
    assert search_text.table_as_text(MARKDOWN_TABLE) == (
        "<p>Treatment: Spinal cord stimulation; Certainty (GRADE): Low.</p>"
    )


def test_reader_words_go_into_their_sections_title_and_leave_the_finished_page():
    heading = '<h2 id="tens">TENS<a class="headerlink" href="#tens">&para;</a></h2><p>Text</p>'
    entry = search_text.ReaderWords("treatment/second-line.md", "tens", ("TENS machine", "pads"), 3)
    indexed, found = search_text.add_reader_words(heading, entry)
    assert found
    assert indexed == (
        '<h2 id="tens">TENS<a class="headerlink" href="#tens">&para;</a>'
        "<!-- pls:search-only start --> (also: TENS machine, pads)<!-- pls:search-only end --></h2><p>Text</p>"
    )
    assert search_text.strip_index_only(indexed) == heading


PAGE = """---
title: "Words page"
description: "A page whose sections readers search for in their own words."
reviewed: 2026-11-01
status: approved
audience: [patients]
---

# Words page

## Spinal cord stimulation

Text about stimulation.
"""


@pytest.mark.parametrize(
    ("words_file", "message"),
    [
        (
            "- page: nowhere.md\n  section: spinal-cord-stimulation\n  words: [stimulator]\n",
            "search-words.yml:1: page 'nowhere.md' is not in docs/ — write the page's path under docs/",
        ),
        (
            "# reader words\n- page: words.md\n  section: stimulation\n  words: [stimulator]\n",
            "search-words.yml:2: docs/words.md has no heading with the anchor '#stimulation' — use the anchor of"
            " one of its headings",
        ),
        (
            "- page: words.md\n  section: spinal-cord-stimulation\n  word: [stimulator]\n",
            "search-words.yml:1: each entry needs exactly 'page', 'section' and 'words'",
        ),
        (
            "- page: words.md\n  section: spinal-cord-stimulation\n  words: []\n",
            "search-words.yml:1: 'words' must be a list of words or phrases",
        ),
        ("- page: [words.md\n", "search-words.yml:2: not valid YAML"),
    ],
    ids=["unknown-page", "unknown-anchor", "misspelt-key", "no-words", "not-yaml"],
)
def test_a_broken_search_words_file_fails_the_strict_build_naming_its_line(tmp_path, words_file, message):
    project = make_fixture_site(tmp_path, pages={"words.md": PAGE})
    (project / "search-words.yml").write_text(words_file, encoding="utf-8")
    result = run_build(project, tmp_path / "site")
    assert not result.ok
    assert message in result.log, result.log


def test_reader_words_reach_the_search_index_of_a_fixture_site(tmp_path):
    project = make_fixture_site(tmp_path, pages={"words.md": PAGE})
    (project / "search-words.yml").write_text(
        "- page: words.md\n  section: spinal-cord-stimulation\n  words: [stimulator, implant]\n", encoding="utf-8"
    )
    result = run_build(project, tmp_path / "site")
    assert result.ok, result.log
    index = (result.site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"title":"Spinal cord stimulation (also: stimulator, implant)"' in index.replace('": "', '":"')
    assert "(also: " not in result.page("words/")


def test_tables_are_named_by_their_section_and_two_alike_get_different_names():
    section = '<h2 id="sc">Spinal cord stimulation<a class="headerlink" href="#sc">&para;</a></h2>'
    framed = tables.fit_tables(section + MARKDOWN_TABLE + MARKDOWN_TABLE)
    assert 'aria-label="Table in “Spinal cord stimulation”: Treatment, Certainty (GRADE)"' in framed
    assert 'aria-label="Table in “Spinal cord stimulation”: Treatment, Certainty (GRADE) (table 2)"' in framed
