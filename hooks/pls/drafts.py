"""Leave draft pages (front matter `status: draft`) out of the published site, without warnings.

Why: an editor must be able to commit an unfinished page without publishing it. MkDocs 1.6 has the
inclusion level for this (the `draft_docs` setting): a draft is built by `mkdocs serve` for preview
and left out of `mkdocs build`. This hook sets that level from the page's own front matter instead
of a path pattern. Two gaps remain in MkDocs, and these steps close them:

- a draft listed in `nav` would still get a nav entry pointing at a page that is not there (MkDocs
  only logs an INFO line), so drafts are removed from the nav before MkDocs builds it;
- a link from a published page to a draft would be broken on the live site, and MkDocs again only
  logs INFO, so `check_links_to_drafts` warns at the link's line:
  `docs/index.md:12: links to 'treatment/new.md', a draft that is not published — ...`.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote, urlsplit

from mkdocs.structure.files import Files, InclusionLevel
from mkdocs.structure.pages import Page

from . import regions
from .front_matter import FrontMatter, read_front_matter
from .problems import Problem, docs_path, report
from .state import Build

DRAFT_STATUS = "draft"
LINK_TARGETS = (
    re.compile(r"\]\(\s*<?([^)\s>]+)"),  # [text](target) and ![alt](target)
    re.compile(r"^\s{0,3}\[[^\]]+\]:\s*<?([^\s>]+)"),  # [label]: target
    re.compile(r"""\bhref\s*=\s*["']([^"']+)["']"""),  # <a href="target">
)

# --- Steps ---------------------------------------------------------------------------------------


def mark_drafts(build: Build, files: Files) -> None:
    """Mark drafts as MkDocs drafts and take them out of the configured nav (front matter already read)."""
    config = build.config
    for file in files.documentation_pages():
        front = build.front_matter.get(file.src_uri) or read_front_matter(file.content_string)
        if is_draft_front_matter(front):
            file.inclusion = InclusionLevel.DRAFT
            build.drafts.add(file.src_uri)
    if build.drafts and config.nav is not None:
        config["nav"] = prune_nav(config.nav, build.drafts)


def check_links_to_drafts(build: Build, page: Page) -> None:
    """Warn at each link from a published page to a draft (it would be broken on the live site)."""
    drafts, config = build.drafts, build.config
    if drafts and page.file.src_uri not in drafts:
        for line, target in links_to_drafts(page.file.content_string, page.file.src_uri, drafts):
            draft = docs_path(config, target)
            fix = f"remove the link, or publish {draft} by setting its 'status' to 'in review' or 'approved'"
            what = f"links to '{target}', a draft that is not published"
            report(Problem(line, what, fix, file=docs_path(config, page.file.src_uri)))


# --- Helper functions ----------------------------------------------------------------------------


def is_draft(text: str) -> bool:
    """True when the page's front matter says `status: draft`."""
    return is_draft_front_matter(read_front_matter(text))


def is_draft_front_matter(front: FrontMatter) -> bool:
    data = front.data
    return bool(data) and data.get("status") == DRAFT_STATUS


def prune_nav(items: Any, drafts: set[str]) -> Any:
    """The nav setting without entries for draft pages (and without sections left empty)."""
    pruned = []
    for item in items:
        if isinstance(item, dict):
            kept = {}
            for title, value in item.items():
                if isinstance(value, list):
                    children = prune_nav(value, drafts)
                    if children:
                        kept[title] = children
                elif not _is_draft_path(value, drafts):
                    kept[title] = value
            if kept:
                pruned.append(kept)
        elif not _is_draft_path(item, drafts):
            pruned.append(item)
    return pruned


def _is_draft_path(value: Any, drafts: set[str]) -> bool:
    return isinstance(value, str) and posixpath.normpath(value.lstrip("/")) in drafts


def find_links(text: str) -> Iterator[tuple[int, str]]:
    """(line, target) for every Markdown or HTML link in a page's source, outside fenced code."""
    code = regions.code_lines(text)
    for number, line in enumerate(text.splitlines(), 1):
        if number - 1 in code:
            continue
        for pattern in LINK_TARGETS:
            for found in pattern.finditer(line):
                yield number, found.group(1)


def links_to_drafts(text: str, src_uri: str, drafts: set[str]) -> Iterator[tuple[int, str]]:
    """(line, draft src_uri) for each relative link in a page's source that points at a draft."""
    for line, target in find_links(text):
        parts = urlsplit(target)
        if parts.scheme or parts.netloc or not parts.path or parts.path.startswith("/"):
            continue
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(src_uri), unquote(parts.path)))
        if resolved in drafts:
            yield line, resolved
