"""The pure functions behind the citation hooks: finding citations as mkdocs-bibtex does, code, formatting."""

import pytest
from mkdocs_bibtex.citation import CitationBlock as PluginCitationBlock

from pls import citations, citations_format, citations_shield, reference_html, references

DATABASE = references.parse_references(
    "@misc{kumar2007process, title={T}}\n@misc{north2005scs, title={T}, pmid={15617591}}\n"
)

SAMPLES = [
    "Plain [@a] and [@a; @b].",
    "Prefix [see @a, p. 3] and [@a;@b-c_d].",
    "Links [text](https://example.org) and [me@example.org](mailto:me@example.org) are not citations.",
    "Mixed [Write to me@example.org] and [x @k] and [@smith:2020] and [@smith.2021].",
    "Footnotes [^1] and brackets [a] [b; c] are not citations.",
    "Two lines [@a\nstill] and [@b].",
]


@pytest.mark.parametrize("markdown", SAMPLES)
def test_finds_the_same_citation_blocks_as_mkdocs_bibtex(markdown):
    ours = [block.text for block in citations.find_citation_blocks(markdown)]
    # mkdocs-bibtex reads the page as the pipeline hands it over: each citation on one line.
    theirs = [str(block) for block in PluginCitationBlock.from_markdown(citations.join_citation_lines(markdown))]
    assert ours == theirs


def test_blocks_know_their_line_and_keys():
    blocks = citations.find_citation_blocks("One.\n\nTwo [@a; @b].\nThree [see @c].\n")
    assert [(block.line, [item.key for item in block.items]) for block in blocks] == [(3, ["a", "b"]), (4, [None])]


def test_code_blocks_and_inline_code_hold_no_citations():
    markdown = (
        "Before [@a].\n\n```text\n[@b]\n```\n\n    ~~~~\n    [@c]\n    ~~~~\n\n"
        "Inline `[@d]` and ``with ` backtick [@e]`` and an unclosed ` [@f].\n"
    )
    keys = [item.key for block in citations.find_citation_blocks(markdown) for item in block.items]
    assert keys == ["a", "f"]


def test_unclosed_fence_runs_to_the_end():
    assert citations.find_citation_blocks("Text.\n\n```\n[@a]\n") == []


def test_masking_code_keeps_lines_and_round_trips():
    markdown = "A [@a].\n\n```\nmail me@example.org [@b]\n```\n`[@c]`\n"
    masked = citations.mask_code(markdown)
    assert masked.splitlines() != markdown.splitlines() and len(masked.splitlines()) == len(markdown.splitlines())
    assert masked.count("@") == 1
    assert citations.unmask_code(masked) == markdown


def test_front_matter_lines_are_counted():
    source = "---\ntitle: x\n---\n\n# Title\n\nText.\n"
    body = "# Title\n\nText.\n"
    assert citations.body_line_offset(source, body) == 4


@pytest.mark.parametrize(
    "raw, key, note",
    [
        ("@kumar2007process", "kumar2007process", None),
        ("@kumar2007proces", "kumar2007proces", "unknown reference"),
        ("@Kumar2007Process", "Kumar2007Process", "key differs in case"),
        ("@north:2005", "north:2005", "key cannot be cited"),
        ("see @north2005scs", None, "not a citation key"),
    ],
)
def test_diagnosis_of_each_kind_of_citation(raw, key, note):
    problem = citations.diagnose(citations.CitationItem(raw=raw, key=key), DATABASE)
    assert (problem.note if problem else None) == note


def test_shield_keeps_good_keys_and_makes_broken_ones_visible_text():
    shielded = citations_shield.shield("See [@kumar2007process; @nope_2020].\n\n`[@x]`\n", DATABASE)
    assert shielded.startswith('See [@kumar2007process]<span class="pls-citation-broken">')
    assert '&#91;&#64;nope&#95;2020&#93; <span class="pls-citation-broken__note">(unknown reference)</span>' in shielded
    assert "@" not in shielded.replace("[@kumar2007process]", "")  # code masked, broken key escaped
    assert citations.find_citation_blocks(shielded)[0].text == "[@kumar2007process]"


def test_format_links_pubmed_and_keeps_code():
    markdown = (
        "Text[^kumar2007process][^north2005scs] and `[^a][^b]`.\n\n"
        "[^kumar2007process]: Kumar. Title.\n[^north2005scs]: North. Title.\n"
    )
    formatted = citations_format.format_citations(markdown, DATABASE)
    assert "Text[^kumar2007process][^north2005scs] and `[^a][^b]`." in formatted
    assert "[^north2005scs]: North. Title. [PubMed 15617591](https://pubmed.ncbi.nlm.nih.gov/15617591/)." in formatted
    assert "[^kumar2007process]: Kumar. Title.\n" in formatted


def test_a_footnote_whose_text_is_its_entrys_gets_a_slot_and_another_keeps_its_markdown():
    database = references.parse_references(
        "@article{north2005scs, author={North, Richard B.}, title={T}, journal={J}, year={2005}, pmid={15617591}}\n"
        "@article{kumar2007process, author={Kumar, K}, title={T}, journal={J}, year={2007}}\n"
    )
    database.formatted["north2005scs"] = "Richard B. North. T. *J*, 2005."
    database.formatted["kumar2007process"] = "K. Kumar. T. *J*, 2007."
    markdown = "A[^north2005scs][^kumar2007process].\n\n[^north2005scs]: Richard B. North. T. *J*, 2005.\n[^kumar2007process]: Other text.\n"
    formatted = citations_format.format_citations(markdown, database)
    assert f"[^north2005scs]: {reference_html.slot('north2005scs')}\n" in formatted
    assert "[^kumar2007process]: Other text.\n" in formatted


def test_adjacent_footnote_references_are_separated_in_the_html():
    page_html = (
        '<p>A<sup id="fnref:a"><a class="footnote-ref" href="#fn:a">1</a></sup>'
        '<sup id="fnref:b"><a class="footnote-ref" href="#fn:b">2</a></sup>'
        '<sup id="fnref2:a"><a class="footnote-ref" href="#fn:a">1</a></sup> and'
        ' <sup id="fnref:c"><a class="footnote-ref" href="#fn:c">3</a></sup>.</p><pre><code>[^a][^b]</code></pre>'
    )
    separated = citations_format.separate_adjacent_references(page_html)
    assert separated.count(citations_format.SEPARATOR) == 2
    assert f'#fn:a">1</a></sup>{citations_format.SEPARATOR}<sup id="fnref:b">' in separated
    assert f'#fn:b">2</a></sup>{citations_format.SEPARATOR}<sup id="fnref2:a">' in separated
    assert "</sup> and <sup" in separated and "<code>[^a][^b]</code>" in separated


def test_footnotes_are_found_at_the_end_of_the_page_only():
    footnotes = '<div class="footnote">\n<hr />\n<ol>\n<li id="fn:a">\n<p>A.</p>\n</li>\n</ol>\n</div>'
    page_html = f"<p>Text</p>\n{footnotes}\n"
    start, end = citations_format.footnotes_span(page_html)
    assert page_html[start:end] == footnotes
    assert citations_format.footnotes_span(f"<p>Text</p>\n{footnotes}\n<p>After</p>\n") == (0, 0)
    assert citations_format.footnotes_span("<p>No footnotes.</p>") == (0, 0)


def test_unrendered_citations_are_found_outside_code_only():
    page_html = (
        "<p>Left [@kumar2007process] here, mail [me@example.org].</p><pre><code>[@b]</code></pre><code>[@c]</code>"
    )
    assert citations.unrendered_citations(page_html) == ["[@kumar2007process]"]


def test_plain_http_record_address_is_shown_but_not_linked():
    database = references.parse_references(
        "@article{wilkinson2005, author={Wilkinson, Harold A.}, title={T}, year={2005},"
        " url={http://example.org/record}}\n"
    )
    entry = database.get("wilkinson2005")
    formatted = "Harold A. Wilkinson. T. 2005. URL: [http://example.org/record](http://example.org/record)."
    text = references.reference_markdown(formatted, entry)
    assert "](http://" not in text
    assert "http://example.org/record (not linked: the record is served over plain HTTP)" in text
    secure = "A. T. 2005. URL: [https://example.org/r](https://example.org/r)."
    assert "[https://example.org/r](https://example.org/r)" in references.reference_markdown(secure, entry)


@pytest.mark.parametrize(
    "author, label",
    [
        ("author = {Kumar, Krishna and Taylor, Rod S. and Jacques, Line}", "Kumar et al. 2007"),
        ("author = {North, Richard B. and Kidd, David H.}", "North and Kidd 2007"),
        ("author = {Bosy, Dan and others}", "Bosy et al. 2007"),
        ("author = {Solmaz, {\\.I}lker}", "Solmaz 2007"),
        ("author = {Jo{\\~a}o Garcia}", "Garcia 2007"),
        (
            "author = {{National Institute for Health and Care Excellence}}",
            "National Institute for Health and Care Excellence 2007",
        ),
        ("organization = {NICE}", "NICE 2007"),
    ],
)
def test_short_label_for_other_hooks(author, label):
    entry = references.parse_references(f"@misc{{k, {author}, title={{T}}, year={{2007}}}}").get("k")
    assert entry.short_label == label
