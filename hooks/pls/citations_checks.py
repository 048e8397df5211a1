"""Check every citation in every page, and that none is left unrendered in the built page.

Why this exists: mkdocs-bibtex drops an unknown key, a key it cannot read (':' or '.') and any other
words inside citation brackets, logging at most "Citing unknown reference key" with no page or line;
it also never sees citations in included snippets, which then reach the reader as literal '[@key]'.
`check_citations` reads each page's Markdown before anything rewrites it (so the line numbers
are the author's), reports `docs/<page>.md:<line>: what — fix`, records which page cites which key
(for the References page), and `check_rendered_citations` fails the build on any '[@…]' left as text.
"""

from __future__ import annotations

import os
from pathlib import Path

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.pages import Page

from . import citations
from .abbreviations import snippet_files
from .state import Build

log = mkdocs.plugins.get_plugin_logger(__name__)


def check_citations(build: Build, markdown: str, page: Page) -> None:
    """Report each broken citation with its source line; index the good ones."""
    config = build.config
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
            log.warning(f"{page_location(page, config)}:{offset + block.line}: {problem.message}")


def check_rendered_citations(build: Build, html: str, page: Page) -> None:
    """Fail on any citation left as literal text in the rendered page (e.g. from a snippet)."""
    for literal in dict.fromkeys(citations.unrendered_citations(html)):
        log.warning(unrendered_message(literal, page, build.config))


# --- Helper functions --------------------------------------------------------------------------


def page_location(page: Page, config: MkDocsConfig) -> str:
    """'docs/treatment/index.md': the page's source, relative to the folder of mkdocs.yml."""
    return project_relative(Path(config.docs_dir, page.file.src_uri), config)


def project_relative(path: Path, config: MkDocsConfig) -> str:
    return Path(os.path.relpath(path, os.path.dirname(config.config_file_path))).as_posix()


def unrendered_message(literal: str, page: Page, config: MkDocsConfig) -> str:
    """Where the unrendered citation comes from (page or snippet line) and what to do."""
    source = page.file.content_string
    line = citations.line_of(source, literal)
    if line is not None:
        return (
            f"{page_location(page, config)}:{line}: citation '{literal}' is left as text in the built page "
            "(mkdocs-bibtex did not render it) — write it as [@key] in the page's own text, outside HTML"
        )
    for snippet in snippet_files(source, config):
        snippet_line = citations.line_of(snippet.read_text(encoding="utf-8"), literal)
        if snippet_line is not None:
            return (
                f"{project_relative(snippet, config)}:{snippet_line}: citation '{literal}' is left as text in "
                f"{page_location(page, config)}: mkdocs-bibtex does not process included snippets — "
                "cite the source in the page itself, not in the snippet"
            )
    return (
        f"{page_location(page, config)}: citation '{literal}' is left as text in the built page and does not "
        "come from the page's own Markdown — cite the source in the page itself"
    )
