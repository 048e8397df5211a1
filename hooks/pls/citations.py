"""Citations in page Markdown: where they are, what is wrong with them, and who cites what.

Why this exists: mkdocs-bibtex finds `[@key]` anywhere in a page's Markdown (code included), drops a
key it does not know or cannot read (a ':' or '.' ends its key) without saying where, and drops any
other words inside the brackets. The hooks need the same view of a page that mkdocs-bibtex has, with
line numbers, to report each problem and to keep broken citations visible. The block finder below
mirrors mkdocs-bibtex 4.4.0 (mkdocs_bibtex/citation.py); tests compare the two.

Pure functions for the steps: `find_citation_blocks(markdown)` (blocks with their line and keys),
`diagnose(item, database)`, `code_ranges(markdown)`. A `CitationIndex` (the build's
`build.citations`, filled by citations_checks) says which pages cite a key.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from . import markers, regions
from .problems import Problem
from .references import BIBTEX_PLUGIN_KEY, ReferenceDatabase

# Stands in for '@' inside code while mkdocs-bibtex runs (a marker: no citation parser reads it).
CODE_AT_SIGN = markers.make("at")

# mkdocs-bibtex 4.4.0's own patterns (citation.py): a bracket group is a citation block when one of
# its ';'-separated parts, not starting with an e-mail address, matches its citation pattern.
_PLUGIN_BLOCK = re.compile(r"\[(.*?)\]")
_PLUGIN_CITATION = re.compile(r"(?:(?P<prefix>[^@;]*?)\s*)?@(?P<key>[\w-]+)(?:,\s*(?P<suffix>[^;]+))?")
_PLUGIN_EMAIL = re.compile(r"[a-zA-Z0-9._%+-]+@[a-zA-Z0-9.-]+\.[a-zA-Z]{2,}")

# What we accept inside the brackets: '@' and a key, nothing else (the key is checked separately).
_BARE_CITATION = re.compile(r"@(?P<key>[^\s@;,\[\]]+)")
# A citation written across line breaks, e.g. '[@a;' newline '@b]': it opens with '@', has no bracket
# inside and no blank line (a blank line ends the paragraph, and the citation with it).
_CITATION_ACROSS_LINES = re.compile(r"\[(?=[ \t]*@)[^\[\]\n]*(?:\n[ \t]*(?=\S)[^\[\]\n]*)+\]")
# A citation left as text in built HTML: '[' ... '@key' ... ']' (an e-mail address is not one).
_UNRENDERED = re.compile(r"\[[^\[\]<>\n]*?(?<![\w.%+-])@[\w:.-]+[^\[\]<>\n]*\]")
_CODE_ELEMENTS = re.compile(r"<(pre|code)\b.*?</\1>", re.DOTALL | re.IGNORECASE)


# --- Finding citations -------------------------------------------------------------------------


@dataclass(frozen=True)
class CitationItem:
    """One ';'-separated part of a citation block; `key` is None when it is not just '@key'."""

    raw: str
    key: str | None


@dataclass(frozen=True)
class CitationBlock:
    """A bracket group mkdocs-bibtex takes for a citation, e.g. '[@a; @b]'."""

    start: int
    end: int
    line: int
    text: str
    items: tuple[CitationItem, ...]


def code_ranges(markdown: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every fenced code block and inline code span, in document order."""
    return regions.code_ranges(markdown)


def mask_code(markdown: str) -> str:
    """Replace '@' inside code with CODE_AT_SIGN, so no citation parser sees it (same lines)."""
    if "@" not in markdown:
        return markdown
    pieces, position = [], 0
    for start, end in code_ranges(markdown):
        pieces.append(markdown[position:start])
        pieces.append(markdown[start:end].replace("@", CODE_AT_SIGN))
        position = end
    pieces.append(markdown[position:])
    return "".join(pieces)


def unmask_code(markdown: str) -> str:
    return markers.replace_all(markdown, "at", "@")


def sub_outside_code(pattern: re.Pattern, replacement: str | Callable[[re.Match], str], markdown: str) -> str:
    """re.sub, but leaving fenced code and inline code untouched."""
    pieces, position = [], 0
    for start, end in code_ranges(markdown):
        pieces.append(pattern.sub(replacement, markdown[position:start]))
        pieces.append(markdown[start:end])
        position = end
    pieces.append(pattern.sub(replacement, markdown[position:]))
    return "".join(pieces)


def join_citation_lines(markdown: str) -> str:
    """Each citation written across line breaks put on one line: its line breaks become spaces.

    mkdocs-bibtex reads a citation only within one line, and would leave '[@a;' newline '@b]' as
    text. The result has the same length (offsets stay), but the lines after such a citation move
    up: count lines in the author's text, as `find_citation_blocks` does.
    """
    if "\n" not in markdown or "@" not in markdown:
        return markdown
    return _CITATION_ACROSS_LINES.sub(lambda match: match.group(0).replace("\n", " "), markdown)


def is_plugin_citation_block(inner: str) -> bool:
    """Whether mkdocs-bibtex 4.4.0 treats the bracket text `inner` as a citation block."""
    return any(_PLUGIN_CITATION.match(part) for part in inner.split(";") if not _PLUGIN_EMAIL.match(part))


def find_citation_blocks(markdown: str) -> list[CitationBlock]:
    """Every citation block outside code, as mkdocs-bibtex will find it, with its 1-based line.

    A citation written across line breaks is found too (the pipeline puts it on one line before
    mkdocs-bibtex runs, `join_citation_lines`); its line is the line of its '['.
    """
    masked = join_citation_lines(mask_code(markdown))
    blocks = []
    line, counted_to = 1, 0
    for match in _PLUGIN_BLOCK.finditer(masked):
        inner = match.group(1)
        if "@" not in inner or not is_plugin_citation_block(inner):
            continue
        line += markdown.count("\n", counted_to, match.start())
        counted_to = match.start()
        items = []
        for part in inner.split(";"):
            raw = " ".join(part.split())
            if not raw:
                continue
            bare = _BARE_CITATION.fullmatch(raw)
            items.append(CitationItem(raw=raw, key=bare.group("key") if bare else None))
        blocks.append(CitationBlock(match.start(), match.end(), line, match.group(0), tuple(items)))
    return blocks


def body_line_offset(source: str, markdown: str) -> int:
    """Lines before the Markdown body in the page's source file (its front matter)."""
    if markdown and source.endswith(markdown):
        return source.count("\n", 0, len(source) - len(markdown))
    return 0


# --- Checking citations ------------------------------------------------------------------------


def diagnose(item: CitationItem, database: ReferenceDatabase) -> Problem | None:
    """What is wrong with one citation item, or None when mkdocs-bibtex will render it."""
    if item.key is None:
        return Problem.at_line(
            None,
            f"citation '[{item.raw}]' has text that is not a key — write only keys inside the brackets, "
            "like [@a] or [@a; @b], and put other words outside them",
            note="not a citation key",
        )
    key = item.key
    if not BIBTEX_PLUGIN_KEY.fullmatch(key):
        readable = BIBTEX_PLUGIN_KEY.match(key)
        cut = f"it would look up '{readable.group(0)}'" if readable else "it would find no key"
        suggestion = re.sub(r"[^a-z0-9_-]+", "-", key.lower()).strip("-")
        return Problem.at_line(
            None,
            f"citation key '{key}' cannot be cited: mkdocs-bibtex reads a key only up to the first character "
            f"that is not a letter, digit, '-' or '_' ({cut}) — rename the key in references.bib and here, "
            f"e.g. to '{suggestion}'",
            note="key cannot be cited",
        )
    if key in database:
        reason = database.unformattable.get(key)
        if reason is not None:
            entry = database.get(key)
            return Problem.at_line(
                None,
                f"citation key '{key}' points to an entry that cannot be formatted ({reason}) — "
                f"complete the entry at {database.location(entry.line)}",
                note="incomplete reference",
            )
        return None
    same_but_case = database.key_ignoring_case(key)
    if same_but_case:
        return Problem.at_line(
            None,
            f"citation key '{key}' differs only in case from '{same_but_case}' — write it exactly as in references.bib",
            note="key differs in case",
        )
    closest = database.closest_key(key)
    hint = f" (closest: '{closest}')" if closest else ""
    return Problem.at_line(
        None, f"unknown citation key '{key}' — add it to references.bib or fix the key{hint}", note="unknown reference"
    )


def broken_citation_html(item: CitationItem, problem: Problem) -> str:
    """A broken citation as visible, marked text that no Markdown or citation parser rewrites."""
    text = html.escape(f"[{item.raw}]", quote=False)
    for char, entity in (("@", "&#64;"), ("_", "&#95;"), ("*", "&#42;"), ("[", "&#91;"), ("]", "&#93;")):
        text = text.replace(char, entity)
    return f'<span class="pls-citation-broken">{text} <span class="pls-citation-broken__note">({problem.note})</span></span>'


def unrendered_citations(page_html: str) -> list[str]:
    """Citations left as literal text in built HTML (outside code), e.g. '[@smith2020]'."""
    if "@" not in page_html:
        return []
    return _UNRENDERED.findall(_CODE_ELEMENTS.sub("", page_html))


def line_of(text: str, needle: str) -> int | None:
    """1-based line of the first occurrence of `needle` in `text`."""
    index = text.find(needle)
    return None if index < 0 else text.count("\n", 0, index) + 1


# --- Who cites what ----------------------------------------------------------------------------


class CitationIndex:
    """For each reference key, the pages that cite it (in the order they were processed)."""

    def __init__(self) -> None:
        self._pages_by_key: dict[str, dict[str, Any]] = {}
        self._broken_keys: set[str] = set()

    def record(self, key: str, page: Any) -> None:
        """`page` cites `key`, and the citation is rendered (it has an anchor `#fnref:<key>`)."""
        self._pages_by_key.setdefault(key, {})[page.file.src_uri] = page

    def record_broken(self, key: str) -> None:
        """A page cites the existing entry `key`, but the citation cannot be rendered."""
        self._broken_keys.add(key)

    def pages_citing(self, key: str) -> list[Any]:
        return list(self._pages_by_key.get(key, {}).values())

    def cited_keys(self) -> set[str]:
        """Every key some page cites, rendered or not."""
        return set(self._pages_by_key) | self._broken_keys
