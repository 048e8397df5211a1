"""The finished-page id reader (hooks/pls/html_checks.page_ids) finds what html.parser finds.

The anchor check compares links against each page's ids; a missed id would fail a good link, an
extra one would pass a broken link. page_ids reads them with one regular expression (the page is
mostly the theme's navigation, and a full parse of it was a fifth of a large build), so it is
held to the stdlib parser on every page the real build writes, and to hand-written cases.
"""

from __future__ import annotations

import pytest

from pls.html_checks import page_ids, parse_elements


def parser_ids(html: str) -> set[str]:
    return {value for element in parse_elements(html) for name, value in element.attrs if name == "id"}


def test_every_page_of_the_real_site_has_the_ids_html_parser_finds(built_site):
    pages = sorted(built_site.site_dir.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        html = path.read_text(encoding="utf-8")
        assert page_ids(html) == parser_ids(html), path.relative_to(built_site.site_dir)


@pytest.mark.parametrize(
    ("html", "ids"),
    [
        ('<h2 id="what-it-is">What it is</h2>', {"what-it-is"}),
        ("<div class='x' id='single'>", {"single"}),
        ("<a id=bare href=#x>", {"bare"}),
        ('<li ID="fn:kumar2007" class="f">', {"fn:kumar2007"}),
        ('<h3 id="risks-&amp;-harms">', {"risks-&-harms"}),
        ('<a href="x" title="a id=&quot;no&quot;" id="yes">', {"yes"}),
        ("<div data-id=\"not-an-id\" data-pls-id='nor-this'>", set()),
        ('<svg><g id="icon-1"/></svg><input hidden id = "spaced" >', {"icon-1", "spaced"}),
        ('<p>the text id="plain" is not a tag</p>', set()),
        ('<table>\n<tr\n  class="r"\n  id="row-2">', {"row-2"}),
    ],
)
def test_ids_of_written_start_tags(html, ids):
    assert page_ids(html) == ids
    assert parser_ids(html) == ids
