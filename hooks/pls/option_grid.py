"""The option grid of a treatment tier page: each option side by side, built from graded claims.

Why this exists: a patient choosing between treatments should not have to collect the numbers from
claims scattered through the page. An editor places the grid with a block right after the Key points
box (the urgent-help block, when the page has one, goes between them), one option per line with the
ids of the claims that give its figures:

    /// option-grid
    - Spinal cord stimulation: scs-radicular-leg-pain
    - Prolotherapy: prolo-dextrose-vs-saline, prolo-serious-adverse-events-survey
    - TENS
    ///

Each claim's `benefit:`, `harm:` and `involves:` options (claims_outcomes.py reads and checks them)
fill the option's card; an option with no claim, or a claim without figures, says "not known". A
card shows what the option involves, how many people were helped and how many had problems, as
natural frequencies with an icon array of 100 squares (filled against outlined, so not colour alone;
`role="img"` with the frequency in words), and each figure's GRADE certainty in words.

Where its steps run is in hooks/pipeline.py: figures and grids are read on the author's Markdown
before the claims are rendered (so every line is the author's); the grid stands in the page as a text
slot; once every page is read (on_env), each grid is checked against the claims it names, which may
be on other pages, and its HTML goes in, set aside from the search index (the figures are indexed on
their claims).
"""

from __future__ import annotations

import difflib
import html
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import yaml
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from . import markers, regions
from .claims_form import (
    BLOCK_CLOSING,
    CLAIM_ID,
    block_openings,
    body_first_line,
    certainty_badge,
    find_claim_blocks,
)
from .claims_model import Claim, Vocabulary
from .claims_outcomes import NOT_KNOWN, Frequency, GridFigures, Outcome, read_grid_figures
from .problems import Problem

if TYPE_CHECKING:
    from .state import Build

BLOCK_NAME = "option-grid"
WORDS_FILE = Path(__file__).resolve().parent / "option_grid.yml"
ROOT_CLASS = "pls-option-grid"
_LIST_ITEM = re.compile(r"^[-*+][ \t]+")


@dataclass
class GridOption:
    """One line of a grid: the option's name, the claims it names, and where it is written."""

    name: str
    claim_ids: tuple[str, ...]
    line: int


@dataclass
class GridBlock:
    """A `/// option-grid` block as written."""

    first: int
    last: int
    line: int
    options: list[GridOption] = field(default_factory=list)


@dataclass
class GridPage:
    """A page's grid, kept until every claim is known."""

    page: Page
    grid: GridBlock


@dataclass
class OptionGridState:
    """One build's grids and claim figures (the build's `build.option_grids`)."""

    figures: dict[str, GridFigures] = field(default_factory=dict)  # claim id -> its figures
    written_ids: set[str] = field(default_factory=set)  # every claim id written, valid or not
    pages: list[GridPage] = field(default_factory=list)
    words: dict = field(default_factory=lambda: load_words())


@dataclass(frozen=True)
class Evidence:
    """A figure's claim, as the card links to it: its certainty and its address from the grid's page."""

    claim_id: str
    certainty: str | None
    direction: str | None
    href: str


@dataclass(frozen=True)
class GridEntry:
    """One card: an option and what its claims give it (each part with the claim it came from)."""

    option: str
    benefit: tuple[Outcome, Evidence] | None = None
    harm: tuple[Outcome, Evidence] | None = None
    involves: tuple[str, Evidence] | None = None
    evidence: tuple[Evidence, ...] = ()


def load_words(path: Path = WORDS_FILE) -> dict:
    """The grid's fixed words (option_grid.yml), read once per build."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))


# --- Hooks -------------------------------------------------------------------------------------


def read_option_grid(build: Build, markdown: str, page: Page) -> str:
    """Read the page's claim figures and its grid; the grid becomes a slot filled once every claim is known."""
    if "///" not in markdown:
        return markdown
    source = page.file.src_uri
    first_line = body_first_line(page.file.content_string, markdown)
    grids, problems = find_grid_blocks(markdown, first_line=first_line)
    claim_blocks, _ = find_claim_blocks(markdown, first_line=first_line)  # the claims step reports these
    for block in claim_blocks:
        if block.id:
            build.option_grids.written_ids.add(block.id)
        figures, claim_problems = read_grid_figures(block, source=source)
        problems += claim_problems
        if figures is not None and block.id and block.id not in build.option_grids.figures:
            build.option_grids.figures[block.id] = figures
    _warn(build, source, problems)
    if not grids:
        return markdown
    build.option_grids.pages.append(GridPage(page=page, grid=grids[0]))
    lines = markdown.split("\n")
    for grid in reversed(grids):
        # As many lines as the block had, so every later line keeps the author's number.
        # Stands in for the grid until its HTML is made (on_env): a text marker, not raw HTML.
        mark = markers.make("option-grid") if grid is grids[0] else ""
        lines[grid.first : grid.last + 1] = [mark] + [""] * (grid.last - grid.first)
    return "\n".join(lines)


def write_option_grids(build: Build) -> None:
    """Every claim is known: check each grid's claims and put its HTML in its page, out of the search index."""
    claims = {claim.id: claim for claim in build.claims.claims}
    for grid_page in build.option_grids.pages:
        page = grid_page.page
        entries, problems = grid_entries(
            grid_page.grid,
            claims,
            build.option_grids.figures,
            page_url=page.url,
            written_ids=build.option_grids.written_ids,
        )
        _warn(build, page.file.src_uri, problems)
        grid_html = render_grid(entries, build.claims.vocabulary, build.option_grids.words)
        marker = build.unindexed.set_aside(page, grid_html)
        page.content = markers.fill(
            page.content or "", "option-grid", lambda argument, marker=marker: marker, count=1, whole_paragraph=True
        )


def _warn(build: Build, source: str, problems: list[Problem]) -> None:
    for problem in sorted(problems, key=lambda problem: (problem.line, problem.message)):
        build.claims.warn(source, problem.line, problem.message)


# --- Finding and checking the grid -------------------------------------------------------------


def find_grid_blocks(markdown: str, *, first_line: int = 1) -> tuple[list[GridBlock], list[Problem]]:
    """Every `/// option-grid` block outside code, with the problems of its form."""
    lines = markdown.split("\n")
    grids: list[GridBlock] = []
    problems: list[Problem] = []
    resume = 0  # the line after the last grid read
    for index, opening in block_openings(lines, regions.code_lines(markdown)):
        if index < resume or opening["name"] != BLOCK_NAME:
            continue
        number = first_line + index
        if opening["indent"] or opening["rest"]:
            problems.append(
                Problem.at_line(
                    number,
                    f"option grid opening {lines[index].strip()!r} is not valid"
                    " — write '/// option-grid' alone at the start of a line, outside tabs and admonitions",
                )
            )
        closing = next((i for i in range(index + 1, len(lines)) if BLOCK_CLOSING.match(lines[i])), None)
        if closing is None:
            problems.append(
                Problem.at_line(number, "option grid is not closed — add a line '///' after its last option")
            )
            break
        grid = GridBlock(first=index, last=closing, line=number)
        problems += _read_options(grid, lines[index + 1 : closing], number + 1)
        if grids:
            problems.append(
                Problem.at_line(
                    number, f"second option grid on this page (the first is on line {grids[0].line}) — keep one"
                )
            )
        grids.append(grid)
        resume = closing + 1
    return grids, problems


def _read_options(grid: GridBlock, body: list[str], body_line: int) -> list[Problem]:
    """Each line `- <option>` or `- <option>: <claim id>, <claim id>`."""
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for offset, line in enumerate(body):
        written = _LIST_ITEM.sub("", line.strip())
        if not written:
            continue
        number = body_line + offset
        name, _, ids_written = written.partition(":")
        name = " ".join(name.split())
        claim_ids = tuple(part.strip() for part in ids_written.split(",") if part.strip())
        bad = [claim_id for claim_id in claim_ids if not CLAIM_ID.match(claim_id)]
        if not name or bad or (_ and not claim_ids):
            problems.append(
                Problem.at_line(
                    number,
                    f"option grid line {written!r} is not valid — write '- <option>' or"
                    " '- <option>: <claim id>, <claim id>', e.g. '- Spinal cord stimulation: scs-radicular-leg-pain'",
                )
            )
            continue
        if name.casefold() in seen:
            problems.append(
                Problem.at_line(
                    number,
                    f"option '{name}' is listed twice in the option grid (first on line {seen[name.casefold()]}) — keep one",
                )
            )
            continue
        seen[name.casefold()] = number
        grid.options.append(GridOption(name=name, claim_ids=claim_ids, line=number))
    if not grid.options and not problems:
        problems.append(
            Problem.at_line(
                grid.line,
                "option grid lists no options — write one option per line,"
                " e.g. '- Spinal cord stimulation: scs-radicular-leg-pain'",
            )
        )
    return problems


def grid_entries(
    grid: GridBlock,
    claims: dict[str, Claim],
    figures: dict[str, GridFigures],
    *,
    page_url: str,
    written_ids: set[str] = frozenset(),
) -> tuple[list[GridEntry], list[Problem]]:
    """The grid's cards in its order, each filled from the claims it names; and every claim that does not fit.

    `claims` are the valid claims; a claim in `written_ids` that is not valid has its own message, so
    the grid leaves it out without another.
    """
    problems: list[Problem] = []
    entries = []
    for option in grid.options:
        parts: dict[str, tuple] = {}
        evidence: list[Evidence] = []
        for claim_id in option.claim_ids:
            claim = claims.get(claim_id)
            if claim is None and claim_id in written_ids:
                continue
            if claim is None:
                closest = difflib.get_close_matches(claim_id, list(claims), n=1, cutoff=0.6)
                hint = f" (closest: '{closest[0]}')" if closest else ""
                problems.append(
                    Problem.at_line(
                        option.line,
                        f"option '{option.name}' names claim '{claim_id}', which no page has{hint}"
                        " — write the id of a graded claim, as in its '/// claim | <id>' line",
                    )
                )
                continue
            href = f"{get_relative_url(claim.page_url, page_url)}#{claim.anchor}"
            if href.startswith("./#"):
                href = href[2:]
            item = Evidence(claim_id=claim_id, certainty=claim.certainty, direction=claim.direction, href=href)
            evidence.append(item)
            claim_figures = figures.get(claim_id)
            if claim_figures is None:
                continue
            for part in ("benefit", "harm", "involves"):
                value = getattr(claim_figures, part)
                if value is None:
                    continue
                if part in parts:
                    problems.append(
                        Problem.at_line(
                            option.line,
                            f"option '{option.name}' gets its {part} from two claims ('{parts[part][1].claim_id}'"
                            f" and '{claim_id}') — remove '{part}:' from one of them, or name only one here",
                        )
                    )
                    continue
                parts[part] = (value, item)
        entries.append(
            GridEntry(
                option=option.name,
                benefit=parts.get("benefit"),
                harm=parts.get("harm"),
                involves=parts.get("involves"),
                evidence=tuple(evidence),
            )
        )
    return entries, problems


# --- Rendering ---------------------------------------------------------------------------------


def render_grid(entries: list[GridEntry], vocabulary: Vocabulary, words: dict) -> str:
    """The grid as HTML: a heading, a short explanation and one card per option (`words`: option_grid.yml)."""
    cards = "\n".join(_card(number, entry, vocabulary, words) for number, entry in enumerate(entries, start=1))
    return (
        f'<div class="{ROOT_CLASS}">\n'
        f'<h2 id="option-grid">{_text(words["title"])}</h2>\n'
        f'<p class="{ROOT_CLASS}__intro">{_text(words["introduction"])}</p>\n'
        f'<div class="{ROOT_CLASS}__options">\n{cards}\n</div>\n</div>'
    )


def _card(number: int, entry: GridEntry, vocabulary: Vocabulary, words: dict) -> str:
    heading_id = f"option-grid-{number}"
    rows_words = words["rows"]
    involves = _text(_sentence(entry.involves[0])) if entry.involves else _text(words["not_known"])
    rows = [
        (rows_words["involves"], involves),
        (rows_words["benefit"], _outcome(entry.benefit, entry.option, vocabulary, words)),
        (rows_words["harm"], _outcome(entry.harm, entry.option, vocabulary, words)),
        (rows_words["certainty"], _certainty_row(entry, vocabulary, words)),
    ]
    body = "\n".join(f"<dt>{label}</dt>\n<dd>{value}</dd>" for label, value in rows)
    return (
        f'<section class="{ROOT_CLASS}__option" aria-labelledby="{heading_id}">\n'
        f'<h3 id="{heading_id}">{_text(entry.option)}</h3>\n<dl>\n{body}\n</dl>\n</section>'
    )


def _outcome(part: tuple[Outcome, Evidence] | None, option: str, vocabulary: Vocabulary, words: dict) -> str:
    """An outcome in words, with an icon array per known frequency; "Not known." without figures."""
    if part is None:
        return _text(words["not_known"])
    outcome, _ = part
    what = _sentence_start(outcome.what)
    when = "" if outcome.when.casefold() == NOT_KNOWN else f", {outcome.when}"
    if not (outcome.option.known or outcome.comparator_frequency.known):
        return f"<p>{_text(what + when)}.</p><p>{_text(words['how_many_not_known'])}</p>"
    groups = [
        _group(outcome.option, f"with {outcome.option_label or _lower_first(option)}"),
        _group(outcome.comparator_frequency, f"with {outcome.comparator}"),
    ]
    return f"<p>{_text(what + when)}:</p>\n" + f'<div class="{ROOT_CLASS}__pair">' + "".join(groups) + "</div>"


def _group(frequency: Frequency, arm: str) -> str:
    """One arm: its frequency in words and, when known, its icon array."""
    if not frequency.known:
        return f'<div class="{ROOT_CLASS}__group"><p>Not known {_text(arm)}.</p></div>'
    return (
        f'<div class="{ROOT_CLASS}__group">{icon_array(frequency.per_hundred)}'
        f"<p><strong>{_text(frequency.in_words())}</strong> people {_text(arm)}</p></div>"
    )


def icon_array(filled: int) -> str:
    """100 squares in a 10 by 10 grid, `filled` of them solid and the rest outlined, read out in words.

    One path per kind keeps the SVG small; currentColor follows the text colour, so it works in the
    dark palette, in forced colours and on paper.
    """
    filled = max(0, min(100, filled))
    solid, outline = [], []
    for index in range(100):
        x, y = (index % 10) * 8, (index // 10) * 8
        if index < filled:
            solid.append(f"M{x} {y}h6v6h-6z")
        else:
            outline.append(f"M{x}.5 {y}.5h5v5h-5z")
    label = f"{filled} in 100 people: {filled} of 100 squares filled, {100 - filled} empty"
    paths = ""
    if solid:
        paths += f'<path fill="currentColor" d="{"".join(solid)}"/>'
    if outline:
        paths += f'<path fill="none" stroke="currentColor" d="{"".join(outline)}"/>'
    return (
        f'<svg class="{ROOT_CLASS}__icons" role="img" aria-label="{label}" viewBox="0 0 78 78"'
        f' width="78" height="78" focusable="false"><title>{label}</title>{paths}</svg>'
    )


def _certainty_row(entry: GridEntry, vocabulary: Vocabulary, words: dict) -> str:
    """Each claim's certainty in words and symbols, with what it is the evidence for and a link to it."""
    if not entry.evidence:
        return _text(words["not_graded"])
    uses: dict[str, list[str]] = {}
    for part, label in (("benefit", "benefit"), ("harm", "problems"), ("involves", "what it involves")):
        value = getattr(entry, part)
        if value is not None:
            uses.setdefault(value[1].claim_id, []).append(label)
    items = []
    for item in entry.evidence:
        supports = f" (for {_listing(uses[item.claim_id])})" if item.claim_id in uses else ""
        link = f'<a href="{html.escape(item.href)}">{_text(words["evidence_link"])}{supports}</a>'
        found = ""
        if item.direction:
            label = vocabulary.term("direction", item.direction).label
            found = f" {_text(words['direction'])}: {_text(label.lower())}."
        if item.certainty is None:
            items.append(f"<li>Not graded.{found} {link}</li>")
            continue
        term = vocabulary.term("certainty", item.certainty)
        explanation = words["certainty"].get(term.value, "")
        items.append(f"<li>{certainty_badge(term, link=None)} certainty. {_text(explanation)}{found} {link}</li>")
    return f'<ul class="{ROOT_CLASS}__certainty">' + "".join(items) + "</ul>"


def _listing(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"


def _text(value: str) -> str:
    return html.escape(" ".join(str(value).split()), quote=False)


def _sentence(text: str) -> str:
    """Capital first, full stop last."""
    text = _sentence_start(text)
    return text if text.endswith((".", "!", "?")) else f"{text}."


def _sentence_start(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """'Spinal cord stimulation' -> 'spinal cord stimulation'; an abbreviation such as 'NSAIDs' or 'TENS' is kept."""
    first_word = text.split(" ", 1)[0]
    if len(first_word) > 1 and first_word[1:2].isupper():
        return text
    return text[:1].lower() + text[1:]
