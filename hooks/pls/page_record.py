"""The end of every page, before its footer: when it is next reviewed, what changed, how to cite it.

Why: evidence ages, so readers should see when a page will be checked again (its `reviewed` date
plus the review interval staleness.py enforces) and what was changed on it (the commits that touched
its Markdown file, from the build's one `git log`: changes.py); and anyone who quotes the page needs
a citation with its review date and address (citation_of_page.py), with files for reference managers.

The block is the same kind of text on every page, so it is set aside from the search index (a search
for "review" would otherwise match every page alike). Its words are in page_record.yml.
"""

from __future__ import annotations

import datetime
import html
from pathlib import Path

import yaml
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from . import changes, changes_page, citation_of_page, staleness
from .page_chrome import human_date
from .state import Build

TEXT_PATH = Path(__file__).with_name("page_record.yml")


# --- Steps ---------------------------------------------------------------------------------------


def add_page_record(build: Build, html_text: str, page: Page, files: Files) -> str:
    """The page with its record (next review, what changed, how to cite) at the end."""
    citation = citation_of_page.citation_of(build.config, page.file, build.front_matter.get(page.file.src_uri))
    if citation is None:
        return html_text
    record = render_page_record(
        citation=citation,
        next_review=staleness.add_months(citation.reviewed, staleness.MAX_AGE_MONTHS) if citation.reviewed else None,
        page_changes=changes.changes_of(build.history, page.file.src_uri),
        links=_links(page, files),
        text=build.data("page_record", page_record_text),
    )
    return html_text + build.unindexed.set_aside(page, record)


# --- Rendering -----------------------------------------------------------------------------------


def render_page_record(
    *,
    citation: citation_of_page.PageCitation,
    next_review: datetime.date | None,
    page_changes: list[changes.Commit],
    links: dict[str, str],
    text: dict[str, str],
) -> str:
    """The record as HTML: the link targets in `links` (relative URLs) are shown when present."""
    parts = ['\n<section class="pls-page-record" aria-labelledby="pls-page-record">']
    parts.append(f'<h2 id="pls-page-record">{html.escape(text["heading"])}</h2>')
    if next_review:
        when = f'<time datetime="{next_review.isoformat()}">{human_date(next_review)}</time>'
        parts.append(
            f'<p class="pls-next-review">{html.escape(text["next_review"].format(months=staleness.MAX_AGE_MONTHS))} {when}.</p>'
        )
    if page_changes:
        parts.append(f'<h3 id="pls-what-changed">{html.escape(text["what_changed"])}</h3>')
        parts.append('<ul class="pls-page-changes">')
        for commit in page_changes:
            day = f'<time datetime="{commit.date.isoformat()}">{human_date(commit.date)}</time>'
            parts.append(f"<li>{day}: {html.escape(commit.subject)}</li>")
        parts.append("</ul>")
    if "changes" in links:
        parts.append(f'<p><a href="{html.escape(links["changes"])}">{html.escape(text["all_changes"])}</a></p>')
    parts.append(f'<h3 id="pls-how-to-cite">{html.escape(text["how_to_cite"])}</h3>')
    parts.append(f'<p class="pls-citation">{citation_of_page.citation_html(citation)}</p>')
    if "bibtex" in links and "ris" in links:
        name = citation.key
        parts.append(
            f'<p class="pls-citation-downloads">{html.escape(text["downloads"])} '
            f'<a href="{html.escape(links["bibtex"])}" download="{name}.bib">BibTeX (.bib)</a> · '
            f'<a href="{html.escape(links["ris"])}" download="{name}.ris">RIS (.ris)</a></p>'
        )
    parts.append("</section>\n")
    return "\n".join(parts)


def page_record_text(path: Path = TEXT_PATH) -> dict[str, str]:
    """The record's reader-facing words (kept beside this file, not in code)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- Helper functions ----------------------------------------------------------------------------


def _links(page: Page, files: Files) -> dict[str, str]:
    """Relative links from this page to the Recent changes page and to its citation files, where published."""
    bib_path, ris_path = citation_of_page.download_paths(page.file.src_uri)
    targets = {"changes": changes_page.CHANGES_PAGE, "bibtex": bib_path, "ris": ris_path}
    links = {}
    for name, path in targets.items():
        target = files.get_file_from_path(path)
        if target is not None and target is not page.file:
            links[name] = target.url_relative_to(page.file)
    return links
