"""Parts of a page the search index leaves out: set aside before the search plugin reads the page.

Why this exists: some of what a page shows is found better elsewhere, and costs time to index. A
page's footnotes are its reference list (every reference is indexed on the References page, so a
search for a journal or an author does not match every page that cites it), the claims register
and the evidence map repeat the claims (each is indexed on the page it is on), and the frame every
page gets (review status, edit links, disclaimer) would match every page alike. The hook that writes such a
part calls `set_aside(page, html)` and puts the marker it returns in the page's content; search
plugins index `page.content` at on_page_context; the same hook calls `put_back(page, output)` in
on_post_page, and the finished page has the part where the marker was.

This is a library, not a hook (MkDocs would load a second copy of a module listed under `hooks:`).
"""

from __future__ import annotations

import re

from mkdocs.structure.pages import Page

_MARKER = "<!-- pls:unindexed {page} {number} -->"
_ANY_MARKER = re.compile(r"<!-- pls:unindexed \S+ \d+ -->")

# Per build: each page's parts, by marker, until the page is written.
_parts: dict[str, dict[str, str]] = {}


def reset() -> None:
    """A new build: forget the last one's parts (MkDocs keeps library modules loaded between builds)."""
    _parts.clear()


def set_aside(page: Page, part: str) -> str:
    """Keep `part` for the finished page; the marker to put in the page's content in its place."""
    parts = _parts.setdefault(page.file.src_uri, {})
    marker = _MARKER.format(page=re.sub(r"\s|--", "-", page.file.src_uri), number=len(parts))
    parts[marker] = part
    return marker


def put_back(page: Page, output: str) -> str:
    """The finished page with every part set aside for it where its marker is (one pass over the page)."""
    parts = _parts.pop(page.file.src_uri, None)
    if not parts:
        return output
    return _ANY_MARKER.sub(lambda match: parts.get(match.group(0), match.group(0)), output)
