"""The "When to get urgent help" block: where it goes, what search finds, and every way to break it."""

from __future__ import annotations

import json
import shutil

import pytest
from bs4 import BeautifulSoup

from conftest import search_result_paths
from pls import urgent_help
from sitebuilder import PROJECT_ROOT, front_matter, make_fixture_site, run_build

# The pages a patient may act on (issue #12): home, Evaluation, every treatment page, the regenerative
# pages, and the block's own page.
PAGES_WITH_THE_BLOCK = [
    "index.md",
    "urgent-help.md",
    "evaluation/index.md",
    "treatment/index.md",
    "treatment/first-line.md",
    "treatment/second-line.md",
    "treatment/advanced.md",
    "regenerative/index.md",
    "regenerative/prolotherapy.md",
    "regenerative/prp.md",
]
SEARCH_WORDS = ["cauda equina", "bladder", "bowel", "numbness", "fever", "emergency", "urgent"]

KEY_POINTS = '!!! abstract "Key points"\n    - One point.\n    - Two points.\n'
TABS = '=== "For patients"\n\n    Patient text.\n\n=== "For clinicians"\n\n    Clinician text.\n'


# --- Where the block goes (pure functions) ---------------------------------------------------------


def test_block_goes_after_the_key_points_box_and_before_the_tabs():
    markdown = f"# Title\n\n{KEY_POINTS}\n{TABS}"
    result = urgent_help.insert_block(markdown, "BLOCK")
    assert result.index("Two points.") < result.index("BLOCK") < result.index('=== "For patients"')


def test_block_goes_right_after_the_title_when_there_is_no_key_points_box():
    result = urgent_help.insert_block("# Title\n\nFirst paragraph.\n", "BLOCK")
    assert result.split("\n")[:4] == ["# Title", "", "BLOCK", ""]


def test_block_goes_at_the_top_when_the_page_has_no_title():
    assert urgent_help.insert_block("Just text.\n", "BLOCK").startswith("\nBLOCK\n")


def test_a_hash_line_inside_a_code_fence_is_not_the_title():
    markdown = "```sh\n# not a title\n```\n\n# Title\n\nText.\n"
    result = urgent_help.insert_block(markdown, "BLOCK")
    assert result.index("# Title") < result.index("BLOCK") < result.index("Text.")


def test_block_span_covers_nested_divs():
    html = (
        '<p>a</p><div class="admonition danger pls-urgent-help"><p>t</p><div class="x"><p>in</p></div>'
        "<p>end</p></div><p>after</p>"
    )
    start, end = urgent_help.block_span(html)
    assert html[start:end].endswith("<p>end</p></div>") and html[end:] == "<p>after</p>"


@pytest.mark.parametrize(
    ("from_page", "expected"),
    [
        ("index.md", "urgent-help.md"),
        ("treatment/first-line.md", "../urgent-help.md"),
        ("a/b/c.md", "../../urgent-help.md"),
    ],
)
def test_link_to_the_block_page_is_relative_to_each_page(from_page, expected):
    assert urgent_help.relative_link(from_page, "urgent-help.md") == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Only text.\n", "includes/urgent-help.md:1: the file must start with front matter between two '---' lines"),
        ("---\npage: u.md\n---\nText.\n", "includes/urgent-help.md:1: `title:` is missing or empty — write e.g."),
        ("---\ntitle: T\n---\nText.\n", "includes/urgent-help.md:1: `page:` is missing or empty — write e.g."),
        ("---\ntitle: T\npage: [u.md\n---\nText.\n", "includes/urgent-help.md:3: the front matter is not valid YAML"),
        ("---\ntitle: T\npage: u.md\n---\n\n", "includes/urgent-help.md:5: the block has no text — write it below"),
    ],
)
def test_data_file_problems_name_the_line_and_the_fix(text, message):
    problems = urgent_help.parse_data_file(text).problems
    assert any(str(problem).startswith(message) for problem in problems), problems


# --- Fixture sites, built for real -----------------------------------------------------------------

BIB = """@article{smith2020trial,
  author = {Smith, Anna},
  title = {A trial},
  journal = {Journal},
  year = {2020},
  doi = {10.1000/abc},
}
"""
DATA_FILE = "---\ntitle: When to get urgent help\npage: urgent-help.md\n---\nGo to an emergency department now [@smith2020trial].\n"


def build_with_data_file(tmp_path, data_file: str | None, pages: dict[str, str]):
    """A fixture site with its own includes/ (the glossary copied, the data file as given)."""
    project = make_fixture_site(tmp_path, pages=pages, bib=BIB)
    includes = project / "includes"
    includes.unlink()  # make_fixture_site links the project's includes/; this site has its own
    includes.mkdir()
    shutil.copy(PROJECT_ROOT / "includes" / "abbreviations.md", includes / "abbreviations.md")
    if data_file is not None:
        (includes / "urgent-help.md").write_text(data_file, encoding="utf-8")
    return run_build(project, tmp_path / "site")


def page_with_block(title: str, **fields: str) -> str:
    return front_matter(title, urgent_help="true", **fields) + f"# {title}\n\n{KEY_POINTS}\n{TABS}"


def test_block_is_shown_cited_linked_and_searchable_on_its_own_page_only(tmp_path):
    result = build_with_data_file(
        tmp_path,
        DATA_FILE,
        {"index.md": page_with_block("Home"), "urgent-help.md": page_with_block("When to get urgent help")},
    )
    assert result.ok, result.log
    home = BeautifulSoup(result.page(""), "html.parser")
    block = home.select_one(".pls-urgent-help")
    assert block.select_one(".admonition-title").get_text(strip=True) == "When to get urgent help"
    assert block.find_parent(class_="tabbed-set") is None, "the block must be outside the tabs"
    assert home.find(string=lambda s: s and "Two points." in s).find_parent("div") is not block
    assert block.find_next(class_="tabbed-set") is not None, "the block must come before the tabs"
    # The block's citation is a footnote of the page, linked to the full reference.
    citation = block.select_one("a.footnote-ref")
    assert citation is not None and home.find(id=citation["href"].removeprefix("#")) is not None
    assert block.find("a", href="urgent-help/").get_text() == "More: when to get urgent help"
    own_page = BeautifulSoup(result.page("urgent-help/"), "html.parser")
    assert own_page.select_one(".pls-urgent-help a[href$='urgent-help/']") is None, "no link to itself"

    index = json.loads((result.site_dir / "search" / "search_index.json").read_text(encoding="utf-8"))
    found_on = {doc["location"].split("#")[0] for doc in index["docs"] if "emergency department" in doc["text"]}
    assert found_on == {"urgent-help/"}


def test_broken_citation_and_missing_page_in_the_data_file_are_reported_at_its_lines(tmp_path):
    data_file = "---\ntitle: When to get urgent help\npage: help.md\n---\nFirst line.\n\nGo now [@smith2021trial].\n"
    result = build_with_data_file(tmp_path, data_file, {"index.md": page_with_block("Home")})
    assert not result.ok
    assert "includes/urgent-help.md:3: `page: help.md` is not a page of the site — name the page" in result.log
    assert "includes/urgent-help.md:7: unknown citation key 'smith2021trial'" in result.log
    assert "'smith2020trial'" in result.log  # the closest key is suggested


def test_a_page_asking_for_the_block_without_a_data_file_is_named(tmp_path):
    result = build_with_data_file(tmp_path, None, {"index.md": page_with_block("Home")})
    assert not result.ok
    assert (
        "docs/index.md:7: `urgent_help: true`, but includes/urgent-help.md does not exist — restore "
        "includes/urgent-help.md or remove `urgent_help` from the front matter"
    ) in result.log


def test_the_page_search_should_find_the_block_on_must_show_it(tmp_path):
    plain_page = front_matter("When to get urgent help") + "# When to get urgent help\n\nText.\n"
    result = build_with_data_file(
        tmp_path, DATA_FILE, {"index.md": page_with_block("Home"), "urgent-help.md": plain_page}
    )
    assert not result.ok
    assert (
        "docs/urgent-help.md:1: includes/urgent-help.md names this page as the one search finds the urgent-help "
        "block on, but the page does not show it — add `urgent_help: true` to its front matter"
    ) in result.log


def test_urgent_help_must_be_true_or_absent(tmp_path):
    result = build_with_data_file(
        tmp_path, DATA_FILE, {"index.md": front_matter("Home", urgent_help='"yes"') + "# Home\n\nText.\n"}
    )
    assert not result.ok
    assert "docs/index.md:7:" in result.log and "write urgent_help: true to show the" in result.log


# --- The real site ---------------------------------------------------------------------------------


@pytest.mark.parametrize("markdown_path", PAGES_WITH_THE_BLOCK)
def test_real_page_shows_the_block_before_its_tabs(built_site, markdown_path):
    from conftest import page_url

    soup = BeautifulSoup(built_site.page(page_url(markdown_path)), "html.parser")
    blocks = soup.select(".pls-urgent-help")
    assert len(blocks) == 1, f"{markdown_path}: {len(blocks)} urgent-help blocks"
    assert blocks[0].find_parent(class_="tabbed-set") is None
    first_tabs = soup.select_one("article .tabbed-set")
    if first_tabs is not None:
        assert first_tabs in blocks[0].find_all_next(class_="tabbed-set")


def test_real_block_page_has_every_word_readers_search_for(built_site):
    text = BeautifulSoup(built_site.page("urgent-help/"), "html.parser").select_one(".pls-urgent-help").get_text()
    missing = [word for word in SEARCH_WORDS if word not in text.lower()]
    assert not missing, f"the urgent-help block lacks {missing}"


@pytest.mark.browser
@pytest.mark.parametrize("word", SEARCH_WORDS)
def test_search_for_a_warning_word_finds_the_urgent_help_page_first(page, site_url, word):
    first = search_result_paths(page, site_url, word)[0]
    assert first.rstrip("/").endswith("urgent-help"), f"first result for {word!r}: {first}"
