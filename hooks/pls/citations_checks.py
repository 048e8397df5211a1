"""Check every citation in every page, and that none is left unrendered in the built page.

Why this exists: mkdocs-bibtex drops an unknown key, a key it cannot read (':' or '.') and any other
words inside citation brackets, logging at most "Citing unknown reference key" with no page or line;
it also never sees citations in included snippets, which then reach the reader as literal '[@key]'.
`check_citations` reads each page's Markdown before anything rewrites it (so the line numbers
are the author's), reports `docs/<page>.md:<line>: what — fix` and records which page cites which
key (for the References page); output_checks reports any '[@…]' left as text in a finished page,
where `unrendered_citation_problem` says where it came from.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from . import citations
from .abbreviations import snippet_files
from .problems import Problem, docs_path, project_path, report
from .state import Build


def check_citations(build: Build, markdown: str, page: Page) -> None:
    """Report each broken citation with its source line; index the good ones."""
    database = build.references
    index = build.citations
    offset = None
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
            report(problem.at(docs_path(build.config, page.file.src_uri), line=offset + block.line))


def unrendered_citation_problem(literal: str, page: Page, config: MkDocsConfig) -> Problem:
    """A citation left as text in a built page: where it comes from (page or snippet line) and what to do."""
    page_file = docs_path(config, page.file.src_uri)
    source = page.file.content_string
    line = citations.line_of(source, literal)
    if line is not None:
        return Problem(
            line,
            f"citation '{literal}' is left as text in the built page (mkdocs-bibtex did not render it)",
            "write it as [@key] in the page's own text, outside HTML",
            file=page_file,
        )
    for snippet in snippet_files(source, config):
        snippet_line = citations.line_of(snippet.read_text(encoding="utf-8"), literal)
        if snippet_line is not None:
            return Problem(
                snippet_line,
                f"citation '{literal}' is left as text in {page_file}: mkdocs-bibtex does not process included snippets",
                "cite the source in the page itself, not in the snippet",
                file=project_path(config, snippet),
            )
    return Problem(
        None,
        f"citation '{literal}' is left as text in the built page and does not come from the page's own Markdown",
        "cite the source in the page itself",
        file=page_file,
    )
