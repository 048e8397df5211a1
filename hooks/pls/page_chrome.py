"""Add the same reader-facing frame to every page: review status, last update, edit link, disclaimer.

Why: readers must see how current and how checked each page is, and that the site is not medical
advice, on every page, including generated ones; editors must reach a page's source in one click.
Written into the page's HTML with our own `pls-` classes (docs/assets/pls.css), not through theme
templates, so it survives a change of theme (Material for MkDocs reaches end of life in 2027).

- After the H1, the review status in a reader's words, from the front matter: "Checked against its
  sources by a second editor on 21 November 2026." (approved), or that a second editor has not
  checked it yet (in review); the sentences are in page_chrome.yml.
- At the end: "Last updated <date>" from git history and "Report an error on this page", then, for
  editors, "Edit this page" (the theme's own edit button is switched off in mkdocs.yml, so readers
  meet no editing tool at the top of the page), and the medical disclaimer.

The last-updated dates come from ONE `git log` per build (`read_page_history`, on_config, through
changes.py, which keeps every commit for the pages' "What changed"), so the cost does not grow
with the number of pages; a page git does not know yet (a new file) shows no date. The date is the
commit's, never the clock's, so a rebuild of the same commit is byte-identical.

"Edit this page" needs the repository URL, which comes from configuration with no call to GitHub:
`extra.repository_url` in mkdocs.yml, replaced in GitHub Actions by the running repository
(GITHUB_SERVER_URL/GITHUB_REPOSITORY) and anywhere by the PLS_REPOSITORY_URL environment variable.
From it the step sets MkDocs' `edit_uri` (so `page.edit_url` is MkDocs' own, and Material's edit
button uses it too). `repo_url` stays unset on purpose: Material would then fetch repository
statistics from the GitHub API in every reader's browser.
"""

from __future__ import annotations

import datetime
import html
import os
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml
from mkdocs.structure.pages import Page

from . import changes
from .problems import docs_path, project_path
from .state import Build

TEXT_PATH = Path(__file__).with_name("page_chrome.yml")
MONTHS = tuple("January February March April May June July August September October November December".split())
FIRST_H1_END = re.compile(r"</h1\s*>", re.IGNORECASE)

# --- Steps ---------------------------------------------------------------------------------------


def read_page_history(build: Build) -> None:
    """Read git history once, the frame's words, and derive the edit links from the repository URL."""
    config = build.config
    build.history = changes.read_git_history(config.docs_dir)
    build.last_updated = changes.last_updated_dates(build.history)
    build.chrome_text = chrome_text()
    build.repository_url = url = repository_url(config.extra, os.environ)
    if url and not config.edit_uri and not config.edit_uri_template:
        config["edit_uri"] = edit_uri(
            url, config.extra.get("repository_branch", "main"), project_path(config, config.docs_dir)
        )


def add_page_frame(build: Build, html_text: str, page: Page) -> str:
    """Put the review status after the H1 and the update date, links and disclaimer at the end."""
    text = build.chrome_text
    meta = page.meta or {}
    status = take_editorial_status(meta)
    status_line = render_status_line(as_date(meta.get("reviewed")), status, text["status_sentences"])
    report = report_url(
        build.repository_url, text["issue_form"], docs_path(build.config, page.file.src_uri), page.title
    )
    footer = render_page_footer(
        last_updated=build.last_updated.get(page.file.src_uri) if page.file.generated_by is None else None,
        edit_url=page.edit_url,
        report_url=report,
        editors_label=text["editors_label"],
        disclaimer_heading=text["disclaimer_heading"],
        disclaimer=text["disclaimer"],
    )
    # The frame is the same on every page, so search would match every page alike: not indexed.
    status_line = build.unindexed.set_aside(page, status_line) if status_line else ""
    return insert_after_h1(html_text, status_line) + build.unindexed.set_aside(page, footer)


def take_editorial_status(meta: dict[str, Any]) -> str | None:
    """Move the page's editorial status from meta['status'] to meta['editorial_status'].

    Material for MkDocs reads `status` in a page's front matter as its own "page status" and draws an
    unlabelled icon next to the page in the navigation (for any value, even without `extra.status`).
    Ours means draft / in review / approved, shown in words under the title, so it must not reach the
    theme. Every page's content is rendered before any navigation is, so moving it here is in time.
    """
    if "status" in meta:
        meta["editorial_status"] = meta.pop("status")
    return meta.get("editorial_status")


# --- Repository links ----------------------------------------------------------------------------


def repository_url(extra: Mapping[str, Any], environ: Mapping[str, str]) -> str | None:
    """The repository editors work in: PLS_REPOSITORY_URL, else GitHub Actions', else mkdocs.yml's."""
    if environ.get("PLS_REPOSITORY_URL"):
        return environ["PLS_REPOSITORY_URL"].rstrip("/")
    if environ.get("GITHUB_SERVER_URL") and environ.get("GITHUB_REPOSITORY"):
        return f"{environ['GITHUB_SERVER_URL'].rstrip('/')}/{environ['GITHUB_REPOSITORY']}"
    configured = extra.get("repository_url")
    return str(configured).rstrip("/") if configured else None


def edit_uri(repository: str, branch: str, docs_folder: str) -> str:
    """MkDocs' edit_uri for a GitHub repository: page.edit_url is this plus the page's path."""
    return f"{repository}/edit/{branch}/{docs_folder}/"


def report_url(repository: str | None, issue_form: str, source: str, title: str | None) -> str | None:
    """A link that opens the content-error issue form with the page already filled in."""
    if not repository:
        return None
    query = urlencode({"template": issue_form, "title": f"Content error: {title or source}", "page": source})
    return f"{repository}/issues/new?{query}"


# --- Rendering -----------------------------------------------------------------------------------


def chrome_text(path: Path = TEXT_PATH) -> dict[str, Any]:
    """The reader-facing words of the frame (kept beside this file, not in code)."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def human_date(day: datetime.date) -> str:
    """'21 November 2026': unambiguous for every reader, and independent of the machine's locale."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def _time(day: datetime.date) -> str:
    return f'<time datetime="{day.isoformat()}">{human_date(day)}</time>'


def render_status_line(reviewed: datetime.date | None, status: str | None, sentences: Mapping[str, str]) -> str:
    """The status's sentence with the reviewed date, as a paragraph; '' when the page has neither."""
    on_date = f" on {_time(reviewed)}" if reviewed else ""
    if status:
        css_status = re.sub(r"[^a-z0-9]+", "-", str(status).lower()).strip("-")
        template = sentences.get(status)
        if template is None:  # a status the schema does not know (it fails the build): show it as it is
            sentence = f"Status: {html.escape(str(status))}." + (f" Reviewed{on_date}." if reviewed else "")
        else:
            sentence = html.escape(template).replace("{on_date}", on_date)
        return f'<p class="pls-page-status"><span class="pls-status pls-status--{css_status}">{sentence}</span></p>\n'
    if reviewed:
        return f'<p class="pls-page-status">Reviewed{on_date}.</p>\n'
    return ""


def render_page_footer(
    *,
    last_updated: datetime.date | None,
    edit_url: str | None,
    report_url: str | None,
    editors_label: str,
    disclaimer_heading: str,
    disclaimer: str,
) -> str:
    """The end of every page: last update and the report link, the edit link for editors (when
    known), then the disclaimer."""
    facts = []
    if last_updated:
        facts.append(f'<span class="pls-page-updated">Last updated {_time(last_updated)}</span>')
    if report_url:
        facts.append(f'<a class="pls-report-link" href="{html.escape(report_url)}">Report an error on this page</a>')
    lines = ['\n<div class="pls-page-footer">']
    if facts:
        lines.append(f'<p class="pls-page-facts">{" · ".join(facts)}</p>')
    if edit_url:
        lines.append(
            f'<p class="pls-page-editors">{html.escape(editors_label)} '
            f'<a class="pls-edit-link" href="{html.escape(edit_url)}">Edit this page</a></p>'
        )
    lines.append(
        f'<p class="pls-disclaimer" role="note"><strong>{html.escape(disclaimer_heading)}</strong> '
        f"{html.escape(disclaimer)}</p>"
    )
    lines.append("</div>\n")
    return "\n".join(lines)


def insert_after_h1(html_text: str, snippet: str) -> str:
    """The page HTML with snippet right after its first H1 (at the top when it has none)."""
    if not snippet:
        return html_text
    match = FIRST_H1_END.search(html_text)
    if match is None:
        return snippet + html_text
    return html_text[: match.end()] + "\n" + snippet + html_text[match.end() :]


# --- Helpers -------------------------------------------------------------------------------------


def as_date(value: Any) -> datetime.date | None:
    """A front matter date as a date (YAML gives a date; quoted, it is text); None when it is not one."""
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None
