"""Markers: every place in a page that a step sets aside and a later step fills, in one grammar.

Why this exists: the build writes some parts of a page only once more is known (the References
page's list once every page was read, the claims register once every claim was read, a claim's
badge once its HTML is made), and keeps some parts out of the search index until the page is
written. Each of those places is a marker: a kind (from `KINDS`, the one list of them) and an
optional argument, made by `make`, filled by `fill`, found by `find`. A marker left in a finished
page, or an editor's marker of a kind that does not exist, fails the build (output_checks).

A marker is written one way, in one of two envelopes, chosen by its kind:
- `<!-- pls:KIND ARGUMENT -->`, an HTML comment: what editors write in a page (CONTRIBUTING.md,
  "Markers"), and what a marker in HTML must be (search plugins skip comments);
- `\\ue040KIND ARGUMENT\\ue040`, between private-use characters: a slot inside a page's Markdown
  text, where raw HTML costs time (MkDocs scans it for anchors, Python-Markdown stashes it) and where
  no inline pattern or abbreviation touches it (kinds and arguments are lowercase words).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from types import MappingProxyType
from typing import NamedTuple

TEXT_MARK = "\ue040"
COMMENT_PREFIX = "<!-- pls:"


class Kind(NamedTuple):
    """One kind of marker: its name, who writes it, and what a marker of it left in a page means."""

    name: str
    written_by_editors: bool
    in_text: bool  # the private-use envelope (a slot in Markdown text) instead of an HTML comment
    filled_with: str  # what takes its place, for messages
    fix: str  # what to do when one is left in a page


KINDS = MappingProxyType(
    {
        kind.name: kind
        for kind in (
            Kind(
                "citation",
                False,
                True,
                "a citation block, as mkdocs-bibtex rewrote it",
                "this is a bug in hooks/pls/footnote_refs.py: report it",
            ),
            Kind(
                "citations-table",
                False,
                True,
                "the table of distinct citation blocks given to mkdocs-bibtex",
                "this is a bug in hooks/pls/footnote_refs.py: report it",
            ),
            Kind(
                "footnote-ref",
                False,
                True,
                "a repeated reference to a footnote",
                "this is a bug in hooks/pls/footnote_refs.py: report it",
            ),
            Kind(
                "references",
                True,
                False,
                "the list of every reference",
                "it is filled only on docs/references.md: remove it from this page",
            ),
            Kind(
                "claims-register",
                True,
                False,
                "the claims register",
                "check that the marker stands on a line of its own, outside code and other HTML",
            ),
            Kind(
                "evidence-map",
                True,
                False,
                "the evidence map",
                "check that the marker stands on a line of its own, outside code and other HTML",
            ),
            Kind(
                "recent-changes",
                True,
                False,
                "the list of the site's recent changes",
                "it is filled only on docs/about/changes.md: remove it from this page",
            ),
            Kind(
                "unindexed",
                False,
                False,
                "a part of the page kept out of the search index",
                "this is a bug in hooks/pls/unindexed.py: report it",
            ),
            Kind(
                "search-only",
                False,
                False,
                "text only the search index reads (a table's rows, a section's reader words)",
                "this is a bug in hooks/pls/search_text.py: report it",
            ),
            Kind(
                "entry",
                False,
                True,
                "a reference's text in a footnote",
                "this is a bug in hooks/pls/reference_html.py: report it",
            ),
            Kind(
                "claim",
                False,
                True,
                "a claim's certainty badge and verdict",
                "this is a bug in hooks/pls/claims.py: report it",
            ),
            Kind(
                "option-grid",
                False,
                True,
                "the page's option grid",
                "this is a bug in hooks/pls/option_grid.py: report it",
            ),
            Kind(
                "at",
                False,
                True,
                "an '@' in code, hidden from mkdocs-bibtex",
                "this is a bug in hooks/pls/citations.py: report it",
            ),
        )
    }
)
EDITOR_KINDS = tuple(name for name, kind in KINDS.items() if kind.written_by_editors)

_ARGUMENT = re.compile(r"[^\s\ue040<>]+(?: [^\s\ue040<>]+)*")
# Any marker of ours, known kind or not: comment markers with any spacing, text markers as made.
ANY_MARKER = re.compile(
    r"<!--[ \t]*pls:(?P<comment_kind>[^\s>]*)(?:[ \t]+(?P<comment_argument>(?:(?!-->).)*?))?[ \t]*-->"
    r"|\ue040(?P<text_kind>[a-z][a-z-]*)(?: (?P<text_argument>[^\ue040]*))?\ue040"
    r"|\ue040",
    re.DOTALL,
)


class Marker(NamedTuple):
    """A marker found in a text: its kind's name (as written), its argument, and where it stands."""

    kind: str
    argument: str
    start: int
    end: int
    text: str

    @property
    def known(self) -> bool:
        return self.kind in KINDS


# --- Making, finding and filling markers -------------------------------------------------------


def make(kind: str, argument: str = "") -> str:
    """The marker of `kind` (a name in KINDS) with `argument` (words without '<', '>' or newlines)."""
    envelope = KINDS[kind]  # a KeyError here is a typo in our code, not in a page
    if argument and not _ARGUMENT.fullmatch(argument):
        raise ValueError(f"marker argument {argument!r} cannot be written in a marker")
    written = f"{kind} {argument}" if argument else kind
    if envelope.in_text:
        return f"{TEXT_MARK}{written}{TEXT_MARK}"
    return f"{COMMENT_PREFIX}{written} -->"


def find(text: str) -> Iterator[Marker]:
    """Every marker of ours in `text`, in order (a lone private-use mark is a marker of kind '').

    The matches of ANY_MARKER.finditer, found faster: a marker starts at a comment opening or a
    private-use mark, so the search jumps between those (str.find) and matches only there; a
    finished page is 100 to 200 kB of HTML, and it is searched several times.
    """
    if TEXT_MARK not in text and "pls:" not in text:
        return
    for match in _marker_matches(text):
        kind = match.group("comment_kind") or match.group("text_kind") or ""
        argument = match.group("comment_argument") or match.group("text_argument") or ""
        yield Marker(kind, argument.strip(), match.start(), match.end(), match.group(0))


def _marker_matches(text: str) -> Iterator[re.Match[str]]:
    next_comment, next_mark = text.find("<!--"), text.find(TEXT_MARK)
    while next_comment >= 0 or next_mark >= 0:
        start = next_mark if next_comment < 0 or 0 <= next_mark < next_comment else next_comment
        match = ANY_MARKER.match(text, start)
        if match is None:  # a comment that is no marker of ours
            position = start + 1
        else:
            yield match
            position = match.end()
        if 0 <= next_comment < position:
            next_comment = text.find("<!--", position)
        if 0 <= next_mark < position:
            next_mark = text.find(TEXT_MARK, position)


def contains(text: str, kind: str) -> bool:
    """Whether `text` holds a marker of `kind`."""
    return kind in text and any(marker.kind == kind for marker in find(text))


def fill(
    text: str,
    kind: str,
    filling: Callable[[str], str | None],
    *,
    count: int = 0,
    whole_paragraph: bool = False,
) -> str:
    """`text` with each marker of `kind` replaced by `filling(argument)`; None leaves that marker in place.

    `count` limits how many are filled (0: all); `whole_paragraph` also takes the `<p>`...`</p>`
    Python-Markdown put around a marker that stood alone as a paragraph.
    """
    if kind not in KINDS:
        raise KeyError(kind)
    if kind not in text or (TEXT_MARK not in text and "pls:" not in text):
        return text  # a marker of `kind` spells its name
    pieces, position, filled = [], 0, 0
    for marker in find(text):
        if marker.kind != kind or (count and filled >= count):
            continue
        replacement = filling(marker.argument)
        if replacement is None:
            continue
        start, end = marker.start, marker.end
        if whole_paragraph and text.endswith("<p>", 0, start) and text.startswith("</p>", end):
            start, end = start - len("<p>"), end + len("</p>")
        pieces.append(text[position:start])
        pieces.append(replacement)
        position = end
        filled += 1
    if not pieces:
        return text
    pieces.append(text[position:])
    return "".join(pieces)


def printable(text: str) -> str:
    """`text` for a message: each private-use mark written as its escape."""
    return text.replace(TEXT_MARK, "\\ue040")


def replace_all(text: str, kind: str, replacement: str) -> str:
    """`text` with every marker of `kind` replaced by the same `replacement`."""
    return fill(text, kind, lambda argument: replacement)
