"""How to cite a page: a formatted citation, and the same as BibTeX and RIS files to download.

Why: clinicians, students and journalists quote this site; a citation they have to assemble by hand
drops the review date or the address. Every page gets the citation written out (site, page title,
the date it was last reviewed, its address) and two files beside it for reference managers:
`cite/<page>.bib` (written by pybtex) and `cite/<page>.ris` (ris.py). There is no "accessed on"
date: it would be the build's day, and a rebuild of the same commit must be byte-identical; the
review date says which version of the page a reader saw.

The address is the page's canonical URL, so it needs site_url (set from GitHub Pages in CI); a build
without one (a local preview) cites the page without an address.
"""

from __future__ import annotations

import datetime
import html
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files
from pybtex.database import BibliographyData, Entry, Person

from . import ris
from .bibliography_downloads import add_generated_file, write_bibtex
from .page_chrome import as_date, human_date
from .state import Build

CITE_FOLDER = "cite"


@dataclass(frozen=True)
class PageCitation:
    """What a citation of one page says."""

    key: str
    author: str
    site_name: str
    title: str
    reviewed: datetime.date | None
    url: str | None


# --- Steps ---------------------------------------------------------------------------------------


def add_citation_files(build: Build, files: Files) -> None:
    """A BibTeX and an RIS file for every published page (drafts were taken out of files already)."""
    config = build.config
    for file in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
        citation = citation_of(config, file, build.front_matter.get(file.src_uri))
        if citation is None:
            continue
        bib_path, ris_path = download_paths(file.src_uri)
        add_generated_file(files, config, bib_path, page_bibtex(citation))
        add_generated_file(files, config, ris_path, page_ris(citation))


# --- The citation --------------------------------------------------------------------------------


def citation_of(config: MkDocsConfig, file: File, front: Any) -> PageCitation | None:
    """The citation of a page, from its front matter; None for a page without a title."""
    data = getattr(front, "data", None) or {}
    title = data.get("title")
    if not isinstance(title, str) or not title.strip():
        return None
    return PageCitation(
        key=citation_key(config.site_name, file.src_uri),
        author=config.site_author or config.site_name,
        site_name=config.site_name,
        title=title.strip(),
        reviewed=as_date(data.get("reviewed")),
        url=absolute_url(config, file.url),
    )


def citation_key(site_name: str, src_uri: str) -> str:
    """A BibTeX key: 'pls-evidence-guide-treatment-first-line' (the home page is the site's name alone)."""
    path = re.sub(r"(^|/)index\.md$", "", src_uri).removesuffix(".md")
    words = re.sub(r"[^a-z0-9]+", "-", f"{site_name} {path}".lower()).strip("-")
    return words


def download_paths(src_uri: str) -> tuple[str, str]:
    """Where a page's citation files are published: cite/<source path>.bib and .ris."""
    stem = f"{CITE_FOLDER}/{src_uri.removesuffix('.md')}"
    return f"{stem}.bib", f"{stem}.ris"


def citation_text(citation: PageCitation) -> str:
    """'PLS Evidence Guide editors. First-line treatment. In: PLS Evidence Guide. Last reviewed 21 November 2026. <url>'."""
    parts = [f"{citation.author}.", f"{citation.title}.", f"In: {citation.site_name}."]
    if citation.reviewed:
        parts.append(f"Last reviewed {human_date(citation.reviewed)}.")
    if citation.url:
        parts.append(citation.url)
    return " ".join(parts)


def citation_html(citation: PageCitation) -> str:
    """The citation as HTML: the title in <cite>, the date in <time>, the address as a link."""
    parts = [f"{html.escape(citation.author)}.", f"<cite>{html.escape(citation.title)}</cite>."]
    parts.append(f"In: {html.escape(citation.site_name)}.")
    if citation.reviewed:
        day = citation.reviewed
        parts.append(f'Last reviewed <time datetime="{day.isoformat()}">{human_date(day)}</time>.')
    if citation.url:
        address = html.escape(citation.url)
        # A line may break after each '/' of the address (never inside a word) on a narrow phone.
        shown = address.replace("/", "/<wbr>").replace("/<wbr>/<wbr>", "//")
        parts.append(f'<a href="{address}">{shown}</a>')
    return " ".join(parts)


# --- Files ---------------------------------------------------------------------------------------


def page_bibtex(citation: PageCitation) -> str:
    """The citation as one BibTeX @misc entry (pybtex's writer); the author is a group, in braces."""
    # Plain text: pybtex's writer escapes LaTeX's special characters itself.
    fields = {"title": citation.title, "howpublished": citation.site_name}
    if citation.reviewed:
        fields["year"] = str(citation.reviewed.year)
        fields["date"] = citation.reviewed.isoformat()
        fields["note"] = f"Last reviewed {human_date(citation.reviewed)}"
    if citation.url:
        fields["url"] = citation.url
    persons = {"author": [Person(last="{" + citation.author + "}")]}
    return write_bibtex(BibliographyData({citation.key: Entry("misc", fields=fields, persons=persons)}))


def page_ris(citation: PageCitation) -> str:
    """The citation as one RIS record of a web page (ELEC)."""
    fields = [("AU", citation.author), ("TI", citation.title), ("T2", citation.site_name)]
    if citation.reviewed:
        fields += [("PY", str(citation.reviewed.year)), ("DA", citation.reviewed.strftime("%Y/%m/%d"))]
        fields.append(("N1", f"Last reviewed {human_date(citation.reviewed)}"))
    if citation.url:
        fields.append(("UR", citation.url))
    return ris.ris_record("ELEC", fields)


# --- Helper functions ----------------------------------------------------------------------------


def absolute_url(config: MkDocsConfig, page_url: str) -> str | None:
    """The page's address on the published site, or None when site_url is not set."""
    return urljoin(config.site_url, page_url) if config.site_url else None
