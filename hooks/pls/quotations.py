"""Quotations of the source documents: find them in a page, and check each is verbatim.

Why this exists: the site appraises two documents (archived in sources/), and a reader must be able
to trust that what a page puts in quotation marks is what the document says. A paraphrase in
quotation marks, or a quotation that drifted while a page was edited, is caught here.

A quotation of a source is either
- marked in the text: the closing quotation mark is followed by `{quote <id>}`, e.g.
  `"Many people have successful laminectomy procedures."{quote 000}` (the marker is removed from
  the page before it is rendered), or
- any double-quoted text in the claim text of a `/// claim` whose `claimed-by` names an archived
  source, e.g. `claimed-by: Clinic page promoting prolotherapy (source 000)`; a quotation directly
  followed by a citation (`"..." [@fox1996laminectomy]`) quotes that reference instead, and is not
  checked against the source.

A quotation passes when it appears in the source's text after folding only quotation marks, dashes,
the case of its first letter and white space. An ellipsis (`…`, `...`, `[…]`) splits it into pieces
that must each appear, in order. Everything here is a pure function of text; quotations_checks
runs it on every page.
"""

from __future__ import annotations

import difflib
import functools
import re
from dataclasses import dataclass
from types import MappingProxyType

from .citations import code_ranges

# --- Folding -----------------------------------------------------------------------------------

# Every quotation mark and apostrophe (straight, curly, low, guillemets, primes) folds to one mark;
# every dash and minus to a hyphen-minus.
_QUOTE_MARKS = "\"'\u2018\u2019\u201a\u201b\u201c\u201d\u201e\u201f\u00ab\u00bb\u2039\u203a\u2032\u2033`\u00b4"
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_FOLD_TABLE = MappingProxyType(str.maketrans({**dict.fromkeys(_QUOTE_MARKS, '"'), **dict.fromkeys(_DASHES, "-")}))
_WHITE_SPACE = re.compile(r"\s+")
_SPACE_AROUND_DASH = re.compile(r" ?- ?")
_ELLIPSIS = re.compile(r"\[\s*(?:\u2026|\.\.\.)\s*\]|\u2026|\.\.\.")

# --- Finding quotations ------------------------------------------------------------------------

# A quotation: straight "…" or curly “…”, not across a blank line.
_QUOTED = r'"(?P<straight>(?:[^"\n]|\n(?![ \t]*\n))*)"|\u201c(?P<curly>(?:[^\u201c\u201d\n]|\n(?![ \t]*\n))*)\u201d'
MARKER = re.compile(r"\{quote\b[ \t]*(?P<source>[^}\n]*?)[ \t]*\}")
_MARKED_QUOTATION = re.compile(f"(?:{_QUOTED})" + r"\{quote\b[ \t]*(?P<source>[^}\n]*?)[ \t]*\}")
_QUOTATION = re.compile(_QUOTED)
_CITATION_AFTER = re.compile(r"[ \t]*\n?[ \t]*\[@")
# Where double quotes are not quotation marks: HTML tags (attribute values), link titles.
_NOT_PROSE = re.compile(r"<[^<>\n]*>|\]\([^()\n]*\)")
_NAMED_SOURCE = re.compile(r"\(source (?P<id>[^\s,;)]+)")


@dataclass(frozen=True)
class Quotation:
    """Quoted text attributed to a source: where it is (offset and 1-based line) and what it says."""

    start: int
    line: int
    text: str
    source_id: str


@dataclass(frozen=True)
class SourceText:
    """An archived source document: its id, title, file (as shown in messages) and text."""

    id: str
    title: str
    path: str
    text: str

    @property
    def name(self) -> str:
        return f"source {self.id} ({self.title})"

    @functools.cached_property
    def folded(self) -> str:
        """The text as quotations are compared with it (fold), made once per document."""
        return fold(self.text)


def _prose_view(markdown: str) -> str:
    """`markdown` with code, HTML tags and link targets blanked out (same length, same lines)."""
    chars = list(markdown)
    spans = list(code_ranges(markdown)) + [match.span() for match in _NOT_PROSE.finditer(markdown)]
    for start, end in spans:
        for index in range(start, end):
            if chars[index] != "\n":
                chars[index] = " "
    return "".join(chars)


def marked_quotations(markdown: str, *, first_line: int = 1) -> tuple[list[Quotation], list[tuple[int, str]]]:
    """Quotations marked `"…"{quote <id>}` outside code, and (line, marker) of each marker that follows no quotation.

    `first_line` is the author's line number of the first line of `markdown`.
    """
    prose = _prose_view(markdown)
    quotations = []
    used_markers = set()
    for match in _MARKED_QUOTATION.finditer(prose):
        text = match.group("straight") if match.group("straight") is not None else match.group("curly")
        quotations.append(
            Quotation(match.start(), first_line + prose.count("\n", 0, match.start()), text, match["source"])
        )
        used_markers.add(match.end())
    stray = [
        (first_line + prose.count("\n", 0, marker.start()), marker.group(0))
        for marker in MARKER.finditer(prose)
        if marker.end() not in used_markers
    ]
    return quotations, stray


def claim_quotations(text: str, source_id: str, *, first_line: int) -> list[Quotation]:
    """The unmarked quotations in a claim's text, attributed to the source `source_id`.

    A quotation followed by a quotation marker is left to `marked_quotations`; one followed by a
    citation quotes the cited reference.
    """
    prose = _prose_view(text)
    quotations = []
    for match in _QUOTATION.finditer(prose):
        if MARKER.match(prose, match.end()) or _CITATION_AFTER.match(prose, match.end()):
            continue
        quoted = match.group("straight") if match.group("straight") is not None else match.group("curly")
        quotations.append(Quotation(match.start(), first_line + prose.count("\n", 0, match.start()), quoted, source_id))
    return quotations


def named_source(claimed_by: str) -> str | None:
    """The id of the source document a claim's `claimed-by` names ('… (source 000)'), if any."""
    match = _NAMED_SOURCE.search(claimed_by)
    return match.group("id") if match else None


def strip_markers(markdown: str) -> str:
    """`markdown` without its quotation markers (outside code), so readers see only the quotation."""
    pieces, position = [], 0
    for start, end in code_ranges(markdown):
        pieces.append(MARKER.sub("", markdown[position:start]))
        pieces.append(markdown[start:end])
        position = end
    pieces.append(MARKER.sub("", markdown[position:]))
    return "".join(pieces)


# --- Checking a quotation ----------------------------------------------------------------------


def fold(text: str) -> str:
    """Text with quotation marks, dashes and white space folded (the first letter's case is handled by the search)."""
    folded = _WHITE_SPACE.sub(" ", text.translate(_FOLD_TABLE)).strip()
    return _SPACE_AROUND_DASH.sub("-", folded)


def pieces(quotation: str) -> list[str]:
    """The parts of a quotation between its ellipses, white space folded, empty parts left out."""
    return [piece for piece in (" ".join(part.split()) for part in _ELLIPSIS.split(quotation)) if piece]


def _first_letter_variants(folded: str) -> tuple[str, ...]:
    for index, char in enumerate(folded):
        if char.isalpha():
            swapped = folded[:index] + char.swapcase() + folded[index + 1 :]
            return (folded, swapped) if swapped != folded else (folded,)
    return (folded,)


def _find(folded_piece: str, folded_source: str, start: int = 0) -> tuple[int, int] | None:
    """(start, end) of the earliest occurrence of the piece at or after `start`, first letter in either case."""
    found = [
        (index, index + len(variant))
        for variant in _first_letter_variants(folded_piece)
        if (index := folded_source.find(variant, start)) >= 0
    ]
    return min(found) if found else None


def quotation_problem(quotation: str, source: SourceText) -> str | None:
    """What is wrong with quoting `quotation` from `source` (what — the fix), or None when it is verbatim."""
    shown = " ".join(quotation.split())
    parts = pieces(quotation)
    if not parts:
        return (
            f'quotation "{shown}" attributed to {source.name} is empty — put the quoted words between the '
            "quotation marks, or remove the quotation"
        )
    folded_source = source.folded
    position = 0
    for number, part in enumerate(parts):
        found = _find(fold(part), folded_source, position)
        if found is not None:
            position = found[1]
            continue
        closest = closest_passage(part, source.text)
        if len(parts) == 1:
            return (
                f'quotation "{shown}" is not in {source.name} — quote the source verbatim (only quotation marks, '
                "dashes, white space and the case of the first letter may differ) or write it as a paraphrase "
                f'without quotation marks (closest passage in {source.path}: "{closest}")'
            )
        if _find(fold(part), folded_source) is not None:
            earlier = parts[number - 1]
            return (
                f'in quotation "{shown}", the piece "{part}" comes before "{earlier}" in {source.name} — '
                "put the pieces in the source's order, or quote them separately"
            )
        return (
            f'in quotation "{shown}", the piece "{part}" is not in {source.name} — quote each piece between '
            "ellipses verbatim, or write it as a paraphrase without quotation marks "
            f'(closest passage in {source.path}: "{closest}")'
        )
    return None


def closest_passage(piece: str, source_text: str) -> str:
    """The run of the source's words most like `piece` (about as many words as it has), as the source writes them."""
    words = source_text.split()
    wanted = fold(piece).casefold()
    size = max(1, len(wanted.split()))
    if len(words) <= size:
        return " ".join(words)
    folded_words = [fold(word).casefold() for word in words]
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(wanted)
    best_ratio, best_span = -1.0, (0, size)
    # A word more or fewer than the quotation: a word inserted or left out should not cut the passage.
    for length in sorted({max(1, size - 1), size, size + 1}):
        for start in range(len(words) - length + 1):
            matcher.set_seq1(" ".join(folded_words[start : start + length]))
            if matcher.real_quick_ratio() <= best_ratio or matcher.quick_ratio() <= best_ratio:
                continue
            ratio = matcher.ratio()
            if ratio > best_ratio:
                best_ratio, best_span = ratio, (start, start + length)
    return " ".join(words[best_span[0] : best_span[1]])
