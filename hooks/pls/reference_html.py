"""Reference text as HTML: converted once per build, put into pages after the search index is built.

Why this exists: a page with ten citations carries ten full references as footnotes, and a site of
300 pages cites about 1,600 distinct entries: rendering each reference's Markdown inside every page
that cites it (and again for the References page's 2,000 entries) was the largest cost the hooks add
to a build (bench/README.md). Each reference's text is the same wherever it appears, so it is
made into HTML here once per build, by converting its Markdown with a bare Python-Markdown (it is one
paragraph of text, emphasis and links; pages' extensions such as abbreviations have nothing to add
to a citation). Pages get a slot in its place (`slot(key)`) that is filled in the finished HTML
(`fill_slots`); the build keeps the HTML of each entry in its `HtmlMemo` (`build.entry_html`).

Footnotes are filled and set aside before the search plugin indexes the page, and put back in the
finished page (citations_format), so search finds a page by its own words, not by the journal names
and author lists of what it cites; the References page is indexed with every entry's text
(references_page).
"""

from __future__ import annotations

import re

import markdown

from . import markers, references

# A slot is a text marker (markers.py): a key of lowercase letters, digits, '-' and '_' (not
# first) is left alone by every inline pattern and abbreviation.
SLOTTABLE_KEY = re.compile(r"[a-z0-9][a-z0-9_-]*")
_ONE_PARAGRAPH = re.compile(r"<p>(?P<inner>(?:(?!</?p>).)*)</p>", re.DOTALL)


class HtmlMemo(dict):
    """One build's HTML of each entry's text, by key, and the converter that makes it."""

    def __init__(self) -> None:
        super().__init__()
        self.converter = markdown.Markdown(output_format="html")


def inline_html(reference_markdown: str, converter: markdown.Markdown | None = None) -> str | None:
    """The HTML of one paragraph of reference Markdown, without the `<p>`; None if it is not one paragraph.

    A text that Markdown reads as something else (a list, a heading: a title starting '1. ' or '#')
    cannot sit in a footnote's paragraph; callers keep it as Markdown for the page to render.
    """
    converter = converter or markdown.Markdown(output_format="html")
    converted = converter.reset().convert(reference_markdown)
    whole = _ONE_PARAGRAPH.fullmatch(converted)
    return whole.group("inner") if whole else None


def block_html(reference_markdown: str, converter: markdown.Markdown | None = None) -> str:
    """The HTML of reference Markdown as a block: one `<p>`, or whatever blocks Markdown makes of it."""
    converter = converter or markdown.Markdown(output_format="html")
    inner = inline_html(reference_markdown, converter)
    if inner is not None:
        return f"<p>{inner}</p>"
    return converter.reset().convert(reference_markdown)


def reference_markdown_for(key: str, database: references.ReferenceDatabase) -> str | None:
    """The full Markdown text of an entry (formatted text plus DOI and PubMed links), if it was formatted."""
    reference, formatted = database.get(key), database.formatted.get(key)
    if reference is None or formatted is None:
        return None
    return references.reference_markdown(formatted, reference)


def entry_html(key: str, database: references.ReferenceDatabase, memo: HtmlMemo | None = None) -> str | None:
    """An entry's full text as inline HTML (what `inline_html` makes of its Markdown), once per build."""
    memo = memo if memo is not None else HtmlMemo()
    if key not in memo:
        text = reference_markdown_for(key, database)
        memo[key] = inline_html(text, memo.converter) if text is not None else None
    return memo[key]


def slot(key: str) -> str | None:
    """Text that stands in for an entry's text in a page's Markdown until `fill_slots`; None if it cannot."""
    return markers.make("entry", key) if SLOTTABLE_KEY.fullmatch(key) else None


def fill_slots(page_html: str, database: references.ReferenceDatabase, memo: HtmlMemo | None = None) -> str:
    """Put each entry's HTML in its slot (an unknown key's slot is left as it is: it cannot be made)."""
    memo = memo if memo is not None else HtmlMemo()
    return markers.fill(page_html, "entry", lambda key: entry_html(key, database, memo))
