"""Reference text as HTML: converted once per build, put into pages after the search index is built.

Why this exists: a page with ten citations carries ten full references as footnotes, and a site of
300 pages cites about 1,600 distinct entries: rendering each reference's Markdown inside every page
that cites it (and again for the References page's 2,000 entries) was the largest cost the hooks add
to a build (bench/README.md). Each reference's text is the same wherever it appears, so it is
made into HTML here once per build: by bibtex_cache's fast formatter, which writes the HTML beside
the Markdown (references.reference_html adds the links), or else by converting the Markdown with a
bare Python-Markdown (it is one paragraph of text, emphasis and links; pages' extensions such as
abbreviations have nothing to add to a citation). Both give the same HTML (tests/test_reference_html.py).
Pages get a slot in its place (`slot(key)`) that is filled in the finished HTML (`fill_slots`).

Footnotes are filled and set aside before the search plugin indexes the page, and put back in the
finished page (citations_format), so search finds a page by its own words, not by the journal names
and author lists of what it cites; the References page is indexed with every entry's text
(references_page).

This is a library, not a hook (MkDocs would load a second copy of a module listed under `hooks:`).
"""

from __future__ import annotations

import functools
import re

import markdown

import references

# A slot is text, not HTML: raw HTML in a page's Markdown costs twice (MkDocs scans it for anchors,
# Python-Markdown stashes it). Private-use characters never occur in text, and a key of lowercase
# letters, digits, '-' and '_' (not first) is left alone by every inline pattern and abbreviation.
SLOT_MARK = "\ue041"
SLOTTABLE_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*")
_SLOT_PATTERN = re.compile(f"{SLOT_MARK}(?P<key>[a-z0-9][a-z0-9_-]*){SLOT_MARK}")
_ONE_PARAGRAPH = re.compile(r"<p>(?P<inner>(?:(?!</?p>).)*)</p>", re.DOTALL)
_CONVERTER = markdown.Markdown(output_format="html")


@functools.lru_cache(maxsize=16384)
def inline_html(reference_markdown: str) -> str | None:
    """The HTML of one paragraph of reference Markdown, without the `<p>`; None if it is not one paragraph.

    A text that Markdown reads as something else (a list, a heading: a title starting '1. ' or '#')
    cannot sit in a footnote's paragraph; callers keep it as Markdown for the page to render.
    """
    _CONVERTER.reset()
    converted = _CONVERTER.convert(reference_markdown)
    whole = _ONE_PARAGRAPH.fullmatch(converted)
    return whole.group("inner") if whole else None


def block_html(reference_markdown: str) -> str:
    """The HTML of reference Markdown as a block: one `<p>`, or whatever blocks Markdown makes of it."""
    inner = inline_html(reference_markdown)
    if inner is not None:
        return f"<p>{inner}</p>"
    _CONVERTER.reset()
    return _CONVERTER.convert(reference_markdown)


def reference_markdown_for(key: str, database: references.ReferenceDatabase) -> str | None:
    """The full Markdown text of an entry (formatted text plus DOI and PubMed links), if it was formatted."""
    reference, formatted = database.get(key), database.formatted.get(key)
    if reference is None or formatted is None:
        return None
    return references.reference_markdown(formatted, reference)


def entry_html(key: str, database: references.ReferenceDatabase) -> str | None:
    """An entry's full text as inline HTML (what `inline_html` makes of its Markdown), once per build."""
    if _memo.get("database") is not database:
        _memo.clear()
        _memo["database"] = database
    if key not in _memo:
        _memo[key] = _entry_html(key, database)
    return _memo[key]


_memo: dict = {}


def _entry_html(key: str, database: references.ReferenceDatabase) -> str | None:
    fast = database.formatted_html.get(key)
    converted = references.reference_html(fast, database.entries[key]) if fast is not None else None
    if converted is not None:
        return converted
    text = reference_markdown_for(key, database)
    return inline_html(text) if text is not None else None


def slot(key: str) -> str | None:
    """Text that stands in for an entry's text in a page's Markdown until `fill_slots`; None if it cannot."""
    return f"{SLOT_MARK}{key}{SLOT_MARK}" if SLOTTABLE_KEY.fullmatch(key) else None


def fill_slots(page_html: str, database: references.ReferenceDatabase) -> str:
    """Put each entry's HTML in its slot (an unknown key's slot is left as it is: it cannot be made)."""
    if SLOT_MARK not in page_html:
        return page_html

    def filled(match: re.Match) -> str:
        converted = entry_html(match.group("key"), database)
        return converted if converted is not None else match.group(0)

    return _SLOT_PATTERN.sub(filled, page_html)
