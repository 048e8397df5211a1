"""Every citation a page makes is visible in its finished HTML, as a numbered footnote reference.

Why this exists: mkdocs-bibtex rewrites each `[@key]` to the footnote reference `[^key]` before
Python-Markdown renders the page, wherever the citation stands. Where Markdown does not render (a raw
HTML block such as a <div> or <table>, an HTML comment, a link's title), the reader gets the literal
`[^key]`, nothing at all, or a tooltip reading "see 2", while the reference is listed and claims.json
counts it. `check_rendered_html` (on_page_content) finds each `[^key]` left in the page's HTML, text,
comment or attribute, outside code; `find_citations_in_link_titles` reads the source for the case
HTML cannot show. Each is reported at the line of the page that wrote the citation.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from mkdocs.structure.pages import Page

from .content_safety import mask_code
from .problems import Problem, report

FOOTNOTE_LITERAL = re.compile(r"\[\^(?P<key>[^\]\s]+)\]")
# '[@key' never closed by ']': published as text, and no check that reads whole citations sees it.
UNCLOSED_CITATION = re.compile(r"\[@(?P<key>[\w:.-]+)(?![^\[\]\n]*\])")
LINK_TITLE_CITATION = re.compile(r"\]\([^)\s]*\s+(?:\"[^\"\n]*|'[^'\n]*)(?P<citation>\[@[^\]]*\])")
CODE_TAGS = frozenset({"code", "pre", "kbd", "samp"})
HTML_FIX = "move the citation out of the HTML element, or write the element with the `markdown` attribute"


# --- Steps -------------------------------------------------------------------------------------


def check_rendered_html(html: str, page: Page, location: str) -> None:
    """Each citation left as '[^key]' in the page's HTML, at the page line that wrote it."""
    if "[^" not in html and "[@" not in html:
        return
    source = page.file.content_string
    for kind, context, key, attribute in left_footnotes(html):
        line = source_line(source, context, key) or None
        if kind == "comment":
            message = (
                f"citation '[@{key}]' is inside an HTML comment: readers never see it, yet its reference is listed"
                " — remove it, or move it out of the comment"
            )
        elif kind == "unclosed":
            message = f"citation '[@{key}' is never closed, so it is published as text — add the closing ']'"
        elif kind == "attribute":
            message = (
                f"citation '[@{key}]' is published as text in a {attribute}= attribute — cite outside the link or image"
            )
        else:
            message = f"citation '[@{key}]' is published as the text '[^{key}]': it is inside raw HTML — {HTML_FIX}"
        report(Problem.at_line(line, message, file=location))


def check_link_titles(markdown: str, location: str, first_line: int) -> None:
    """A citation in a Markdown link's title becomes a tooltip with a bare number."""
    visible = mask_code(markdown)
    for match in LINK_TITLE_CITATION.finditer(visible):
        line = first_line + visible.count("\n", 0, match.start("citation"))
        report(
            Problem(
                line,
                f"citation '{match.group('citation')}' inside a link's title (the tooltip in quotes)",
                "cite after the link, not inside its title",
                file=location,
            )
        )


# --- Helper functions --------------------------------------------------------------------------


class _Finder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str, str, str]] = []
        self._code_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in CODE_TAGS:
            self._code_depth += 1
        for name, value in attrs:
            for match in FOOTNOTE_LITERAL.finditer(value or ""):
                self.found.append(("attribute", value[: match.start()], match.group("key"), name))

    def handle_endtag(self, tag):
        if tag in CODE_TAGS and self._code_depth:
            self._code_depth -= 1

    def handle_data(self, data):
        if self._code_depth:
            return
        for match in FOOTNOTE_LITERAL.finditer(data):
            self.found.append(("text", data[: match.start()], match.group("key"), ""))
        for match in UNCLOSED_CITATION.finditer(data):
            self.found.append(("unclosed", data[: match.start()], match.group("key").rstrip(".:-"), ""))

    def handle_comment(self, data):
        for match in FOOTNOTE_LITERAL.finditer(data):
            self.found.append(("comment", data[: match.start()], match.group("key"), ""))


def left_footnotes(html: str) -> list[tuple[str, str, str, str]]:
    """(kind, text before it, key, attribute) for each literal '[^key]' outside code."""
    finder = _Finder()
    finder.feed(html)
    finder.close()
    return finder.found


def source_line(source: str, context: str, key: str) -> int | None:
    """The line of the citation of `key` that follows `context` in the source (else its first citation)."""
    words = " ".join(context.split())
    for length in (40, 20, 8, 0):
        prefix = words[-length:] if length else ""
        pattern = re.escape(prefix).replace(r"\ ", r"\s+") + r"\s*\[@[^\]\n]*?" + re.escape(key)
        match = re.search(pattern, source)
        if match:
            return source.count("\n", 0, match.end()) + 1
    return None
