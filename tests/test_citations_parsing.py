"""The pure functions behind the citation hooks: finding citations as mkdocs-bibtex does, code, formatting."""

import pytest
from mkdocs_bibtex.citation import CitationBlock as PluginCitationBlock

import citations
import citations_format
import citations_shield
import references

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
    theirs = [str(block) for block in PluginCitationBlock.from_markdown(markdown)]
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


def test_masking_code_keeps_length_and_round_trips():
    markdown = "A [@a].\n\n```\nmail me@example.org [@b]\n```\n`[@c]`\n"
    masked = citations.mask_code(markdown)
    assert len(masked) == len(markdown)
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


def test_format_separates_adjacent_citations_and_links_pubmed():
    markdown = (
        "Text[^kumar2007process][^north2005scs] and `[^a][^b]`.\n\n"
        "[^kumar2007process]: Kumar. Title.\n[^north2005scs]: North. Title.\n"
    )
    formatted = citations_format.format_citations(markdown, DATABASE)
    assert f"[^kumar2007process]{citations_format.SEPARATOR}[^north2005scs]" in formatted
    assert "`[^a][^b]`" in formatted
    assert "[^north2005scs]: North. Title. [PubMed 15617591](https://pubmed.ncbi.nlm.nih.gov/15617591/)." in formatted
    assert "[^kumar2007process]: Kumar. Title.\n" in formatted


def test_unrendered_citations_are_found_outside_code_only():
    page_html = (
        "<p>Left [@kumar2007process] here, mail [me@example.org].</p><pre><code>[@b]</code></pre><code>[@c]</code>"
    )
    assert citations.unrendered_citations(page_html) == ["[@kumar2007process]"]


def test_and_others_is_written_et_al():
    database = references.parse_references(
        "@article{bosy2010interdisciplinary, author={Bosy, Dan and others}, title={T}, year={2010}, pmid={21886371}}\n"
    )
    entry = database.get("bosy2010interdisciplinary")
    assert references.reference_markdown("Dan Bosy and others. T. *J*, 2010.", entry).startswith("Dan Bosy et al. T.")
    assert references.reference_markdown("A, B, and others. T.", entry).startswith("A, B, et al. T.")


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
