"""MkDocs' own link validation, as configured in mkdocs.yml, fails the strict build and names the page."""

from sitebuilder import build_fixture_site, front_matter


def _page(title: str, body: str) -> str:
    return front_matter(title) + f"# {title}\n\n{body}\n\n## Details\n\nText.\n"


def test_link_to_missing_page_fails_and_names_the_page(tmp_path):
    result = build_fixture_site(
        tmp_path,
        pages={"index.md": _page("Home", "See [the treatment page](treatment.md).")},
    )
    assert not result.ok
    assert "Doc file 'index.md' contains a link 'treatment.md', but the target is not found" in result.log


def test_link_to_missing_anchor_fails_and_names_the_page(tmp_path):
    result = build_fixture_site(
        tmp_path,
        pages={
            "index.md": _page("Home", "See [details](other.md#no-such-heading)."),
            "other.md": _page("Other", "Nothing to see."),
        },
    )
    assert not result.ok
    assert "Doc file 'index.md' contains a link 'other.md#no-such-heading'" in result.log
    assert "but the doc 'other.md' does not contain an anchor '#no-such-heading'" in result.log


def test_link_to_existing_anchor_builds(tmp_path):
    result = build_fixture_site(
        tmp_path,
        pages={
            "index.md": _page("Home", "See [details](other.md#details)."),
            "other.md": _page("Other", "Nothing to see."),
        },
    )
    assert result.ok, result.log


def test_page_left_out_of_nav_fails_and_names_the_page(tmp_path):
    result = build_fixture_site(
        tmp_path,
        pages={"index.md": _page("Home", "Welcome."), "orphan.md": _page("Orphan", "Nobody links here.")},
        config={"nav": ["index.md"]},
    )
    assert not result.ok
    assert (
        'The following pages exist in the docs directory, but are not included in the "nav" configuration' in result.log
    )
    assert "orphan.md" in result.log


def test_absolute_link_fails_and_names_the_page(tmp_path):
    result = build_fixture_site(tmp_path, pages={"index.md": _page("Home", "See [treatment](/treatment/).")})
    assert not result.ok
    assert "Doc file 'index.md' contains an absolute link '/treatment/'" in result.log
