"""Nothing of ours is left half-done in a page (hooks/pls/output_checks.py): each case fails the strict
build with `docs/<page>.md:<line>: what — fix`, asserted word for word, from one shared fixture build."""

from __future__ import annotations

import random

import pytest

from pls import markers, output_checks
from sitebuilder import build_fixture_site, front_matter, log_lines_about

EDITOR_MARKERS = (
    "<!-- pls:references -->, <!-- pls:claims-register -->, <!-- pls:evidence-map -->, <!-- pls:recent-changes -->"
)


def _page(title: str, body: str) -> str:
    return (
        front_matter(title, description=f'"Fixture page about {title.lower()}."')
        + f"# {title}\n\nSome prose.\n\n{body}\n\nMore prose.\n"
    )


def _line(page: str, fragment: str) -> int:
    return next(number for number, line in enumerate(page.split("\n"), start=1) if fragment in line)


PAGES = {
    "unknown-marker.md": _page("Unknown marker", "<!-- pls:refrences -->"),
    "unfilled-marker.md": _page("Unfilled marker", "<!-- pls:references -->"),
    "internal-marker.md": _page("Internal marker", "<!-- pls:unindexed elsewhere.md 0 -->"),
    "text-marker.md": _page("Text marker", "Pasted from a build: \ue040claim 0\ue040."),
    "citation-in-html.md": _page("Citation in HTML", '<div class="note">\n<p>See [@kumar2007process].</p>\n</div>'),
    "unclosed-comment.md": _page("Unclosed comment", "<!-- a note to editors, never closed\n\nA paragraph it hides."),
    "claim-in-snippet.md": _page("Claim in snippet", '--8<-- "docs/parts/claim.txt"'),
    "parts/claim.txt": "/// claim | from-a-snippet\ntopic: Spinal cord stimulation\ncertainty: low\n\nA claim.\n",
}


def _expected(name: str) -> list[str]:
    page = PAGES[name]
    path = f"docs/{name}"
    cases = {
        "unknown-marker.md": lambda: [
            f"pls: {path}:{_line(page, 'pls:refrences')}: unknown marker '<!-- pls:refrences -->' — write one of "
            f"{EDITOR_MARKERS} (closest: '<!-- pls:references -->')"
        ],
        "unfilled-marker.md": lambda: [
            f"pls: {path}:{_line(page, 'pls:references')}: marker '<!-- pls:references -->' is left in the finished "
            "page: the list of every reference was not put there — it is filled only on docs/references.md: "
            "remove it from this page"
        ],
        "internal-marker.md": lambda: [
            f"pls: {path}:{_line(page, 'pls:unindexed')}: marker '<!-- pls:unindexed elsewhere.md 0 -->' is one the "
            f"build writes for itself — remove it; a page may hold {EDITOR_MARKERS}"
        ],
        "text-marker.md": lambda: [
            f"pls: {path}:{_line(page, 'Pasted')}: marker '\\ue040claim 0\\ue040' of the build is left in the "
            "finished page — remove it from the page: the build writes these for itself"
        ],
        "citation-in-html.md": lambda: [
            # One message, from citations_visible.py (the check of every citation left in the HTML).
            f"pls: {path}:{_line(page, '[@kumar2007process]')}: citation '[@kumar2007process]' is published as the "
            "text '[^kumar2007process]': it is inside raw HTML — move the citation out of the HTML element, or write "
            "the element with the `markdown` attribute",
        ],
        "unclosed-comment.md": lambda: [
            f"pls: {path}:{_line(page, '<!--')}: HTML comment '<!-- a note to editors, never closed' is not closed, so it hides everything after it from readers — end the comment "
            "with '-->'"
        ],
        "claim-in-snippet.md": lambda: [
            "pls: docs/parts/claim.txt:1: claim block '/// claim | from-a-snippet' is left as text in "
            "docs/claim-in-snippet.md: claims in included snippets are not read — write the claim in the page itself"
        ],
    }
    return cases[name]()


@pytest.fixture(scope="module")
def unfinished_site(tmp_path_factory):
    """Every case as one strict build of the claims-base fixture, a page each."""
    result = build_fixture_site(tmp_path_factory.mktemp("unfinished"), "claims-base", pages=PAGES)
    assert not result.ok, "the strict build should have failed"
    return result


@pytest.mark.parametrize("name", [name for name in PAGES if name.endswith(".md")])
def test_each_unfinished_page_fails_with_its_page_line_and_fix(unfinished_site, name):
    # The message names where the author wrote it: the page, or the snippet the page includes.
    lines = log_lines_about(unfinished_site.log, f"docs/{name}")
    if name == "claim-in-snippet.md":
        lines = log_lines_about(unfinished_site.log, "docs/parts/claim.txt")
    ours = [line for line in lines if line.startswith("pls: ")]
    assert ours == _expected(name), unfinished_site.log


def test_the_citation_in_html_warns_once_and_mkdocs_once(unfinished_site):
    # One of ours for each of the seven pages (the citation in HTML once, from citations_visible.py),
    # and MkDocs' own warning for that page's footnote back-link, which has no reference in the page.
    assert "Aborted with 8 warnings in strict mode!" in unfinished_site.log, unfinished_site.log


# --- The pure checks, called directly ----------------------------------------------------------


def test_markers_in_code_are_examples_not_markers():
    markdown = '`<!-- pls:refrences -->`\n\n```html\n<!-- pls:unindexed x 0 -->\n```\n\n=== "Tab"\n\n    ~~~\n    <!-- pls:nope -->\n    ~~~\n'
    assert output_checks.marker_problems(markdown) == []


def test_a_marker_in_a_multi_line_comment_has_its_own_line():
    (problem,) = output_checks.marker_problems("Text.\n\n<!-- editors:\n  <!-- pls:evidence-mapp -->\n")
    assert (problem.line, problem.what) == (4, "unknown marker '<!-- pls:evidence-mapp -->'")


def test_a_marker_inside_a_raw_html_block_is_checked_too():
    (problem,) = output_checks.marker_problems('<div class="x">\n<!-- pls:claims-registr -->\n</div>\n')
    assert (problem.line, problem.fix) == (
        2,
        f"write one of {EDITOR_MARKERS} (closest: '<!-- pls:claims-register -->')",
    )


def test_every_marker_kind_round_trips_through_make_and_fill():
    for name, kind in markers.KINDS.items():
        made = markers.make(name, "some-argument 3")
        assert [found.kind for found in markers.find(f"a {made} b")] == [name]
        assert markers.fill(f"a {made} b", name, lambda argument: f"<{argument}>") == "a <some-argument 3> b"
        assert made.startswith(markers.TEXT_MARK if kind.in_text else "<!-- pls:")


def test_fill_leaves_a_marker_it_has_nothing_for_and_takes_the_paragraph_when_asked():
    text = f"<p>{markers.make('claim', '0')}</p><p>{markers.make('claim', '1')}</p>"
    filled = markers.fill(text, "claim", {"0": "<div>zero</div>"}.get, whole_paragraph=True)
    assert filled == f"<div>zero</div><p>{markers.make('claim', '1')}</p>"


def test_a_marker_argument_that_cannot_be_written_is_refused():
    with pytest.raises(ValueError):
        markers.make("unindexed", "a --> b")


@pytest.mark.parametrize(
    "text",
    [
        "",
        "no markers",
        "<!-- a comment --> <!-- pls:references --> <!--pls:x y-->",
        "<!-- <!-- pls:claims-register --> -->",
        "\ue040claim 0\ue040\ue040\ue040at\ue040 \ue040",
        "<!-- pls:unindexed a 0 <!-- pls:unindexed a 1 -->",
        "<!--\ue040claim 1\ue040-->",
        "\ue040claim <!-- pls:references -->\ue040",
        "<!--<!--<!-- pls:at -->",
    ],
)
def test_markers_are_found_as_the_marker_pattern_finds_them(text):
    expected = [(match.start(), match.end()) for match in markers.ANY_MARKER.finditer(text)]
    assert [(marker.start, marker.end) for marker in markers.find(text)] == expected


def test_markers_in_random_text_are_found_as_the_marker_pattern_finds_them():
    fragments = [
        "<!--",
        "-->",
        "<!-- pls:",
        "pls:",
        "references",
        "unindexed a 0",
        " ",
        "\ue040",
        "claim",
        "x",
        "<",
        "-",
        "\n",
    ]
    rng = random.Random(20261202)
    for _ in range(3000):
        text = "".join(rng.choice(fragments) for _ in range(rng.randint(1, 14)))
        expected = [(match.start(), match.end()) for match in markers.ANY_MARKER.finditer(text)]
        assert [(marker.start, marker.end) for marker in markers.find(text)] == expected, repr(text)
