"""MkDocs' own link validation, as configured in mkdocs.yml, fails the strict build and names the page.

The broken cases share one build, one page per kind of broken link (and a page left out of the nav).
"""

import pytest

from sitebuilder import build_fixture_site, front_matter, log_lines_about


def _page(title: str, body: str) -> str:
    return front_matter(title) + f"# {title}\n\n{body}\n\n## Details\n\nText.\n"


BROKEN = {
    "missing-page.md": _page("Home", "See [the treatment page](treatment.md)."),
    "missing-anchor.md": _page("Home", "See [details](other.md#no-such-heading)."),
    "other.md": _page("Other", "Nothing to see."),
    "absolute.md": _page("Home", "See [treatment](/treatment/)."),
    "orphan.md": _page("Orphan", "Nobody links here."),
}


@pytest.fixture(scope="module")
def broken_links_site(tmp_path_factory):
    nav = [name for name in BROKEN if name != "orphan.md"]
    result = build_fixture_site(tmp_path_factory.mktemp("broken-links"), pages=BROKEN, config={"nav": nav})
    assert not result.ok, result.log
    return result


def test_link_to_missing_page_fails_and_names_the_page(broken_links_site):
    assert log_lines_about(broken_links_site.log, "'missing-page.md'") == [
        "Doc file 'missing-page.md' contains a link 'treatment.md', but the target is not found among documentation files."
    ], broken_links_site.log


def test_link_to_missing_anchor_fails_and_names_the_page(broken_links_site):
    (message,) = log_lines_about(broken_links_site.log, "'missing-anchor.md'")
    assert "Doc file 'missing-anchor.md' contains a link 'other.md#no-such-heading'" in message
    assert "but the doc 'other.md' does not contain an anchor '#no-such-heading'" in message


def test_absolute_link_fails_and_names_the_page(broken_links_site):
    (message,) = log_lines_about(broken_links_site.log, "'absolute.md'")
    assert "Doc file 'absolute.md' contains an absolute link '/treatment/'" in message


def test_page_left_out_of_nav_fails_and_names_the_page(broken_links_site):
    log = broken_links_site.log
    assert 'The following pages exist in the docs directory, but are not included in the "nav" configuration' in log
    assert "  - orphan.md" in log, log


def test_each_broken_link_of_the_shared_build_is_counted_by_strict(broken_links_site):
    assert "Aborted with 4 warnings in strict mode!" in broken_links_site.log, broken_links_site.log


def test_link_to_existing_anchor_builds(tmp_path):
    result = build_fixture_site(
        tmp_path,
        pages={
            "index.md": _page("Home", "See [details](other.md#details)."),
            "other.md": _page("Other", "Nothing to see."),
        },
    )
    assert result.ok, result.log
