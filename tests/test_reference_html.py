"""Reference text as HTML (hooks/pls/reference_html.py): converted once per build.

Pages must show it: in the footnotes (set aside while the search index is built, so search does not
match a page by what it cites) and on the References page (indexed, with every entry's text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from mkdocs_bibtex.registry import SimpleRegistry

from pls import bibtex_adapter, reference_html, reference_style, references
from sitebuilder import FIXTURES, build_fixture_site

# Entries whose HTML the fast route must either get exactly right or leave to Python-Markdown.
HTML_TRICKY_BIB = r"""
@article{query-url,
  author  = {Writer, Ann},
  title   = {Addresses with a query},
  journal = {Journal of Links},
  year    = {2020},
  url     = {https://example.org/record?id=1&part=2},
}
@article{entity-url,
  author  = {Writer, Ann},
  title   = {An address with an entity-like part},
  journal = {J},
  year    = {2020},
  url     = {https://example.org/a?b=1&amp;c=2},
}
@article{paren-doi,
  author  = {Writer, Ann},
  title   = {A DOI with parentheses},
  journal = {J},
  year    = {1996},
  doi     = {10.1002/(SICI)1097-4636(199603)31:3<339::AID-JBM7>3.0.CO;2-G},
}
@article{underscore-doi,
  author  = {Writer, Ann},
  title   = {A DOI with underscores},
  journal = {J},
  year    = {2001},
  doi     = {10.5555/a_b_c},
  pmid    = {12345},
}
@article{plain-http,
  author  = {Writer, Ann},
  title   = {A record served over plain HTTP},
  journal = {J},
  year    = {2005},
  url     = {http://example.org/record},
}
@article{others-entities,
  author  = {Kumar, Krishna and others},
  title   = {Less-than < and ampersand {\&} in a title},
  journal = {Pain {\&} Spine},
  year    = {2007},
  pages   = {1--9},
  pmid    = {17845835},
}
@misc{list-title,
  title   = {1. A title Markdown would read as a list},
  year    = {2003},
}
@misc{misc-url,
  title        = {Guideline page},
  howpublished = {Online},
  year         = {2016},
  url          = {https://www.nice.org.uk/guidance/ng59},
}
"""


def formatted_database(bib_path: Path) -> references.ReferenceDatabase:
    """The database the build makes: parsed, then every entry formatted in the site's style."""
    registry = SimpleRegistry(bib_files=[str(bib_path)])
    database = references.parse_references(bib_path.read_text(encoding="utf-8"))
    for key in database.entries:
        try:
            database.formatted[key] = reference_style.format_markdown(bibtex_adapter.pybtex_entry(registry, key))
        except Exception:  # noqa: BLE001 - an entry pybtex cannot format stays unformatted, as in the build
            continue
    return database


def test_entries_python_markdown_reads_as_blocks_stay_out_of_footnotes_and_links_keep_their_address(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text(HTML_TRICKY_BIB, encoding="utf-8")
    database = formatted_database(bib)
    # The style escapes what Markdown would read as syntax: a title starting '1. ' stays text.
    assert reference_html.entry_html("list-title", database) == "1. A title Markdown would read as a list. 2003."
    assert reference_html.inline_html("1. A list") is None  # a list cannot sit in a footnote
    assert "<ol" in reference_html.block_html("1. A list")
    assert 'href="https://example.org/record?id=1&amp;part=2"' in reference_html.entry_html("query-url", database)
    others = reference_html.entry_html("others-entities", database)
    assert others.startswith("Kumar K, et al. Less-than &lt; and ampersand &amp; in a title.")
    assert '<a href="https://pubmed.ncbi.nlm.nih.gov/17845835/">PubMed 17845835</a>.' in others


def test_each_entry_is_converted_once_per_build(tmp_path):
    bib = tmp_path / "references.bib"
    bib.write_text(HTML_TRICKY_BIB, encoding="utf-8")
    database = formatted_database(bib)
    memo = reference_html.HtmlMemo()
    first = reference_html.entry_html("query-url", database, memo)
    database.formatted["query-url"] = "changed"  # a second call must not convert again
    assert reference_html.entry_html("query-url", database, memo) == first
    assert reference_html.entry_html("query-url", database, reference_html.HtmlMemo()) == "changed"


def test_slots_are_filled_with_each_entry_and_unknown_ones_left_alone(tmp_path):
    database = formatted_database(FIXTURES / "citations-valid" / "references.bib")
    page = (
        f'<ol><li id="fn:north2005scs"><p>{reference_html.slot("north2005scs")}&#160;<a>back</a></p></li>'
        f"<li><p>{reference_html.slot('nobody2000')}</p></li></ol>"
    )
    filled = reference_html.fill_slots(page, database)
    assert reference_html.entry_html("north2005scs", database) in filled
    assert "Spinal cord stimulation versus repeated lumbosacral spine surgery" in filled
    assert reference_html.slot("nobody2000") in filled
    assert reference_html.fill_slots("<p>No citations.</p>", database) == "<p>No citations.</p>"


@pytest.fixture(scope="module")
def citations_site(tmp_path_factory):
    result = build_fixture_site(tmp_path_factory.mktemp("reference-html"), "citations-valid")
    assert result.ok, result.log
    return result


def test_footnotes_show_the_full_reference_and_no_slot_is_left(citations_site):
    article = BeautifulSoup(citations_site.page("treatment/"), "html.parser").select_one("article")
    footnote = article.select_one('li[id="fn:kumar2007process"]')
    assert footnote is not None
    text = " ".join(footnote.get_text(" ").split())
    assert text.startswith("Kumar K, Taylor RS, Jacques L, et al. Spinal cord stimulation")
    assert footnote.select_one('a[href="https://doi.org/10.1016/j.pain.2007.07.028"]') is not None
    assert footnote.select_one('a[href="https://pubmed.ncbi.nlm.nih.gov/17845835/"]') is not None
    for built in citations_site.site_dir.rglob("*.html"):
        text = built.read_text(encoding="utf-8")
        leftover = [mark for mark in ("\ue040", "\ue041", "\ue042", "<!-- pls:") if mark in text]
        assert not leftover, f"{built}: placeholders left in the page: {leftover}"


def test_search_finds_pages_by_their_words_and_references_on_the_references_page(citations_site):
    index = json.loads((citations_site.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    cited_title = "conventional medical management for neuropathic pain"
    pages_matching = {doc["location"].split("#")[0] for doc in index["docs"] if cited_title in doc["text"]}
    assert pages_matching == {"references/"}, pages_matching
    assert not [doc["location"] for doc in index["docs"] if "\u21a9" in doc["text"]], "footnote back-links indexed"
    treatment = " ".join(doc["text"] for doc in index["docs"] if doc["location"].startswith("treatment/"))
    assert "more people reached pain relief with stimulation" in treatment
