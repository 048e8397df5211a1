"""An Atom feed of the site's recent changes (feed.xml), and a link to it from every page's <head>.

Why: readers who follow the evidence (clinicians, patient groups) want to hear when a page changes
without checking back; a feed reader does that for them, with no account and no tracking. The
entries are the Recent changes page's (changes_page.py): the newest commits that changed a published
page, each with its date, its message's subject and links to the pages it changed.

Written with the standard library (xml.etree), to RFC 4287: mkdocs-rss-plugin lists pages by their
creation and update dates rather than changes, asks git once per page, and fetches remote images to
measure them. Every date is a commit's, so a rebuild of the same commit gives the same bytes; only a
site with no history at all dates its feed by the build (SOURCE_DATE_EPOCH, as MkDocs' sitemap).
Entry ids are URNs made from the commit id (stable across site moves); links are absolute when
site_url is set, and relative to the feed otherwise (a local preview).
"""

from __future__ import annotations

import datetime
import html
import io
import uuid
import xml.etree.ElementTree as ET
from collections.abc import Mapping
from urllib.parse import urljoin

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_build_datetime, get_relative_url

from . import changes, changes_page
from .bibliography_downloads import add_generated_file
from .changes import Commit
from .state import Build
from .structured_data import insert_in_head

ATOM = "http://www.w3.org/2005/Atom"
FEED_PATH = "feed.xml"
FEED_TYPE = "application/atom+xml"


# --- Steps ---------------------------------------------------------------------------------------


def add_changes_feed(build: Build, files: Files) -> None:
    """Publish feed.xml: the recent changes to published pages."""
    config = build.config
    pages = changes.published_pages(files)
    commits = changes.recent_changes(build.history, pages)
    urls = {file.src_uri: file.url for file in files.documentation_pages()}
    feed = atom_feed(
        commits,
        config=config,
        page_urls=urls,
        titles=changes_page.page_titles(build),
        changes_url=urls.get(changes_page.CHANGES_PAGE),
        fallback_time=get_build_datetime(),
    )
    add_generated_file(files, config, FEED_PATH, feed)


def add_feed_link(config: MkDocsConfig, output: str, page: Page) -> str:
    """The finished page with a link to the feed in its <head>, so browsers and feed readers find it."""
    href = get_relative_url(FEED_PATH, page.url)
    title = html.escape(feed_title(config))
    return insert_in_head(output, f'<link rel="alternate" type="{FEED_TYPE}" title="{title}" href="{href}">')


# --- Writing -------------------------------------------------------------------------------------


def feed_title(config: MkDocsConfig) -> str:
    return f"{config.site_name}: recent changes"


def atom_feed(
    commits: list[Commit],
    *,
    config: MkDocsConfig,
    page_urls: Mapping[str, str],
    titles: Mapping[str, str],
    changes_url: str | None,
    fallback_time: datetime.datetime,
) -> str:
    """The feed as an Atom 1.0 document (UTF-8, with its XML declaration)."""
    site_url = config.site_url or ""

    def address(url: str) -> str:
        return urljoin(site_url, url) if site_url else url

    ET.register_namespace("", ATOM)
    feed = ET.Element(_atom("feed"))
    _text(feed, "id", site_url + FEED_PATH if site_url else _urn(config.site_name))
    _text(feed, "title", feed_title(config))
    if config.site_description:
        _text(feed, "subtitle", " ".join(config.site_description.split()))
    newest = commits[0].time if commits else fallback_time.astimezone(datetime.UTC)
    _text(feed, "updated", _rfc3339(newest))
    author = ET.SubElement(feed, _atom("author"))
    _text(author, "name", config.site_author or config.site_name)
    if site_url:
        _link(feed, site_url + FEED_PATH, rel="self", type=FEED_TYPE)
    if changes_url is not None:
        _link(feed, address(changes_url), rel="alternate", type="text/html")
    for commit in commits:
        entry = ET.SubElement(feed, _atom("entry"))
        _text(entry, "id", _urn(f"commit:{commit.sha}"))
        _text(entry, "title", commit.subject)
        _text(entry, "updated", _rfc3339(commit.time))
        changed = [path for path in commit.paths if path in page_urls]
        for index, path in enumerate(changed):
            _link(
                entry,
                address(page_urls[path]),
                rel="alternate" if index == 0 else "related",
                type="text/html",
                title=titles.get(path, path),
            )
        names = ", ".join(titles.get(path, path) for path in changed)
        _text(entry, "summary", f"Pages changed: {names}.")
    ET.indent(feed)
    buffer = io.BytesIO()
    ET.ElementTree(feed).write(buffer, encoding="utf-8", xml_declaration=True)
    return buffer.getvalue().decode("utf-8") + "\n"


# --- Helper functions ----------------------------------------------------------------------------


def _atom(name: str) -> str:
    return f"{{{ATOM}}}{name}"


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, _atom(name))
    element.text = text
    return element


def _link(parent: ET.Element, href: str, **attributes: str) -> None:
    ET.SubElement(parent, _atom("link"), {"href": href, **attributes})


def _urn(name: str) -> str:
    """A stable id (RFC 4122 name-based UUID) for a name: the same name gives the same id in every build."""
    return f"urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, name)}"


def _rfc3339(time: datetime.datetime) -> str:
    return time.astimezone(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
