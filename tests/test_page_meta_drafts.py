"""Drafts (`status: draft`) are left out of the built site and its nav, quietly; links to them are not."""

from bs4 import BeautifulSoup

from pls import drafts
from sitebuilder import build_fixture_site


def test_drafts_are_not_published_and_leave_no_warning(tmp_path):
    result = build_fixture_site(tmp_path, "meta-drafts")
    assert result.ok, result.log
    assert "WARNING" not in result.log
    assert not (result.site_dir / "treatment" / "new-option").exists()
    assert not (result.site_dir / "upcoming").exists()
    assert (result.site_dir / "treatment" / "index.html").exists()

    html = BeautifulSoup(result.page(""), "html.parser")
    nav_links = {a.get("href") for a in html.select("nav.md-nav--primary a")}
    nav_text = html.select_one("nav.md-nav--primary").get_text(" ", strip=True)
    assert not any("new-option" in (href or "") for href in nav_links), nav_links
    assert "A new option" not in nav_text
    assert "Upcoming" not in nav_text, "a section left empty by its drafts must go too"
    assert "Treatment" in nav_text

    search_index = (result.site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "new-option" not in search_index and "Nothing here yet" not in search_index
    assert "new-option" not in (result.site_dir / "sitemap.xml").read_text(encoding="utf-8")


def test_previous_next_links_skip_the_draft(tmp_path):
    result = build_fixture_site(tmp_path, "meta-drafts")
    footer = BeautifulSoup(result.page("treatment/"), "html.parser").select_one("footer.md-footer")
    hrefs = [a.get("href") for a in footer.select("a.md-footer__link")]
    assert all("new-option" not in href and "upcoming" not in href for href in hrefs), hrefs


def test_page_in_review_is_published_and_says_so(tmp_path):
    result = build_fixture_site(tmp_path, "meta-drafts")
    status = BeautifulSoup(result.page("treatment/"), "html.parser").select_one(".pls-page-status")
    assert status.get_text(" ", strip=True).startswith(
        "Checked against its sources by one editor on 15 October 2026 . A second editor has not checked it yet"
    )


def test_link_from_a_published_page_to_a_draft_fails_at_its_line(tmp_path):
    result = build_fixture_site(tmp_path, "meta-draft-linked")
    assert not result.ok
    assert (
        "docs/index.md:12: links to 'new-option.md', a draft that is not published"
        " — remove the link, or publish docs/new-option.md by setting its 'status' to 'in review' or 'approved'"
    ) in result.log
    assert result.log.count("links to 'new-option.md'") == 1, "a link inside a code block is not a link"


# --- Pure functions --------------------------------------------------------------------------------


def test_prune_nav_removes_drafts_in_every_nav_form():
    nav = [
        "index.md",
        "draft.md",
        {"Home": "index.md"},
        {"Draft": "draft.md"},
        {"Section": ["a/index.md", {"New": "a/new.md"}, "./a/old.md"]},
        {"Only drafts": ["b/draft.md"]},
        {"External": "https://example.org/"},
    ]
    pruned = drafts.prune_nav(nav, {"draft.md", "a/new.md", "b/draft.md", "a/old.md"})
    assert pruned == [
        "index.md",
        {"Home": "index.md"},
        {"Section": ["a/index.md"]},
        {"External": "https://example.org/"},
    ]


def test_is_draft_reads_the_front_matter_status():
    assert drafts.is_draft("---\nstatus: draft\n---\n# A\n")
    assert not drafts.is_draft("---\nstatus: in review\n---\n# A\n")
    assert not drafts.is_draft("# No front matter\n\nstatus: draft\n")


def test_links_to_drafts_resolves_relative_paths_and_ignores_code_and_other_hosts():
    source = "\n".join(
        [
            "[up](../a/new.md#part)",  # 1: resolves to a/new.md
            "[same](new.md)",  # 2: a/new.md from a/page.md
            "~~~",
            "[in code](new.md)",  # 4: inside a fence
            "~~~",
            "[far](https://example.org/a/new.md)",  # 6: another host
            "[ref]: new%2Dthing.md",  # 7: reference definition, percent-encoded
            '<a href="new.md">html</a>',  # 8: HTML link
        ]
    )
    found = list(drafts.links_to_drafts(source, "a/page.md", {"a/new.md", "a/new-thing.md"}))
    assert found == [(1, "a/new.md"), (2, "a/new.md"), (7, "a/new-thing.md"), (8, "a/new.md")]
