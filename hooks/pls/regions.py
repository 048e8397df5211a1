"""The regions of a page's Markdown: fenced code, inline code, HTML comments, raw HTML and text.

Why this exists: every check that reads a page's Markdown must skip what Markdown does not read as
text (a citation or a claim shown as an example in code is not one; an HTML comment hides what is
in it), and all of them must agree on where code starts and ends. `regions(markdown)` classifies a
page once, with line numbers; the other modules ask it (`code_ranges`, `code_lines`, `blank_code`).

The rules are Python-Markdown's with pymdown-extensions, as the site is configured:
- a fence is three or more backticks or tildes at any indentation: up to three spaces in the block
  it stands in, and an admonition (`!!!`, `???`), a tab (`===`) or a list item indents its content
  by four, so a fence inside a tab starts at four spaces (at the top level, a fence indented by four
  is an indented code block: code too). It ends at a line of the same character, at least as long,
  and nothing else, indented at most three spaces more than the opening; a backtick fence's info
  string holds no backtick. An unclosed fence inside a tab or admonition ends, unclosed, at the
  first line indented less than the block's content (that line ends the block); elsewhere an
  unclosed fence runs to the end of the page, as Python-Markdown renders it;
- an inline code span is a run of n backticks up to the next run of exactly n, in one paragraph;
- an HTML comment runs from `<!--` (outside code) to the next `-->`, across lines; an unclosed
  comment is a region with `closed=False` (output_checks reports it: it hides the rest of the page);
- a raw HTML block starts with a block-level tag at the start of a line and runs to the blank line
  after it (a `markdown` attribute makes it Markdown, md_in_html: text);
- everything else is text. Indented code blocks without a fence are not recognised (the site writes
  fences).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

CODE = "code"
CODE_SPAN = "code span"
COMMENT = "comment"
HTML = "html"
TEXT = "text"

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
# A line that opens a block whose content is indented by four: admonition, details, tab, list item.
_CONTAINER = re.compile(r"^(?:!!!|\?\?\?\+?|===[!+]?)(?:[ \t]|$)|^(?:[-*+]|\d+[.)])[ \t]+\S")
_HTML_BLOCK = re.compile(
    r"^<(?P<tag>address|article|aside|blockquote|details|dialog|div|dl|fieldset|figcaption|figure|footer|"
    r"form|h[1-6]|header|hr|iframe|nav|noscript|ol|p|pre|script|section|style|table|ul)(?=[\s/>])",
    re.IGNORECASE,
)
_MARKDOWN_ATTRIBUTE = re.compile(r"\smarkdown(?:\s*=|[\s>])")
_BACKTICKS = re.compile(r"(?<![`\\])`+")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")
# Where a block other than text may start: a fence, or '<' (a comment or raw HTML) first on a line.
_BLOCK_START = re.compile(r"^[ \t]*(?:```|~~~|<)", re.MULTILINE)
_COMMENT_OPEN = "<!--"
_COMMENT_CLOSE = "-->"


class Region(NamedTuple):
    """A stretch of the Markdown: `kind`, offsets `start`..`end`, the 1-based `line` it starts on."""

    kind: str
    start: int
    end: int
    line: int
    closed: bool = True  # False: a fence or comment that runs to the end of the page unclosed


def regions(markdown: str) -> tuple[Region, ...]:
    """The Markdown as consecutive regions, in order, covering every character."""
    found: list[Region] = []
    for block in _blocks(markdown):
        if block.kind == TEXT:
            found.extend(_inline_regions(markdown, block))
        else:
            found.append(block)
    return tuple(_merged(found))


def code_ranges(markdown: str) -> tuple[tuple[int, int], ...]:
    """(start, end) of every fenced code block and inline code span."""
    return tuple((region.start, region.end) for region in regions(markdown) if region.kind in (CODE, CODE_SPAN))


def code_lines(markdown: str) -> frozenset[int]:
    """0-based indices of the lines in fenced code, fence lines included."""
    lines: set[int] = set()
    for region in regions(markdown):
        if region.kind == CODE:
            last = region.line - 1 + markdown.count("\n", region.start, region.end)
            if markdown.endswith("\n", 0, region.end) and region.end > region.start:
                last -= 1
            lines.update(range(region.line - 1, last + 1))
    return frozenset(lines)


def blank(markdown: str, kinds: tuple[str, ...]) -> str:
    """The Markdown with the regions of `kinds` blanked to spaces; every line keeps its number and length."""
    pieces = []
    for region in regions(markdown):
        piece = markdown[region.start : region.end]
        pieces.append(re.sub(r"[^\n]", " ", piece) if region.kind in kinds else piece)
    return "".join(pieces)


def unclosed_comments(markdown: str) -> list[Region]:
    """HTML comments with no `-->`: each hides the rest of the page from readers."""
    return [region for region in regions(markdown) if region.kind == COMMENT and not region.closed]


def line_at(text: str, offset: int) -> int:
    """The 1-based line of `offset` in `text`."""
    return text.count("\n", 0, offset) + 1


# --- Helper functions --------------------------------------------------------------------------


def _blocks(markdown: str) -> Iterator[Region]:
    """Fenced code, comments that start a line and raw HTML blocks; the rest as text regions."""
    if not _BLOCK_START.search(markdown):
        # No line can open a fence, a comment or an HTML block: the page is one text region (the
        # line-by-line walk below finds the same, in a hundred times the time).
        if markdown:
            yield Region(TEXT, 0, len(markdown), 1)
        return
    lines = markdown.splitlines(keepends=True)
    containers = [0]  # content indents of the blocks the current line may stand in
    position = text_start = 0
    index = 0
    previous_blank = True

    def text_until(end: int) -> Iterator[Region]:
        if end > text_start:
            yield Region(TEXT, text_start, end, line_at(markdown, text_start))

    while index < len(lines):
        line = lines[index]
        stripped = line.lstrip(" \t")
        if not stripped.strip():
            position += len(line)
            index += 1
            previous_blank = True
            continue
        indent = _indent(line)
        while len(containers) > 1 and indent < containers[-1] and previous_blank:
            containers.pop()
        base = max((content for content in containers if content <= indent), default=0)
        fence = _FENCE.match(line)
        relative = indent - base
        if fence and not (fence["fence"][0] == "`" and "`" in fence["info"]):
            yield from text_until(position)
            end, index, closed = _fence_end(lines, index, fence["fence"], indent, position, base)
            yield Region(CODE, position, end, line_at(markdown, position), closed)
            position = text_start = end
            previous_blank = False
            continue
        if relative <= 3 and stripped.startswith(_COMMENT_OPEN):
            yield from text_until(position)
            close = markdown.find(_COMMENT_CLOSE, position + len(line) - len(stripped) + len(_COMMENT_OPEN))
            end = len(markdown) if close < 0 else close + len(_COMMENT_CLOSE)
            yield Region(COMMENT, position, end, line_at(markdown, position), close >= 0)
            # On from the line after the comment's last one; the rest of that line is text.
            while index < len(lines) and position + len(lines[index]) < end:
                position += len(lines[index])
                index += 1
            if index < len(lines):
                position += len(lines[index])
                index += 1
            text_start = end
            previous_blank = False
            continue
        html = _HTML_BLOCK.match(stripped) if relative <= 3 and previous_blank else None
        if html and not _MARKDOWN_ATTRIBUTE.search(stripped.split(">", 1)[0] + ">"):
            yield from text_until(position)
            end_index = index
            while end_index < len(lines) and lines[end_index].strip():
                end_index += 1
            end = position + sum(len(each) for each in lines[index:end_index])
            yield Region(HTML, position, end, line_at(markdown, position))
            position = text_start = end
            index = end_index
            continue
        if relative <= 3 and _CONTAINER.match(stripped):
            containers = [content for content in containers if content <= base] + [indent + 4]
        position += len(line)
        index += 1
        previous_blank = False
    yield from text_until(len(markdown))


def _fence_end(
    lines: list[str], index: int, fence: str, indent: int, position: int, container: int = 0
) -> tuple[int, int, bool]:
    """(end offset, index of the next line, closed) of the fence opened on line `index`.

    A fence inside a block whose content is indented by `container` (a tab, an admonition) ends,
    unclosed, at the first line indented less: that line ends the block, and the fence with it.
    """
    end = position + len(lines[index])
    for next_index in range(index + 1, len(lines)):
        line = lines[next_index]
        closing = line.strip()
        if closing and container and _indent(line) < container:
            return end, next_index, False
        end += len(line)
        if (
            closing
            and closing.startswith(fence[0] * len(fence))
            and not closing.strip(fence[0])
            and _indent(line) <= indent + 3
        ):
            return end, next_index + 1, True
    return end, len(lines), False


def _indent(line: str) -> int:
    """Columns of leading white space (a tab reaches the next multiple of four)."""
    column = 0
    for char in line:
        if char == " ":
            column += 1
        elif char == "\t":
            column += 4 - column % 4
        else:
            break
    return column


def _inline_regions(markdown: str, block: Region) -> Iterator[Region]:
    """A text region split into text, inline code spans and HTML comments within it."""
    text = markdown[block.start : block.end]
    if "`" not in text and _COMMENT_OPEN not in text:
        yield block
        return
    position = block.start
    text_start = block.start
    while position < block.end:
        tick = _BACKTICKS.search(markdown, position, block.end)
        comment = markdown.find(_COMMENT_OPEN, position, block.end)
        if comment >= 0 and (tick is None or comment < tick.start()):
            close = markdown.find(_COMMENT_CLOSE, comment + len(_COMMENT_OPEN), block.end)
            end = block.end if close < 0 else close + len(_COMMENT_CLOSE)
            if text_start < comment:
                yield Region(TEXT, text_start, comment, line_at(markdown, text_start))
            yield Region(COMMENT, comment, end, line_at(markdown, comment), close >= 0)
            position = text_start = end
            continue
        if tick is None:
            break
        paragraph_end = _BLANK_LINE.search(markdown, tick.end(), block.end)
        limit = paragraph_end.start() if paragraph_end else block.end
        closing = next(
            (run for run in _BACKTICKS.finditer(markdown, tick.end(), limit) if len(run.group()) == len(tick.group())),
            None,
        )
        if closing is None:
            position = tick.end()
            continue
        if text_start < tick.start():
            yield Region(TEXT, text_start, tick.start(), line_at(markdown, text_start))
        yield Region(CODE_SPAN, tick.start(), closing.end(), line_at(markdown, tick.start()))
        position = text_start = closing.end()
    if text_start < block.end:
        yield Region(TEXT, text_start, block.end, line_at(markdown, text_start))


def _merged(found: list[Region]) -> Iterator[Region]:
    """Adjacent text regions as one."""
    pending: Region | None = None
    for region in found:
        if pending is not None and pending.kind == TEXT == region.kind and pending.end == region.start:
            pending = pending._replace(end=region.end)
            continue
        if pending is not None:
            yield pending
        pending = region
    if pending is not None:
        yield pending
