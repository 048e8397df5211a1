"""Gate 3, links: an independent crawler finds no broken link or anchor; external links are https and safe.

LinkChecker (PyPI, pinned) crawls the served site from every nav page, with its anchor check on. It
fetches only this server's URLs (tests have no internet); external links are instead read from the
built HTML: each must be https, and one that opens a new tab must carry rel="noopener".
"""

import gates
from conftest import nav_pages, page_url


def test_linkchecker_finds_no_broken_link_or_anchor_from_any_nav_page(built_site, tmp_path):
    with gates.serve_like_github_pages(built_site.site_dir) as base_url:
        problems = gates.linkchecker_problems(base_url, [page_url(p) for p in nav_pages()], tmp_path)
    assert not problems, "LinkChecker:\n" + "\n".join(problems)


def test_every_external_link_is_https_and_new_tabs_are_safe(built_site):
    problems = []
    for markdown_path in nav_pages():
        problems += gates.unsafe_link_problems(built_site.page(page_url(markdown_path)), markdown_path)
    assert not problems, "\n".join(problems)


# --- A broken fixture site: each defect is named with its page ----------------------------------


def test_dead_link_and_dead_anchor_are_named_with_page_and_line(tmp_path):
    site = gates.fixture_site("gate-broken")
    with gates.serve_like_github_pages(site.site_dir) as base_url:
        problems = gates.linkchecker_problems(base_url, ["", "broken/"], tmp_path)
    assert len(problems) == 2, problems
    dead_link, dead_anchor = sorted(problems)
    assert dead_link.startswith("broken/: broken link '../no-such-page/' (line ")
    assert dead_link.endswith("): 404 File not found")
    assert dead_anchor.startswith("broken/: link '#no-such-anchor' (line ")
    assert "Anchor `no-such-anchor' (decoded: `no-such-anchor') not found." in dead_anchor
    # The fixture also links to https://example.org: external links are never fetched, so never fail.
    assert not any("example.org" in problem for problem in problems)


def test_plain_http_and_unsafe_new_tab_are_named_with_page():
    site = gates.fixture_site("gate-broken")
    problems = gates.unsafe_link_problems(site.page("broken/"), "broken.md")
    assert problems == [
        'broken.md: <a href="http://example.org/trial"> is plain http — use https://',
        (
            'broken.md: <a href="https://example.org/guideline" target="_blank"> opens a new tab without '
            'rel="noopener" — add it (or drop target)'
        ),
    ]
