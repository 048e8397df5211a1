"""Parts of a page the search index leaves out: set aside before the search plugin reads the page.

Why this exists: some of what a page shows is found better elsewhere, and costs time to index. A
page's footnotes are its reference list (every reference is indexed on the References page, so a
search for a journal or an author does not match every page that cites it), the claims register
and the evidence map repeat the claims (each is indexed on the page it is on), and the frame every
page gets (review status, edit links, disclaimer) would match every page alike. A step that writes
such a part calls `build.unindexed.set_aside(page, html)` and puts the marker it returns in the
page's content; search plugins index `page.content` at on_page_context; the pipeline's last step
(`put_back`, on_post_page) puts every part where its marker is.
"""

from __future__ import annotations

import re

from mkdocs.structure.pages import Page

from . import markers


class Unindexed:
    """One build's parts set aside, by page and marker, until each page is written."""

    def __init__(self) -> None:
        self.parts: dict[str, dict[str, str]] = {}

    def set_aside(self, page: Page, part: str) -> str:
        """Keep `part` for the finished page; the marker to put in the page's content in its place."""
        parts = self.parts.setdefault(page.file.src_uri, {})
        page_name = re.sub(r"[\s<>]|--", "-", page.file.src_uri)
        argument = f"{page_name} {len(parts)}"
        parts[argument] = part
        return markers.make("unindexed", argument)

    def put_back(self, page: Page, output: str) -> str:
        """The finished page with every part set aside for it where its marker is (one pass over the page)."""
        parts = self.parts.pop(page.file.src_uri, None)
        if not parts:
            return output
        return markers.fill(output, "unindexed", parts.get)
