"""Check every citation in every page, and that none is left unrendered in the built page.

Why this exists: mkdocs-bibtex drops an unknown key, a key it cannot read (':' or '.') and any other
words inside citation brackets, logging at most "Citing unknown reference key" with no page or line;
it also never sees citations in included snippets, which then reach the reader as literal '[@key]'.
`check_citations` reads each page's Markdown before anything rewrites it (so the line numbers
are the author's), reports `docs/<page>.md:<line>: what — fix` and records which page cites which
key (for the References page); output_checks reports any '[@…]' left as text in a finished page.
"""

from __future__ import annotations

from mkdocs.structure.pages import Page

from . import citations, references_text
from .problems import docs_path, report
from .state import Build


def check_citations(build: Build, markdown: str, page: Page) -> None:
    """Report each broken citation with its source line; index the good ones."""
    database = build.references
    index = build.citations
    offset = None
    # With no entries at all, one message for the build says so (references_text), not one per citation.
    no_entries = references_text.has_no_entries(database)
    for block in citations.find_citation_blocks(markdown):
        for item in block.items:
            problem = citations.diagnose(item, database)
            if problem is None:
                index.record(item.key, page)
                continue
            if item.key in database:
                index.record_broken(item.key)
            if offset is None:
                offset = citations.body_line_offset(page.file.content_string, markdown)
            if no_entries and item.key:
                build.citations_without_entries.append(
                    f"{docs_path(build.config, page.file.src_uri)}:{offset + block.line} '{item.key}'"
                )
                continue
            report(problem.at(docs_path(build.config, page.file.src_uri), line=offset + block.line))
