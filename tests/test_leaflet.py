"""The printed page names its site and address (hooks/pls/leaflet.py); the print rules are in test_gate_print."""

from bs4 import BeautifulSoup

from pls import leaflet
from sitebuilder import front_matter, make_fixture_site, run_build


def _page(title: str) -> str:
    return front_matter(title) + f"# {title}\n\nText.\n"


def test_leaflet_header_names_the_site_and_the_address():
    assert leaflet.leaflet_header("PLS Evidence Guide", "https://example.org/a/") == (
        '<p class="pls-leaflet-header"><strong>PLS Evidence Guide</strong> · '
        '<span class="pls-leaflet-address">https://example.org/a/</span></p>\n'
    )
    assert "&lt;b&gt;" in leaflet.leaflet_header("<b>", "/x/")


def test_every_page_starts_with_the_leaflet_line_kept_out_of_search(tmp_path):
    project = make_fixture_site(tmp_path, pages={"index.md": _page("Home"), "a/b.md": _page("Page B")})
    result = run_build(project, tmp_path / "site")
    assert result.ok, result.log
    article = BeautifulSoup(result.page("a/b/"), "html.parser").select_one("article")
    first = article.find(["p", "h1"])
    assert "pls-leaflet-header" in first["class"], "the leaflet line comes before the title"
    assert first.get_text(" ", strip=True) == "PLS Evidence Guide · /a/b/"
    search_index = (result.site_dir / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "pls-leaflet" not in search_index


def test_with_a_site_url_the_address_is_the_pages_canonical_url(tmp_path):
    project = make_fixture_site(
        tmp_path,
        pages={"index.md": _page("Home"), "a/b.md": _page("Page B")},
        config={"site_url": "https://guide.example.org/"},
    )
    result = run_build(project, tmp_path / "site")
    assert result.ok, result.log
    header = BeautifulSoup(result.page("a/b/"), "html.parser").select_one(".pls-leaflet-address")
    assert header.get_text() == "https://guide.example.org/a/b/"
