"""Pages carry no JavaScript of their own: no raw ``<script>``, no inline event handlers, no ``javascript:`` URLs.

Why: the site promises readers that nothing runs or loads except the site's own reviewed assets
(privacy gate, issue 6). A ``<script>`` or ``onclick=`` pasted into a page's Markdown would pass
straight through Python-Markdown into the published HTML, and the browser gates only notice it once
it phones home. This step finds it at build time and names the file, the line and the fix. Site
JavaScript, where unavoidable, lives in ``docs/assets/`` and is listed under ``extra_javascript``.

Code is exempt: fenced code blocks and inline code spans are shown as text, never run.

Structured data is no exception: a `<script type="application/ld+json">` in a page's source is
rejected too. The one JSON-LD block each page carries is written by the build
(structured_data.py), from the front matter, so a page's Markdown never needs one.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from . import regions
from .problems import Problem, docs_path, report

FIX_SCRIPT = (
    "remove it: pages carry no JavaScript (site scripts live in docs/assets/ and are listed under extra_javascript)"
)
FIX_JSON_LD = (
    "remove it: the build writes each page's structured data itself (hooks/pls/structured_data.py),"
    " from its front matter"
)
# Attributes whose value is a URL the browser may navigate to or load.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href"})
# A code span may wrap onto the next line but never crosses a blank line (a paragraph break).
MARKDOWN_LINK_TARGET = re.compile(r"\]\(\s*<?\s*(javascript:)", re.IGNORECASE)


# --- Steps -------------------------------------------------------------------------------------


def check_content_safety(config: MkDocsConfig, files: Files) -> None:
    """Check every Markdown page once per build, before anything renders it."""
    for file in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
        for finding in find_unsafe_content(file.content_string):
            report(finding.at(docs_path(config, file.src_uri)))


# --- Checking ----------------------------------------------------------------------------------


def find_unsafe_content(markdown: str) -> list[Problem]:
    """Every raw <script>, inline event handler and javascript: URL outside code, with its line."""
    visible = mask_code(markdown)
    scanner = _TagScanner()
    scanner.feed(visible)
    scanner.close()
    findings = list(scanner.findings)
    for match in MARKDOWN_LINK_TARGET.finditer(visible):
        line = visible.count("\n", 0, match.start(1)) + 1
        findings.append(Problem(line, "link to a 'javascript:' URL", FIX_SCRIPT))
    return sorted(findings, key=lambda finding: finding.line)


def mask_code(markdown: str) -> str:
    """The text with front matter, fenced code and inline code blanked out; line numbers unchanged."""
    lines = markdown.split("\n")
    if lines and lines[0].strip() == "---":
        for index in range(len(lines)):
            closes = index > 0 and lines[index].strip() in ("---", "...")
            lines[index] = ""
            if closes:
                break
    return regions.blank("\n".join(lines), (regions.CODE, regions.CODE_SPAN))


class _TagScanner(HTMLParser):
    """Collects unsafe tags and attributes from raw HTML embedded in Markdown."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.findings: list[Problem] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag == "script" and (dict(attrs).get("type") or "").strip().lower() == "application/ld+json":
            self.findings.append(Problem(line, 'structured data (<script type="application/ld+json">)', FIX_JSON_LD))
        elif tag == "script":
            self.findings.append(Problem(line, "raw <script> element", FIX_SCRIPT))
        for name, value in attrs:
            if len(name) > 2 and name.startswith("on"):
                self.findings.append(
                    Problem(self._line_of(name), f"inline event handler '{name}' on <{tag}>", FIX_SCRIPT)
                )
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.findings.append(
                    Problem(self._line_of(name), f"'javascript:' URL in {name}= on <{tag}>", FIX_SCRIPT)
                )

    def _line_of(self, attribute: str) -> int:
        """The line an attribute is on, for a tag written over several lines."""
        tag_text = self.get_starttag_text() or ""
        match = re.search(rf"\s{re.escape(attribute)}\s*=", tag_text, re.IGNORECASE)
        return self.getpos()[0] + (tag_text.count("\n", 0, match.start()) if match else 0)

    handle_startendtag = handle_starttag


# --- Helper functions --------------------------------------------------------------------------
