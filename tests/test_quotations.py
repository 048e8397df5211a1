"""Quotations of the archived source documents are verbatim, or the strict build fails at their line.

The pure functions of hooks/pls/quotations.py are called directly; every message is asserted on one
shared strict build of the claims-base fixture (one page per case), which quotes the real archived
sources (fixture sites link the project's sources/ folder).
"""

from __future__ import annotations

import hashlib

import pytest
import yaml

from pls import quotations
from sitebuilder import FIXTURES, PROJECT_ROOT, build_fixture_site, front_matter, log_lines_about

SOURCES = PROJECT_ROOT / "sources"
CLINIC_FILE = "sources/000_3365bb1a509bbd23.txt"
CLINIC = quotations.SourceText(
    "000", "Clinic page promoting prolotherapy", CLINIC_FILE, (PROJECT_ROOT / CLINIC_FILE).read_text(encoding="utf-8")
)


# --- The archive -------------------------------------------------------------------------------


def test_the_archive_holds_the_two_source_documents_unchanged():
    manifest = yaml.safe_load((SOURCES / "sources.yml").read_text(encoding="utf-8"))
    assert [(entry["id"], entry["file"]) for entry in manifest] == [
        ("000", "000_3365bb1a509bbd23.txt"),
        ("003", "003_44c0cdf291b1709f.txt"),
    ]
    for entry in manifest:
        assert hashlib.sha256((SOURCES / entry["file"]).read_bytes()).hexdigest() == entry["sha256"], entry["file"]
    # The hashes recorded when the documents were archived (a changed manifest cannot hide a changed file).
    assert {entry["id"]: entry["sha256"] for entry in manifest} == {
        "000": "7a3e95f6cf4d33df7ce18c8339c93bb374d13666488401dd04a42023d552a41c",
        "003": "5ce4aef59de82bbb1dad989ee87507de886ea6695be1c170b3ea7ca02db2fde0",
    }


def test_the_archive_is_not_published():
    assert not list((PROJECT_ROOT / "docs").rglob("*.txt"))
    assert (PROJECT_ROOT / "sources").resolve() != (PROJECT_ROOT / "docs").resolve()


# --- Pure functions ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "quotation",
    [
        "Many people have successful laminectomy procedures.",
        "many people have successful laminectomy procedures",  # first letter's case
        'A laminectomy is a surgical procedure to relieve "pinched nerves."',  # straight for curly marks
        "I just can't see myself going through another surgery.",  # straight apostrophe for a curly one
        "Many people have\n   successful  laminectomy procedures",  # white space
        "Many people have successful … the people we see in our office",  # ellipsis
        "Many people have successful ... we see in our office",
        "Many people have successful […] we see in our office",
    ],
)
def test_a_verbatim_quotation_passes_after_folding(quotation):
    assert quotations.quotation_problem(quotation, CLINIC) is None


def test_dashes_fold_to_one():
    source = quotations.SourceText("x", "X", "x.txt", "rates of 3-40% depending on it")
    assert quotations.quotation_problem("rates of 3–40% depending", source) is None
    assert quotations.quotation_problem("rates of 3 — 40% depending", source) is None


@pytest.mark.parametrize(
    "quotation",
    [
        "Many People have successful laminectomy procedures.",  # case inside, not of the first letter
        "Many people have successful laminectomies.",
        "Many people have successful laminectomy procedures!",
    ],
)
def test_anything_else_is_not_verbatim(quotation):
    assert quotations.quotation_problem(quotation, CLINIC) is not None


def test_pieces_are_split_at_each_ellipsis():
    assert quotations.pieces("… one two … three [...] four ...") == ["one two", "three", "four"]
    assert quotations.pieces(" … ") == []


def test_closest_passage_is_the_source_as_written():
    assert quotations.closest_passage("Many people have unsuccessful laminectomy procedures.", CLINIC.text) == (
        "Many people have successful laminectomy procedures."
    )


def test_marked_quotations_and_their_lines():
    markdown = 'One "first"{quote 000} and\n“second\nline”{quote 003}; `"code"{quote 000}` and "not marked".\nA {quote 000} alone.'
    found, stray = quotations.marked_quotations(markdown, first_line=10)
    assert [(quotation.line, quotation.text, quotation.source_id) for quotation in found] == [
        (10, "first", "000"),
        (11, "second\nline", "003"),
    ]
    assert stray == [(13, "{quote 000}")]


def test_claim_quotations_leave_out_quotations_of_a_cited_reference():
    text = 'It says "one" and "two" [@fox1996laminectomy], and\n"three"{quote 003} and "four".'
    found = quotations.claim_quotations(text, "000", first_line=5)
    assert [(quotation.line, quotation.text) for quotation in found] == [(5, "one"), (6, "four")]


def test_html_attributes_and_link_titles_are_not_quotations():
    text = 'A <span class="x">b</span> and [link](page.md "Title") and "real".'
    assert [quotation.text for quotation in quotations.claim_quotations(text, "000", first_line=1)] == ["real"]


def test_named_source():
    assert quotations.named_source("Clinic page promoting prolotherapy (source 000), quoting its reference 8") == "000"
    assert quotations.named_source("AI-generated answer (source 003)") == "003"
    assert quotations.named_source("A clinic") is None


def test_markers_leave_the_text_but_not_code():
    markdown = 'Says "words"{quote 000}.\n\n```\n"shown"{quote 000}\n```\n'
    assert quotations.strip_markers(markdown) == 'Says "words".\n\n```\n"shown"{quote 000}\n```\n'


# --- Every failure fails the strict build at its line -----------------------------------------

PREFIX = "pls: "
CLOSEST_FIX = "quote the source verbatim (only quotation marks, dashes, white space and the case of the first letter may differ) or write it as a paraphrase without quotation marks"
UNKNOWN_FIX = (
    "which is not archived (archived in sources/sources.yml: 000, 003) — name an archived source, "
    "or archive the document in sources/ with its SHA-256 in sources/sources.yml"
)


def _claim(text: str, claimed_by: str = "Clinic page promoting prolotherapy (source 000)") -> str:
    return (
        "/// claim | quoting-claim\ntopic: Spinal cord stimulation\ncertainty: low\nevidence: RCT\npopulation: direct\n"
        "risk-of-bias: down 1 — not blinded\nimprecision: down 1 — n = 50\nverdict: overstated\n"
        f"claimed-by: {claimed_by}\nconflicted: true\n\n{text}\n///\n"
    )


CASES = {
    "marked quotation that is not in the source": (
        'The clinic says "Many people have unsuccessful laminectomy procedures."{quote 000}',
        "unsuccessful",
        'quotation "Many people have unsuccessful laminectomy procedures." is not in source 000 (Clinic page '
        f"promoting prolotherapy) — {CLOSEST_FIX} (closest passage in {CLINIC_FILE}: "
        '"Many people have successful laminectomy procedures.")',
    ),
    "claim quotation that is not in the source": (
        _claim(
            'The page says "these are never the people we see in our office", which [@kumar2007process] does not test.'
        ),
        "never the people",
        'quotation "these are never the people we see in our office" is not in source 000 (Clinic page promoting '
        f'prolotherapy) — {CLOSEST_FIX} (closest passage in {CLINIC_FILE}: "These are typically not the people we see in our office.")',
    ),
    "quotation marked with an unknown source": (
        'A leaflet says "Any words at all"{quote 999}.',
        "Any words",
        f"quotation \"Any words at all\" names source '999', {UNKNOWN_FIX}",
    ),
    "claim naming an unknown source": (
        _claim('The leaflet says "anything" [@kumar2007process].', claimed_by="A leaflet (source 999)"),
        "claimed-by:",
        f"'claimed-by' in claim 'quoting-claim' names source '999', {UNKNOWN_FIX}",
    ),
    "ellipsis piece that is not in the source": (
        'It says "Many people have successful laminectomy procedures … and they all feel wonderful"{quote 000}.',
        "feel wonderful",
        'in quotation "Many people have successful laminectomy procedures … and they all feel wonderful", the piece '
        '"and they all feel wonderful" is not in source 000 (Clinic page promoting prolotherapy) — quote each piece '
        "between ellipses verbatim, or write it as a paraphrase without quotation marks (closest passage in "
        f'{CLINIC_FILE}: "and health care providers")',
    ),
    "ellipsis pieces out of order": (
        'It says "These are typically not the people we see in our office … Many people have successful laminectomy'
        ' procedures"{quote 000}.',
        "These are typically",
        'in quotation "These are typically not the people we see in our office … Many people have successful '
        'laminectomy procedures", the piece "Many people have successful laminectomy procedures" comes before "These '
        'are typically not the people we see in our office" in source 000 (Clinic page promoting prolotherapy) — put '
        "the pieces in the source's order, or quote them separately",
    ),
    "empty quotation": (
        'It says "…"{quote 000}.',
        "It says",
        'quotation "…" attributed to source 000 (Clinic page promoting prolotherapy) is empty — put the quoted words '
        "between the quotation marks, or remove the quotation",
    ),
    "marker that follows no quotation": (
        "It says words {quote 000} without quotation marks.",
        "It says",
        "quotation marker '{quote 000}' does not follow a quotation — write it right after the closing quotation "
        'mark, e.g. "quoted words"{quote 000}',
    ),
}


def _case_page(case: str) -> tuple[str, str, str]:
    number = list(CASES).index(case) + 1
    body, fragment, message = CASES[case]
    page = front_matter("Quoting", description='"A page that quotes a source."') + f"# Quoting\n\nProse.\n\n{body}\n"
    page = page.replace("quoting-claim", f"quoting-claim-{number}")
    message = message.replace("'quoting-claim'", f"'quoting-claim-{number}'")
    line = next(number for number, text in enumerate(page.split("\n"), start=1) if fragment in text)
    path = f"docs/quoting/case-{number}.md"
    return path, page, f"{PREFIX}{path}:{line}: {message}"


@pytest.fixture(scope="module")
def bad_quotations_site(tmp_path_factory):
    pages = {}
    for case in CASES:
        path, page, _ = _case_page(case)
        pages[path.removeprefix("docs/")] = page
    result = build_fixture_site(tmp_path_factory.mktemp("bad-quotations"), "claims-base", pages=pages)
    assert not result.ok, "the strict build should have failed"
    return result


@pytest.mark.parametrize("case", list(CASES))
def test_bad_quotation_fails_the_strict_build_with_page_line_and_fix(bad_quotations_site, case):
    path, _, expected = _case_page(case)
    assert log_lines_about(bad_quotations_site.log, path + ":") == [expected], bad_quotations_site.log


def test_every_bad_quotation_is_counted_by_strict(bad_quotations_site):
    assert f"Aborted with {len(CASES)} warnings in strict mode!" in bad_quotations_site.log, bad_quotations_site.log


def test_verbatim_quotations_build_and_readers_see_no_marker(tmp_path):
    page = front_matter("Quoting", description='"A page that quotes a source."') + (
        "# Quoting\n\n"
        "The page says “many people have successful\nlaminectomy procedures”{quote 000} and that "
        '"These are typically not … we see in our office"{quote 000}.\n\n'
        + _claim(
            'The page says "I traded one pain for another" and calls "Decompression Surgery" by name; a study says '
            '"correlates poorly with clinical outcome" [@kumar2007process].'
        )
        + '\nIn code: `"not checked"{quote 000}`.\n'
    )
    result = build_fixture_site(tmp_path, "claims-base", pages={"quoting.md": page})
    assert result.ok, result.log
    assert "WARNING" not in result.log, result.log
    html = result.page("quoting/")
    assert "laminectomy procedures” and that" in html
    assert "{quote 000}" not in html.replace('<code>"not checked"{quote 000}</code>', "")
    assert '<code>"not checked"{quote 000}</code>' in html


def test_a_changed_archived_source_fails_the_build(tmp_path):
    fixture = FIXTURES / "quotations-tampered"
    result = build_fixture_site(tmp_path, "quotations-tampered")
    assert not result.ok
    assert log_lines_about(result.log, "sources/001_changed.txt:") == [
        f"{PREFIX}sources/001_changed.txt: its SHA-256 is "
        f"{hashlib.sha256((fixture / 'sources' / '001_changed.txt').read_bytes()).hexdigest()}, not the "
        "0000000000000000000000000000000000000000000000000000000000000000 recorded in sources/sources.yml — the "
        "archived source must not change: restore it with git, or, for a new version of the document, archive it "
        "under a new id"
    ], result.log
