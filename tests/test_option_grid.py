"""The option grid: built from claims' figures, checked at build time, shown near the top of each tier page.

Pure functions are called directly; every bad input is one page of one shared strict build of the
claims-base fixture, and its exact `docs/<page>:<line>: what — fix` message is asserted. Two valid
builds differ by one claim figure only, and the grid follows the claim.
"""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup

from conftest import page_url
from pls import claims_outcomes, option_grid
from sitebuilder import build_fixture_site, front_matter, log_lines_about

PREFIX = "pls: "
TIER_PAGES = (
    "treatment/first-line.md",
    "treatment/second-line.md",
    "treatment/advanced.md",
    "regenerative/index.md",
)


def _front(title: str) -> str:
    return front_matter(title, description=f'"Fixture page about {title.lower()}."')


def _claim(claim_id: str, figures: str, text: str) -> str:
    return (
        f"/// claim | {claim_id}\ntopic: Spinal cord stimulation\ncertainty: low\nevidence: RCT\n"
        "population: direct\nrisk-of-bias: down 2 — open-label; industry-sponsored\n"
        f"{figures}\n\n{text}\n///\n"
    )


STIMULATION_TEXT = (
    "Stimulation gave at least half leg-pain relief at 6 months to 48% against 9%; by 12 months 32% had"
    " a device problem, and 18 of 102 had an adverse event [@kumar2007process]."
)
BENEFIT = "benefit: at least half less leg pain | stimulation: 48% | usual medical care: 9% | at 6 months"


def _grid_page(title: str, grid_lines: str, claim: str = "") -> str:
    return (
        _front(title)
        + f'# {title}\n\n!!! abstract "Key points"\n    - A point [@kumar2007process].\n\n'
        + f"/// option-grid\n{grid_lines}\n///\n\nSome prose.\n\n{claim}\nMore prose.\n"
    )


def _line(page: str, fragment: str) -> int:
    return next(number for number, line in enumerate(page.split("\n"), start=1) if fragment in line)


# --- Frequencies (pure) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "text", "words", "icons"),
    [
        ("48%", "48% against 9%", "48 in 100", 48),
        ("13.6%", "13.6% against 4.6%", "about 14 in 100", 14),
        ("18 of 102", "18 of 102 people (17.6%)", "18 of 102 (about 18 in 100)", 18),
        ("9 in 100", "9 in 100 people", "9 in 100", 9),
        ("0.46", "0.46 with glucose", "46 in 100", 46),
        ("not known", "no figure", "not known", 0),
    ],
)
def test_a_stated_frequency_reads_as_a_natural_frequency(written, text, words, icons):
    problems = []
    frequency = claims_outcomes.read_frequency(
        written, 5, name="benefit", named="claim 'c'", claim_text=text, problems=problems
    )
    assert problems == []
    assert (frequency.in_words(), frequency.per_hundred) == (words, icons)


def test_a_figure_is_found_only_as_written_in_the_claim_text():
    assert claims_outcomes.stated_in("9%", "48% against 9% at 6 months")
    assert not claims_outcomes.stated_in("9%", "59% and 58%")
    assert not claims_outcomes.stated_in("9%", "a rate of 9.5%")
    assert claims_outcomes.stated_in("18 of 102", "in 18 of\n102 people")


def test_icon_array_fills_as_many_squares_as_the_frequency_and_says_so_in_words():
    svg = BeautifulSoup(option_grid.icon_array(48), "html.parser").svg
    solid, outline = svg.find_all("path")
    assert solid["fill"] == "currentColor" and outline["fill"] == "none" and outline["stroke"] == "currentColor"
    assert (solid["d"].count("z"), outline["d"].count("z")) == (48, 52)
    assert svg["role"] == "img"
    assert svg["aria-label"] == "48 in 100 people: 48 of 100 squares filled, 52 empty"
    assert svg.title.get_text() == svg["aria-label"]


def test_a_grid_shown_as_code_is_not_a_grid():
    markdown = "```markdown\n/// option-grid\n- TENS\n///\n```\n\n/// option-grid\n- PRP\n///\n"
    grids, problems = option_grid.find_grid_blocks(markdown, first_line=10)
    assert problems == []
    assert [(grid.line, [option.name for option in grid.options]) for grid in grids] == [(16, ["PRP"])]


# --- Every bad input fails the strict build with the line and the fix --------------------------

CASES = {
    "figure that is not a number": (
        "benefit: less pain | stimulation: about half | usual medical care: 9% | at 6 months",
        "benefit:",
        "frequency 'about half' in option 'benefit' of claim '{id}' is not a number — write 'N in D' (e.g. '48 in 100'),"
        " 'N of D' (e.g. '18 of 102'), a percentage (e.g. '48%'), a proportion (e.g. '0.46') or 'not known'",
    ),
    "more people than the group": (
        "harm: a device problem | stimulation: 120 of 102 | usual medical care: not known | by 12 months",
        "harm:",
        "frequency '120 of 102' in option 'harm' of claim '{id}' counts more people (120) than the group has (102)"
        " — check the figures against the source",
    ),
    "percentage over 100": (
        "benefit: less pain | stimulation: 148% | usual medical care: 9% | at 6 months",
        "benefit:",
        "frequency '148%' in option 'benefit' of claim '{id}' is more than 100% — check the figure against the source",
    ),
    "figure the claim does not state": (
        "benefit: less pain | stimulation: 50% | usual medical care: 9% | at 6 months",
        "benefit:",
        "frequency '50%' in option 'benefit' of claim '{id}' is not stated in the claim's text — write the figure,"
        " as the source gives it, in the claim text next to its citation, or write 'not known'",
    ),
    "missing comparator": (
        "benefit: less pain | stimulation: 48% | 9% | at 6 months",
        "benefit:",
        "option 'benefit' in claim '{id}' names no comparator — write the third part as '<comparator>: <frequency>',"
        " e.g. 'usual medical care: 9 in 100' (or 'usual medical care: not known')",
    ),
    "too few parts": (
        "benefit: less pain | 48%",
        "benefit:",
        "option 'benefit' in claim '{id}' has 2 parts, not 4 — write 'benefit: <what> | [<option>:] <frequency> |"
        " <comparator>: <frequency> | <when>', e.g. 'benefit: at least half less leg pain | 48 in 100 |"
        " usual medical care: 9 in 100 | at 6 months'",
    ),
    "no timepoint": (
        "benefit: less pain | stimulation: 48% | usual medical care: 9% | ",
        "benefit:",
        "option 'benefit' in claim '{id}' does not say when it was measured — fill that part, or write 'not known'",
    ),
    "empty involves": (
        "involves: ",
        "involves:",
        "option 'involves' in claim '{id}' is empty — say what the option involves, or remove the line",
    ),
    "a claim's line after a grid is the author's": (
        "direction: benefits",
        "direction:",
        "unknown direction 'benefits' in claim '{id}' — use one of: harm, no clear benefit, benefit, uncertain"
        " (closest: 'benefit')",
    ),
    "misspelt figure option": (
        "benfit: less pain | stimulation: 48% | usual medical care: 9% | at 6 months",
        "benfit:",
        "unknown option 'benfit' in claim '{id}' — use one of: topic, certainty, evidence, design, population,"
        " risk-of-bias, inconsistency, indirectness, imprecision, publication-bias, large-effect, dose-response,"
        " direction, verdict, claimed-by, conflicted, benefit, harm, involves (closest: 'benefit')",
    ),
}

GRID_CASES = {
    "grid naming a claim no page has": (
        "- Spinal cord stimulation: scs-grid-figure",
        "- Spinal cord stimulation",
        "option 'Spinal cord stimulation' names claim 'scs-grid-figure', which no page has (closest: 'scs-grid-figures')"
        " — write the id of a graded claim, as in its '/// claim | <id>' line",
    ),
    "two claims giving one option's benefit": (
        "- Spinal cord stimulation: scs-grid-figures, scs-grid-figures-again",
        "- Spinal cord stimulation",
        "option 'Spinal cord stimulation' gets its benefit from two claims ('scs-grid-figures' and"
        " 'scs-grid-figures-again') — remove 'benefit:' from one of them, or name only one here",
    ),
    "option listed twice": (
        "- TENS\n- TENS",
        "- TENS",
        "option 'TENS' is listed twice in the option grid (first on line {first}) — keep one",
    ),
    "grid line that is not an option": (
        "- Spinal cord stimulation: Not An Id",
        "- Spinal cord stimulation",
        "option grid line 'Spinal cord stimulation: Not An Id' is not valid — write '- <option>' or"
        " '- <option>: <claim id>, <claim id>', e.g. '- Spinal cord stimulation: scs-radicular-leg-pain'",
    ),
    "grid with no options": (
        "",
        "/// option-grid",
        "option grid lists no options — write one option per line, e.g. '- Spinal cord stimulation: scs-radicular-leg-pain'",
    ),
}


def _case_pages() -> dict[str, tuple[str, str]]:
    """page path -> (page text, expected log line): each case on a page of its own."""
    pages = {}
    for number, (figures, fragment, message) in enumerate(CASES.values(), start=1):
        claim_id = f"figure-case-{number}"
        page = _grid_page(
            "Bad figures", f"- Spinal cord stimulation: {claim_id}", _claim(claim_id, figures, STIMULATION_TEXT)
        )
        path = f"docs/figures/bad-{number}.md"
        # The fragment's line inside the claim (the grid's '- ...' line also names the claim id).
        line = _line(page.split("/// claim", 1)[1], fragment) + _line(page, "/// claim") - 1
        pages[path] = (page, f"{PREFIX}{path}:{line}: {message.format(id=claim_id)}")
    for number, (grid_lines, fragment, message) in enumerate(GRID_CASES.values(), start=1):
        page = _grid_page("Bad grid", grid_lines)
        path = f"docs/grids/bad-{number}.md"
        first = _line(page, fragment)
        line = first + 1 if "listed twice" in message else first
        pages[path] = (page, f"{PREFIX}{path}:{line}: {message.format(first=first)}")
    return pages


GOOD_CLAIMS = _front("Good claims") + "# Good claims\n\n" + _claim("scs-grid-figures", BENEFIT, STIMULATION_TEXT)
GOOD_CLAIMS += "\n" + _claim("scs-grid-figures-again", BENEFIT, STIMULATION_TEXT)


@pytest.fixture(scope="module")
def bad_grid_site(tmp_path_factory):
    pages = {path.removeprefix("docs/"): text for path, (text, _) in _case_pages().items()}
    pages["good-claims.md"] = GOOD_CLAIMS
    result = build_fixture_site(tmp_path_factory.mktemp("bad-grids"), "claims-base", pages=pages)
    assert not result.ok, "the strict build should have failed"
    return result


@pytest.mark.parametrize("path", list(_case_pages()))
def test_bad_figure_or_grid_fails_the_strict_build_with_page_line_and_fix(bad_grid_site, path):
    _, expected = _case_pages()[path]
    # Only the problems: the build also logs each page's reading grade (INFO), which names the page.
    problems = [
        line for line in log_lines_about(bad_grid_site.log, path + ":") if not line.startswith("pls: reading grade")
    ]
    assert problems == [expected], bad_grid_site.log


def test_every_bad_case_is_counted_by_strict(bad_grid_site):
    count = len(CASES) + len(GRID_CASES)
    assert f"Aborted with {count} warnings in strict mode!" in bad_grid_site.log, bad_grid_site.log


# --- The grid follows its claim ----------------------------------------------------------------


def _valid_site(tmp_path, option_figure: str):
    """A grid page and, on another page, its claim, whose figure for stimulation is `option_figure`."""
    text = STIMULATION_TEXT.replace("48%", option_figure)
    benefit = BENEFIT.replace("48%", option_figure)
    harm = "harm: a device problem | stimulation: 18 of 102 | usual medical care: not known | by 6 months"
    involves = "involves: a test of stimulation first, then an operation"
    claim = _claim("scs-grid-figures", f"{benefit}\n{harm}\n{involves}", text)
    pages = {
        "treatment/grid.md": _grid_page("Options", "- Spinal cord stimulation: scs-grid-figures\n- TENS"),
        "treatment/claims.md": _front("Claims") + "# Claims\n\n" + claim,
    }
    result = build_fixture_site(tmp_path, "claims-base", pages=pages)
    assert result.ok, result.log
    return BeautifulSoup(result.page("treatment/grid/"), "html.parser")


def _cards(soup) -> dict[str, dict[str, str]]:
    cards = {}
    for card in soup.select(".pls-option-grid__option"):
        rows = {dt.get_text(): " ".join(dt.find_next_sibling("dd").get_text(" ").split()) for dt in card.select("dt")}
        cards[card.h3.get_text()] = rows
    return cards


def test_changing_a_claims_figure_changes_the_grid(tmp_path):
    before = _valid_site(tmp_path / "before", "48%")
    after = _valid_site(tmp_path / "after", "61%")
    helped_before = _cards(before)["Spinal cord stimulation"]["How many were helped"]
    helped_after = _cards(after)["Spinal cord stimulation"]["How many were helped"]
    assert (
        "48 in 100 people with stimulation" in helped_before
        and "9 in 100 people with usual medical care" in helped_before
    )
    assert "61 in 100 people with stimulation" in helped_after and "48 in 100" not in helped_after
    labels = [svg["aria-label"] for svg in after.select(".pls-option-grid__icons")]
    assert labels[0] == "61 in 100 people: 61 of 100 squares filled, 39 empty"


def test_grid_card_shows_involves_harms_certainty_and_links_to_its_claim(tmp_path):
    soup = _valid_site(tmp_path, "48%")
    card = _cards(soup)["Spinal cord stimulation"]
    assert card["What it involves"] == "A test of stimulation first, then an operation."
    assert "18 of 102 (about 18 in 100) people with stimulation" in card["How many had problems"]
    assert "Not known with usual medical care." in card["How many had problems"]
    assert card["How sure we are"].startswith("Certainty of evidence: ⊕⊕◯◯ Low certainty.")
    link = soup.select_one(".pls-option-grid__certainty a")
    assert link["href"] == "../claims/#claim-scs-grid-figures"
    assert _cards(soup)["TENS"] == {
        "What it involves": "Not known.",
        "How many were helped": "Not known.",
        "How many had problems": "Not known.",
        "How sure we are": "Not graded: no claim gives figures for this option.",
    }


# --- The real site -----------------------------------------------------------------------------


@pytest.mark.parametrize("markdown_path", TIER_PAGES)
def test_real_tier_page_shows_its_grid_after_urgent_help_and_before_the_tabs(built_site, markdown_path):
    soup = BeautifulSoup(built_site.page(page_url(markdown_path)), "html.parser")
    content = soup.select_one("article")
    blocks = [
        element
        for element in content.find_all(["div"], recursive=True)
        if set(element.get("class", [])) & {"pls-urgent-help", "pls-option-grid", "tabbed-set"}
    ]
    order = [
        next(name for name in ("pls-urgent-help", "pls-option-grid", "tabbed-set") if name in b["class"])
        for b in blocks
    ]
    assert order[:3] == ["pls-urgent-help", "pls-option-grid", "tabbed-set"]
    grid = content.select_one(".pls-option-grid")
    assert len(grid.select(".pls-option-grid__option")) >= 2
    assert not re.search("\ue043", str(soup))


def test_real_second_line_grid_shows_the_process_figures(built_site):
    soup = BeautifulSoup(built_site.page(page_url("treatment/second-line.md")), "html.parser")
    card = _cards(soup)["Spinal cord stimulation"]
    assert "48 in 100 people with stimulation" in card["How many were helped"]
    assert "9 in 100 people with usual medical care" in card["How many were helped"]
    assert "32 in 100 people with stimulation" in card["How many had problems"]
