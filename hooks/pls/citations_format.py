"""Finish what mkdocs-bibtex rendered: "1, 2" instead of "12", PubMed links, code put back.

Why this exists: mkdocs-bibtex turns `[@a; @b]` into the footnote references `[^a][^b]`, which read
as "12"; its reference text (pybtex's plain style) links a DOI but never a PMID. Right after it
this step adds the PubMed link to each reference that has a PMID and restores the
'@' that citations_shield masked in code; in the page's HTML it puts a separator between adjacent
footnote references. Material's footnote tooltips then show the full reference on hover and
keyboard focus.

Each footnote's reference text is made HTML once per build (reference_html): the Markdown carries a
slot in its place. In the page's HTML the footnotes are filled and set aside (`finish_footnotes`), so
the search plugin indexes the page by its own words, and put back in the finished page.
"""

from __future__ import annotations

import re

from mkdocs.structure.pages import Page

from . import citations, reference_html, references
from .state import Build

# A footnote reference directly followed by another one, as Python-Markdown's footnotes write them.
ADJACENT_FOOTNOTE_REFERENCES = re.compile(
    r'(<sup id="fnref\d*:[^"]+"><a class="footnote-ref" href="#fn:[^"]+">[^<]*</a></sup>)(?=<sup id="fnref)'
)
FOOTNOTE_DEFINITION = re.compile(r"^\[\^(?P<key>[^\[\]\s]+)\]:[ \t]+(?P<text>.+)$", re.MULTILINE)
SEPARATOR = '<sup class="pls-citation-sep">, </sup>'
FOOTNOTES_START = '<div class="footnote">'
FOOTNOTES_END = "</ol>\n</div>"


def finish_citations(build: Build, markdown: str) -> str:
    """Link PubMed, hold each reference text's place, restore code."""
    return format_citations(markdown, build.references, build.entry_html)


def finish_footnotes(build: Build, html: str, page: Page) -> str:
    """Separate adjacent citations; fill the footnotes and keep them out of the search index."""
    html = separate_adjacent_references(html)
    start, end = footnotes_span(html)
    if start == end:
        return reference_html.fill_slots(html, build.references, build.entry_html)  # placed by the author: in place
    footnotes = reference_html.fill_slots(html[start:end], build.references, build.entry_html)
    return html[:start] + build.unindexed.set_aside(page, footnotes) + html[end:]


# --- Helper functions --------------------------------------------------------------------------


def format_citations(
    markdown: str, database: references.ReferenceDatabase, memo: reference_html.HtmlMemo | None = None
) -> str:
    """Pure form of the Markdown step, for tests: a footnote's text is its entry's slot, or its Markdown."""
    markdown = citations.unmask_code(markdown)
    if "[^" not in markdown:
        return markdown

    def add_links(match: re.Match) -> str:
        reference = database.get(match.group("key"))
        if reference is None:
            return match.group(0)
        same_as_entry = match.group("text") == database.formatted.get(reference.key)
        slot = reference_html.slot(reference.key)
        if same_as_entry and slot is not None and reference_html.entry_html(reference.key, database, memo) is not None:
            return f"[^{reference.key}]: {slot}"
        return f"[^{reference.key}]: {references.reference_markdown(match.group('text'), reference)}"

    return citations.sub_outside_code(FOOTNOTE_DEFINITION, add_links, markdown)


def separate_adjacent_references(html: str) -> str:
    """'1, 2' instead of '12' between footnote references that follow each other."""
    return ADJACENT_FOOTNOTE_REFERENCES.sub(r"\1" + SEPARATOR, html) if "fnref" in html else html


def footnotes_span(html: str) -> tuple[int, int]:
    """(start, end) of Python-Markdown's footnotes at the end of a page's HTML; (0, 0) if they are not there."""
    start = html.rfind(FOOTNOTES_START)
    if start < 0:
        return (0, 0)
    end = len(html.rstrip())
    if not html[start:end].endswith(FOOTNOTES_END) or html.count(FOOTNOTES_START) != 1:
        return (0, 0)
    return (start, end)
