"""A page citing many times builds in time linear in its length: 20,000 cited paragraphs build.

Why this exists: two steps of the build took time proportional to (citations x page length).
mkdocs-bibtex rewrites each citation block with `str.replace` over the whole page, once per block;
and Python-Markdown gives each repeated reference to one footnote its own id (`fnref2:key`,
`fnref3:key`, ...) by trying every earlier id in turn, so the k-th reference costs k steps. A page with
1,000 / 2,000 / 4,000 cited paragraphs took 8.7 / 18.9 / 56.5 s, and 20,000 never finished.

Through the public behaviour of both, not their internals:
- `gather_citations` (last step before mkdocs-bibtex): each citation block becomes a slot naming
  its distinct text, and each distinct text is written once in a table at the end of the page, so
  mkdocs-bibtex rewrites each distinct block once; `spread_citations` (first step after it) puts
  each rewritten block back in its slots and removes the table;
- `set_aside_repeats` (after mkdocs-bibtex): the first reference to each footnote stays for
  Python-Markdown, each repeat becomes a slot; `fill_repeats` (in the page's HTML) writes each as
  Python-Markdown would, `<sup id="fnrefN:key"><a class="footnote-ref" href="#fn:key">number</a></sup>`,
  numbered as the footnote list numbers it. The footnote's back link goes to its first reference.
"""

from __future__ import annotations

import html as html_module
import re

from . import markers, regions
from .citations import find_citation_blocks

# A footnote reference, not a definition (`[^key]:` at the start of a line).
REFERENCE = re.compile(r"(?<!^)\[\^(?P<key>[^\]\s]+)\]|^\[\^(?P<first>[^\]\s]+)\](?!:)", re.MULTILINE)
FOOTNOTE_ITEM = re.compile(r'<li id="fn:(?P<key>[^"]+)">')
TABLE = markers.make("citations-table")


def gather_citations(markdown: str) -> str:
    """Each citation block as a slot; each distinct block once, in a table at the end, for mkdocs-bibtex."""
    blocks = find_citation_blocks(markdown)
    if len(blocks) < 2:
        return markdown
    numbers: dict[str, int] = {}
    pieces, position = [], 0
    for block in blocks:
        number = numbers.setdefault(block.text, len(numbers))
        pieces += [markdown[position : block.start], markers.make("citation", str(number))]
        position = block.end
    pieces.append(markdown[position:])
    # Blank lines between rows: mkdocs-bibtex finds a block within one line, as in the page.
    table = "\n\n".join(f"{markers.make('citation', str(number))}{text}" for text, number in numbers.items())
    return "".join(pieces) + f"\n\n{TABLE}\n\n{table}\n\n{TABLE}\n"


def spread_citations(markdown: str) -> str:
    """Each slot becomes its block as mkdocs-bibtex rewrote it; the table goes."""
    start = markdown.find(TABLE)
    end = markdown.find(TABLE, start + len(TABLE))
    if start < 0 or end < 0:
        return markdown
    table = markdown[start + len(TABLE) : end]
    rewritten = {}
    for marker in markers.find(table):
        line_end = table.find("\n", marker.end)
        rewritten[marker.argument] = table[marker.end : line_end if line_end >= 0 else len(table)]
    body = markdown[:start].rstrip("\n") + "\n" + markdown[end + len(TABLE) :].lstrip("\n")
    return markers.fill(body, "citation", rewritten.get)


def set_aside_repeats(markdown: str) -> str:
    """Every reference to a footnote after its first becomes a slot (code is masked at this point).

    A reference where Markdown does not render (an HTML comment, a raw HTML block) stays as written,
    so the check for citations left as text (citations_visible) still sees it.
    """
    if "[^" not in markdown:
        return markdown
    unrendered = _unrendered_spans(markdown)
    counts: dict[str, int] = {}

    def slot(match: re.Match) -> str:
        key = match.group("key") or match.group("first")
        if any(start <= match.start() < end for start, end in unrendered):
            return match.group(0)
        counts[key] = counts.get(key, 0) + 1
        return match.group(0) if counts[key] == 1 else markers.make("footnote-ref", f"{key} {counts[key]}")

    return REFERENCE.sub(slot, markdown)


def fill_repeats(html: str) -> str:
    """Each slot becomes the footnote reference Python-Markdown writes, with the footnote's number."""
    if not markers.contains(html, "footnote-ref"):
        return html
    numbers = {
        html_module.unescape(match.group("key")): position
        for position, match in enumerate(FOOTNOTE_ITEM.finditer(html), start=1)
    }

    def reference(argument: str) -> str:
        key, _, occurrence = argument.rpartition(" ")
        number = numbers.get(key)
        if number is None:  # no such footnote: as Python-Markdown leaves an undefined reference
            return f"[^{key}]"
        escaped = html_module.escape(key, quote=True)
        return f'<sup id="fnref{occurrence}:{escaped}"><a class="footnote-ref" href="#fn:{escaped}">{number}</a></sup>'

    return markers.fill(html, "footnote-ref", reference)


def _unrendered_spans(markdown: str) -> list[tuple[int, int]]:
    """(start, end) of the HTML comments and raw HTML blocks, where Markdown renders no footnote."""
    return [
        (region.start, region.end)
        for region in regions.regions(markdown)
        if region.kind in (regions.COMMENT, regions.HTML)
    ]
