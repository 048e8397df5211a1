"""Generate the References page: every entry of references.bib, its links, and the pages citing it.

Why this exists: mkdocs-bibtex's `\\full_bibliography` renders footnotes whose back-links point
nowhere. These steps write the list into docs/references.md at build time (at the marker
`<!-- pls:references -->`, or at the end of the page): each entry with its text in the site's style
(the same text as the footnotes), DOI and PubMed links, its one-line `annotation` (study design and
size), an anchor `#ref-<key>`, and the pages that cite it. Which pages cite an entry is only known
once every page was read, so the list is written as HTML at on_page_context (`write_references_list`), before the search
plugin indexes the page (the "Cited on" lines are set aside until the page is written: they are
navigation, not text to search); the Markdown only holds its place (`hold_references_list`). The list is HTML, not Markdown, because
each entry's text is converted once per build (reference_html) and a list of 2,000 entries costs a
second to render as Markdown.
"""

from __future__ import annotations

import html

from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import markers, reference_html, references
from .reference_html import HtmlMemo
from .state import Build
from .unindexed import Unindexed

REFERENCES_PAGE = "references.md"


def hold_references_list(markdown: str, page: Page) -> str | None:
    """Hold the place of the list of every reference in the References page (at its end, unless an editor did)."""
    if page.file.src_uri != REFERENCES_PAGE or markers.contains(markdown, "references"):
        return None
    return f"{markdown.rstrip()}\n\n{markers.make('references')}\n"


def write_references_list(build: Build, page: Page, nav: Navigation) -> None:
    """Now that every page was read: write the list, with the pages citing each reference."""
    if page.file.src_uri != REFERENCES_PAGE or not page.content or not markers.contains(page.content, "references"):
        return
    nav_order = {nav_page.file.src_uri: position for position, nav_page in enumerate(nav.pages)}
    index = build.citations

    def citing_pages(key: str) -> list[Page]:
        return sorted(index.pages_citing(key), key=lambda other: nav_order.get(other.file.src_uri, len(nav_order)))

    listing = references_list_html(build.references, citing_pages, page, build.unindexed, build.entry_html)
    page.content = markers.fill(page.content, "references", lambda argument: listing, count=1)


# --- Helper functions --------------------------------------------------------------------------


def references_list_html(
    database: references.ReferenceDatabase,
    citing_pages,
    references_page: Page,
    unindexed: Unindexed,
    memo: HtmlMemo,
) -> str:
    """The list of every entry (sorted by key); `citing_pages(key)` gives the pages citing it, in order."""
    if not database.entries:
        return "<p><em>No references yet.</em></p>"
    items = [
        reference_item_html(database.entries[key], database, citing_pages(key), references_page, unindexed, memo)
        for key in sorted(database.entries)
    ]
    return '<ul class="pls-references">\n' + "\n".join(items) + "\n</ul>"


def reference_item_html(
    reference: references.Reference,
    database: references.ReferenceDatabase,
    citing: list[Page],
    references_page: Page,
    unindexed: Unindexed,
    memo: HtmlMemo,
) -> str:
    entry_html = reference_html.entry_html(reference.key, database, memo)
    if entry_html is not None:
        text_html = f"<p>{entry_html}</p>"
    else:
        text = reference_html.reference_markdown_for(reference.key, database)
        if text is None:
            reason = database.unformattable.get(reference.key, "not formatted")
            text = f"{reference.title or reference.key}. *Incomplete reference ({reason}).*"
            if reference.url:
                text += f" [{reference.url}]({reference.url})"
            text = references.reference_markdown(text, reference)
        text_html = reference_html.block_html(text, memo.converter)
    lines = [f'<li class="pls-reference" id="ref-{html.escape(reference.key)}">', text_html]
    if reference.annotation:
        lines.append(f'<p class="pls-reference__annotation">Study: {html.escape(reference.annotation)}</p>')
    # Which pages cite it is navigation, not what a search should match: left out of the index.
    lines.append(unindexed.set_aside(references_page, cited_by_html(reference.key, citing, references_page)))
    lines.append("</li>")
    return "\n".join(lines)


def cited_by_html(key: str, citing_pages: list[Page], references_page: Page) -> str:
    """'Cited on: <page>, <page>' with links to the first citation on each page."""
    if not citing_pages:
        return '<p class="pls-reference__cited-by">Not cited on any page.</p>'
    links = ", ".join(
        f'<a href="{html.escape(page_href(other, references_page))}#fnref:{html.escape(key)}">'
        f"{html.escape(other.title or other.file.src_uri)}</a>"
        for other in citing_pages
    )
    return f'<p class="pls-reference__cited-by">Cited on: {links}</p>'


def page_href(target: Page, from_page: Page) -> str:
    """Relative link from one page to another; a directory URL keeps its '/' ('..' -> '../')."""
    href = get_relative_url(target.url, from_page.url)
    if (target.url == "" or target.url.endswith("/")) and not href.endswith("/"):
        href += "/"
    return href
