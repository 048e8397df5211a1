"""A citation written across a line break works like any other: it renders, links and is checked.

mkdocs-bibtex reads a citation only within one line; the pipeline puts each citation written across
lines on one line just before it runs, and every check before that finds it at the author's line.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from pls import citations, claims_form
from sitebuilder import FIXTURES, build_fixture_site, front_matter, log_lines_about

BIB = (FIXTURES / "citations-valid" / "references.bib").read_text(encoding="utf-8")


# --- Pure functions ----------------------------------------------------------------------------


def test_a_citation_across_lines_is_put_on_one_line_with_the_same_length():
    markdown = "Text [@a;\n    @b] and [@c, p. 5\n] end.\n"
    joined = citations.join_citation_lines(markdown)
    assert joined == "Text [@a;     @b] and [@c, p. 5 ] end.\n"
    assert len(joined) == len(markdown)


@pytest.mark.parametrize(
    "markdown",
    [
        "A paragraph [@a;\n\n@b] split by a blank line.\n",
        "Not a citation [see\nthe text] here.\n",
        "Code ```[@a;\n@b]``` stays.\n",
        "```\n[@a;\n@b]\n```\n",
    ],
)
def test_only_citations_are_joined(markdown):
    assert citations.join_citation_lines(citations.mask_code(markdown)) == citations.mask_code(markdown)


def test_blocks_across_lines_are_found_at_their_line_and_later_lines_stay_right():
    markdown = "One.\n\nTwo [@a;\n@b] and\nmore [@c,\n p. 5] text\nfive [@d].\n"
    blocks = citations.find_citation_blocks(markdown)
    assert [(block.line, [item.raw for item in block.items]) for block in blocks] == [
        (3, ["@a", "@b"]),
        (5, ["@c, p. 5"]),
        (7, ["@d"]),
    ]


def test_a_claim_reads_the_keys_of_a_citation_across_lines():
    assert claims_form.citation_keys("Text [@kumar2007process;\n@north2005scs].") == (
        "kumar2007process",
        "north2005scs",
    )
    assert claims_form.markdown_to_text("Text [@kumar2007process;\n@north2005scs].") == "Text."


# --- Built for real ------------------------------------------------------------------------------

PAGE = front_matter("Across lines", description='"Citations written across line breaks."') + (
    "# Across lines\n\n"
    "Stimulation helped more people than reoperation [@kumar2007process;\n"
    "@north2005scs].\n\n"
    "/// claim | scs-across-lines\n"
    "topic: Spinal cord stimulation\n"
    "certainty: low\n"
    "evidence: RCT\n"
    "population: direct\n"
    "risk-of-bias: down 1 — not blinded\n"
    "imprecision: down 1 — n = 50\n\n"
    "Leg pain was relieved more often [@kumar2007process;\n"
    "    @north2005scs].\n"
    "///\n"
)


def test_a_citation_across_lines_renders_as_footnotes_in_prose_and_in_a_claim(tmp_path):
    result = build_fixture_site(tmp_path, "claims-base", pages={"across.md": PAGE}, bib=BIB)
    assert result.ok, result.log
    assert "WARNING" not in result.log, result.log
    article = BeautifulSoup(result.page("across/"), "html.parser").select_one("article")
    paragraph = next(p for p in article.find_all("p") if "reoperation" in p.get_text())
    assert [a["href"] for a in paragraph.select("a.footnote-ref")] == ["#fn:kumar2007process", "#fn:north2005scs"]
    claim = article.select_one("#claim-scs-across-lines")
    assert [a["href"] for a in claim.select("a.footnote-ref")] == ["#fn:kumar2007process", "#fn:north2005scs"]
    for key in ("kumar2007process", "north2005scs"):
        assert article.find(id=f"fn:{key}") is not None
    assert "[@" not in article.get_text()


def test_a_broken_citation_across_lines_is_reported_at_its_line_and_later_lines_stay_right(tmp_path):
    page = front_matter("Across lines", description='"A broken citation across a line break."') + (
        "# Across lines\n\nA page number [@kumar2007process, p. 5\n] is not a key.\n\nLater [@zzqq1999].\n"
    )
    result = build_fixture_site(tmp_path, "claims-base", pages={"broken.md": page}, bib=BIB)
    assert not result.ok
    lines = page.split("\n")
    first = next(number for number, line in enumerate(lines, start=1) if "p. 5" in line)
    later = next(number for number, line in enumerate(lines, start=1) if "zzqq1999" in line)
    assert log_lines_about(result.log, "docs/broken.md:") == [
        f"pls: docs/broken.md:{first}: citation '[@kumar2007process, p. 5]' has text that is not a key — write only "
        "keys inside the brackets, like [@a] or [@a; @b], and put other words outside them",
        f"pls: docs/broken.md:{later}: unknown citation key 'zzqq1999' — add it to references.bib or fix the key",
    ], result.log
