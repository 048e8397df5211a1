"""Generate the References page: every entry of references.bib, its links, and the pages citing it.

Why this exists: mkdocs-bibtex's `\\full_bibliography` renders footnotes whose back-links point
nowhere. This hook writes the list into docs/references.md at build time (at the marker
`<!-- pls:references -->`, or at the end of the page): each entry with mkdocs-bibtex's formatted text
(the same text as the footnotes), DOI and PubMed links, its one-line `annotation` (study design and
size), and an anchor `#ref-<key>`. Which pages cite an entry is only known once every page was read,
so the "Cited on" links are filled in at on_page_context, before the search plugin indexes the page.
"""

from __future__ import annotations

import html
import re

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

import citations
import references

REFERENCES_PAGE = "references.md"
MARKER = "<!-- pls:references -->"
CITED_BY_PLACEHOLDER = re.compile(r'<p class="pls-reference__cited-by" data-pls-cited-by="(?P<key>[^"]+)"></p>')


# --- Hooks -------------------------------------------------------------------------------------


@mkdocs.plugins.event_priority(-20)  # after mkdocs-bibtex (0) and citation formatting (-10)
def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
    """Put the list of every reference into the References page."""
    if page.file.src_uri != REFERENCES_PAGE:
        return None
    listing = references_list_markdown(references.current_references())
    if MARKER in markdown:
        return markdown.replace(MARKER, listing, 1)
    return f"{markdown.rstrip()}\n\n{listing}\n"


@mkdocs.plugins.event_priority(10)  # before the search plugin (0) indexes page.content
def on_page_context(context, *, page: Page, config: MkDocsConfig, nav: Navigation):
    """Now that every page was read: fill in which pages cite each reference."""
    if page.file.src_uri != REFERENCES_PAGE or not page.content:
        return context
    nav_order = {nav_page.file.src_uri: position for position, nav_page in enumerate(nav.pages)}
    index = citations.current_index()

    def cited_by(match: re.Match) -> str:
        citing = sorted(
            index.pages_citing(html.unescape(match.group("key"))),
            key=lambda other: nav_order.get(other.file.src_uri, len(nav_order)),
        )
        return cited_by_html(html.unescape(match.group("key")), citing, page)

    page.content = CITED_BY_PLACEHOLDER.sub(cited_by, page.content)
    return context


# --- Helper functions --------------------------------------------------------------------------


def references_list_markdown(database: references.ReferenceDatabase) -> str:
    """The list of every entry (sorted by key), as Markdown-in-HTML."""
    if not database.entries:
        return "*No references yet.*"
    items = [reference_item_markdown(database.entries[key], database) for key in sorted(database.entries)]
    return '<ul class="pls-references" markdown="1">\n' + "\n".join(items) + "\n</ul>"


def reference_item_markdown(reference: references.Reference, database: references.ReferenceDatabase) -> str:
    formatted = database.formatted.get(reference.key)
    if formatted is None:
        reason = database.unformattable.get(reference.key, "not formatted")
        formatted = f"{reference.title or reference.key}. *Incomplete reference ({reason}).*"
        if reference.url:
            formatted += f" [{reference.url}]({reference.url})"
    lines = [
        f'<li class="pls-reference" id="ref-{html.escape(reference.key)}" markdown="1">',
        f'<p markdown="1">{references.reference_markdown(formatted, reference)}</p>',
    ]
    if reference.annotation:
        lines.append(f'<p class="pls-reference__annotation">Study: {html.escape(reference.annotation)}</p>')
    lines.append(f'<p class="pls-reference__cited-by" data-pls-cited-by="{html.escape(reference.key)}"></p>')
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
