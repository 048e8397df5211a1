"""One named way back from a reference to the text: a return link per footnote instead of N identical arrows.

Why this exists: Python-Markdown's footnotes give a reference cited six times six "↩" links, all
alike, and none says where it leads; a reader who followed the fifth citation cannot tell which
arrow is theirs. Here each footnote's arrows are replaced, in the page's HTML, by

- one return link, "Back to the text: <section>", to the first place the page cites the entry
  (docs/assets/reader.js (citations part) points it at the very citation the reader followed, and names that
  citation's section instead);
- when the entry is cited in other sections too, "Also cited in:" with one link per other section,
  each named by its heading and leading to the first citation there.

A section is named by the nearest heading (or call-out title, such as "Key points") before the
citation. Runs on the page's HTML while every citation and footnote is still in it, before any part
is set aside from the search index.
"""

from __future__ import annotations

import html
import re

# A heading, or the title of a call-out box ("Key points") or of a collapsible block: what readers see
# as the name of the part of the page they are in.
HEADING = re.compile(
    r'<(?P<tag>h[1-6]|summary|p class="admonition-title")(?:\s[^>]*)?>(?P<text>.*?)</(?:h[1-6]|summary|p)>',
    re.DOTALL,
)
CITATION = re.compile(r'<sup id="(?P<id>fnref\d*:(?P<key>[^"]+))"><a class="footnote-ref"')
FOOTNOTE_ITEM = re.compile(r'<li id="fn:(?P<key>[^"]+)">(?P<body>.*?)</li>', re.DOTALL)
ARROWS = re.compile(r'(?:&#160;)?(?:<a class="footnote-backref" href="#fnref\d*:[^"]+"[^>]*>&#8617;</a>)+')
PERMALINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.DOTALL)
TAG = re.compile(r"<[^>]+>")
FOOTNOTES_START = '<div class="footnote">'


def add_return_links(page_html: str) -> str:
    """The page with one named return link (and links to other sections' uses) in every footnote."""
    start = page_html.rfind(FOOTNOTES_START)
    if start < 0 or "footnote-backref" not in page_html[start:]:
        return page_html
    uses = citation_uses(page_html[:start])

    def rewrite(item: re.Match) -> str:
        key = item.group("key")
        if key not in uses:
            return item.group(0)
        body = ARROWS.sub("", item.group("body"))
        return f'<li id="fn:{key}">{body.rstrip()}\n{return_links_html(uses[key])}\n</li>'

    return page_html[:start] + FOOTNOTE_ITEM.sub(rewrite, page_html[start:])


def citation_uses(body_html: str) -> dict[str, list[tuple[str, str]]]:
    """Each key's citations in reading order, as (anchor id, name of the section it is in)."""
    uses: dict[str, list[tuple[str, str]]] = {}
    headings = [(match.start(), section_name(match.group("text"))) for match in HEADING.finditer(body_html)]
    heading_index = 0
    section = headings[0][1] if headings else "the top of the page"
    for citation in CITATION.finditer(body_html):
        while heading_index < len(headings) and headings[heading_index][0] < citation.start():
            section = headings[heading_index][1]
            heading_index += 1
        uses.setdefault(citation.group("key"), []).append((citation.group("id"), section))
    return uses


def section_name(heading_html: str) -> str:
    """A heading's words, without its permalink sign."""
    return " ".join(html.unescape(TAG.sub("", PERMALINK.sub("", heading_html))).split())


def return_links_html(uses: list[tuple[str, str]]) -> str:
    """The return link to the first use and, per other section, a link to its first use."""
    first_id, first_section = uses[0]
    primary = (
        f'<a class="pls-backref" href="#{html.escape(first_id)}" data-pls-backref>'
        f'<span aria-hidden="true">&#8617; </span>Back to the text: {html.escape(first_section)}</a>'
    )
    others: dict[str, str] = {}
    for use_id, section in uses[1:]:
        if section != first_section:
            others.setdefault(section, use_id)
    if not others:
        return f'<p class="pls-backrefs">{primary}</p>'
    links = ", ".join(
        f'<a href="#{html.escape(use_id)}">{html.escape(section)}</a>' for section, use_id in others.items()
    )
    return f'<p class="pls-backrefs">{primary}<span class="pls-backrefs__others"> · Also cited in: {links}</span></p>'
