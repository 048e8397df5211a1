"""Abbreviation tooltips in HTML the hooks write themselves, from the glossary every page gets.

Why this exists: pages get their `<abbr>` tooltips from Python-Markdown's abbr extension and the
glossary file pymdownx.snippets appends to each page (includes/abbreviations.md). A hook that writes
HTML straight into a page (a claim's badge and verdict lines) skips Markdown, so it asks here: each
value is converted once per build with the abbr extension and the same glossary, and gives the
same HTML it would have had as Markdown in the page.

Also `snippet_files`: which files pymdownx.snippets adds to a page (citations_checks uses it too).
This is a library, not a hook (MkDocs would load a second copy of a module listed under `hooks:`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import markdown
from markdown.extensions.abbr import AbbrExtension
from mkdocs.config.defaults import MkDocsConfig

SNIPPET_LINE = re.compile(r"""^\s*-{1,}8<-{1,}\s+["']([^"'\n]+)["']""", re.MULTILINE)
_ONE_PARAGRAPH = re.compile(r"<p>(?P<inner>(?:(?!</?p>).)*)</p>", re.DOTALL)


class Abbreviations:
    """`html(text)`: Markdown `text` as inline HTML with the glossary's abbreviations marked up."""

    def __init__(self, glossary_markdown: str) -> None:
        # The glossary's definitions are read once, by the abbr extension itself, then kept as its glossary.
        extension = AbbrExtension()
        self._converter = markdown.Markdown(extensions=[extension])
        self._converter.convert(glossary_markdown)
        extension.load_glossary(dict(extension.abbrs))
        self.abbreviations = dict(extension.abbrs)
        self._html: dict[str, str] = {}

    def html(self, text: str) -> str:
        if not self.abbreviations:
            return text
        converted = self._html.get(text)
        if converted is None:
            self._converter.reset()
            whole = _ONE_PARAGRAPH.fullmatch(self._converter.convert(text))
            converted = self._html[text] = whole.group("inner") if whole else text
        return converted

    @classmethod
    def for_pages_of(cls, config: MkDocsConfig) -> Abbreviations:
        """The glossary of the site's pages: the files pymdownx.snippets appends to every page."""
        texts = [path.read_text(encoding="utf-8") for path in snippet_files("", config)]
        return cls("\n\n".join(texts))


def snippet_files(source: str, config: MkDocsConfig) -> list[Path]:
    """Files pymdownx.snippets adds to a page with this source: its `auto_append` ones and '--8<--' includes."""
    settings = config.mdx_configs.get("pymdownx.snippets", {}) or {}
    project = Path(os.path.dirname(config.config_file_path))
    base_paths = settings.get("base_path", ["."])
    if isinstance(base_paths, str):
        base_paths = [base_paths]
    names = [*settings.get("auto_append", []), *SNIPPET_LINE.findall(source)]
    found = []
    for name in names:
        for base in base_paths:
            candidate = project / base / name
            if candidate.is_file():
                found.append(candidate)
                break
    return found
