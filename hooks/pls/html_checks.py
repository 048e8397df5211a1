"""Check each page's finished HTML, whatever produced it: the page, an include, a snippet or a hook.

Why this exists: the source checks read the Markdown an editor wrote, but readers get HTML, and part
of it never was a page's Markdown (includes/abbreviations.md is appended to every page, a `--8<--`
snippet is pasted in, a reference-style link is resolved by Python-Markdown). MkDocs validates only
Markdown links; a link or image written in raw HTML is published as written. So, on each page's HTML
once every step has run, this step checks, with the stdlib HTML parser:

- nothing runs: no <script>, no inline event handler, no `javascript:`, `vbscript:` or `data:` URL;
- nothing loads from another host: no image, frame, media, stylesheet, object or form elsewhere
  (the privacy promise: zero requests to other hosts);
- every internal link and image resolves: to a published page or file (not a draft), with its anchor;
  a raw HTML link to a `.md` file is never converted, so it is broken even when the file exists;
- every image has a text alternative that says something (not empty, not 'image', not its file name).

Each problem is reported where it was written: the page's line holding the offending value, or the
include's line; a problem in HTML no source holds is reported on the page. Anchors are checked once
every page is written (`note_ids` per finished page, then `check_anchors`). A problem repeated on every page (an
include) is reported once.
"""

from __future__ import annotations

import html as html_module
import posixpath
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlsplit

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from .abbreviations import snippet_files
from .content_safety import FIX_SCRIPT, find_unsafe_content
from .problems import Problem, docs_path, project_path
from .problems import report as report_problem

UNSAFE_SCHEMES = ("javascript", "vbscript", "data")
MARKDOWN_TAB_LENGTH = 4  # Python-Markdown's tab_length (the site does not change it)
# Attributes whose URL the browser loads (a resource) or navigates to (a link), by element.
RESOURCE_ATTRIBUTES = frozenset({"src", "srcset", "poster", "data", "action", "formaction", "background"})
LINK_ATTRIBUTES = frozenset({"href", "xlink:href"})
# Elements whose href the browser loads rather than navigates to (a stylesheet, an SVG image).
RESOURCE_HREF_TAGS = frozenset({"link", "image", "use", "feimage"})
# A start tag's id attribute: the tag name, any other attributes (each name with its quoted or bare
# value, possessive so a tag without an id fails fast), then id and its value in one of three groups.
ID_ATTRIBUTE = re.compile(
    r"""<[a-z][^\s/>]*+(?>\s++(?!id\s*=)[^\s"'>/=]++(?:\s*=\s*(?:"[^"]*+"|'[^']*+'|[^\s"'=<>`]++))?)*+"""
    r"""\s+id\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""",
    re.IGNORECASE,
)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
MEANINGLESS_ALT = frozenset(
    {
        "image",
        "img",
        "picture",
        "pic",
        "photo",
        "photograph",
        "figure",
        "fig",
        "chart",
        "graph",
        "diagram",
        "screenshot",
        "icon",
        "logo",
        "alt",
        "untitled",
        "placeholder",
        "banner",
        "illustration",
    }
)
ALT_FIX = "describe what the image shows in a few words, e.g. ![Bar chart of pain scores at 6 months](chart.png)"
THIRD_PARTY_FIX = (
    "copy the file into docs/ and link it relatively, or link to the page instead of embedding it"
    " (the site makes no request to other hosts)"
)


@dataclass
class HtmlChecks:
    """What the HTML checks keep across pages: each page's ids, links into other pages, what was said."""

    ids: dict[str, set[str]] = field(default_factory=dict)  # page url -> ids in its HTML
    # (where the link was written: a Reporter, href, target page url, anchor); located only if broken.
    anchor_links: list[tuple[Reporter, str, str, str]] = field(default_factory=list)
    reported: set[str] = field(default_factory=set)
    site: Site | None = None  # the site's files as links see them, made on the first page


@dataclass(frozen=True)
class Element:
    tag: str
    attrs: tuple[tuple[str, str], ...]
    text: str = ""


# --- Steps -------------------------------------------------------------------------------------


def check_page_html(state: HtmlChecks, html: str, page: Page, config: MkDocsConfig, files: Files) -> None:
    """Every problem of one page's finished HTML, reported at its source line."""
    elements = parse_elements(html)
    report = Reporter(state, Locator(page, config), find_unsafe_content(page.file.content_string))
    site = state.site = state.site or Site(files)
    for element in elements:
        for problem in element_problems(element):
            report(*problem)
        for name, value in element.attrs:
            if name in LINK_ATTRIBUTES | RESOURCE_ATTRIBUTES and not _scheme(value) and not _host(value):
                for url in _urls_of(name, value):
                    _check_internal(state, report, page, element.tag, name, url, site)
        if element.tag == "img":
            _check_alt(report, dict(element.attrs))


def element_problems(element: Element) -> list[tuple[str, str, bool]]:
    """(value to locate, message, unsafe) for what runs or loads from elsewhere in one element."""
    tag, attrs = element.tag, dict(element.attrs)
    problems = []
    if tag == "script":
        problems.append(("<script", f"<script> element — {FIX_SCRIPT}", True))
    if tag == "base" or (tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh"):
        what = (
            "<base> changes where every link of the page points"
            if tag == "base"
            else "<meta http-equiv=refresh> sends the reader elsewhere"
        )
        problems.append((f"<{tag}", f"{what} — remove it: a page links with ordinary links", False))
    for name, value in element.attrs:
        if name.startswith("on") and len(name) > 2:
            problems.append((f"{name}=", f"inline event handler '{name}' on <{tag}> — {FIX_SCRIPT}", True))
        if name not in RESOURCE_ATTRIBUTES | LINK_ATTRIBUTES:
            continue
        for url in _urls_of(name, value):
            scheme = _scheme(url)
            if scheme in UNSAFE_SCHEMES:
                fix = DATA_FIX if scheme == "data" else FIX_SCRIPT
                problems.append((url[:40], f"'{scheme}:' URL in {name}= on <{tag}> — {fix}", scheme == "javascript"))
            elif _host(url) and (name in RESOURCE_ATTRIBUTES or tag in RESOURCE_HREF_TAGS):
                problems.append(
                    (
                        url,
                        f'third-party resource: <{tag} {name}="{url}"> loads from {_host(url)} — {THIRD_PARTY_FIX}',
                        False,
                    )
                )
    for url in _css_urls(tag, attrs.get("style", ""), element.text):
        if _host(url):
            problems.append(
                (
                    url,
                    f"third-party resource: CSS url({url}) on <{tag}> loads from {_host(url)} — {THIRD_PARTY_FIX}",
                    False,
                )
            )
    return problems


def note_ids(state: HtmlChecks, output: str, page: Page) -> None:
    """The ids of a finished page (footnotes and all), for the anchor check after the last page."""
    state.ids[page.file.url] = page_ids(output)


def page_ids(html: str) -> set[str]:
    """Every id attribute of the start tags in a finished page (the same set html.parser finds).

    A finished page is mostly the theme's navigation (a 300-page site writes 2,000 tags of it into
    every page); parsing it all with html.parser to read the ids took a fifth of a large build.
    The site's HTML comes from serialisers (Python-Markdown, Jinja2's autoescape) that escape '<'
    and '>' in attribute values and text, so a start tag is found by its attributes alone;
    tests/test_html_checks.py checks this against html.parser on every page of the real site.
    """
    return {html_module.unescape(double or single or bare) for double, single, bare in ID_ATTRIBUTE.findall(html)}


def check_anchors(state: HtmlChecks) -> None:
    """Once every page is written: each link's anchor exists on the page it points to."""
    for report, href, url, anchor in state.anchor_links:
        ids = state.ids.get(url)
        if ids is not None and anchor not in ids:
            report.once(
                report.place(href),
                f"link '{href}': the anchor '#{anchor}' is not on that page — link an existing heading"
                " (the page's table of contents lists them) or drop the '#…'",
            )


# --- Checking ----------------------------------------------------------------------------------

DATA_FIX = "save the file in docs/ and link it relatively (a data: URL hides its content from review)"
DRAFT_FIX = "remove the link, or publish the page by setting its 'status' to 'in review' or 'approved'"


class Site:
    """The site's files as links see them: published URLs, draft URLs, and source paths."""

    def __init__(self, files: Files) -> None:
        self.urls = {file.url for file in files if not file.inclusion.is_excluded()}
        self.draft_urls = {file.url for file in files if file.inclusion.is_excluded()}
        self.sources = {file.src_uri for file in files if not file.inclusion.is_excluded()}
        self.draft_sources = {file.src_uri for file in files if file.inclusion.is_excluded()}

    def page_url(self, target: str) -> str | None:
        """The published URL a resolved target names ('a/b/', 'a/b/index.html', 'img/x.png'), if any."""
        for candidate in (target, target.rstrip("/") + "/", target.removesuffix("index.html")):
            candidate = candidate if candidate not in ("", "/") else "./"  # MkDocs' URL of the home page
            if candidate in self.urls:
                return candidate
        return None


class Reporter:
    """Logs a problem once, at the line that wrote the value; skips what content_safety already named."""

    def __init__(self, state: HtmlChecks, locator: Locator, source_findings) -> None:
        self.state = state
        self.locator = locator
        self.source_lines = {finding.line for finding in source_findings}

    def place(self, value: str) -> tuple[str, int | None]:
        """(file, line) where the value was written; the line is None when it cannot be found."""
        path, line = self.locator.locate(value, *_written_forms(value))
        return path, line or None

    def once(self, place: tuple[str, int | None], message: str) -> None:
        """Report 'what — fix' at the place, unless the same problem was reported there already."""
        path, line = place
        problem = Problem.at_line(line, message, file=path)
        if str(problem) not in self.state.reported:
            self.state.reported.add(str(problem))
            report_problem(problem)

    def __call__(self, value: str, message: str, unsafe: bool = False, *, also: tuple[str, ...] = ()) -> None:
        path, line = self.locator.locate(value, *also, *_written_forms(value))
        if unsafe and path == self.locator.page_path and line in self.source_lines:
            return  # content_safety already reported this line of the page
        self.once((path, line or None), message)


def _check_internal(state: HtmlChecks, report: Reporter, page: Page, tag: str, name: str, url: str, site: Site) -> None:
    """A relative link or file: it must resolve to a published page or file of the site.

    Links written in Markdown are MkDocs' to validate (and make check finds their line): this checks
    the ones written in raw HTML, and those no source holds (written by a hook).
    """
    if not report.locator.checked_here(url):
        return
    parts = urlsplit(url)
    kind = "image" if tag == "img" else "link"
    if not parts.path:
        if parts.fragment:
            state.anchor_links.append((report, url, page.file.url, html_module.unescape(parts.fragment)))
        return
    if parts.path.startswith("/"):
        report(
            url,
            f"{kind} '{url}' is absolute: it breaks when the site is not at the root of its host"
            " — write it relative to this page",
        )
        return
    if parts.path.endswith(".md"):
        source = posixpath.normpath(posixpath.join(posixpath.dirname(page.file.src_uri), parts.path))
        if source in site.draft_sources:
            report(url, f"{kind} '{url}' goes to a draft, which is not published — {DRAFT_FIX}")
        elif source in site.sources:
            report(
                url,
                f"link '{url}' is not converted: a link in raw HTML is published as written — write it as a"
                f" Markdown link, [text]({url}), which MkDocs turns into the page's address",
            )
        else:
            report(url, f"{kind} '{url}' points to no such page — fix the file name (relative to this page's file)")
        return
    base = page.file.url if page.file.url.endswith("/") else posixpath.dirname(page.file.url) + "/"
    target = posixpath.normpath(posixpath.join(base, parts.path))
    target = "./" if target == "." else target + ("/" if parts.path.endswith("/") else "")
    if target.startswith(".."):
        report(url, f"{kind} '{url}' leaves the site — link a page of the site, relative to this page")
        return
    if target in site.draft_urls or target.rstrip("/") + "/" in site.draft_urls:
        report(url, f"{kind} '{url}' goes to a draft, which is not published — {DRAFT_FIX}")
        return
    resolved = site.page_url(target)
    if resolved is None:
        what = "no such file" if tag == "img" or name != "href" else "no such page"
        report(
            url,
            f"{kind} '{url}' points to {what} in the site ('{target}') — fix the path: in raw HTML it is relative to"
            f" the page's address '{page.file.url}', not to its file",
        )
        return
    if parts.fragment and tag == "a":
        state.anchor_links.append((report, url, resolved, html_module.unescape(parts.fragment)))


def _check_alt(report, attrs: dict[str, str]) -> None:
    src = attrs.get("src", "")
    alt = attrs.get("alt")
    written = ("![](", "![ ") if alt is not None and not alt.strip() else ()
    if alt is None or not alt.strip():
        report(src or "<img", f"image '{src}' has no text alternative — {ALT_FIX}", also=written)
        return
    name = posixpath.basename(urlsplit(src).path)
    words = alt.strip().lower()
    if words in MEANINGLESS_ALT or words in {name.lower(), posixpath.splitext(name)[0].lower()}:
        report(
            src,
            f"image '{src}': the text alternative '{alt.strip()}' says nothing about the image — {ALT_FIX}",
            also=(f"![{alt}]", f'alt="{alt}"'),
        )


# --- Helper functions --------------------------------------------------------------------------


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[Element] = []
        self._style: list[tuple[str, ...]] | None = None

    def handle_starttag(self, tag, attrs):
        self.elements.append(Element(tag, tuple((name, value or "") for name, value in attrs)))

    handle_startendtag = handle_starttag

    def handle_data(self, data):
        if self.elements and self.elements[-1].tag == "style":
            last = self.elements[-1]
            self.elements[-1] = Element(last.tag, last.attrs, last.text + data)


def parse_elements(html: str) -> list[Element]:
    """Every start tag in the HTML, with its attributes (and the text of <style> elements)."""
    collector = _Collector()
    collector.feed(html)
    collector.close()
    return collector.elements


class Locator:
    """Where a value was written: the page's line, or a line of a file pymdownx.snippets adds."""

    def __init__(self, page: Page, config: MkDocsConfig | None) -> None:
        self.page = page
        self.page_path = docs_path(config, page.file.src_uri) if config else ""
        self.sources = [(self.page_path, page.file.content_string)]
        if config is not None:
            for snippet in snippet_files(page.file.content_string, config):
                self.sources.append((project_path(config, snippet), snippet.read_text(encoding="utf-8")))

    def checked_here(self, url: str) -> bool:
        """Whether a link is this step's to check: written as an HTML attribute, or in no source."""
        attribute = (f'="{url}"', f"='{url}'", f"={url}", f'="{html_module.escape(url)}"')
        if any(form in text for _, text in self.sources for form in attribute):
            return True
        written = [url, *_written_forms(url)]
        return not any(form in text for _, text in self.sources for form in written)

    def locate(self, value: str, *fallbacks: str) -> tuple[str, int | None]:
        """The first source line holding `value` (as written or HTML-escaped), else one of `fallbacks`."""
        quoted = [f'"{value}"', f"'{value}'"] if value and not value.startswith("<") else []
        candidates = [
            *quoted,
            value,
            html_module.escape(value, quote=True),
            *(fallback for fallback in fallbacks if fallback),
        ]
        for candidate in dict.fromkeys(candidates):
            for path, text in self.sources:
                # Python-Markdown expands tabs before reading, so a value written with one holds spaces.
                for searched in (text, text.expandtabs(MARKDOWN_TAB_LENGTH)) if "\t" in text else (text,):
                    position = searched.find(candidate)
                    if position < 0:
                        position = searched.lower().find(candidate.lower())
                    if position >= 0:
                        return path, searched.count("\n", 0, position) + 1
        return self.page_path, None


def _written_forms(url: str) -> list[str]:
    """How an address MkDocs rewrote may read in the source: its file name, its anchor, its last folder."""
    parts = urlsplit(url)
    path = parts.path.rstrip("/")
    forms = []
    if parts.fragment:
        forms.append("#" + parts.fragment)
    name = posixpath.basename(path)
    if name and name not in ("..", "."):
        forms += [f"({name}", f"/{name}", name]
    return forms


def _urls_of(name: str, value: str) -> list[str]:
    value = value.strip()
    if name == "srcset":
        return [item.strip().split()[0] for item in value.split(",") if item.strip()]
    return [value] if value else []


def _css_urls(tag: str, style: str, text: str) -> list[str]:
    found = []
    for css in (style, text if tag == "style" else ""):
        for match in CSS_URL.finditer(css or ""):
            found.append(match.group(1) or match.group(2))
    return found


def _scheme(url: str) -> str:
    compact = re.sub(r"[\x00-\x20]", "", url).lower()
    match = re.match(r"([a-z][a-z0-9+.-]*):", compact)
    return match.group(1) if match else ""


def _host(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme in ("http", "https", "ftp", "") and parts.netloc:
        return parts.hostname or parts.netloc
    return ""
