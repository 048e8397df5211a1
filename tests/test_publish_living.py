"""Living evidence: next review date, "What changed" from git, the Recent changes page and its Atom feed.

A fixture site in its own git repository, with commits at fixed dates (one changes two pages, one
only a stylesheet, one only a draft), is built for real. The feed is checked against what RFC 4287
requires of an Atom document, read with xml.etree, and against the same commits as the pages.
"""

from __future__ import annotations

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup

from conftest import nav_pages, page_url
from pls import staleness
from sitebuilder import PROJECT_ROOT, build_env, make_fixture_site, run_build
from sitebuilder import git_as_editor as _git
from sitebuilder import page_with_title as _page

SITE_URL = "https://example.org/pls/"
A = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")
# The real Recent changes page, reviewed before the fixture builds' fixed today.
CHANGES_PAGE = re.sub(
    r"^reviewed: .*$",
    "reviewed: 2026-11-01",
    (PROJECT_ROOT / "docs" / "about" / "changes.md").read_text(encoding="utf-8"),
    count=1,
    flags=re.MULTILINE,
)
# The fixture's commits, oldest first: (when, subject, files).
COMMITS = [
    ("2026-03-02T09:00:00+00:00", "Add the pages", ["docs/a.md", "docs/b.md", "docs/about/changes.md"]),
    ("2026-05-10T23:30:00-02:00", "Reword A's key points", ["docs/a.md"]),  # 11 May in UTC
    ("2026-06-01T08:00:00+00:00", "Only the stylesheet", ["docs/assets/x.css"]),
    ("2026-07-01T08:00:00+00:00", "Start a draft", ["docs/draft.md"]),
    ("2026-08-15T12:00:00+00:00", "A & B: one sentence <each>", ["docs/a.md", "docs/b.md"]),
]


@pytest.fixture(scope="module")
def history_site(tmp_path_factory):
    """The fixture project in its own repository, one commit per entry of COMMITS."""
    tmp = tmp_path_factory.mktemp("history")
    pages = {
        "a.md": _page("Page A", reviewed="2026-01-31"),
        "b.md": _page("Page B"),
        "about/changes.md": CHANGES_PAGE,
        "draft.md": _page("Draft", status="draft"),
    }
    project = make_fixture_site(
        tmp, pages=pages, config={"nav": ["a.md", "b.md", "about/changes.md"], "site_author": "The editors"}
    )
    (project / "docs" / "assets").mkdir()
    _git(project, "init", "-q")
    for number, (when, subject, paths) in enumerate(COMMITS):
        for path in paths:
            target = project / path
            if target.suffix == ".css":
                target.write_text(f"/* {number} */\n", encoding="utf-8")
            elif number:
                target.write_text(target.read_text(encoding="utf-8") + f"\nChange {number}.\n", encoding="utf-8")
        _git(project, "add", *paths)
        _git(project, "commit", "-q", "-m", subject, "-m", "A body readers do not see.", date=when)
    return project


@pytest.fixture(scope="module")
def built(history_site, tmp_path_factory):
    result = run_build(history_site, tmp_path_factory.mktemp("built") / "site", env=build_env(SITE_URL=SITE_URL))
    assert result.ok, result.log
    return result


def _soup(result, url: str) -> BeautifulSoup:
    return BeautifulSoup(result.page(url), "html.parser")


def _changes(soup: BeautifulSoup) -> list[tuple[str, str]]:
    return [
        (item.find("time")["datetime"], item.get_text(" ", strip=True)) for item in soup.select(".pls-page-changes li")
    ]


def atom_problems(document: bytes) -> list[str]:
    """What RFC 4287 requires of an Atom feed document that this one lacks (section 4.1)."""
    root = ET.fromstring(document)
    problems = [] if root.tag == f"{A}feed" else [f"the root element is {root.tag}, not atom:feed"]

    def check(element, label: str, *, needs_author: bool) -> None:
        for name in ("id", "title", "updated"):
            found = element.findall(f"{A}{name}")
            if len(found) != 1 or not (found[0].text or "").strip():
                problems.append(f"{label}: needs exactly one non-empty atom:{name}")
        updated = element.findtext(f"{A}updated") or ""
        if not RFC3339.fullmatch(updated):
            problems.append(f"{label}: atom:updated {updated!r} is not an RFC 3339 date-time")
        if needs_author and not element.findall(f"{A}author/{A}name"):
            problems.append(f"{label}: needs an atom:author with an atom:name")
        for link in element.findall(f"{A}link"):
            if not link.get("href"):
                problems.append(f"{label}: an atom:link without href")
        alternates = [link for link in element.findall(f"{A}link") if link.get("rel", "alternate") == "alternate"]
        if len({(link.get("type"), link.get("hreflang")) for link in alternates}) != len(alternates):
            problems.append(f"{label}: two alternate links with the same type and hreflang")

    feed_has_author = bool(root.findall(f"{A}author/{A}name"))
    check(root, "feed", needs_author=False)
    ids = []
    for number, entry in enumerate(root.findall(f"{A}entry"), 1):
        check(entry, f"entry {number}", needs_author=not feed_has_author)
        has_alternate = any(link.get("rel", "alternate") == "alternate" for link in entry.findall(f"{A}link"))
        if entry.find(f"{A}content") is None and not has_alternate:
            problems.append(f"entry {number}: needs atom:content or an alternate link")
        ids.append(entry.findtext(f"{A}id"))
    if len(set(ids)) != len(ids):
        problems.append("two entries share an atom:id")
    if not any(link.get("rel") == "self" for link in root.findall(f"{A}link")):
        problems.append("feed: no rel='self' link (RFC 4287 says a feed SHOULD have one)")
    return problems


# --- Each page: next review and what changed -----------------------------------------------------


def test_each_page_shows_its_next_review_date_from_reviewed_and_the_interval(built):
    # reviewed 2026-01-31 + 24 months; reviewed 2026-11-01 + 24 months (fixture pages' default)
    assert staleness.MAX_AGE_MONTHS == 24
    for url, day, words in (("a/", "2028-01-31", "31 January 2028"), ("b/", "2028-11-01", "1 November 2028")):
        line = _soup(built, url).select_one(".pls-page-record .pls-next-review")
        assert line.find("time")["datetime"] == day, url
        assert line.get_text(" ", strip=True) == (
            f"We check every page at least every 24 months. Next review due by {words} ."
        )


def test_what_changed_lists_the_commits_that_touched_the_page_newest_first(built):
    assert _changes(_soup(built, "a/")) == [
        ("2026-08-15", "15 August 2026 : A & B: one sentence <each>"),
        ("2026-05-11", "11 May 2026 : Reword A's key points"),
        ("2026-03-02", "2 March 2026 : Add the pages"),
    ]
    assert _changes(_soup(built, "b/")) == [
        ("2026-08-15", "15 August 2026 : A & B: one sentence <each>"),
        ("2026-03-02", "2 March 2026 : Add the pages"),
    ]
    assert "A body readers do not see" not in built.page("a/")


def test_each_page_links_to_the_recent_changes_page(built):
    link = _soup(built, "a/").select_one(".pls-page-record a[href$='changes/']")
    assert link["href"] == "../about/changes/" and link.get_text() == "All recent changes on this site"


def test_the_page_record_is_not_searched(built):
    index = (built.site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Reword A" not in index and "How to cite this page" not in index and "Next review due" not in index


# --- The Recent changes page ---------------------------------------------------------------------


def test_recent_changes_lists_changes_to_published_pages_with_links(built):
    soup = _soup(built, "about/changes/")
    items = soup.select("ol.pls-changes li")
    assert [item.find("time")["datetime"] for item in items] == ["2026-08-15", "2026-05-11", "2026-03-02"]
    texts = [item.get_text(" ", strip=True) for item in items]
    assert texts[0] == "15 August 2026 : A & B: one sentence <each> Pages: Page A , Page B"
    assert texts[1] == "11 May 2026 : Reword A's key points Pages: Page A"
    assert texts[2] == "2 March 2026 : Add the pages Pages: Page A , Recent changes , Page B"
    assert [a["href"] for a in items[0].select("a")] == ["../../a/", "../../b/"]
    assert "Only the stylesheet" not in str(soup) and "Start a draft" not in str(soup)
    assert soup.select_one("article a[href='../../feed.xml']") is not None


# --- The feed ------------------------------------------------------------------------------------


def test_the_feed_is_a_valid_atom_document_of_the_same_changes(built):
    document = (built.site_dir / "feed.xml").read_bytes()
    assert document.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
    assert atom_problems(document) == []
    root = ET.fromstring(document)
    assert root.findtext(f"{A}title") == "PLS Evidence Guide: recent changes"
    assert root.findtext(f"{A}author/{A}name") == "The editors"
    assert root.findtext(f"{A}updated") == "2026-08-15T12:00:00Z"
    assert {(link.get("rel"), link.get("href")) for link in root.findall(f"{A}link")} == {
        ("self", SITE_URL + "feed.xml"),
        ("alternate", SITE_URL + "about/changes/"),
    }
    entries = root.findall(f"{A}entry")
    assert [entry.findtext(f"{A}title") for entry in entries] == [
        "A & B: one sentence <each>",
        "Reword A's key points",
        "Add the pages",
    ]
    assert [entry.findtext(f"{A}updated") for entry in entries] == [
        "2026-08-15T12:00:00Z",
        "2026-05-11T01:30:00Z",
        "2026-03-02T09:00:00Z",
    ]
    first_links = [(link.get("rel"), link.get("href")) for link in entries[0].findall(f"{A}link")]
    assert first_links == [("alternate", SITE_URL + "a/"), ("related", SITE_URL + "b/")]
    assert entries[0].findtext(f"{A}summary") == "Pages changed: Page A, Page B."
    assert all(entry.findtext(f"{A}id").startswith("urn:uuid:") for entry in entries)


def test_every_page_links_to_the_feed_in_its_head(built):
    for url, href in (("a/", "../feed.xml"), ("about/changes/", "../../feed.xml")):
        links = _soup(built, url).find_all("link", rel="alternate", type="application/atom+xml")
        assert [(link["href"], link["title"]) for link in links] == [(href, "PLS Evidence Guide: recent changes")]


def test_a_feed_missing_what_rfc_4287_requires_is_caught():
    broken = (
        b'<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><updated>yesterday</updated>'
        b"<entry><id>x</id><title>e</title><updated>2026-01-01T00:00:00Z</updated></entry>"
        b"<entry><id>x</id><title>f</title><updated>2026-01-01T00:00:00Z</updated><link href='a'/></entry></feed>"
    )
    assert atom_problems(broken) == [
        "feed: needs exactly one non-empty atom:id",
        "feed: atom:updated 'yesterday' is not an RFC 3339 date-time",
        "entry 1: needs an atom:author with an atom:name",
        "entry 1: needs atom:content or an alternate link",
        "entry 2: needs an atom:author with an atom:name",
        "two entries share an atom:id",
        "feed: no rel='self' link (RFC 4287 says a feed SHOULD have one)",
    ]


def test_the_same_commit_builds_the_same_feed_and_pages_on_another_day(history_site, built, tmp_path):
    env = build_env(SITE_URL=SITE_URL, PLS_TODAY="2027-06-30", TZ="Pacific/Kiritimati")
    again = run_build(history_site, tmp_path / "site", env=env)
    assert again.ok, again.log
    for name in ("feed.xml", "a/index.html", "about/changes/index.html", "cite/a.bib", "cite/a.ris"):
        assert (again.site_dir / name).read_bytes() == (built.site_dir / name).read_bytes(), name


def test_without_a_site_address_the_feed_links_are_relative(history_site, tmp_path):
    env = build_env()
    env.pop("SITE_URL", None)
    result = run_build(history_site, tmp_path / "site", env=env)
    assert result.ok, result.log
    document = (result.site_dir / "feed.xml").read_bytes()
    assert atom_problems(document) == ["feed: no rel='self' link (RFC 4287 says a feed SHOULD have one)"]
    root = ET.fromstring(document)
    assert root.findtext(f"{A}id").startswith("urn:uuid:")
    assert [link.get("href") for link in root.find(f"{A}entry").findall(f"{A}link")] == ["a/", "b/"]


def test_outside_git_pages_show_no_changes_and_the_feed_has_none(tmp_path):
    project = make_fixture_site(
        tmp_path,
        pages={"a.md": _page("Page A"), "about/changes.md": CHANGES_PAGE},
        config={"nav": ["a.md", "about/changes.md"]},
    )
    result = run_build(project, tmp_path / "site", env=build_env(SITE_URL=SITE_URL))
    assert result.ok, result.log
    assert _soup(result, "a/").select(".pls-page-changes") == []
    assert _soup(result, "about/changes/").select_one(".pls-changes-empty").get_text() == "No changes are recorded yet."
    document = (result.site_dir / "feed.xml").read_bytes()
    assert atom_problems(document) == [] and ET.fromstring(document).findall(f"{A}entry") == []


# --- The real site -------------------------------------------------------------------------------


def test_every_real_page_shows_its_next_review_date(built_site):
    for path in nav_pages():
        text = (PROJECT_ROOT / "docs" / path).read_text(encoding="utf-8")
        reviewed = datetime.date.fromisoformat(re.search(r"^reviewed: (\S+)", text, re.MULTILINE).group(1))
        due = reviewed.replace(year=reviewed.year + 2)
        line = BeautifulSoup(built_site.page(page_url(path)), "html.parser").select_one(".pls-next-review")
        assert line is not None and line.find("time")["datetime"] == due.isoformat(), path
