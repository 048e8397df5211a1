"""The "Recent changes" page: the newest commits that changed a published page, with links to them.

Why: readers who come back want to know what is new without opening every page, and the feed
(changes_feed.py) lists the same changes for feed readers. docs/about/changes.md holds the place of
the list at the marker `<!-- pls:recent-changes -->` (markers.py; at its end without one); the list is written into the
page's HTML from the build's git history (changes.py), so it needs no Markdown of its own.
"""

from __future__ import annotations

import html

from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from . import changes, markers
from .changes import Commit
from .page_chrome import human_date
from .state import Build

CHANGES_PAGE = "about/changes.md"


# --- Steps ---------------------------------------------------------------------------------------


def hold_changes_list(markdown: str, page: Page) -> str | None:
    """Hold the place of the recent-changes list on its page (at its end, unless an editor did)."""
    if page.file.src_uri != CHANGES_PAGE or markers.contains(markdown, "recent-changes"):
        return None
    return f"{markdown.rstrip()}\n\n{markers.make('recent-changes')}\n"


def write_changes_list(build: Build, html_text: str, page: Page, files: Files) -> str:
    """The Recent changes page with its list: each commit's date, subject and the pages it changed."""
    if page.file.src_uri != CHANGES_PAGE or not markers.contains(html_text, "recent-changes"):
        return html_text
    commits = changes.recent_changes(build.history, changes.published_pages(files))
    listing = recent_changes_html(commits, page.file, files, page_titles(build))
    # Commit subjects name many treatments at once: searching them would rank this page first for all.
    part = build.unindexed.set_aside(page, listing)
    return markers.fill(html_text, "recent-changes", lambda argument: part, count=1)


# --- Rendering -----------------------------------------------------------------------------------


def recent_changes_html(commits: list[Commit], on_page: File, files: Files, titles: dict[str, str]) -> str:
    """The list of recent changes as HTML: date, subject, and links to the pages each one changed."""
    if not commits:
        return '<p class="pls-changes-empty">No changes are recorded yet.</p>\n'
    items = []
    for commit in commits:
        links = []
        for path in commit.paths:
            target = files.get_file_from_path(path)
            if target is None or not target.is_documentation_page():
                continue
            title = html.escape(titles.get(path, path))
            links.append(f'<a href="{html.escape(target.url_relative_to(on_page))}">{title}</a>')
        items.append(
            f'<li id="change-{commit.sha[:12]}"><time datetime="{commit.date.isoformat()}">{human_date(commit.date)}'
            f"</time>: {html.escape(commit.subject)}"
            f'<br><span class="pls-changes-pages">Pages: {", ".join(links)}</span></li>'
        )
    return '<ol class="pls-changes">\n' + "\n".join(items) + "\n</ol>\n"


def page_titles(build: Build) -> dict[str, str]:
    """Each page's title from its front matter, by src_uri."""
    titles = {}
    for src_uri, front in build.front_matter.items():
        title = (front.data or {}).get("title")
        if isinstance(title, str) and title.strip():
            titles[src_uri] = title.strip()
    return titles
