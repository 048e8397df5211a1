"""The `/// claim` form as pure functions: finding blocks, checking values, rendering, line numbers."""

import re
from pathlib import Path

import pytest

from pls import bibtex_adapter, claims_form, references
from pls.abbreviations import Abbreviations
from pls.claims_form import (
    body_first_line,
    certainty_badge,
    citation_keys,
    claim_meta_html,
    find_claim_blocks,
    markdown_to_text,
    read_claim,
    render_claim,
)
from pls.claims_model import load_vocabulary
from pls.claims_references import reference_identifiers

VOCABULARY = load_vocabulary()


def _claim(options: str, text: str = "Claim text [@kumar2007process].", claim_id: str = "scs-pain") -> str:
    return f"/// claim | {claim_id}\n{options}\n\n{text}\n///\n"


def _read(markdown: str, first_line: int = 1):
    blocks, problems = find_claim_blocks(markdown, first_line=first_line)
    results = [read_claim(block, VOCABULARY, source="page.md") for block in blocks]
    return (
        blocks,
        problems + [problem for _, claim_problems in results for problem in claim_problems],
        [claim for claim, _ in results],
    )


def _line_of(text: str, fragment: str, first_line: int = 1) -> int:
    return first_line + next(index for index, line in enumerate(text.split("\n")) if fragment in line)


# --- A valid claim -----------------------------------------------------------------------------


def test_valid_claim_with_every_option_is_read_with_canonical_values():
    markdown = "Intro.\n\n" + _claim(
        "topic: Spinal  cord stimulation\ncertainty: Moderate\nevidence: rct\npopulation: direct\n"
        "risk-of-bias: down 1 — open-label\ndirection: benefit\n"
        "verdict: overstated\nclaimed-by: AI-generated answer (source 003)\nconflicted: true",
        text="In *some* people (48% vs 9%) [@kumar2007process; @north2005scs].\n\nSecond paragraph [@kumar2007process].",
    )
    blocks, problems, claims = _read(markdown)
    assert [(problem.line, problem.message) for problem in problems] == []
    (claim,) = claims
    assert (claim.id, claim.topic, claim.certainty, claim.evidence, claim.direction) == (
        "scs-pain",
        "Spinal cord stimulation",
        "moderate",
        "RCT",
        "benefit",
    )
    assert (claim.verdict, claim.claimed_by, claim.conflicted) == (
        "overstated",
        "AI-generated answer (source 003)",
        True,
    )
    assert claim.citations == ("kumar2007process", "north2005scs")
    assert claim.plain_text == "In some people (48% vs 9%). Second paragraph."
    assert claim.line == 3
    assert (blocks[0].first, blocks[0].last) == (2, 16)


def test_a_claim_shown_inside_a_code_fence_is_not_parsed():
    markdown = "```markdown\n/// claim | example\ncertainty: nonsense\n///\n```\n\n~~~\n/// claim\n~~~\n"
    blocks, problems = find_claim_blocks(markdown)
    assert blocks == [] and problems == []


def test_optional_values_are_optional():
    _, problems, claims = _read(_claim("topic: Prolotherapy\ncertainty: very low\nevidence: none"))
    assert [(problem.line, problem.message) for problem in problems] == []
    assert claims[0].grading.population is None
    assert (claims[0].evidence, claims[0].direction, claims[0].verdict, claims[0].claimed_by, claims[0].conflicted) == (
        "none",
        None,
        None,
        None,
        False,
    )


def test_citation_keys_are_read_as_mkdocs_bibtex_reads_them():
    assert citation_keys("A [@b_1; @c-2] and [@b_1], not an e-mail a@b.org or [a link](x.md).") == ("b_1", "c-2")


def test_plain_text_drops_markdown_and_citations():
    assert (
        markdown_to_text("A **bold** [link](x.md) claim [@key1], with `code` [@a; @b].")
        == "A bold link claim, with code."
    )


# --- Problems, with the author's line numbers --------------------------------------------------


@pytest.mark.parametrize(
    ("options", "text", "fragment", "message"),
    [
        (
            "topic: T\ncertainty: medium",
            "Text [@k].",
            "certainty: medium",
            "unknown certainty 'medium' in claim 'scs-pain' — use one of: high, moderate, low, very low",
        ),
        (
            "topic: T\ncertainty: moderat",
            "Text [@k].",
            "certainty: moderat",
            "unknown certainty 'moderat' in claim 'scs-pain' — use one of: high, moderate, low, very low (closest: 'moderate')",
        ),
        (
            "topic: T",
            "Text [@k].",
            "/// claim",
            "claim 'scs-pain' has no certainty — add 'certainty: <level>' with one of: high, moderate, low, very low",
        ),
        (
            "certainty: low",
            "Text [@k].",
            "/// claim",
            "claim 'scs-pain' has no topic — add 'topic: <intervention or topic>'",
        ),
        (
            "topic: T\ncertainty: low",
            "Text with no citation.",
            "Text with",
            "claim 'scs-pain' cites no source — add at least one citation",
        ),
        (
            "topic: T\ncertainty: low\nevidence: trial",
            "Text [@k].",
            "evidence: trial",
            "unknown evidence kind 'trial' in claim 'scs-pain' — use one of: systematic review, RCT, cohort, case series,"
            " case report, cross-sectional, qualitative, guideline, expert opinion, model/laboratory",
        ),
        (
            "topic: T\ncertainty: low\nverdict: wrong\nclaimed-by: Someone",
            "Text [@k].",
            "verdict: wrong",
            "unknown verdict 'wrong' in claim 'scs-pain' — use one of: supported, overstated, unsupported, contradicted, misattributed",
        ),
        (
            "topic: T\ncertainty: low\ndirection: positive",
            "Text [@k].",
            "direction: positive",
            "unknown direction 'positive' in claim 'scs-pain' — use one of: harm, no clear benefit, benefit, uncertain",
        ),
        (
            "topic: T\ncertainty: low\nverdict: overstated",
            "Text [@k].",
            "verdict: overstated",
            "claim 'scs-pain' has a verdict but does not say who made the claim — add 'claimed-by: <who made the claim>'",
        ),
        (
            "topic: T\ncertainty: low\nclaimed-by: Someone",
            "Text [@k].",
            "claimed-by",
            "claim 'scs-pain' says who made it but has no verdict — add 'verdict: <one of:",
        ),
        (
            "topic: T\ncertainty: low\nverdict: supported\nclaimed-by: Someone\nconflicted: yes",
            "Text [@k].",
            "conflicted: yes",
            "option 'conflicted' in claim 'scs-pain' must be true or false, not 'yes' — write 'conflicted: true' or 'conflicted: false'",
        ),
        (
            "topic: T\ncertainty: low\nconflicted: true",
            "Text [@k].",
            "conflicted: true",
            "claim 'scs-pain' flags a conflicted source but does not say who made the claim",
        ),
        (
            "topic: T\ncertanty: low\ncertainty: low",
            "Text [@k].",
            "certanty",
            "unknown option 'certanty' in claim 'scs-pain' — use one of: topic, certainty, evidence, design, population,"
            " risk-of-bias, inconsistency, indirectness, imprecision, publication-bias, large-effect, dose-response,"
            " direction, verdict, claimed-by, conflicted, benefit, harm, involves (closest: 'certainty')",
        ),
        (
            "topic: T\ncertainty: low\ncertainty: high",
            "Text [@k].",
            "certainty: high",
            "option 'certainty' is given twice in claim 'scs-pain' (first on line ",
        ),
    ],
)
def test_each_problem_names_the_line_and_the_fix(options, text, fragment, message):
    markdown = "# Page\n\n" + _claim(options, text=text)
    _, problems, _ = _read(markdown, first_line=9)
    assert [problem for problem in problems if problem.message.startswith(message)], problems
    (problem,) = [problem for problem in problems if problem.message.startswith(message)]
    assert problem.line == _line_of(markdown, fragment, first_line=9)


def test_missing_and_malformed_ids():
    markdown = "/// claim\ntopic: T\ncertainty: low\n\nA [@k].\n///\n\n/// claim | SCS Pain!\ntopic: T\ncertainty: low\n\nB [@k].\n///\n"
    _, problems, claims = _read(markdown)
    assert (problems[0].line, problems[0].message) == (
        1,
        "claim has no id — write '/// claim | <id>' with lowercase letters, digits and hyphens, e.g. '/// claim | prp-disc-regeneration'",
    )
    assert (problems[1].line, problems[1].message) == (
        8,
        "claim id 'SCS Pain!' is not valid — use lowercase letters, digits and hyphens only, e.g. '/// claim | scs-pain'",
    )
    assert [claim.id for claim in claims] == ["", ""]


def test_unclosed_claim_is_reported_and_the_next_claim_is_still_read():
    markdown = "/// claim | first\ntopic: T\ncertainty: low\n\nA [@k].\n\n/// claim | second\ntopic: T\ncertainty: low\n\nB [@k].\n///\n"
    blocks, problems = find_claim_blocks(markdown, first_line=20)
    assert [(problem.line, problem.message) for problem in problems] == [
        (20, "claim 'first' is not closed — add a line '///' after the claim text")
    ]
    assert [block.id for block in blocks] == ["second"]


def test_claim_at_end_of_page_without_closing_line_is_reported():
    _, problems = find_claim_blocks("Text.\n\n/// claim | last\ntopic: T\ncertainty: low\n\nA [@k].\n")
    assert [(problem.line, problem.message) for problem in problems] == [
        (3, "claim 'last' is not closed — add a line '///' after the claim text")
    ]


def test_missing_blank_line_between_options_and_text():
    _, problems, claims = _read("/// claim | c\ntopic: T\ncertainty: very low\nevidence: none\nThe text [@k].\n///\n")
    assert [(problem.line, problem.message) for problem in problems] == [
        (
            5,
            "line 'The text [@k].' in claim 'c' is not an option ('name: value') — leave one blank line between the options and the claim text",
        )
    ]
    assert claims[0].text == "The text [@k]."


def test_indented_claim_inside_an_admonition_is_refused():
    _, problems = find_claim_blocks('!!! note "Note"\n    /// claim | c\n    topic: T\n    ///\n')
    assert [(problem.line, problem.message) for problem in problems] == [
        (
            2,
            "a claim must start at the beginning of a line, outside tabs and admonitions"
            " — move it out of the tab or admonition and remove the indentation",
        )
    ]


def test_misspelt_block_name_is_reported():
    _, problems = find_claim_blocks("/// claims | c\n")
    assert [(problem.line, problem.message) for problem in problems] == [
        (1, "unknown block '/// claims' — write '/// claim | <id>'")
    ]


# --- Rendering -----------------------------------------------------------------------------------


def test_rendered_claim_keeps_its_line_count_and_its_citations_as_markdown():
    markdown = _claim(
        "topic: PRP\ncertainty: very low\nevidence: case series\ndirection: uncertain\nverdict: unsupported\n"
        "claimed-by: Clinic page\nconflicted: true",
        text="PRP claim [@singjie2023prp].",
    )
    blocks, _, claims = _read(markdown)
    rendered = render_claim(claims[0], meta_slot="SLOT-0", min_lines=blocks[0].last - blocks[0].first + 1)
    assert len(rendered.split("\n")) == blocks[0].last - blocks[0].first + 1
    assert rendered.startswith('<div class="pls-claim" id="claim-scs-pain" markdown>\nSLOT-0\n\n')
    assert "PRP claim [@singjie2023prp]." in rendered
    assert rendered.count("<") == 2, "the only raw HTML is the claim's own block: the rest is a slot and Markdown"
    assert rendered.endswith("</div>")


def test_badge_and_verdict_lines_show_the_grade_its_reasons_and_who_made_the_claim():
    _, problems, claims = _read(
        _claim(
            "topic: PRP\ncertainty: very low\nevidence: case series\npopulation: indirect — people without surgery\n"
            "risk-of-bias: down 1 — no comparison group\nindirectness: down 1 — people without surgery\n"
            "direction: uncertain\nverdict: unsupported\nclaimed-by: Clinic <page>\nconflicted: true",
            text="PRP claim [@singjie2023prp].",
        )
    )
    assert problems == []
    meta = claim_meta_html(claims[0], VOCABULARY, grading_url="../evidence/grading/")
    badge_line, verdict_line = meta.split("\n")
    assert badge_line.startswith(
        '<p class="pls-claim__meta"><span class="pls-grade" data-pls-grade><button type="button"'
        ' class="pls-badge pls-badge--very-low" aria-expanded="true" aria-controls="claim-scs-pain-why"'
    )
    assert "⊕◯◯◯</span> Very low<span" in badge_line
    assert '<span class="pls-visually-hidden">Certainty of evidence: </span>' in badge_line
    assert (
        '<span class="pls-grade__why" id="claim-scs-pain-why" data-pls-grade-why><span class="pls-grade__reasons">'
        "Very low: started low (observational); down one for risk of bias (no comparison group) and one for"
        " indirectness (people without surgery); a rating cannot go below very low.</span>"
    ) in badge_line
    assert '<span class="pls-grade__population">Population: indirect (people without surgery).</span>' in badge_line
    assert '<a class="pls-grade__link" href="../evidence/grading/">How we grade evidence</a>' in badge_line
    assert "Topic:</span> PRP</span>" in badge_line
    assert verdict_line.startswith('<p class="pls-claim__verdict">')
    assert "Verdict: Unsupported" in verdict_line and "Claim made by:</span> Clinic &lt;page&gt;" in verdict_line
    assert "Promotional or conflicted source" in verdict_line


def test_a_claim_whose_grade_is_not_worked_out_keeps_a_plain_badge_linked_to_the_grading_page():
    _, problems, claims = _read(_claim("topic: PRP\ncertainty: very low", text="PRP claim [@singjie2023prp]."))
    assert problems, "no evidence kind: the grade cannot be worked out"
    meta = claim_meta_html(claims[0], VOCABULARY, grading_url="../evidence/grading/")
    assert meta.startswith('<p class="pls-claim__meta"><a class="pls-badge pls-badge--very-low"')
    assert 'href="../evidence/grading/" title="How we grade evidence"' in meta and "pls-grade__why" not in meta


def test_values_in_the_badge_line_get_the_glossary_abbreviations():
    _, _, claims = _read(
        _claim(
            "topic: PRP\ncertainty: low\nevidence: case series\npopulation: direct — people after PRP\n"
            "imprecision: none — 200 people",
            text="Claim [@singjie2023prp].",
        )
    )
    glossary = Abbreviations("*[PRP]: platelet-rich plasma")
    meta = claim_meta_html(claims[0], VOCABULARY, grading_url=None, abbreviate=glossary.html)
    assert 'Topic:</span> <abbr title="platelet-rich plasma">PRP</abbr></span>' in meta
    assert 'Population: direct (people after <abbr title="platelet-rich plasma">PRP</abbr>).' in meta
    assert "pls-grade__link" not in meta, "no grading page: the reasons do not link to it"


@pytest.mark.parametrize(
    ("level", "symbols", "word"),
    [
        ("high", "⊕⊕⊕⊕", "High"),
        ("moderate", "⊕⊕⊕◯", "Moderate"),
        ("low", "⊕⊕◯◯", "Low"),
        ("very low", "⊕◯◯◯", "Very low"),
    ],
)
def test_badge_shows_grade_symbols_and_the_word(level, symbols, word):
    badge = certainty_badge(VOCABULARY.term("certainty", level), link="grading/")
    assert f'<span class="pls-badge__symbols" aria-hidden="true">{symbols}</span> {word}</a>' in badge
    assert badge.startswith('<a class="pls-badge') and 'href="grading/"' in badge


def test_certainty_ranks_follow_grade_order():
    ranks = [VOCABULARY.certainty_rank(level) for level in ("very low", "low", "moderate", "high")]
    assert ranks == sorted(ranks) and len(set(ranks)) == 4


# --- Line numbers and references -----------------------------------------------------------------


def test_body_first_line_counts_front_matter_and_blank_lines():
    source = "---\ntitle: x\ndescription: y\n---\n\n\n# Heading\n"
    assert body_first_line(source, "# Heading\n") == 7
    assert body_first_line("# Heading\n", "# Heading\n") == 1
    # A body rewritten by an earlier hook: measured from the front matter instead.
    assert body_first_line(source, "# Changed\n") == 7


def test_reference_identifiers_read_doi_pmid_and_a_short_label(tmp_path: Path):
    bib = tmp_path / "references.bib"
    bib.write_text(
        '@article{one, author = {M{\\"u}ller, Anna and Smith, Bo and Lee, Cy}, title = {T}, year = {2020},'
        " doi = {10.1000/x}, pmid = {123}}\n"
        "@article{two, author = {Kim, Jo}, title = {T}, year = {2019}}\n"
        "@techreport{three, institution = {National Institute for Health and Care Excellence}, title = {T}, year = {2016}}\n",
        encoding="utf-8",
    )
    identifiers = reference_identifiers(references.load_references(bib))
    assert (identifiers["one"].doi, identifiers["one"].pmid, identifiers["one"].label) == (
        "10.1000/x",
        "123",
        "Müller et al. 2020",
    )
    assert (identifiers["two"].doi, identifiers["two"].pmid, identifiers["two"].label) == (None, None, "Kim 2019")
    assert identifiers["three"].label == "National Institute for Health and Care Excellence 2016"


def test_reference_identifiers_of_an_empty_bibliography_are_empty():
    identifiers = reference_identifiers(references.ReferenceDatabase())
    assert dict(identifiers) == {}
    assert identifiers.get("missing") is None


def test_plain_prose_skips_markdown_and_gives_the_same_text():
    """markdown_to_text reads plain prose without Python-Markdown: it must give what Markdown gives."""
    import random

    import markdown
    from markupsafe import Markup

    converter = markdown.Markdown()

    def through_markdown(text: str) -> str:
        for block_text, _ in bibtex_adapter.citation_blocks(text):
            text = text.replace(block_text, "")
        return re.sub(r"\s+([.,;:!?)])", r"\1", Markup(converter.reset().convert(text)).striptags())

    pieces = [*"ab Z09 \n,.;:'\"?%()/–—-", "1. ", "- ", "    ", "\n\n", "  \n", "---", "+ ", "*", "_", "[@a]"]
    generator = random.Random(20261121)
    skipped = 0
    for _ in range(20000):
        text = "".join(generator.choice(pieces) for _ in range(generator.randint(0, 14)))
        assert markdown_to_text(text) == through_markdown(text), repr(text)
        skipped += bool(claims_form._PLAIN_PROSE.fullmatch(text) and not claims_form._BLOCK_SYNTAX.search(text))
    assert skipped > 5000, "plain prose should mostly skip Markdown"
