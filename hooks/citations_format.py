"""Finish what mkdocs-bibtex rendered: "1, 2" instead of "12", PubMed links, code put back.

Why this exists: mkdocs-bibtex turns `[@a; @b]` into the footnote references `[^a][^b]`, which read
as "12"; its reference text (pybtex's plain style) links a DOI but never a PMID. Right after it
(priority -10) this hook puts a separator between adjacent footnote references, adds the PubMed link
to each reference that has a PMID, and restores the '@' that citations_shield masked in code.
Material's footnote tooltips then show the full reference on hover and keyboard focus.

The reference text itself is converted to HTML once per build (reference_html): each footnote gets
a slot, filled once the search plugin has indexed the page (on_page_context, priority -100).
"""

from __future__ import annotations

import re

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

import citations
import reference_html
import references

# A footnote reference directly followed by another one (not a definition, which has ':').
ADJACENT_FOOTNOTE_REFERENCE = re.compile(r"(\[\^[^\[\]\s]+\])(?=\[\^[^\[\]\s]+\](?!:))")
FOOTNOTE_DEFINITION = re.compile(r"^\[\^(?P<key>[^\[\]\s]+)\]:[ \t]+(?P<text>.+)$", re.MULTILINE)
SEPARATOR = '<sup class="pls-citation-sep">, </sup>'


@mkdocs.plugins.event_priority(-10)  # right after mkdocs-bibtex (0), before page chrome (-100)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Separate adjacent citations, link PubMed, restore code."""
    return format_citations(markdown, references.current_references())


@mkdocs.plugins.event_priority(-100)  # after the search plugin (0) has indexed the page
def on_page_context(context, *, page: Page, config: MkDocsConfig, nav: Navigation):
    """Put each footnote's reference text into its slot."""
    if page.content:
        page.content = reference_html.fill_slots(page.content, references.current_references())
    return context


def format_citations(markdown: str, database: references.ReferenceDatabase) -> str:
    """Pure form of the hook, for tests: a footnote's text is its entry's slot, or its Markdown."""
    markdown = citations.unmask_code(markdown)
    if "[^" not in markdown:
        return markdown
    markdown = citations.sub_outside_code(ADJACENT_FOOTNOTE_REFERENCE, r"\1" + SEPARATOR, markdown)

    def add_links(match: re.Match) -> str:
        reference = database.get(match.group("key"))
        if reference is None:
            return match.group(0)
        text = references.reference_markdown(match.group("text"), reference)
        same_as_entry = match.group("text") == database.formatted.get(reference.key)
        if same_as_entry and reference_html.entry_html(reference.key, database) is not None:
            return f"[^{reference.key}]: {reference_html.slot(reference.key)}"
        return f"[^{reference.key}]: {text}"

    return citations.sub_outside_code(FOOTNOTE_DEFINITION, add_links, markdown)
