"""Shared fixtures: the real site built strictly once per run, served on 127.0.0.1, and Chromium."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import sys
import threading
from pathlib import Path
from urllib.parse import urlparse

import pytest

# Our build logic is the package hooks/pls/; tests import its pure functions directly.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "hooks"))

from sitebuilder import PROJECT_ROOT, BuildResult, project_config, run_build

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
# Without these, Chromium keeps trying to reach Google's hosts in the background; on a closed
# network that is noise, and it is never traffic a reader's page asked for.
CHROMIUM_ARGS = [
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
]


# --- A skip is a failure ----------------------------------------------------------------------
# pytest counts a skipped or expected-to-fail test as not failing; here it fails the run, with the
# reason pytest was given. Collection-time skips (a module that skips itself) fail the same way.
# tests/test_suite_rules.py runs a file of every kind of skip and xfail to prove it.


def _skip_as_failure(report) -> None:
    if hasattr(report, "wasxfail"):
        reason = f"marked as expected to fail ({report.wasxfail or 'no reason given'})"
        del report.wasxfail
    elif isinstance(report.longrepr, tuple):
        reason = report.longrepr[2]
    else:
        reason = str(report.longrepr)
    report.outcome = "failed"
    report.longrepr = (
        f"{reason}: a test that is skipped or expected to fail does not pass in this suite (pytest.ini)"
        " — make it run and pass, or delete it"
    )


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.skipped or (report.passed and hasattr(report, "wasxfail")):
        _skip_as_failure(report)
    return report


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_make_collect_report(collector):
    report = yield
    if report.skipped:
        _skip_as_failure(report)
    return report


# --- The real site ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuildResult:
    """The project built with `mkdocs build --strict`, exactly as CI publishes it."""
    result = run_build(PROJECT_ROOT, tmp_path_factory.mktemp("real-site") / "site")
    assert result.ok, f"strict build of the real site failed:\n{result.log}"
    return result


def _nav_paths(items) -> list[str]:
    paths: list[str] = []
    for item in items:
        value = item
        if isinstance(item, dict):
            value = next(iter(item.values()))
        if isinstance(value, list):
            paths.extend(_nav_paths(value))
        elif isinstance(value, str) and not value.startswith(("http://", "https://")):
            paths.append(value)
    return paths


@functools.cache
def nav_pages() -> list[str]:
    """Every Markdown file listed in mkdocs.yml's nav, e.g. 'treatment/first-line.md'."""
    return _nav_paths(project_config()["nav"])


def search_result_paths(page, site_url: str, query: str) -> list[str]:
    """Type `query` into the site's search box in Chromium; the paths of the results, best first."""
    return [urlparse(link).path for link in search_result_links(page, site_url, query)]


def search_result_links(page, site_url: str, query: str) -> list[str]:
    """Type `query` into the site's search box in Chromium; each result's link (path and #section), best first.

    Material groups results by page: a page's link comes first, then its best-matching sections.
    """
    page.goto(site_url)
    page.wait_for_load_state("load")
    page.keyboard.press("/")
    page.locator("input.md-search__input").press_sequentially(query, delay=20)
    page.locator(".md-search-result__item").first.wait_for(state="visible", timeout=15_000)
    links = [urlparse(href) for href in _settled_result_links(page)]
    return [link.path + (f"#{link.fragment}" if link.fragment else "") for link in links]


def _settled_result_links(page, timeout_ms: int = 15_000) -> list[str]:
    """The result links once the list stops changing: search runs in a web worker, so the results of
    the query typed so far may still be replaced by those of the whole query. Each read takes the
    whole list at once (reading link by link fails when the list is replaced in between)."""
    read = "() => [...document.querySelectorAll('.md-search-result__link')].map(link => link.getAttribute('href'))"
    previous = page.evaluate(read)
    for _ in range(timeout_ms // 250):
        page.wait_for_timeout(250)
        current = page.evaluate(read)
        if current == previous and current:
            return current
        previous = current
    raise AssertionError(f"the search results kept changing for {timeout_ms} ms")


def page_url(markdown_path: str) -> str:
    """The site-relative URL MkDocs gives a page (use_directory_urls): 'a/b.md' -> 'a/b/'."""
    stem = markdown_path[: -len(".md")]
    if stem == "index":
        return ""
    if stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


# --- Serving -----------------------------------------------------------------------------------


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - signature fixed by the base class
        pass


def serve_folder(folder: Path):
    """Serve a folder on 127.0.0.1 on a free port; returns (base_url, server)."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_address[1]}/", server


@pytest.fixture(scope="session")
def site_url(built_site) -> str:
    """Base URL of the real built site, served on 127.0.0.1 for the browser tests."""
    url, server = serve_folder(built_site.site_dir)
    yield url
    server.shutdown()


# --- Chromium ----------------------------------------------------------------------------------


def chromium_executable() -> str | None:
    """Debian's chromium (or CHROMIUM_PATH); None means: use the one Playwright downloaded."""
    configured = os.environ.get("CHROMIUM_PATH")
    if configured:
        return configured
    for candidate in CHROMIUM_CANDIDATES:
        if shutil.which(candidate):
            return candidate
    return None


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """pytest-playwright launch options: Debian's Chromium where it exists, never a silent skip."""
    args = dict(browser_type_launch_args)
    executable = chromium_executable()
    if executable:
        args["executable_path"] = executable
    args["args"] = [*args.get("args", []), *CHROMIUM_ARGS]
    return args


@pytest.fixture
def recorded_requests(page):
    """Every URL the page requests, recorded from the first navigation on."""
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    return urls
