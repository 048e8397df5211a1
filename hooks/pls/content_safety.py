"""Pages carry no JavaScript of their own: no raw ``<script>``, no inline event handlers, no ``javascript:`` URLs.

Why: the site promises readers that nothing runs or loads except the site's own reviewed assets
(privacy gate, issue 6). A ``<script>`` or ``onclick=`` pasted into a page's Markdown would pass
straight through Python-Markdown into the published HTML, and the browser gates only notice it once
it phones home. This step finds it at build time and names the file, the line and the fix. Site
JavaScript, where unavoidable, lives in ``docs/assets/`` and is listed under ``extra_javascript``.

Code is exempt: fenced code blocks and inline code spans are shown as text, never run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import mkdocs.plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files

from . import regions

log = mkdocs.plugins.get_plugin_logger(__name__)

FIX_SCRIPT = (
    "remove it: pages carry no JavaScript (site scripts live in docs/assets/ and are listed under extra_javascript)"
)
# Attributes whose value is a URL the browser may navigate to or load.
URL_ATTRIBUTES = frozenset({"href", "src", "action", "formaction", "xlink:href"})
# A code span may wrap onto the next line but never crosses a blank line (a paragraph break).
MARKDOWN_LINK_TARGET = re.compile(r"\]\(\s*<?\s*(javascript:)", re.IGNORECASE)


@dataclass(frozen=True)
class Finding:
    line: int
    message: str


# --- Steps -------------------------------------------------------------------------------------


def check_content_safety(config: MkDocsConfig, files: Files) -> None:
    """Check every Markdown page once per build, before anything renders it."""
    docs_prefix = _docs_dir_label(config)
    for file in sorted(files.documentation_pages(), key=lambda f: f.src_uri):
        for finding in find_unsafe_content(file.content_string):
            log.warning(f"{docs_prefix}/{file.src_uri}:{finding.line}: {finding.message}")


# --- Checking ----------------------------------------------------------------------------------


def find_unsafe_content(markdown: str) -> list[Finding]:
    """Every raw <script>, inline event handler and javascript: URL outside code, with its line."""
    visible = mask_code(markdown)
    scanner = _TagScanner()
    scanner.feed(visible)
    scanner.close()
    findings = list(scanner.findings)
    for match in MARKDOWN_LINK_TARGET.finditer(visible):
        line = visible.count("\n", 0, match.start(1)) + 1
        findings.append(Finding(line, f"link to a 'javascript:' URL — {FIX_SCRIPT}"))
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
        self.findings: list[Finding] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        line = self.getpos()[0]
        if tag == "script":
            self.findings.append(Finding(line, f"raw <script> element — {FIX_SCRIPT}"))
        for name, value in attrs:
            if len(name) > 2 and name.startswith("on"):
                self.findings.append(
                    Finding(self._line_of(name), f"inline event handler '{name}' on <{tag}> — {FIX_SCRIPT}")
                )
            elif name in URL_ATTRIBUTES and (value or "").strip().lower().startswith("javascript:"):
                self.findings.append(
                    Finding(self._line_of(name), f"'javascript:' URL in {name}= on <{tag}> — {FIX_SCRIPT}")
                )

    def _line_of(self, attribute: str) -> int:
        """The line an attribute is on, for a tag written over several lines."""
        tag_text = self.get_starttag_text() or ""
        match = re.search(rf"\s{re.escape(attribute)}\s*=", tag_text, re.IGNORECASE)
        return self.getpos()[0] + (tag_text.count("\n", 0, match.start()) if match else 0)

    handle_startendtag = handle_starttag


# --- Helper functions --------------------------------------------------------------------------


def _docs_dir_label(config: MkDocsConfig) -> str:
    """docs_dir relative to mkdocs.yml ('docs'), as editors see it in the repository."""
    docs_dir = Path(config.docs_dir)
    try:
        return docs_dir.relative_to(Path(config.config_file_path).parent).as_posix()
    except ValueError:
        return docs_dir.as_posix()
