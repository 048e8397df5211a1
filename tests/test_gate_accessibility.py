"""Gate 1, accessibility: axe-core finds nothing on any nav page, light or dark; citations work by keyboard.

axe-core (npm, pinned) runs in Chromium with the WCAG 2.0/2.1 A and AA rules and its best practices.
Material's default page fails four of them (search dialog without a name, section navs without
names, footer contrast 4.47:1, links told apart by colour only); the fixes live in
docs/assets/pls.css and overrides/, and the fixture tests below show each fix is what makes the
difference.
"""

import re
from pathlib import Path

import material
import pytest

import gates
from conftest import nav_pages, page_url, serve_folder
from sitebuilder import PROJECT_ROOT, build_fixture_site

pytestmark = pytest.mark.browser

# The palettes in mkdocs.yml, chosen by the reader's system setting: name -> Material's scheme.
PALETTES = {"light": "default", "dark": "slate"}
MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
# Each override is Material's partial with exactly one change: (what Material has, what we have).
OVERRIDE_CHANGES = {
    "partials/search.html": (
        '<div class="md-search" data-md-component="search" role="dialog">',
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="{{ lang.t(\'search\') }}">',
    ),
    "partials/nav-item.html": (
        'aria-labelledby="{{ path }}_label" aria-expanded',
        'aria-label="{{ nav_item.title | striptags }}" aria-expanded',
    ),
}


def _axe_over_pages(browser, base_url: str, palette: str, markdown_paths: list[str]) -> list[str]:
    context = browser.new_context(color_scheme=palette)
    page = context.new_page()
    problems = []
    try:
        for markdown_path in markdown_paths:
            problems += gates.axe_problems(page, base_url + page_url(markdown_path), f"{markdown_path} [{palette}]")
            shown = gates.palette_scheme(page)
            assert shown == PALETTES[palette], (
                f"{markdown_path}: expected the {palette} palette, Material shows {shown!r}"
            )
    finally:
        context.close()
    return problems


# --- The real site -------------------------------------------------------------------------------


@pytest.mark.parametrize("palette", PALETTES)
def test_every_nav_page_has_no_axe_violation(browser, site_url, palette):
    problems = _axe_over_pages(browser, site_url, palette, nav_pages())
    assert not problems, "axe-core found accessibility problems:\n" + "\n".join(problems)


def test_every_citation_tooltip_opens_from_the_keyboard(page, built_site, site_url):
    problems = []
    for markdown_path in nav_pages():
        if 'class="footnote-ref"' in built_site.page(page_url(markdown_path)):
            problems += gates.citation_tooltip_problems(page, site_url + page_url(markdown_path), markdown_path)
    assert not problems, "\n".join(problems)


def test_open_citation_tooltip_has_no_axe_violation(page, site_url):
    """Material's tooltip is an unnamed dialog; docs/assets/reader.js (dialog-names part) names it while it is open."""
    url = site_url + page_url("overview/index.md")
    gates.load(page, url)
    page.locator("article a.footnote-ref").first.focus()
    page.locator(".md-tooltip2--active").first.wait_for(state="visible", timeout=5_000)
    problems = gates.axe_problems_now(page, "overview/index.md (citation tooltip open)")
    assert not problems, "\n".join(problems)
    assert page.locator(".md-tooltip2--active").first.get_attribute("aria-label") == "Reference"


# --- Fixture sites: the gate fails when it should, and our fixes are what make it pass -----------


def test_image_without_alt_text_fails_axe_naming_page_and_rule(browser):
    site = gates.fixture_site("gate-broken")
    url, server = serve_folder(site.site_dir)
    try:
        page = browser.new_page()
        problems = gates.axe_problems(page, url + "broken/", "broken.md")
        page.close()
    finally:
        server.shutdown()
    assert any(
        p.startswith("broken.md: axe image-alt (critical): Images must have alternative text") for p in problems
    ), problems


def test_default_material_fails_axe_and_our_css_fixes_it(browser):
    """Without docs/assets/pls.css, links in text and the footer fail axe; with it, a rich page passes."""
    plain = gates.fixture_site("gate-topic", with_project_assets=False)
    fixed = gates.fixture_site("gate-topic")
    plain_url, plain_server = serve_folder(plain.site_dir)
    fixed_url, fixed_server = serve_folder(fixed.site_dir)
    try:
        page = browser.new_page()
        without_css = " ".join(gates.axe_problems(page, plain_url + "topic/", "topic.md"))
        page.close()
        with_css = {
            palette: _axe_over_pages(browser, fixed_url, palette, ["index.md", "topic.md"]) for palette in PALETTES
        }
    finally:
        plain_server.shutdown()
        fixed_server.shutdown()
    assert "axe link-in-text-block" in without_css
    assert "axe color-contrast" in without_css and ".md-copyright" in without_css
    assert with_css == {"light": [], "dark": []}, with_css


def test_material_as_shipped_fails_axe_and_our_overrides_fix_it(browser, tmp_path):
    """Without overrides/, the search dialog and the section navs have no names; with it, they do."""
    pages = gates.project_assets()
    shipped = build_fixture_site(
        tmp_path / "shipped", "gate-sections", pages=pages, config={"theme": {"custom_dir": "material-as-shipped"}}
    )
    ours = build_fixture_site(tmp_path / "ours", "gate-sections", pages=pages)
    assert shipped.ok and ours.ok, shipped.log + ours.log
    shipped_url, shipped_server = serve_folder(shipped.site_dir)
    ours_url, ours_server = serve_folder(ours.site_dir)
    try:
        page = browser.new_page()
        without_overrides = " ".join(gates.axe_problems(page, shipped_url + "guide/more/", "guide/more.md"))
        page.close()
        with_overrides = _axe_over_pages(browser, ours_url, "light", ["index.md", "guide/more.md", "other/index.md"])
    finally:
        shipped_server.shutdown()
        ours_server.shutdown()
    assert "axe aria-dialog-name" in without_overrides and ".md-search" in without_overrides
    assert "axe landmark-unique" in without_overrides
    assert with_overrides == []


def test_citation_tooltip_opens_from_the_keyboard_on_a_fixture_page(page):
    site = gates.fixture_site("gate-topic")
    assert 'class="footnote-ref"' in site.page("topic/"), "the fixture page lost its citation"
    url, server = serve_folder(site.site_dir)
    try:
        assert gates.citation_tooltip_problems(page, url + "topic/", "topic.md") == []
        shown = page.locator(".md-tooltip2--active").all_inner_texts()
        assert any(
            text.startswith("Fixture A, Testcase B. A fixture reference used to test printing") for text in shown
        ), shown
    finally:
        server.shutdown()


def test_citation_without_a_keyboard_tooltip_is_named(page, tmp_path):
    """Drop Material's footnote tooltips from the features: the keyboard check must notice."""
    site = build_fixture_site(
        tmp_path, "gate-topic", pages=gates.project_assets(), config={"theme": {"features": ["content.tabs.link"]}}
    )
    assert site.ok, site.log
    url, server = serve_folder(site.site_dir)
    try:
        problems = gates.citation_tooltip_problems(page, url + "topic/", "topic.md")
    finally:
        server.shutdown()
    assert problems == ["topic.md: focusing the citation #fn:fixture2020gates with the keyboard shows no tooltip"]


# --- The template overrides stay Material's partials plus one change -----------------------------


def _without_leading_comment(template: str) -> str:
    return re.sub(r"\A\{#-.*?-#\}\n", "", template, count=1, flags=re.DOTALL)


@pytest.mark.parametrize("partial", OVERRIDE_CHANGES)
def test_override_is_materials_partial_with_one_change(partial):
    upstream = _without_leading_comment((MATERIAL_TEMPLATES / partial).read_text(encoding="utf-8"))
    ours = _without_leading_comment((PROJECT_ROOT / "overrides" / partial).read_text(encoding="utf-8"))
    material_text, our_text = OVERRIDE_CHANGES[partial]
    assert upstream.count(material_text) == 1, (
        f"Material's {partial} changed: re-copy it into overrides/{partial} and re-apply our one change ({our_text!r})"
    )
    assert ours == upstream.replace(material_text, our_text), (
        f"overrides/{partial} differs from Material's partial by more than our one change: re-copy it"
    )
