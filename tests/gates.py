"""The reader gates' checks (issue 6), shared by the real-site tests and the fixture tests.

Each check looks at one built site (a folder, a served URL, or a page in Chromium) and returns a list
of problems, one string each, that name the page and say what is wrong: an empty list is a pass.
The tests in tests/test_gate_*.py run every check over every page in the nav of the real site, and
over small broken fixture sites to prove each check fails with a clear message.
"""

from __future__ import annotations

import atexit
import csv
import functools
import gzip
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import unicodedata
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urljoin, urlparse

from bs4 import BeautifulSoup
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from sitebuilder import PROJECT_ROOT, BuildResult, build_fixture_site

NODE_MODULES = PROJECT_ROOT / "node_modules"
AXE_SCRIPT = NODE_MODULES / "axe-core" / "axe.min.js"
LIGHTHOUSE_CLI = NODE_MODULES / "lighthouse" / "cli" / "index.js"
# WCAG 2.0 and 2.1, levels A and AA, plus axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
# Lighthouse runs all four categories; the gate judges only what does not depend on the machine's
# speed: the three scores below, and the page's weight against LIGHTHOUSE_BUDGETS. The performance
# score is timed (with the CPU throttled 4x on mobile), so on a shared machine it moves with the load
# (84 to 98 for one unchanged page): it is printed, never judged.
LIGHTHOUSE_CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
LIGHTHOUSE_JUDGED = ("accessibility", "best-practices", "seo")
LIGHTHOUSE_MINIMUM = 0.95
LIGHTHOUSE_BUDGETS_FILE = Path(__file__).with_name("lighthouse-budgets.json")
MOBILE_VIEWPORT = {"width": 375, "height": 812}
LOCAL_HOSTS = frozenset({"127.0.0.1"})


def project_assets() -> dict[str, str]:
    """The project's own docs/assets files (our CSS), as pages for a fixture site that must look real."""
    assets = PROJECT_ROOT / "docs" / "assets"
    return {
        p.relative_to(assets.parent).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(assets.rglob("*"))
        if p.is_file()
    }


# Fixture sites whose pages hold what the browser gates must catch: the build's own checks of the
# finished HTML (hooks/pls/html_checks.py) fail them under --strict too, so they are built without
# it, and the gates are tested on what a build that let them through would publish.
BUILT_WITHOUT_STRICT = frozenset({"gate-broken"})


@functools.cache
def fixture_site(name: str, *, with_project_assets: bool = True) -> BuildResult:
    """A fixture site under tests/fixtures/, built once per test run (kept until exit).

    Strictly, except the sites in BUILT_WITHOUT_STRICT. With the project's own docs/assets (our
    CSS) copied in, so it looks like the real site.
    """
    destination = Path(tempfile.mkdtemp(prefix=f"{name}-"))
    atexit.register(shutil.rmtree, destination, ignore_errors=True)
    result = build_fixture_site(
        destination,
        name,
        strict=name not in BUILT_WITHOUT_STRICT,
        pages=project_assets() if with_project_assets else None,
    )
    if not result.ok:
        raise AssertionError(f"fixture site {name} did not build:\n{result.log}")
    return result


def require_node_tool(path: Path) -> Path:
    """A file from node_modules, or a clear instruction: the gates never skip for want of a tool."""
    if not path.exists():
        raise AssertionError(
            f"{path.relative_to(PROJECT_ROOT)} is missing: run 'make test' (it runs 'npm ci' when "
            "node_modules is missing or package-lock.json changed), or 'npm ci' yourself"
        )
    return path


# --- Serving like GitHub Pages -----------------------------------------------------------------


COMPRESSED_SUFFIXES = frozenset({".html", ".css", ".js", ".json", ".svg", ".xml", ".txt"})


class _PagesLikeHandler(http.server.SimpleHTTPRequestHandler):
    """Serves text gzip-compressed, as GitHub Pages does, so Lighthouse measures what readers get.

    It also answers with a ``LinkChecker`` header, LinkChecker's documented signal that a server
    allows it more than 10 requests a second; this server is ours and local.
    """

    def log_message(self, format, *args):  # signature fixed by the base class
        pass

    def end_headers(self):
        self.send_header("LinkChecker", "allowed")
        super().end_headers()

    def do_GET(self):  # name fixed by the base class
        path = Path(self.translate_path(self.path))
        if path.is_dir() and urlparse(self.path).path.endswith("/"):
            path = path / "index.html"
        accepts_gzip = "gzip" in self.headers.get("Accept-Encoding", "")
        if not (accepts_gzip and path.is_file() and path.suffix in COMPRESSED_SUFFIXES):
            return super().do_GET()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def serve_like_github_pages(folder: Path):
    """Serve a built site on 127.0.0.1 (free port), compressed like GitHub Pages; yields the base URL."""
    handler = functools.partial(_PagesLikeHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def load(page, url: str, *, until: str = "load") -> None:
    """Open a page and wait until Material's scripts ran ("load": they run before it fires), or until
    the network is quiet too ("networkidle": the search index and anything late has been fetched)."""
    response = page.goto(url, wait_until=until)
    if response is None or response.status >= 400:
        raise AssertionError(f"{url}: the page did not load (HTTP {response.status if response else 'no response'})")


# --- 1. Accessibility: axe-core in Chromium ------------------------------------------------------


def axe_problems(page, url: str, label: str) -> list[str]:
    """axe-core's WCAG 2.0/2.1 A and AA and best-practice violations on one page, as loaded."""
    load(page, url)
    return axe_problems_now(page, label)


def axe_problems_now(page, label: str) -> list[str]:
    """The same, on the page in its current state (e.g. with a tooltip open)."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(require_node_tool(AXE_SCRIPT)))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})",
        AXE_TAGS,
    )
    problems = []
    for violation in result["violations"]:
        nodes = violation["nodes"]
        targets = ", ".join(" ".join(map(str, node["target"])) for node in nodes[:3])
        more = f" and {len(nodes) - 3} more" if len(nodes) > 3 else ""
        detail = " ".join((nodes[0].get("failureSummary") or "").split()) if nodes else ""
        problems.append(
            f"{label}: axe {violation['id']} ({violation['impact']}): {violation['help']} — at {targets}{more}. "
            f"{detail}"
        )
    return problems


def palette_scheme(page) -> str:
    """The Material colour scheme the page shows ('default' is light, 'slate' is dark)."""
    return page.evaluate("document.body.getAttribute('data-md-color-scheme')")


def citation_tooltip_problems(page, url: str, label: str, max_tabs: int = 300) -> list[str]:
    """A keyboard reader tabs to the page's first citation: its reference must show as a tooltip.

    Returns no problem for a page without citations (footnote references) — nothing to check there.
    """
    load(page, url)
    citations = page.locator("article a.footnote-ref")
    if not citations.count():
        return []
    target = citations.first.get_attribute("href")
    reference = page.evaluate(
        "id => { const el = document.getElementById(id); return el ? el.innerText : ''; }", target.lstrip("#")
    )
    for _ in range(max_tabs):
        page.keyboard.press("Tab")
        if page.evaluate("href => document.activeElement.matches(`article a.footnote-ref[href='${href}']`)", target):
            break
    else:
        return [f"{label}: the first citation ({target}) cannot be reached with the Tab key"]
    # Tooltips fade: the one for the link focused before (a permalink, say) may still be active.
    expected = normalise_text(reference)
    shown: list[str] = []
    for _ in range(30):
        shown = page.locator(".md-tooltip2--active").all_inner_texts()
        if any(normalise_text(text) and normalise_text(text) in expected for text in shown):
            return []
        page.wait_for_timeout(100)
    if not shown:
        return [f"{label}: focusing the citation {target} with the keyboard shows no tooltip"]
    return [f"{label}: the tooltip of citation {target} does not show its reference: {shown!r}"]


# --- 2. Privacy: every request stays on 127.0.0.1 --------------------------------------------------


class RequestLog:
    """Records every request a browser context makes; blocks (and records) any to another host."""

    def __init__(self, context):
        self.offsite: list[str] = []
        self.local: list[str] = []
        context.on("request", self._record)
        context.route("**/*", self._route)
        context.on("page", lambda page: page.on("websocket", lambda socket: self._record_url(socket.url)))

    def _record(self, request) -> None:
        self._record_url(request.url)

    def _record_url(self, url: str) -> None:
        parsed = urlparse(url)
        if parsed.scheme in ("data", "blob", "about"):
            return
        if parsed.hostname in LOCAL_HOSTS:
            self.local.append(url)
        elif url not in self.offsite:
            self.offsite.append(url)

    def _route(self, route) -> None:
        if urlparse(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            route.abort("blockedbyclient")

    def take_offsite(self) -> list[str]:
        """The off-site requests since the last call."""
        taken, self.offsite = self.offsite, []
        return taken


def exercise_page(page, url: str) -> None:
    """What a reader does on a page: load it, scroll to the end, and search."""
    load(page, url, until="networkidle")
    page.evaluate("window.scrollTo(0, document.scrollingElement.scrollHeight)")
    page.wait_for_load_state("networkidle")
    search = page.locator("input.md-search__input")
    if search.count():
        page.keyboard.press("/")
        search.press_sequentially("pain", delay=10)
        page.wait_for_function(
            "() => { const m = document.querySelector('.md-search-result__meta');"
            " return m && !/initializ/i.test(m.textContent); }",
            timeout=15_000,
        )
        page.keyboard.press("Escape")
    page.wait_for_load_state("networkidle")


def privacy_problems(page, log: RequestLog, url: str, label: str) -> list[str]:
    """Requests to any host but 127.0.0.1 while a reader loads, scrolls and searches one page."""
    log.take_offsite()
    exercise_page(page, url)
    return [f"{label}: request to another host: {offsite}" for offsite in log.take_offsite()]


# --- 3. Links: LinkChecker, https and safe new tabs -----------------------------------------------


LINKCHECKER_CONFIG = """\
[checking]
threads=4
# Above 10 only for servers that answer with a 'LinkChecker' header, as ours does.
maxrequestspersecond=100
[filtering]
checkextern=0
internlinks=^{intern}
# A URL with a fragment is checked (its anchor too) but not crawled again: the page's own URL is.
nofollow=[#]
[AnchorCheck]
"""


def linkchecker_problems(base_url: str, start_paths: list[str], workdir: Path) -> list[str]:
    """LinkChecker crawls the served site from every start page: broken links and anchors.

    Only URLs on this server are fetched (no internet in tests); every warning (a missing anchor
    is one) and every error is a problem, named by the page that links and the link as written.
    """
    config = workdir / "linkcheckerrc"
    config.write_text(LINKCHECKER_CONFIG.format(intern=re.escape(base_url)), encoding="utf-8")
    linkchecker = Path(sys.executable).parent / "linkchecker"
    # --verbose lists every URL checked, so a crawl that silently reached nothing cannot pass.
    command = [str(linkchecker), "--config", str(config), "--no-status", "--verbose", "--output", "csv/utf-8"]
    command += [urljoin(base_url, path) for path in start_paths]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=workdir, check=False)
    if completed.returncode not in (0, 1):
        raise AssertionError(f"linkchecker failed to run ({completed.returncode}):\n{completed.stderr}")
    # LinkChecker's comment lines start with '# '; a row may start with '#' (a same-page anchor link).
    rows = [line for line in completed.stdout.splitlines() if line and not line.startswith("# ")]
    problems = []
    checked = set()
    for row in csv.DictReader(io.StringIO("\n".join(rows)), delimiter=";"):
        checked.add(row.get("url"))
        parent = _site_path(row.get("parentname") or "", base_url) or "(start page)"
        where = f"line {row['line']}" if row.get("line") else "unknown line"
        link = row.get("urlname") or row.get("url")
        if row.get("valid") != "True":
            problems.append(f"{parent}: broken link '{link}' ({where}): {row.get('result')}")
        if row.get("warningstring"):
            problems.append(f"{parent}: link '{link}' ({where}): {' '.join(row['warningstring'].split())}")
    for path in start_paths:
        if urljoin(base_url, path) not in checked:
            problems.append(f"{path or '/'}: LinkChecker never checked this page")
    if completed.returncode == 1 and not problems:
        problems.append(f"linkchecker reported a failure it did not list:\n{completed.stdout}\n{completed.stderr}")
    return problems


# Elements and attributes that point somewhere a reader's browser may go or load from.
URL_ATTRIBUTES = (
    ("a", "href"),
    ("area", "href"),
    ("link", "href"),
    ("script", "src"),
    ("img", "src"),
    ("iframe", "src"),
    ("source", "src"),
    ("video", "src"),
    ("audio", "src"),
    ("form", "action"),
    ("embed", "src"),
    ("object", "data"),
)


def unsafe_link_problems(html: str, label: str) -> list[str]:
    """Links that are not https, and new-tab links that do not cut the opener (rel="noopener")."""
    soup = BeautifulSoup(html, "html.parser")
    problems = []
    for tag, attribute in URL_ATTRIBUTES:
        for element in soup.find_all(tag, attrs={attribute: True}):
            value = element[attribute].strip()
            scheme = urlparse(value).scheme.lower()
            if scheme == "http":
                problems.append(f'{label}: <{tag} {attribute}="{value}"> is plain http — use https://')
            elif value.startswith("//"):
                problems.append(f'{label}: <{tag} {attribute}="{value}"> has no scheme — write https:// explicitly')
            elif scheme == "javascript":
                problems.append(f'{label}: <{tag} {attribute}="{value}"> runs JavaScript — link to a page instead')
    for element in soup.find_all(attrs={"target": "_blank"}):
        if "noopener" not in (element.get("rel") or []):
            problems.append(
                f'{label}: <{element.name} href="{element.get("href", "")}" target="_blank"> opens a new tab '
                'without rel="noopener" — add it (or drop target)'
            )
    return problems


# --- 4. Lighthouse -------------------------------------------------------------------------------


def run_lighthouse(url: str, preset: str, output: Path, chrome_path: str | None, chrome_args: list[str]) -> dict:
    """One Lighthouse run ('mobile' is its default; 'desktop' its desktop preset); the JSON report."""
    command = [
        "node",
        str(require_node_tool(LIGHTHOUSE_CLI)),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={output}",
        f"--only-categories={','.join(LIGHTHOUSE_CATEGORIES)}",
        "--chrome-flags=" + " ".join(["--headless=new", "--no-sandbox", *chrome_args]),
    ]
    if preset == "desktop":
        command.append("--preset=desktop")
    env = dict(os.environ)
    if chrome_path:
        env["CHROME_PATH"] = chrome_path
        command.append(f"--chrome-path={chrome_path}")
    completed = subprocess.run(command, capture_output=True, text=True, timeout=300, env=env, check=False)
    if completed.returncode != 0 or not output.exists():
        raise AssertionError(f"lighthouse failed on {url} ({preset}):\n{completed.stderr[-3000:]}")
    return json.loads(output.read_text(encoding="utf-8"))


def lighthouse_scores(report: dict) -> dict[str, float | None]:
    return {category: report["categories"][category]["score"] for category in LIGHTHOUSE_CATEGORIES}


@functools.cache
def lighthouse_budgets() -> dict[str, float]:
    """The page budgets (tests/lighthouse-budgets.json): the most a page may weigh, as Lighthouse measures it."""
    budgets = json.loads(LIGHTHOUSE_BUDGETS_FILE.read_text(encoding="utf-8"))
    return {measure: float(budgets[measure]) for measure in BUDGET_MEASURES}


# What each budget measures in a Lighthouse report, its unit, and what to do when a page is over it.
BUDGET_MEASURES = {
    "transfer-bytes": ("bytes transferred", "make the page or its assets lighter"),
    "requests": ("requests", "load fewer files (bundle, inline or drop some)"),
    "dom-elements": ("DOM elements", "split the page or simplify its markup"),
    "layout-shift": ("cumulative layout shift", "give late content its space before it loads"),
}


def lighthouse_measures(report: dict) -> dict[str, float]:
    """The page's weight, as measured in one Lighthouse report: none of these is timed."""
    audits = report["audits"]
    total = next(item for item in audits["resource-summary"]["details"]["items"] if item["resourceType"] == "total")
    return {
        "transfer-bytes": float(total["transferSize"]),
        "requests": float(total["requestCount"]),
        "dom-elements": float(audits["dom-size"]["numericValue"]),
        "layout-shift": float(audits["cumulative-layout-shift"]["numericValue"]),
    }


def lighthouse_problems(
    report: dict,
    label: str,
    preset: str,
    minimum: float = LIGHTHOUSE_MINIMUM,
    budgets: dict[str, float] | None = None,
) -> list[str]:
    """Every judged category under the minimum, with the audits that cost it points; every budget exceeded."""
    problems = []
    runtime_error = report.get("runtimeError")
    if runtime_error:
        problems.append(f"{label} ({preset}): Lighthouse could not audit the page: {runtime_error.get('message')}")
        return problems
    for category, score in lighthouse_scores(report).items():
        if category not in LIGHTHOUSE_JUDGED or (score is not None and score >= minimum):
            continue
        failing = []
        for reference in report["categories"][category]["auditRefs"]:
            audit = report["audits"][reference["id"]]
            if reference.get("weight") and audit.get("score") is not None and audit["score"] < 1:
                shown = f" {audit['displayValue']}" if audit.get("displayValue") else ""
                failing.append(f"{audit['id']} ({audit['score']:.2f}{shown})")
        shown_score = "no score" if score is None else f"{score * 100:.0f}"
        problems.append(
            f"{label} ({preset}): Lighthouse {category} {shown_score} < {minimum * 100:.0f} — "
            f"failing audits: {', '.join(failing) or 'none listed'}"
        )
    measured = lighthouse_measures(report)
    for measure, budget in (lighthouse_budgets() if budgets is None else budgets).items():
        if measured[measure] > budget:
            unit, fix = BUDGET_MEASURES[measure]
            problems.append(
                f"{label} ({preset}): {_amount(measured[measure])} {unit}, over the budget of {_amount(budget)}"
                f" (tests/lighthouse-budgets.json) — {fix}"
            )
    return problems


def _amount(value: float) -> str:
    return f"{value:,.0f}" if value >= 1 else f"{value:.3f}"


# --- 5. Mobile -----------------------------------------------------------------------------------


# The layout width, not window.innerWidth: on a phone (is_mobile) the browser widens innerWidth to
# fit overflowing content and zooms out, which is exactly the fault this looks for.
_OVERFLOW_REPORT = """() => {
  const width = document.documentElement.clientWidth;
  const scrollable = el => { for (let a = el.parentElement; a; a = a.parentElement) {
      if (a === document.body || a === document.documentElement) return false;
      if (/(auto|scroll)/.test(getComputedStyle(a).overflowX)) return true; } return false; };
  // Fixed and sticky boxes (header, dialogs) follow the viewport; they are not what overflows.
  const pinned = el => { for (let a = el; a; a = a.parentElement)
      if (['fixed', 'sticky'].includes(getComputedStyle(a).position)) return true; return false; };
  const name = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
      [...el.classList].slice(0, 2).map(c => '.' + c).join('');
  const wide = [...document.querySelectorAll('body *')].filter(el => {
      const box = el.getBoundingClientRect();
      return box.width > 0 && box.right > width + 1 && !scrollable(el) &&
             !pinned(el) && el.closest('.md-sidebar, .md-search') === null; });
  const outermost = wide.filter(el => !wide.includes(el.parentElement));
  const tables = [...document.querySelectorAll('.md-content table')].map(table => {
      let wrap = table.parentElement;
      while (wrap && !/(auto|scroll)/.test(getComputedStyle(wrap).overflowX)) wrap = wrap.parentElement;
      const box = table.getBoundingClientRect();
      const text = (table.querySelector('th, td') || table).textContent.trim().slice(0, 40);
      if (!wrap || wrap === document.documentElement || wrap === document.body)
        return {text, width: Math.round(box.width), wrapped: false};
      const before = wrap.scrollLeft; wrap.scrollLeft = 40; const scrolls = wrap.scrollLeft !== before;
      wrap.scrollLeft = before;
      return {text, width: Math.round(box.width), wrapped: true,
              wrapRight: Math.round(wrap.getBoundingClientRect().right),
              needsScroll: wrap.scrollWidth > wrap.clientWidth + 1, scrolls};
  });
  return {width, scrollWidth: document.scrollingElement.scrollWidth,
          wide: outermost.slice(0, 3).map(el => `${name(el)} (right edge at ${Math.round(el.getBoundingClientRect().right)}px)`),
          tables};
}"""


def mobile_problems(page, url: str, label: str) -> list[str]:
    """At a phone-sized viewport: no sideways page scroll, wide tables scroll, the nav drawer opens."""
    load(page, url)
    report = page.evaluate(_OVERFLOW_REPORT)
    problems = []
    if report["scrollWidth"] > report["width"]:
        problems.append(
            f"{label}: the page scrolls sideways at {report['width']} px (content {report['scrollWidth']} px wide): "
            f"{'; '.join(report['wide']) or 'no single element found'}"
        )
    for table in report["tables"]:
        if table["width"] <= report["width"]:
            continue
        if not table["wrapped"]:
            problems.append(
                f"{label}: table starting '{table['text']}' is {table['width']} px wide at {report['width']} px "
                "and is in no horizontal scroll container — it overflows the page (Material wraps only tables "
                "without a class attribute)"
            )
        elif table["wrapRight"] > report["width"] + 1 or (table["needsScroll"] and not table["scrolls"]):
            problems.append(f"{label}: table starting '{table['text']}' does not scroll within the page width")
    problems.extend(_drawer_problems(page, label))
    return problems


def _drawer_problems(page, label: str) -> list[str]:
    opener = page.locator("label.md-header__button[for='__drawer']")
    if not opener.is_visible():
        return [f"{label}: no visible button opens the navigation at {MOBILE_VIEWPORT['width']} px"]
    opener.click()
    try:
        page.wait_for_function(
            "() => { const nav = document.querySelector('.md-sidebar--primary');"
            " const box = nav && nav.getBoundingClientRect();"
            " return box && box.width > 0 && box.left >= -1 && box.right <= document.documentElement.clientWidth + 1; }",
            timeout=3_000,
        )
    except PlaywrightTimeout:
        return [f"{label}: the navigation drawer does not slide into view when its button is pressed"]
    first_link = page.locator(".md-sidebar--primary .md-nav__link").first
    if not first_link.is_visible():
        return [f"{label}: the navigation drawer opens, but shows no links"]
    return []


# --- 6. Print ------------------------------------------------------------------------------------


# What printing drops: Material's chrome around the article, and what is for editors or for the screen.
PRINT_DROPPED = {
    ".md-header": "the header",
    ".md-tabs": "the navigation tabs",
    ".md-sidebar--primary": "the site navigation",
    ".md-sidebar--secondary": "the table of contents",
    ".md-footer": "the footer navigation",
    ".md-content__button": "the theme's edit button",
    ".pls-edit-link": "the edit link",
    # hooks/pls/citation_returns.py replaces the theme's back arrows with these return links.
    ".md-content .pls-backrefs": "the return links of the reference list",
}
# What printing keeps, when the page has it: (CSS selector, what it is). Together they make the
# patient leaflet: where it comes from, how current it is, and what a patient needs first.
PRINT_KEPT = (
    (".md-content .pls-leaflet-header", "the site name and page address"),
    ("article h1", "the page title"),
    (".md-content .pls-page-status", "the reviewed date"),
    (".md-content .admonition.abstract", "the key points"),
    (".md-content .pls-urgent-help", "the urgent-help box"),
    (".md-content .tabbed-block", "a tab (both tabs print, whichever is selected)"),
    (".md-content .pls-option-grid", "an option grid"),
    (".md-content .pls-claim", "a claim badge"),
    (".md-content .footnote", "the reference list"),
)
# Boxes a reader takes in at once, never split across two sheets (CSS break-inside: avoid).
PRINT_UNSPLIT = (
    (".md-content .admonition", "a box (key points, urgent help)"),
    (".md-content .pls-claim", "a claim box"),
    (".md-content .pls-option-grid", "an option grid"),
)


def normalise_text(text: str) -> str:
    """Letters, digits and GRADE symbols only, lower case, ligatures undone (PDF text varies in spacing)."""
    return "".join(ch for ch in unicodedata.normalize("NFKC", text).lower() if ch.isalnum() or ch in "⊕◯")


def normalise_words(text: str) -> str:
    """' word word ': lower-case letters and digits, one space between words and at both ends, so a
    short title is found as whole words ("Home" is not found in "people who meet")."""
    words = "".join(ch if ch.isalnum() else " " for ch in unicodedata.normalize("NFKC", text).lower()).split()
    return f" {' '.join(words)} "


def pdf_text(pdf: bytes) -> str:
    return "\n".join(pdf_page_texts(pdf))


def pdf_page_texts(pdf: bytes) -> list[str]:
    from pypdf import PdfReader

    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages]


def is_printed(line: str, sheets: list[str]) -> bool:
    """Whether a line's text (normalise_text) is on the printed sheets (each normalised): whole on
    one, or begun at the end of one and finished on the next. A PDF's text comes in drawing order,
    so the part on one sheet may be followed by text drawn later on it (a box's title)."""
    whole = "".join(sheets)
    if line in whole:
        return True
    for sheet, next_sheet in zip(sheets, sheets[1:], strict=False):
        for cut in range(len(line) - 1, 0, -1):
            if line[cut:] in next_sheet and line[:cut] in sheet:
                return True
    return False


def select_clinician_tab(page) -> None:
    """Choose the "For clinicians" tab, as a clinician reading the page would, before printing: the
    patient tab must print all the same (the printout is a patient leaflet)."""
    label = page.locator(".md-content .tabbed-labels > label", has_text="For clinicians")
    if label.count():
        label.first.click()


def print_problems(page, url: str, label: str) -> list[str]:
    """Print a page to PDF in Chromium, its clinician tab selected: the leaflet's content must be in
    it, whole boxes on one sheet, and the navigation and editing links must not."""
    load(page, url)
    select_clinician_tab(page)
    page.emulate_media(media="print")
    problems = []
    for selector, what in PRINT_DROPPED.items():
        printed = page.evaluate("s => [...document.querySelectorAll(s)].some(el => el.checkVisibility())", selector)
        if printed:
            problems.append(f"{label}: printing keeps {what} ({selector} is displayed under print media)")
    for selector, what in PRINT_UNSPLIT:
        split = page.evaluate(
            "s => [...document.querySelectorAll(s)].filter(el => el.checkVisibility())"
            "  .map(el => getComputedStyle(el).breakInside).filter(value => value !== 'avoid')",
            selector,
        )
        if split:
            problems.append(
                f"{label}: {what} may be split across two printed sheets ({selector} has break-inside: {split[0]})"
            )
    # Text for screen readers only (.pls-visually-hidden) is clipped out of print by design.
    kept = page.evaluate(
        "pairs => pairs.map(([s, what]) => [what, [...document.querySelectorAll(s)].map(el => {"
        "  let text = el.innerText;"
        "  for (const hidden of el.querySelectorAll('.pls-visually-hidden')) text = text.replace(hidden.innerText, '');"
        "  return text; })])",
        [list(pair) for pair in PRINT_KEPT],
    )
    # A title the article itself says (in any spelling: "advanced-options" is "advanced options" in
    # the PDF's words) is not navigation; words are compared as the printed words are below.
    article_words = normalise_words(page.evaluate("() => document.querySelector('article').innerText"))
    nav_titles = page.evaluate(
        "() => [...document.querySelectorAll('.md-nav--primary .md-nav__link')].map(el => el.textContent.trim())"
    )
    nav_only = [title for title in nav_titles if len(title) > 3 and normalise_words(title) not in article_words]
    sheets = pdf_page_texts(page.pdf(format="A4", print_background=True))
    printed_sheets = [normalise_text(sheet) for sheet in sheets]
    for what, texts in kept:
        # Line by line: a PDF's text comes in drawing order, which need not be reading order.
        missing = [
            line
            for text in texts
            for line in text.splitlines()
            if normalise_text(line) and not is_printed(normalise_text(line), printed_sheets)
        ]
        if missing:
            problems.append(f"{label}: the printed PDF lacks {what}: '{' '.join(missing[0].split())[:80]}'")
    printed_words = normalise_words("\n".join(sheets))
    leaked = sorted({title for title in nav_only if normalise_words(title) in printed_words})
    if leaked:
        problems.append(f"{label}: the printed PDF contains navigation entries: {', '.join(leaked[:5])}")
    page.emulate_media(media="screen")
    return problems


# --- 7. Reproducible build -----------------------------------------------------------------------


def build_differences(first: Path, second: Path) -> list[str]:
    """Every file that differs between two builds, or exists in only one, with the first difference."""
    first_files = {p.relative_to(first).as_posix() for p in first.rglob("*") if p.is_file()}
    second_files = {p.relative_to(second).as_posix() for p in second.rglob("*") if p.is_file()}
    problems = [f"{name}: only in the first build" for name in sorted(first_files - second_files)]
    problems += [f"{name}: only in the second build" for name in sorted(second_files - first_files)]
    for name in sorted(first_files & second_files):
        a, b = (first / name).read_bytes(), (second / name).read_bytes()
        if a != b:
            problems.append(f"{name}: differs between two builds of the same commit — {_first_difference(a, b)}")
    return problems


def _first_difference(a: bytes, b: bytes) -> str:
    offset = next((i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b)))
    if a.startswith(b"\x1f\x8b") or b"\x00" in a[:1024]:
        return f"binary, first difference at byte {offset}"
    line = a.count(b"\n", 0, offset) + 1
    start = max(0, offset - 30)
    return (
        f"line {line}: {a[start : offset + 40].decode('utf-8', 'replace')!r} vs "
        f"{b[start : offset + 40].decode('utf-8', 'replace')!r}"
    )


def sitemap_dates(site_dir: Path) -> set[str]:
    """The <lastmod> dates in sitemap.xml."""
    return set(re.findall(r"<lastmod>([^<]+)</lastmod>", (site_dir / "sitemap.xml").read_text(encoding="utf-8")))


def epoch_date(epoch: str) -> str:
    return datetime.fromtimestamp(int(epoch), UTC).strftime("%Y-%m-%d")


# --- 8. No partial publish -----------------------------------------------------------------------


def publish_workflow_problems(workflow: dict, makefile: str) -> list[str]:
    """The publish workflow uploads and deploys only after the strict build and every test passed."""
    jobs = workflow.get("jobs") or {}
    test_jobs = [name for name, job in jobs.items() if _step_index(job, run="make test") is not None]
    if not test_jobs:
        return ["no job runs 'make test' (the README's test command)"]
    problems = []
    if not re.search(r"^build:.*\n(?:\t.*\n)*\t.*mkdocs build --strict", makefile, re.MULTILINE):
        problems.append("Makefile: 'make build' does not run 'mkdocs build --strict'")
    for name, job in jobs.items():
        upload = _step_index(job, uses="actions/upload-pages-artifact")
        if upload is not None:
            problems += _upload_problems(name, job, upload, jobs, test_jobs)
        deploy = _step_index(job, uses="actions/deploy-pages")
        if deploy is not None:
            if not any(_depends_on(jobs, name, test_job) for test_job in test_jobs):
                problems.append(
                    f"job '{name}' deploys to GitHub Pages without needing the test job "
                    f"({', '.join(test_jobs)}) — add 'needs: {test_jobs[0]}'"
                )
            if _runs_regardless(job.get("if")):
                problems.append(f"job '{name}' deploys even when tests failed (if: {job['if']})")
    if not any(_step_index(job, uses="actions/deploy-pages") is not None for job in jobs.values()):
        problems.append("no job deploys with actions/deploy-pages")
    return problems


def site_url_problems(workflow: dict) -> list[str]:
    """The published build gets its site address from GitHub Pages' own configuration step.

    actions/configure-pages reports the address Pages serves the site at (a custom domain included) as
    its `base_url` output; the `make build` step before the upload must pass it to MkDocs as SITE_URL,
    or sitemap.xml lists no page and no page has its canonical link.
    """
    problems = []
    for name, job in (workflow.get("jobs") or {}).items():
        upload = _step_index(job, uses="actions/upload-pages-artifact")
        if upload is None:
            continue
        steps = job.get("steps") or []
        build = _step_index(job, run="make build")
        configure = _step_index(job, uses="actions/configure-pages")
        if configure is None or build is None or configure > build:
            problems.append(f"job '{name}' builds the site without running actions/configure-pages first — add it")
            continue
        step_id = steps[configure].get("id")
        if not step_id:
            problems.append(f"job '{name}' step {configure + 1} (actions/configure-pages) has no id — add 'id: pages'")
            continue
        site_url = str((steps[build].get("env") or {}).get("SITE_URL", ""))
        expected = f"${{{{ steps.{step_id}.outputs.base_url }}}}"
        if not site_url.startswith(expected):
            problems.append(
                f"job '{name}' step {build + 1} (make build) does not set SITE_URL from {expected}"
                f" — add 'env: {{SITE_URL: \"{expected}/\"}}'"
            )
    return problems


def _upload_problems(name: str, job: dict, upload: int, jobs: dict, test_jobs: list[str]) -> list[str]:
    steps = job.get("steps") or []
    problems = []
    test_step = _step_index(job, run="make test")
    build_step = _step_index(job, run="make build")
    if test_step is None and not any(_depends_on(jobs, name, test_job) for test_job in test_jobs):
        problems.append(f"job '{name}' uploads the site without running or needing the tests")
    if test_step is not None and test_step > upload:
        problems.append(f"job '{name}' uploads the site (step {upload + 1}) before 'make test' (step {test_step + 1})")
    if build_step is None or build_step > upload:
        problems.append(f"job '{name}' uploads the site without building it with 'make build' first")
    # Up to the upload, and the test step wherever it is: none may fail quietly.
    for index in range(max(upload, test_step if test_step is not None else -1) + 1):
        step = steps[index]
        if step.get("continue-on-error") in (True, "true"):
            problems.append(f"job '{name}' step {index + 1} has continue-on-error: a failure there would still publish")
        if _runs_regardless(step.get("if")):
            problems.append(f"job '{name}' step {index + 1} runs even after a failure (if: {step['if']})")
    if job.get("continue-on-error") in (True, "true"):
        problems.append(f"job '{name}' has continue-on-error: a failing test would still publish")
    return problems


def _step_index(job: dict, *, run: str | None = None, uses: str | None = None) -> int | None:
    for index, step in enumerate(job.get("steps") or []):
        if run is not None and re.search(rf"(^|[;&|\s]){re.escape(run)}($|[;&|\s])", step.get("run") or ""):
            return index
        if uses is not None and (step.get("uses") or "").split("@")[0] == uses:
            return index
    return None


def _depends_on(jobs: dict, name: str, target: str, seen: frozenset = frozenset()) -> bool:
    needs = jobs.get(name, {}).get("needs") or []
    needs = [needs] if isinstance(needs, str) else list(needs)
    return target in needs or any(_depends_on(jobs, n, target, seen | {name}) for n in needs if n not in seen)


def _runs_regardless(condition) -> bool:
    return bool(condition) and bool(re.search(r"\b(always|failure|cancelled)\(\)", str(condition)))


# --- Helper functions ----------------------------------------------------------------------------


def _site_path(url: str, base_url: str) -> str:
    """'http://127.0.0.1:1234/treatment/' -> 'treatment/' ('' is the home page, shown as '/')."""
    if not url.startswith(base_url):
        return url
    return url[len(base_url) :] or "/"
